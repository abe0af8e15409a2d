"""Inventory: warehouses and transfers, adjustments and their numberings,
item categories, variant attributes and price lists."""

from alegra import bindings
from alegra.i18n import N_
from alegra.inputs import dates
from alegra.resource import Filter, Resource, attachment_actions

NAME = Filter("name", help=N_("only records whose name contains this"))
STATUS = Filter("status", choices=("active", "inactive"),
                help=N_("active or inactive"))
DAY = Filter("date", type=dates.day_argument,
             help=N_("only records of this date (YYYY-MM-DD, today, ...)"))

WAREHOUSES = Resource(
    name="warehouses",
    singular="warehouse",
    columns=("id", "name", "address", "isDefault", "status"),
    filters=(NAME, STATUS),
)

WAREHOUSE_TRANSFERS = Resource(
    name="warehouse-transfers",
    singular="warehouse transfer",
    columns=("id", "date", "origin.name", "destination.name",
             "observations"),
    filters=(DAY, Filter("item-id", param="item_id",
                         help=N_("only transfers of this item"))),
    text_fields=frozenset({"observations"}),
)

INVENTORY_ADJUSTMENTS = Resource(
    name="inventory-adjustments",
    singular="inventory adjustment",
    article="an",
    columns=("id", "number", "date", "warehouse.name", "observations"),
    filters=(
        Filter("number", help=N_("only the adjustment with this number")),
        DAY,
        Filter("warehouse-id", param="warehouse_id",
               help=N_("only adjustments of this warehouse")),
    ),
    text_fields=frozenset({"observations"}),
)

INVENTORY_ADJUSTMENT_NUMERATIONS = Resource(
    name="inventory-adjustment-numerations",
    singular="inventory adjustment numbering",
    article="an",
    path="inventory-adjustments/numerations",
    columns=("id", "name", "prefix", "nextNumber", "isDefault", "status"),
    filters=(NAME, STATUS,
             Filter("auto-increment", param="autoIncrement",
                    choices=("true", "false"),
                    help=N_("only numberings that do (true) or do not number "
                            "automatically")),
             Filter("fields", help=N_("extra fields to include, e.g. "
                                      "nextNumber"))),
    text_fields=frozenset({"prefix"}),
)

ITEM_CATEGORIES = Resource(
    name="item-categories",
    singular="item category",
    article="an",
    columns=("id", "name", "description", "status"),
    filters=(NAME, Filter("description",
                          help=N_("only categories whose description contains "
                                  "this")), STATUS),
    text_fields=frozenset({"name", "description"}),
    actions=attachment_actions("an item category"),
)

VARIANT_ATTRIBUTES = Resource(
    name="variant-attributes",
    singular="variant attribute",
    columns=("id", "name", "status"),
    filters=(NAME,),
)

PRICE_LISTS = Resource(
    name="price-lists",
    singular="price list",
    columns=("id", "name", "type", "percentage", "status"),
    filters=(NAME, STATUS),
)

Warehouses = bindings.commands(WAREHOUSES)
WarehouseTransfers = bindings.commands(WAREHOUSE_TRANSFERS)
InventoryAdjustments = bindings.commands(INVENTORY_ADJUSTMENTS)
InventoryAdjustmentNumerations = bindings.commands(
    INVENTORY_ADJUSTMENT_NUMERATIONS)
ItemCategories = bindings.commands(ITEM_CATEGORIES)
VariantAttributes = bindings.commands(VARIANT_ATTRIBUTES)
PriceLists = bindings.commands(PRICE_LISTS)
