"""Payments in and out, and what they move.

An income payment (``type: in``) allocates amounts to invoices, an
expense (``type: out``) to bills; either may also carry lines against
ledger accounts (``categories``). The allocations and the bank movement
are ledger rows, so voiding the payment (or deleting it) gives the
invoices back their balance and status, and reopening applies it again.
"""

import decimal

from alegra.sandbox import errors, ledger, listing, stamping, totals, values
from alegra.sandbox.resources import attachments
from alegra.sandbox.resources.base import Resource
from alegra.sandbox.resources.documents import (
    build_lines, default_template, set_number, take_number, template_ref)

ZERO = decimal.Decimal(0)
TARGETS = {"in": ("invoices", "la factura"), "out": ("bills", "la factura "
                                                              "de proveedor")}


class Payments(Resource):
    name = "payments"
    label = "el pago"
    defaults = {}
    read_only = ("id", "amount", "number", "numberTemplate", "stamp",
                 "status")
    item_actions = ("void", "open", "stamp", "attachment")
    extra_filters = {
        "type": listing.equals("kind"),
        "client_id": listing.ids_in("party_id"),
        "conciliation_id": listing.equals(
            listing.json_path("conciliation.id")),
        **listing.date_filters("date", "date"),
    }
    order_fields = {"id": "id", "date": "date", "number": "number"}

    def index(self, doc):
        columns = super().index(doc)
        columns["number"] = doc.get("number")
        return columns

    def build(self, ctx, doc, current):
        kind = values.one_of(doc.get("type") or "in", ("in", "out"), "type")
        doc["type"] = kind
        if not doc.get("date"):
            raise errors.required("date")
        doc["date"] = values.to_date(doc["date"], "date")
        account_key = values.optional_id(doc, "bankAccount")
        if account_key is None:
            raise errors.required("bankAccount")
        account = ctx.lookup("bank-accounts", account_key)
        if account is None:
            raise errors.unknown_reference("la cuenta de banco", account_key)
        doc["bankAccount"] = {"id": account["id"], "name": account["name"]}
        if not doc.get("paymentMethod"):
            raise errors.required("paymentMethod")
        party = values.optional_id(doc, "client")
        if party is not None:
            contact = ctx.lookup("contacts", party)
            if contact is None:
                raise errors.unknown_reference("el contacto", party)
            doc["client"] = {"id": contact["id"], "name": contact["name"]}
        allocated = self.build_allocations(ctx, doc, kind)
        categories, amounts = build_lines(ctx, doc.get("categories"),
                                          "categories", "categories")
        if categories:
            doc["categories"] = categories
        outside = totals.document_totals(amounts, ctx.precision)["total"]
        if not allocated and not categories:
            raise errors.invalid(
                errors.PAYMENT_WITHOUT_ALLOCATION,
                "El pago debe asociarse al menos a una factura"
                + (" de proveedor" if kind == "out" else "")
                + " o a una categoría (categories)")
        doc["amount"] = totals.quantize(allocated + outside, ctx.precision)
        return doc, None

    def build_allocations(self, ctx, doc, kind):
        target, label = TARGETS[kind]
        other = TARGETS["out" if kind == "in" else "in"][0]
        if doc.get(other):
            raise errors.invalid(
                errors.INVALID_VALUE,
                f"Un pago de tipo '{kind}' no puede llevar '{other}'")
        total = ZERO
        allocations = []
        for position, entry in enumerate(
                values.as_list(doc.get(target), target)):
            field = f"{target}.{position}"
            key = values.to_id(entry, f"{field}.id")
            if isinstance(entry, dict) and entry.get("amount") is not None:
                amount = values.to_decimal(entry["amount"], f"{field}.amount",
                                           minimum=0)
            else:
                raise errors.required(f"{field}.amount")
            if ctx.session.get(target, key) is None:
                raise errors.unknown_reference(label, key)
            allocations.append({**(entry if isinstance(entry, dict) else {}),
                                "id": key, "amount": amount})
            total += amount
        if allocations:
            doc[target] = allocations
        return total

    # -- lifecycle ----------------------------------------------------------

    def create(self, ctx, body, key=None):
        doc = {**self.writable(ctx, body), "status": "open"}
        doc, _ = self.build(ctx, doc, None)
        template = default_template(
            ctx, "transactionIn" if doc["type"] == "in" else "transactionOut")
        if template is not None:
            set_number(doc, template_ref(ctx, template,
                                         take_number(ctx, template)))
        else:
            doc["number"] = str(ctx.session.next_value(
                f"number:payments:{doc['type']}"))
        doc = ctx.session.insert(self.name, doc, key=key)
        self.apply(ctx, doc)
        return doc

    def update(self, ctx, key, body):
        current = self.fetch(ctx, key)
        doc = super().update(ctx, key, body)
        if current["status"] == "open":
            self.apply(ctx, doc)
        return doc

    def apply(self, ctx, doc):
        """Write the payment's ledger rows, checking every allocation
        against the balance it would have without this payment."""
        sign = 1 if doc["type"] == "in" else -1
        target, label = TARGETS[doc["type"]]
        ledger.move(ctx, self.name, doc["id"], [])
        entries = []
        for allocation in doc.get(target) or []:
            entries.append(ledger.allocation(
                ctx, target, allocation, f"pagar {label} {allocation['id']}"))
        entries.append(("bank-accounts", doc["bankAccount"]["id"],
                        sign * decimal.Decimal(doc["amount"])))
        ledger.move(ctx, self.name, doc["id"], entries)

    def action_void(self, ctx, key):
        doc = self.fetch(ctx, key)
        if doc["status"] == "void":
            raise errors.invalid(errors.PAYMENT_STATUS,
                                 f"El pago {key} ya está anulado")
        doc["status"] = "void"
        ctx.session.save(self.name, doc)
        ledger.move(ctx, self.name, key, [])
        return 200, doc

    def action_open(self, ctx, key):
        doc = self.fetch(ctx, key)
        if doc["status"] != "void":
            raise errors.invalid(errors.PAYMENT_STATUS,
                                 f"El pago {key} no está anulado")
        doc["status"] = "open"
        ctx.session.save(self.name, doc)
        self.apply(ctx, doc)
        return 200, doc

    def deleted(self, ctx, doc):
        ledger.move(ctx, self.name, doc["id"], [])

    def action_stamp(self, ctx, key):
        """The payment receipt (REP, complemento de pago) where it
        exists: it must pay at least one stamped invoice."""
        doc = self.fetch(ctx, key)
        template = ctx.session.get(
            "number-templates", (doc.get("numberTemplate") or {}).get("id"))
        if not (template and template.get("isElectronic")):
            raise errors.invalid(
                errors.STAMP_NOT_AVAILABLE,
                f"En {ctx.country.name} los pagos no se emiten ante "
                f"{ctx.country.authority}: el pago necesita una numeración "
                "electrónica de recibos de pago")
        if doc["status"] == "void":
            raise errors.invalid(errors.PAYMENT_STATUS,
                                 f"El pago {key} está anulado")
        stamped = [allocation for allocation in doc.get("invoices") or []
                   if (ctx.session.get("invoices", allocation["id"]) or {})
                   .get("stamp")]
        if not stamped:
            raise errors.invalid(
                errors.STAMP_NOT_AVAILABLE,
                "El recibo electrónico de pago debe referenciar al menos "
                "una factura electrónica emitida")
        # The receipt is stamped on what it pays: its amount, no lines.
        receipt = {**doc, "client": doc.get("client") or {}, "items": [],
                   "subtotal": doc["amount"], "tax": 0,
                   "total": doc["amount"]}
        stamping.issue(ctx, self.name, receipt, template)
        doc["stamp"] = receipt["stamp"]
        ctx.session.save(self.name, doc)
        return 200, doc

    def action_attachment(self, ctx, key):
        return attachments.attach(ctx, self, key)
