"""Items: products and services."""

from alegra.inputs import dates
from alegra.i18n import N_
from alegra import verbs
from alegra.bulk import commands as bulk
from alegra.resource import Action, Filter, Resource, attachment_actions

ITEMS = Resource(
    name="items",
    singular="item",
    article="an",
    aliases=("item",),
    columns=("id", "name", "reference", "price.0.price", "status"),
    filters=(
        Filter("name", help=N_("only items with this name")),
        Filter("reference", help=N_("only items with this reference")),
        Filter("status", choices=("active", "inactive"),
               help=N_("active or inactive")),
        Filter("category-id", param="idItemCategory",
               help=N_("only items of this item category")),
    ),
    order_fields=("id", "name", "reference", "description"),
    delete_many="id",
    text_fields=frozenset({"reference", "code", "productKey", "barcode",
                           "name", "description"}),
    actions=(
        # Alegra has no stock endpoint: the item itself, at a date.
        Action("stock", N_("Show an item's stock in each warehouse"),
               method="GET", path="", body="none",
               rows="inventory.warehouses",
               columns=("id", "name", "availableQuantity",
                        "initialQuantity"),
               filters=(Filter("date", param="documentDate",
                               type=dates.day_argument,
                               help=N_("the stock on this date (YYYY-MM-DD, "
                                       "yesterday, ...)")),)),
        *attachment_actions("an item"),
    ),
)

List = verbs.List.bind(ITEMS)
Get = verbs.Get.bind(ITEMS)
Create = verbs.Create.bind(ITEMS)
Update = verbs.Update.bind(ITEMS)
Delete = verbs.Delete.bind(ITEMS)
Import = bulk.Import.bind(ITEMS, natural_key=("reference",))
Stock = verbs.ActionCommand.bind(ITEMS, "stock")
Export = bulk.Export.bind(ITEMS)
Attach = verbs.ActionCommand.bind(ITEMS, "attach")
AttachmentDelete = verbs.ActionCommand.bind(ITEMS, "attachment-delete")
