"""Purchases: supplier bills, purchase orders and supplier debit notes.

A bill's lines are ``purchases.items`` (products) and
``purchases.categories`` (expenses against ledger accounts); a body with
top-level ``items`` is taken too. Expense payments lower a bill's balance;
``close`` writes off what is left.
"""

import re

from alegra.sandbox import errors, ledger, listing, totals, values
from alegra.sandbox.resources import attachments
from alegra.sandbox.resources.documents import (
    Commentable, DocumentResource, Emailable, Voidable, build_lines)

CUFE = re.compile(r"^[0-9a-fA-F]{96}$")
# Alegra's code for closing a bill without its date.
CLOSING_DATE_REQUIRED = 11201


class PurchaseDocument(DocumentResource):
    party_field = "provider"
    party_label = "el proveedor"

    def build_party(self, ctx, doc):
        # Some integrations name the provider "client".
        if doc.get("provider") in (None, "", {}) and doc.get("client"):
            doc["provider"] = doc.pop("client")
        return super().build_party(ctx, doc)


class Bills(attachments.Attachable, Commentable, PurchaseDocument):
    name = "bills"
    label = "la factura de proveedor"
    event = "bill"
    statuses = ("draft", "open", "closed", "void")
    item_actions = ("close", "comments", "attachment", "advances-applied")
    collection_actions = ("import-by-cufe",)
    extra_filters = {
        "billNumber": listing.equals("number"),
        "uuid": listing.equals(listing.json_path("stamp.uuid")),
        "purchaseOrder_id": listing.equals(
            listing.json_path("purchaseOrder.id")),
    }

    def lines_path(self):
        return "purchases.items"

    def extra_rules(self):
        item = f"{self.url}/<int:key>"
        return [*super().extra_rules(),
                (f"{item}/perceptions", "PUT", "handle_perceptions"),
                (f"{item}/retentions", "PUT", "handle_retentions")]

    def build_totals(self, ctx, doc):
        purchases = doc.get("purchases") or {}
        if not isinstance(purchases, dict):
            raise errors.invalid(errors.INVALID_VALUE,
                                 "'purchases' debe ser un objeto")
        items = purchases.get("items", doc.pop("items", None))
        categories = purchases.get("categories",
                                   doc.pop("categories", None))
        if not items and not categories:
            raise errors.required("purchases.items")
        item_lines, item_amounts = build_lines(
            ctx, items, "purchases.items")
        category_lines, category_amounts = build_lines(
            ctx, categories, "purchases.categories", "categories")
        doc["purchases"] = {"items": item_lines,
                            "categories": category_lines}
        result = totals.document_totals(item_amounts + category_amounts,
                                        ctx.precision)
        result["balance"] = result["total"]
        return result

    def build(self, ctx, doc, current):
        template = doc.get("numberTemplate")
        if template is not None and not isinstance(template, dict):
            doc["numberTemplate"] = {"number": str(template)}
        template = doc.get("numberTemplate")
        if template:
            prefix = template.get("prefix") or ""
            template["fullNumber"] = f"{prefix}{template.get('number', '')}"
        doc, internal = super().build(ctx, doc, current)
        doc.setdefault("totalPaid", totals.money(0, ctx.precision))
        doc.setdefault("payments", [])
        return doc, internal

    def updated(self, ctx, doc, current):
        ledger.refresh(ctx, [(self.name, doc["id"])])
        doc = ctx.session.get(self.name, doc["id"])
        if ledger.balance_of(doc) < 0:
            raise errors.invalid(
                errors.ALLOCATION_EXCEEDS_BALANCE,
                "El nuevo total de la factura de proveedor es menor que lo "
                "ya pagado")
        return doc

    def check_deletable(self, ctx, doc):
        if ctx.session.ledger_sources(self.name, doc["id"]):
            raise errors.invalid(
                errors.NOT_DELETABLE,
                "La factura de proveedor tiene pagos asociados; anúlalos "
                "antes de eliminarla")

    def action_close(self, ctx, key):
        """Close a bill that still owes money, writing off the rest
        against a ledger account (``category``)."""
        doc = self.fetch(ctx, key)
        body = ctx.body()
        category = values.optional_id(body, "category")
        if category is None:
            raise errors.required("category")
        if ctx.lookup("categories", category) is None:
            raise errors.unknown_reference("la cuenta contable", category)
        if not body.get("date"):
            raise errors.invalid(CLOSING_DATE_REQUIRED,
                                 "Fecha de cierre obligatoria (date)")
        values.to_date(body["date"], "date")
        balance = ledger.balance_of(doc)
        if doc["status"] != "open" or balance <= 0:
            raise errors.invalid(
                errors.INVALID_STATUS_CHANGE,
                f"La factura de proveedor {key} no tiene saldo pendiente "
                "para cerrar")
        ledger.move(ctx, "bill-closings", key, [(self.name, key, balance)])
        doc = ctx.session.get(self.name, key)
        doc["closing"] = {"date": body["date"],
                          "category": {"id": category}, "amount": balance}
        ctx.session.save(self.name, doc)
        return 200, doc

    def action_advances_applied(self, ctx, key):
        doc = self.fetch(ctx, key)
        body = ctx.body()
        advances = body.get("advances", body.get("advancesApplied"))
        if advances is None:
            raise errors.required("advances")
        doc["advancesApplied"] = values.as_list(advances, "advances")
        ctx.session.save(self.name, doc)
        return 200, doc

    def _replace(self, ctx, key, field):
        doc = self.fetch(ctx, key)
        body = ctx.raw_body()
        entries = body.get(field) if isinstance(body, dict) else body
        doc[field] = values.as_list(entries, field)
        ctx.session.save(self.name, doc)
        return 200, doc

    def handle_perceptions(self, ctx, key):
        return self._replace(ctx, key, "perceptions")

    def handle_retentions(self, ctx, key):
        return self._replace(ctx, key, "retentions")

    def collection_import_by_cufe(self, ctx):
        """A Colombian e-invoice received from a supplier becomes a bill.

        The sandbox cannot ask the DIAN for the document behind the CUFE,
        so the body carries what the document says (provider, date, lines)
        beside ``cufe``.
        """
        if ctx.country.code != "co":
            raise errors.invalid(
                errors.STAMP_NOT_AVAILABLE,
                "La importación por CUFE solo existe en Colombia")
        body = ctx.body()
        cufe = str(body.get("cufe") or "")
        if not CUFE.match(cufe):
            raise errors.invalid(
                errors.INVALID_VALUE,
                "El CUFE debe tener 96 caracteres hexadecimales")
        if ctx.session.count(
                self.name, "json_extract(doc, '$.stamp.cufe') = ?", (cufe,)):
            raise errors.invalid(
                errors.DUPLICATE_KEY,
                "Ya existe una factura de proveedor con ese CUFE")
        fields = {key: value for key, value in body.items() if key != "cufe"}
        doc = self.create(ctx, fields)
        doc["stamp"] = {"cufe": cufe, "legalStatus": "STAMPED_AND_ACCEPTED"}
        ctx.session.save(self.name, doc)
        return 201, doc


class PurchaseOrders(attachments.Attachable, Voidable, Emailable,
                     Commentable, PurchaseDocument):
    name = "purchase-orders"
    label = "la orden de compra"
    numbered = True
    item_actions = ("void", "email", "comments", "attachment")
    order_fields = {**DocumentResource.order_fields,
                    "deliveryDate": listing.json_path("deliveryDate")}
    extra_filters = {
        "warehouse_id": listing.equals(listing.json_path("warehouse.id")),
        "costCenter_id": listing.equals(listing.json_path("costCenter.id")),
        "deliveryDate": listing.equals(listing.json_path("deliveryDate")),
        "currency": listing.equals(listing.json_path("currency.code")),
    }



class DebitNotes(Commentable, PurchaseDocument):
    name = "debit-notes"
    label = "la nota débito de proveedor"
    numbered = True
    item_actions = ("comments",)
