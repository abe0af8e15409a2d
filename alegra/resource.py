"""The declarative description of an Alegra resource.

A resource module (built-in or from a plugin) describes its resource once
with :class:`Resource` and asks :mod:`alegra.verbs` for the commands; the
verbs read everything particular to the resource from here.
"""

from dataclasses import dataclass, field

from alegra import i18n

VERBS = ("list", "get", "create", "update", "delete")
# A resource's name in Spanish, singular and plural, as Alegra's Spanish
# interface has it; a declaration's label_es/plural_es take precedence.
SPANISH_NAMES = {
    "invoices": ("factura de venta", "facturas de venta"),
    "contacts": ("contacto", "contactos"),
    "items": ("producto/servicio", "productos/servicios"),
    "payments": ("pago", "pagos"),
    "credit-notes": ("nota crédito", "notas crédito"),
    "income-debit-notes": ("nota débito", "notas débito"),
    "estimates": ("cotización", "cotizaciones"),
    "remissions": ("remisión", "remisiones"),
    "bills": ("factura de proveedor", "facturas de proveedor"),
    "purchase-orders": ("orden de compra", "órdenes de compra"),
    "debit-notes": ("nota débito de proveedor",
                    "notas débito de proveedor"),
    "warehouses": ("bodega", "bodegas"),
    "warehouse-transfers": ("traslado entre bodegas",
                            "traslados entre bodegas"),
    "inventory-adjustments": ("ajuste de inventario",
                              "ajustes de inventario"),
    "inventory-adjustment-numerations": (
        "numeración de ajustes de inventario",
        "numeraciones de ajustes de inventario"),
    "item-categories": ("categoría de ítems", "categorías de ítems"),
    "variant-attributes": ("atributo de variantes",
                           "atributos de variantes"),
    "price-lists": ("lista de precios", "listas de precios"),
    "sellers": ("vendedor", "vendedores"),
    "number-templates": ("numeración", "numeraciones"),
    "taxes": ("impuesto", "impuestos"),
    "retentions": ("retención", "retenciones"),
    "currencies": ("moneda", "monedas"),
    "cost-centers": ("centro de costo", "centros de costo"),
    "custom-fields": ("campo adicional", "campos adicionales"),
    "terms": ("término de pago", "términos de pago"),
    "additional-charges": ("cargo adicional", "cargos adicionales"),
    "categories": ("cuenta contable", "cuentas contables"),
    "journals": ("comprobante contable", "comprobantes contables"),
    "bank-accounts": ("banco", "bancos"),
    "reconciliations": ("conciliación bancaria",
                        "conciliaciones bancarias"),
    "company": ("empresa", "empresas"),
    "users": ("usuario", "usuarios"),
    "recurring-invoices": ("factura recurrente", "facturas recurrentes"),
    "recurring-payments": ("pago recurrente", "pagos recurrentes"),
    "transportation-receipts": ("documento soporte de transporte",
                                "documentos soporte de transporte"),
    "global-invoices": ("factura global", "facturas globales"),
    "webhook-subscriptions": ("suscripción de webhook",
                              "suscripciones de webhook"),
}
READ_ONLY = ("list", "get")
DATE = ("date",)
DOCUMENT_DATES = ("date", "dueDate")


@dataclass(frozen=True)
class Filter:
    """A list option that becomes a query parameter.

    ``Filter("status", choices=("draft", "open"))`` gives ``--status`` and
    sends ``status=``; ``Filter("client-id", param="client_id")`` renames.
    """

    option: str
    param: str = None
    help: str = None
    choices: tuple = None
    # An argparse type: dates.day_argument takes natural dates (today, 7d).
    type: object = None
    # Values offered by shell completion where ``choices`` would be too
    # strict (a comma list of them is allowed too).
    values: tuple = None

    @property
    def query_name(self):
        return self.param or self.option

    @property
    def dest(self):
        return "filter_" + self.option.replace("-", "_")


@dataclass(frozen=True)
class Action:
    """``POST /{path}/{id}/{name}`` (or ``/{path}/{name}`` on the collection).

    ``body`` is ``"none"``, ``"optional"``, ``"required"`` or ``"file"``
    (a file uploaded as multipart/form-data, ``attach FILE``). A collection
    action with an ``id_field`` still takes an id on the command line and
    sends it in the body (``invoices preview 12`` posts ``{"id": 12}``).

    ``path`` replaces the last segment (``advances`` posts to
    ``advances-applied``); with ``{id}`` or ``{second}`` in it, it is the
    whole path under the resource's, and ``second`` names a second id
    (``bills comment-update 7 3`` puts to ``bills/7/comments/3``).
    ``id_name`` names the first id when it is not the resource's
    (``attachment-delete <file-id>``). ``confirm`` asks before sending, as
    ``delete`` does. ``filters`` become query parameters. ``rows`` names the
    list in the answer to print as rows, with ``columns`` as the default
    columns.
    """

    name: str
    description: str
    body: str = "optional"
    collection: bool = False
    method: str = "POST"
    path: str = None
    id_field: str = None
    id_name: str = None
    second: str = None
    confirm: bool = False
    filters: tuple = ()
    rows: str = None
    columns: tuple = ()

    @property
    def is_template(self):
        return self.path is not None and "{" in self.path

    @property
    def takes_id(self):
        if self.is_template:
            return "{id}" in self.path
        return not self.collection or self.id_field is not None

    @property
    def url_segment(self):
        return self.name if self.path is None else self.path

    def url(self, resource, identifier=None, second=None):
        """The request path for these ids."""
        from urllib.parse import quote

        if self.is_template:
            relative = self.path.format(
                id=quote(str(identifier), safe=""),
                second=quote(str(second), safe=""))
            return f"{resource.api_path}/{relative}"
        base = resource.api_path
        if not self.collection:
            base = resource.item_path(identifier)
        segment = self.url_segment
        return f"{base}/{segment}" if segment else base


@dataclass(frozen=True)
class Resource:
    """One Alegra resource: its path, its id, what to show, what it allows.

    ``text_fields`` are dotted field names whose ``--set`` values always
    stay strings (identification numbers, phones, references, postal
    codes), whatever they look like. ``verbs`` are the generic verbs the
    resource allows; binding another one is an error.
    """

    name: str
    singular: str
    path: str = None
    id_name: str = "id"
    id_help: str = None
    # What its ids may look like (alegra.inputs.identifiers.KINDS): an id
    # of none of these kinds is a usage error before any request.
    id_kinds: tuple = ("number", "uuid")
    columns: tuple = ("id",)
    filters: tuple = ()
    order_fields: tuple = ()
    text_fields: frozenset = field(default_factory=frozenset)
    verbs: tuple = VERBS
    actions: tuple = ()
    article: str = "a"
    # Date fields whose ranges the list takes (--date-after, --due-before,
    # and --since/--until for "date"): DATE or DOCUMENT_DATES.
    dates: tuple = ()
    # Other words for the resource (``invoice``); each is also declared as
    # an ``alegra.aliases`` entry point, so that the command line resolves
    # it without importing anything.
    aliases: tuple = ()
    # Body fields that create and update also take as options (Filter
    # declarations: ``--event`` with its choices).
    body_flags: tuple = ()
    # The key a single object comes wrapped in (``{"subscription": {...}}``).
    envelope: str = None
    # The default columns, most important first: a table too wide for the
    # terminal leaves out the last ones first. Empty: ``columns``' order.
    columns_by_priority: tuple = ()
    # Body fields that hold a day, beyond ``date``, ``dueDate`` and names
    # ending in ``Date``: ``--set`` takes natural dates there (today, 7d).
    date_fields: tuple = ()
    # The query parameter of a delete of several at once (``DELETE
    # /contacts?id=1,2,3``); None: delete takes one id.
    delete_many: str = None
    # Its name in Spanish, as Alegra's Spanish interface has it (default:
    # SPANISH_NAMES, else the English name).
    label_es: str = None
    plural_es: str = None

    @property
    def api_path(self):
        return self.path or self.name

    @property
    def column_priority(self):
        """The default columns, most important first."""
        ranked = [c for c in self.columns_by_priority if c in self.columns]
        return tuple(ranked + [c for c in self.columns if c not in ranked])

    def is_date_field(self, key):
        """Whether the body field ``key`` (dotted) holds a day."""
        last = key.rsplit(".", 1)[-1]
        return (key in self.date_fields or last in ("date", "dueDate")
                or last.endswith("Date"))

    def item_path(self, identifier):
        from urllib.parse import quote

        return f"{self.api_path}/{quote(str(identifier), safe='')}"

    def action(self, name):
        for action in self.actions:
            if action.name == name:
                return action
        raise KeyError(name)

    @property
    def a_singular(self):
        return f"{self.article} {self.singular}"

    def label(self):
        """What one record is called, in the user's language."""
        if i18n.language() == i18n.SPANISH:
            return self.label_es or SPANISH_NAMES.get(
                self.name, (self.singular,))[0]
        return self.singular

    def plural_label(self):
        """What its records are called, in the user's language."""
        if i18n.language() == i18n.SPANISH:
            return self.plural_es or SPANISH_NAMES.get(
                self.name, (None, self.name.replace("-", " ")))[1]
        return self.name.replace("-", " ")

    def unwrap(self, answer):
        """A single object, out of its envelope when the resource has one."""
        if (self.envelope and isinstance(answer, dict)
                and isinstance(answer.get(self.envelope), dict)):
            return answer[self.envelope]
        return answer


def attachment_actions(what, detach=True):
    """``attach FILE`` and ``attachment-delete FILE-ID`` for ``what``
    (``"an invoice"``), as Alegra's documents have them."""
    found = (Action("attach", f"Attach a file to {what} (multipart, "
                              "-f/--file FILE)",
                    path="attachment", body="file"),)
    if detach:
        found += (Action("attachment-delete",
                         f"Delete a file attached to {what}",
                         method="DELETE", path="attachment/{id}",
                         id_name="file-id", body="none", confirm=True),)
    return found


def date_option(field):
    """The option prefix for a date field: ``dueDate`` gives ``due``."""
    if field == "dueDate":
        return "due"
    return "".join("-" + c.lower() if c.isupper() else c for c in field)
