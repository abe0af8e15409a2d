"""Items: products and services, with prices, taxes and stock.

``price`` is written as a number and read as a list of price-list prices
(``[{"idPriceList": 1, "name": "General", "price": ...}]``); ``tax`` as ids
and read as the full tax objects. Products with ``inventory`` show their
available quantity.
"""

from alegra.sandbox import errors, listing, values
from alegra.sandbox.resources import attachments
from alegra.sandbox.resources.base import Resource, deleted_message
from alegra.sandbox.resources.documents import resolve_taxes

TAX_FIELDS = ("id", "name", "percentage", "description", "status", "type")


class Items(attachments.Attachable, Resource):
    name = "items"
    label = "el ítem"
    event = "item"
    required = ("name", "price")
    item_actions = ("attachment",)
    extra_filters = {
        "query": listing.contains("name", "code"),
        "reference": listing.equals("code"),
        "description": listing.contains(listing.json_path("description")),
        "price": listing.equals(listing.json_path("price[0].price")),
        "idItemCategory": listing.equals(
            listing.json_path("itemCategory.id")),
        "priceList_id": listing.equals(
            listing.json_path("price[0].idPriceList")),
        "type": listing.equals("kind"),
        "inventariable": lambda text: (
            "json_extract(doc, '$.inventory') IS " + (
                "NOT NULL" if text.lower() in ("true", "1") else "NULL"), []),
    }
    order_fields = {"id": "id", "name": "name", "reference": "code",
                    "description": listing.json_path("description")}

    def extra_rules(self):
        return [*super().extra_rules(),
                (self.url, "DELETE", "handle_delete_many")]

    def build(self, ctx, doc, current):
        doc["price"] = self.build_prices(ctx, doc.get("price"))
        doc["tax"] = [{field: tax.get(field) for field in TAX_FIELDS}
                      for tax in resolve_taxes(ctx, doc.get("tax"), "tax")]
        for field, resource, label in (
                ("category", "categories", "la cuenta contable"),
                ("itemCategory", "item-categories", "la categoría de ítems")):
            key = values.optional_id(doc, field)
            if key is None:
                continue
            target = ctx.lookup(resource, key)
            if target is None:
                raise errors.unknown_reference(label, key)
            doc[field] = {"id": key, "name": target.get("name")}
        inventory = doc.get("inventory")
        if isinstance(inventory, dict) and current is None:
            initial = values.to_decimal(
                inventory.get("initialQuantity") or 0,
                "inventory.initialQuantity")
            inventory.setdefault("unit", "unit")
            inventory["initialQuantity"] = initial
            inventory.setdefault("availableQuantity", initial)
        doc.setdefault("type", "simple")
        return doc, None

    def build_prices(self, ctx, value):
        entries = value if isinstance(value, list) else [
            {"idPriceList": 1, "price": value}]
        prices = []
        for position, entry in enumerate(entries):
            if not isinstance(entry, dict):
                entry = {"idPriceList": 1 if position == 0 else None,
                         "price": entry}
            price = values.to_decimal(entry.get("price"),
                                      f"price.{position}.price", minimum=0)
            list_key = entry.get("idPriceList") or 1
            price_list = ctx.lookup("price-lists", values.to_id(
                list_key, "price.idPriceList"))
            prices.append({
                "idPriceList": values.to_id(list_key, "price.idPriceList"),
                "name": entry.get("name") or (
                    price_list.get("name") if price_list else "General"),
                "price": price})
        if not prices:
            raise errors.required("price")
        return prices

    def handle_delete_many(self, ctx):
        """``DELETE /items`` with ``?id=1,2`` or ``{"ids": [...]}``."""
        text = ctx.args.get("id")
        keys = [values.to_id(part, "id") for part in text.split(",")] \
            if text else values.as_list(ctx.body().get("ids"), "ids")
        if not keys:
            raise errors.required("ids")
        for key in keys:
            self.delete(ctx, values.to_id(key, "ids"))
        return 200, deleted_message("los ítems")
