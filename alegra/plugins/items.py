"""Items: products and services."""

from alegra import verbs
from alegra.resource import Filter, Resource

ITEMS = Resource(
    name="items",
    singular="item",
    article="an",
    columns=("id", "name", "reference", "price.0.price", "status"),
    filters=(
        Filter("name", help="only items with this name"),
        Filter("reference", help="only items with this reference"),
        Filter("status", choices=("active", "inactive"),
               help="active or inactive"),
        Filter("category-id", param="idItemCategory",
               help="only items of this item category"),
    ),
    order_fields=("id", "name", "reference", "description"),
    text_fields=frozenset({"reference", "code", "productKey", "barcode",
                           "name", "description"}),
)

List = verbs.List.bind(ITEMS)
Get = verbs.Get.bind(ITEMS)
Create = verbs.Create.bind(ITEMS)
Update = verbs.Update.bind(ITEMS)
Delete = verbs.Delete.bind(ITEMS)
