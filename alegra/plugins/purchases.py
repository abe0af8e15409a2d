"""Purchases: supplier bills, purchase orders and supplier debit notes."""

from alegra import bindings
from alegra.inputs import dates
from alegra.resource import DOCUMENT_DATES, Action, Filter, Resource

ORDER = ("id", "date", "dueDate", "status", "number")
PROVIDER = Filter("provider-name", param="provider_name",
                  help="only documents whose provider name contains this")
CLIENT = Filter("client-id", param="client_id",
                help="only documents of this provider (its contact id)")
ITEM = Filter("item-id", param="item_id",
              help="only documents with this item on a line")
NUMBER = Filter("number", help="only the document with this number")
DAY = Filter("date", type=dates.day_argument,
             help="only documents of this date (YYYY-MM-DD, today, ...)")
TEXT = frozenset({"observations", "anotation", "billNumber"})


def comments(what):
    return Action("comments", f"Add a comment to {what} "
                              "(--set comment=...)", body="required")


BILLS = Resource(
    name="bills",
    singular="bill",
    aliases=("bill",),
    columns=("id", "numberTemplate.fullNumber", "date", "dueDate",
             "provider.name", "status", "total", "balance"),
    filters=(
        Filter("status", values=("draft", "open", "closed", "void"),
               help="draft, open, closed or void (a comma list is allowed)"),
        PROVIDER, CLIENT, ITEM, DAY,
        Filter("bill-number", param="billNumber",
               help="only the bill with this supplier number"),
        Filter("purchase-order-id", param="purchaseOrder_id",
               help="only bills of this purchase order"),
    ),
    dates=DOCUMENT_DATES,
    order_fields=ORDER,
    text_fields=TEXT,
    actions=(
        Action("close", "Close a bill that still owes money, writing the "
                        "rest off to an account (--set 'category={...}')",
               body="required"),
        comments("a bill"),
        Action("comment-update", "Change a comment of a bill",
               method="PUT", path="{id}/comments/{second}",
               second="comment-id", body="required"),
        Action("comment-delete", "Delete a comment of a bill",
               method="DELETE", path="{id}/comments/{second}",
               second="comment-id", body="none", confirm=True),
        Action("advances", "Apply supplier advances to a bill",
               path="advances-applied", body="required"),
        Action("attach", "Attach a file to a bill (--set file=BASE64 "
                         "--set name=NAME)",
               path="attachment", body="required"),
        Action("attachment-delete", "Delete a file attached to a bill",
               method="DELETE", path="attachment/{id}", id_name="file-id",
               body="none", confirm=True),
        Action("perceptions", "Replace the perceptions of a bill",
               method="PUT", body="required"),
        Action("retentions", "Replace the retentions of a bill",
               method="PUT", body="required"),
        Action("import-by-cufe", "Create a bill from a received Colombian "
                                 "e-invoice (--set cufe=...)",
               collection=True, body="required"),
    ),
)

PURCHASE_ORDERS = Resource(
    name="purchase-orders",
    singular="purchase order",
    columns=("id", "number", "date", "deliveryDate", "provider.name",
             "status", "total"),
    filters=(
        Filter("status", values=("open", "closed", "void"),
               help="open, closed or void (a comma list is allowed)"),
        PROVIDER, CLIENT, NUMBER, DAY,
        Filter("warehouse-id", param="warehouse_id",
               help="only orders for this warehouse"),
        Filter("cost-center-id", param="costCenter_id",
               help="only orders of this cost center"),
        Filter("delivery-date", param="deliveryDate",
               type=dates.day_argument,
               help="only orders delivered on this date"),
        Filter("currency", help="only orders in this currency (ISO code)"),
    ),
    order_fields=(*ORDER, "deliveryDate"),
    text_fields=TEXT,
    actions=(
        Action("void", "Void a purchase order"),
        Action("email", "E-mail a purchase order (--set 'emails=[...]')",
               body="required"),
        comments("a purchase order"),
    ),
)

DEBIT_NOTES = Resource(
    name="debit-notes",
    singular="debit note from a supplier",
    columns=("id", "number", "date", "provider.name", "status", "total"),
    filters=(NUMBER, CLIENT, ITEM, PROVIDER, DAY),
    order_fields=ORDER,
    text_fields=TEXT,
    actions=(comments("a debit note"),),
)

Bills = bindings.commands(BILLS)
PurchaseOrders = bindings.commands(PURCHASE_ORDERS)
DebitNotes = bindings.commands(DEBIT_NOTES)
