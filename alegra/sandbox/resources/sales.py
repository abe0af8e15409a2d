"""Sales documents besides invoices: credit and debit notes, quotes,
remissions, transport receipts, global and recurring invoices."""

import decimal

from alegra.sandbox import errors, ledger, listing, stamping, totals, values
from alegra.sandbox.resources import attachments
from alegra.sandbox.resources.base import Resource
from alegra.sandbox.resources.documents import (
    DocumentResource, Emailable, Voidable, placeholder_url)

ZERO = decimal.Decimal(0)


class CreditNotes(Emailable, DocumentResource):
    """Credit notes lower the balance of the invoices they name
    (``invoices[{id, amount}]``, or ``invoiceCreditAllocations`` as some
    integrations send) and may refund money from an account
    (``refunds[{amount, account}]``)."""

    name = "credit-notes"
    label = "la nota crédito"
    template_type = "creditNote"
    numbered = True
    statuses = ("open", "closed")
    item_actions = ("email",)
    read_only = (*DocumentResource.read_only, "totalApplied", "status")

    def build(self, ctx, doc, current):
        allocations = doc.pop("invoiceCreditAllocations", None)
        if allocations is not None and not doc.get("invoices"):
            doc["invoices"] = allocations
        kind = doc.get("type") or doc.get("creditNoteType")
        if kind is not None and ctx.country.credit_note_types:
            values.one_of(kind, ctx.country.credit_note_types, "type")
        doc, _ = super().build(ctx, doc, current)
        applied = self.build_allocations(ctx, doc)
        refunded = self.build_refunds(ctx, doc)
        balance = decimal.Decimal(doc["total"]) - applied - refunded
        if balance < 0:
            raise errors.invalid(
                errors.ALLOCATION_EXCEEDS_BALANCE,
                "Lo aplicado a facturas y devuelto supera el total de la "
                "nota crédito")
        doc["totalApplied"] = totals.quantize(applied, ctx.precision)
        doc["balance"] = totals.quantize(balance, ctx.precision)
        doc["status"] = "open" if balance > 0 else "closed"
        return doc, None

    def build_allocations(self, ctx, doc):
        applied = ZERO
        allocations = []
        for position, entry in enumerate(
                values.as_list(doc.get("invoices"), "invoices")):
            field = f"invoices.{position}"
            key = values.to_id(entry, f"{field}.id")
            if not isinstance(entry, dict) or entry.get("amount") is None:
                raise errors.required(f"{field}.amount")
            amount = values.to_decimal(entry["amount"], f"{field}.amount",
                                       minimum=0)
            invoice = ctx.session.get("invoices", key)
            if invoice is None:
                raise errors.unknown_reference("la factura", key)
            if invoice["client"]["id"] != doc["client"]["id"]:
                raise errors.invalid(
                    errors.INVALID_VALUE,
                    f"La factura {key} es de otro cliente")
            allocations.append({
                "id": key, "amount": amount,
                "number": (invoice.get("numberTemplate") or {}).get(
                    "fullNumber"),
                "date": invoice["date"], "total": invoice["total"]})
            applied += amount
        if allocations:
            doc["invoices"] = allocations
        return applied

    def build_refunds(self, ctx, doc):
        refunded = ZERO
        for position, refund in enumerate(
                values.as_list(doc.get("refunds"), "refunds")):
            field = f"refunds.{position}"
            if not isinstance(refund, dict):
                raise errors.invalid(errors.INVALID_VALUE,
                                     f"'{field}' debe ser un objeto")
            refund["amount"] = values.to_decimal(
                refund.get("amount"), f"{field}.amount", minimum=0)
            account = values.to_id(refund.get("account"), f"{field}.account")
            if ctx.lookup("bank-accounts", account) is None:
                raise errors.unknown_reference("la cuenta de banco", account)
            refund["account"] = {"id": account}
            refunded += refund["amount"]
        return refunded

    def create(self, ctx, body, key=None):
        stamp = stamping.wants_stamp(body)
        doc = super().create(ctx, body, key)
        if stamp:
            template = stamping.check(ctx, doc, label=self.label)
            stamping.issue(ctx, self.name, doc, template)
            ctx.session.save(self.name, doc)
        return doc

    def created(self, ctx, doc, body):
        self.apply(ctx, doc)
        return ctx.session.get(self.name, doc["id"])

    def updated(self, ctx, doc, current):
        self.apply(ctx, doc)
        return ctx.session.get(self.name, doc["id"])

    def apply(self, ctx, doc):
        ledger.move(ctx, self.name, doc["id"], [])
        entries = []
        for allocation in doc.get("invoices") or []:
            entries.append(ledger.allocation(
                ctx, "invoices", allocation,
                f"aplicar la nota crédito a la factura {allocation['id']}"))
        for refund in doc.get("refunds") or []:
            entries.append(("bank-accounts", refund["account"]["id"],
                            -decimal.Decimal(refund["amount"])))
        ledger.move(ctx, self.name, doc["id"], entries)

    def check_editable(self, ctx, current, body):
        if current.get("stamp"):
            raise errors.invalid(
                errors.STAMPED_IS_IMMUTABLE,
                "La nota crédito ya fue emitida y no se puede editar")

    def check_deletable(self, ctx, doc):
        if doc.get("stamp"):
            raise errors.invalid(
                errors.NOT_DELETABLE,
                "La nota crédito ya fue emitida y no se puede eliminar")

    def deleted(self, ctx, doc):
        ledger.move(ctx, self.name, doc["id"], [])


class IncomeDebitNotes(DocumentResource):
    name = "income-debit-notes"
    label = "la nota débito"
    template_type = "incomeDebitNote"
    numbered = True


class Estimates(Emailable, DocumentResource):
    name = "estimates"
    label = "la cotización"
    template_type = "estimate"
    numbered = True
    statuses = ("draft", "open", "closed", "void")
    item_actions = ("email",)


class Remissions(attachments.Attachable, Voidable, DocumentResource):
    name = "remissions"
    label = "la remisión"
    numbered = True
    item_actions = ("void", "open", "attachment")


class TransportationReceipts(attachments.Attachable, Voidable, Emailable,
                             DocumentResource):
    name = "transportation-receipts"
    label = "la carta de porte"
    numbered = True
    lines_required = False
    item_actions = ("void", "open", "email", "attachment")
    collection_actions = ("preview",)

    def collection_preview(self, ctx):
        return 200, {"url": placeholder_url("transportation-receipt", ctx)
                     + ".pdf"}


class GlobalInvoices(DocumentResource):
    """Mexico's factura global: period sales with no individual RFC."""

    name = "global-invoices"
    label = "la factura global"
    template_type = "invoice"
    numbered = True
    party_required = False
    lines_required = False
    periodicities = ("01", "02", "03", "04", "05")

    def build(self, ctx, doc, current):
        periodicity = doc.get("periodicity")
        if periodicity is not None:
            values.one_of(str(periodicity), self.periodicities,
                          "periodicity")
        return super().build(ctx, doc, current)

    def create(self, ctx, body, key=None):
        doc = super().create(ctx, body, key)
        if stamping.wants_stamp(body):
            template = stamping.electronic_template(ctx, doc)
            # Público en general: there is no receptor to check.
            receipt = {**doc, "client": doc.get("client") or {}}
            stamping.issue(ctx, self.name, receipt, template)
            doc["stamp"] = receipt["stamp"]
            ctx.session.save(self.name, doc)
        return doc


class RecurringInvoices(DocumentResource):
    name = "recurring-invoices"
    label = "la factura recurrente"
    defaults = {"status": "active"}
    statuses = ("active", "inactive")
    read_only = ("id",)
    extra_filters = {"status": listing.any_of("status")}

    def build_totals(self, ctx, doc):
        result = super().build_totals(ctx, doc)
        result.pop("balance")
        return result


class RecurringPayments(Resource):
    """Read-only in the API."""

    name = "recurring-payments"
    label = "el pago recurrente"
    verbs = ("list", "show")
