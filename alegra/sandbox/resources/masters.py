"""Configuration masters: taxes, terms, numberings, currencies, and the
small catalogs that are plain create/read/update/delete."""

from alegra.sandbox import errors, listing, values
from alegra.sandbox.resources import attachments
from alegra.sandbox.resources.base import Resource, Singleton

HUNDRED = 100


class Named(Resource):
    """A catalog entry that needs a name and nothing else."""

    required = ("name",)


class Taxes(Named):
    name = "taxes"
    label = "el impuesto"
    required = ("name", "percentage")
    extra_filters = {"type": listing.any_of("kind")}

    def build(self, ctx, doc, current):
        doc["percentage"] = values.to_decimal(
            doc["percentage"], "percentage", minimum=0, maximum=HUNDRED)
        return doc, None


class Retentions(Taxes):
    name = "retentions"
    label = "la retención"


class Terms(Named):
    name = "terms"
    label = "el término de pago"
    defaults = {}

    def build(self, ctx, doc, current):
        days = doc.get("days")
        if days is not None and days != "":
            doc["days"] = int(values.to_decimal(days, "days", minimum=0))
        return doc, None

    def check_editable(self, ctx, current, body):
        self._check_locked(ctx, current, "editar")

    def check_deletable(self, ctx, doc):
        self._check_locked(ctx, doc, "eliminar")

    def _check_locked(self, ctx, doc, verb):
        # "De contado" and "Vencimiento manual" come with every account.
        if ctx.session.internal(self.name, doc["id"]).get("locked"):
            raise errors.invalid(
                errors.NOT_EDITABLE,
                f"El término '{doc.get('name')}' no se puede {verb}")


class CustomFields(Named):
    name = "custom-fields"
    label = "el campo adicional"
    types = ("text", "int", "date", "boolean", "optionsList")
    extra_filters = {
        "name_query": listing.contains("name"),
        "description_query": listing.contains(
            listing.json_path("description")),
        "resourceType": listing.equals(listing.json_path("resourceType")),
        "type": listing.equals("kind"),
    }

    def build(self, ctx, doc, current):
        if doc.get("type") is not None:
            values.one_of(doc["type"], self.types, "type")
        return doc, None


class Sellers(Named):
    name = "sellers"
    label = "el vendedor"


class AdditionalCharges(Named):
    name = "additional-charges"
    label = "el cargo adicional"


class CostCenters(Named):
    name = "cost-centers"
    label = "el centro de costo"


class Warehouses(Named):
    name = "warehouses"
    label = "la bodega"


class PriceLists(Named):
    name = "price-lists"
    label = "la lista de precios"


class ItemCategories(attachments.Attachable, Named):
    name = "item-categories"
    label = "la categoría de ítems"
    item_actions = ("attachment",)


class VariantAttributes(Named):
    name = "variant-attributes"
    label = "el atributo de variante"

    def build(self, ctx, doc, current):
        options = []
        for option in values.as_list(doc.get("options"), "options"):
            if not isinstance(option, dict):
                option = {"value": option}
            if option.get("id") is None:
                option = {"id": ctx.session.next_value("id:variant-options"),
                          **option}
            options.append(option)
        doc["options"] = options
        return doc, None


class WarehouseTransfers(Resource):
    name = "warehouse-transfers"
    label = "el traslado de bodega"
    defaults = {}


class InventoryAdjustments(Resource):
    name = "inventory-adjustments"
    label = "el ajuste de inventario"
    defaults = {}

    def build(self, ctx, doc, current):
        if current is None and doc.get("number") is None:
            doc["number"] = ctx.session.next_value(
                "number:inventory-adjustments")
        return doc, None


class InventoryAdjustmentNumerations(Named):
    name = "inventory-adjustment-numerations"
    path = "/inventory-adjustments/numerations"
    label = "la numeración de ajustes de inventario"

    def build(self, ctx, doc, current):
        doc.setdefault("nextNumber", 1)
        return doc, None


class Categories(Resource):
    """The chart of accounts: no DELETE, as in Alegra."""

    name = "categories"
    label = "la cuenta contable"
    verbs = ("list", "create", "show", "update")
    required = ("name",)
    types = ("income", "expense", "asset", "liability", "equity", "cost",
             "productionCost", "order")
    extra_filters = {"type": listing.any_of("kind")}

    def build(self, ctx, doc, current):
        if doc.get("type") is not None:
            values.one_of(doc["type"], self.types, "type")
        parent = values.optional_id(doc, "idParent")
        if parent is not None and ctx.lookup("categories", parent) is None:
            raise errors.unknown_reference("la cuenta padre", parent)
        return doc, None


class CategorySettings(Singleton):
    name = "category-settings"
    path = "/categories/settings"
    label = "la configuración contable"


class NumberTemplates(Named):
    name = "number-templates"
    label = "la numeración"
    document_types = ("invoice", "estimate", "creditNote", "debitNote",
                      "incomeDebitNote", "transactionIn", "transactionOut",
                      "supportDocument", "remission", "purchaseOrder")
    extra_filters = {"documentType": listing.any_of("kind")}

    def index(self, doc):
        columns = super().index(doc)
        columns["kind"] = doc.get("documentType")
        return columns

    def build(self, ctx, doc, current):
        doc = {"prefix": "", "documentType": "invoice",
               "nextInvoiceNumber": 1, "isElectronic": False,
               "isDefault": False, "autoincrement": True, **doc}
        values.one_of(doc["documentType"], self.document_types,
                      "documentType")
        doc["nextInvoiceNumber"] = int(values.to_decimal(
            doc["nextInvoiceNumber"], "nextInvoiceNumber", minimum=1))
        if doc["isDefault"]:
            for other in ctx.session.find(
                    self.name, "kind = ? AND id != ?",
                    (doc["documentType"], doc.get("id") or 0)):
                if other.get("isDefault"):
                    other["isDefault"] = False
                    ctx.session.save(self.name, other)
        return doc, None

    def check_deletable(self, ctx, doc):
        for resource in ("invoices", "credit-notes", "estimates"):
            used = ctx.session.count(
                resource, "json_extract(doc, '$.numberTemplate.id') = ?",
                (doc["id"],))
            if used:
                raise errors.invalid(
                    errors.NOT_DELETABLE,
                    f"La numeración '{doc.get('name')}' está en uso y no se "
                    "puede eliminar")


class Currencies(Resource):
    """Currencies, keyed by their ISO code instead of a number."""

    name = "currencies"
    label = "la moneda"
    key_rule = "<code:key>"
    required = ("code",)
    read_only = ("id", "code")
    renders = True
    order_fields = {"id": "id", "code": "code", "name": "name"}

    def create(self, ctx, body, key=None):
        code = str(body.get("code") or "").strip().upper()
        if len(code) != 3 or not code.isalpha():
            raise errors.invalid(
                errors.INVALID_VALUE,
                "El campo 'code' debe ser un código ISO 4217 de tres letras")
        if self._find(ctx, code):
            raise errors.invalid(
                errors.DUPLICATE_KEY, f"La moneda {code} ya existe")
        doc = {"code": code, **self.writable(ctx, body), "status": "active"}
        doc.pop("id", None)
        return ctx.session.insert(self.name, doc, key=key)

    def _find(self, ctx, code):
        found = ctx.session.find(self.name, "code = ?", (code.upper(),))
        return found[0] if found else None

    def fetch(self, ctx, key):
        doc = self._find(ctx, str(key)) if isinstance(key, str) else \
            ctx.session.get(self.name, key)
        if doc is None:
            raise errors.ApiError(
                404, 404, f"No se encontró la moneda con código {key}")
        return doc

    def update(self, ctx, key, body):
        return super().update(ctx, self.fetch(ctx, key)["id"], body)

    def delete(self, ctx, key):
        doc = self.fetch(ctx, key)
        if doc["code"] == ctx.country.currency["code"]:
            raise errors.invalid(
                errors.NOT_DELETABLE,
                "No se puede eliminar la moneda principal de la empresa")
        ctx.session.remove(self.name, doc)

    def render(self, ctx, doc):
        return {key: value for key, value in doc.items() if key != "id"}
