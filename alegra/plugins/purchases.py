"""Purchases: supplier bills, purchase orders and supplier debit notes."""

from alegra import bindings, verbs
from alegra.errors import UsageError
from alegra.i18n import N_, _
from alegra.inputs import dates
from alegra.resource import (
    DOCUMENT_DATES, Action, Filter, Resource, attachment_actions,
)

ORDER = ("id", "date", "dueDate", "status", "number")
PROVIDER = Filter("provider-name", param="provider_name",
                  help=N_("only documents whose provider name contains this"))
CLIENT = Filter("client-id", param="client_id",
                help=N_("only documents of this provider (its contact id)"))
ITEM = Filter("item-id", param="item_id",
              help=N_("only documents with this item on a line"))
NUMBER = Filter("number", help=N_("only the document with this number"))
DAY = Filter("date", type=dates.day_argument,
             help=N_("only documents of this date (YYYY-MM-DD, today, ...)"))
TEXT = frozenset({"observations", "anotation", "billNumber"})


def comments(description):
    return Action("comments", description, body="required")


class AddComments(verbs.ActionCommand):
    """``--text`` builds the documented ``{"comments": [{"text": ...}]}``;
    a lone ``comment`` (the old spelling) is translated, with a note."""

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--text", action="append", default=[], metavar="TEXT",
            help=N_("a comment to add (repeatable); builds "
                    "comments=[{\"text\": TEXT}]"))

    def flags_given(self, parsed_args):
        return bool(parsed_args.text)

    def adjust_body(self, parsed_args, payload):
        if payload is None and not self.flags_given(parsed_args):
            return None  # nothing given: the usual "no request body"
        payload = dict(payload or {})
        if "comment" in payload and "comments" not in payload:
            payload["comments"] = [{"text": payload.pop("comment")}]
            self.note(_("Note: Alegra takes comments as an array; sending "
                        "comments=[{\"text\": ...}] (use --text)"))
        if any(not text.strip() for text in parsed_args.text):
            raise UsageError(_("--text is empty: a comment needs words"))
        if parsed_args.text:
            payload["comments"] = [*(payload.get("comments") or []),
                                   *({"text": text}
                                     for text in parsed_args.text)]
        return payload


class CloseBill(verbs.ActionCommand):
    """Alegra requires the closing ``date`` (11201) and ``category``."""

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--date", type=dates.day_argument, metavar="DATE",
            help=N_("the closing date (YYYY-MM-DD, today, ...; default "
                    "today)"))
        parser.add_argument(
            "--category", metavar="ID",
            help=N_("the account the rest is written off to (category id)"))

    def adjust_body(self, parsed_args, payload):
        if payload is None and not (parsed_args.category or parsed_args.date):
            return None  # nothing given: the usual "no request body"
        payload = dict(payload or {})
        if parsed_args.category:
            payload["category"] = {"id": parsed_args.category}
        if not payload.get("category"):
            raise UsageError(_("closing a bill needs the category its rest "
                               "goes to"),
                             _("give --category ID or --set "
                               "'category={\"id\":5}'; nothing was sent"))
        if parsed_args.date:
            payload["date"] = parsed_args.date
        elif not payload.get("date"):
            import datetime

            payload["date"] = datetime.date.today().isoformat()
            self.note(_("Note: closing on {date} (today); give --date to "
                        "choose").format(date=payload["date"]))
        return payload


BILLS = Resource(
    name="bills",
    singular="bill",
    aliases=("bill",),
    columns=("id", "numberTemplate.fullNumber", "date", "dueDate",
             "provider.name", "status", "total", "balance"),
    filters=(
        Filter("status", values=("draft", "open", "closed", "void"),
               help=N_("draft, open, closed or void (a comma list is "
                       "allowed)")),
        PROVIDER, CLIENT, ITEM, DAY,
        Filter("bill-number", param="billNumber",
               help=N_("only the bill with this supplier number")),
        Filter("purchase-order-id", param="purchaseOrder_id",
               help=N_("only bills of this purchase order")),
    ),
    dates=DOCUMENT_DATES,
    order_fields=ORDER,
    text_fields=TEXT,
    actions=(
        Action("close", N_("Close a bill that still owes money, writing the "
                           "rest off (--date DATE --category ID)"),
               body="required"),
        comments(N_("Add comments to a bill (--text TEXT, sent as "
                    "comments=[{text}])")),
        Action("comment-update", N_("Change a comment of a bill"),
               method="PUT", path="{id}/comments/{second}",
               second="comment-id", body="required"),
        Action("comment-delete", N_("Delete a comment of a bill"),
               method="DELETE", path="{id}/comments/{second}",
               second="comment-id", body="none", confirm=True),
        Action("advances", N_("Apply supplier advances to a bill"),
               path="advances-applied", body="required"),
        *attachment_actions("a bill"),
        Action("perceptions", N_("Replace the perceptions of a bill"),
               method="PUT", body="required"),
        Action("retentions", N_("Replace the retentions of a bill"),
               method="PUT", body="required"),
        Action("import-by-cufe", N_("Create a bill from a received Colombian "
                                    "e-invoice (--set cufe=...)"),
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
               help=N_("open, closed or void (a comma list is allowed)")),
        PROVIDER, CLIENT, NUMBER, DAY,
        Filter("warehouse-id", param="warehouse_id",
               help=N_("only orders for this warehouse")),
        Filter("cost-center-id", param="costCenter_id",
               help=N_("only orders of this cost center")),
        Filter("delivery-date", param="deliveryDate",
               type=dates.day_argument,
               help=N_("only orders delivered on this date")),
        Filter("currency", help=N_("only orders in this currency (ISO code)")),
    ),
    order_fields=(*ORDER, "deliveryDate"),
    text_fields=TEXT,
    actions=(
        Action("void", N_("Void a purchase order")),
        Action("email", N_("E-mail a purchase order (--set 'emails=[...]')"),
               body="required"),
        comments(N_("Add comments to a purchase order (--text TEXT, sent "
                    "as comments=[{text}])")),
        *attachment_actions("a purchase order"),
    ),
)

DEBIT_NOTES = Resource(
    name="debit-notes",
    singular="debit note from a supplier",
    columns=("id", "number", "date", "provider.name", "status", "total"),
    filters=(NUMBER, CLIENT, ITEM, PROVIDER, DAY),
    order_fields=ORDER,
    text_fields=TEXT,
    actions=(comments(N_("Add comments to a debit note (--text TEXT, "
                           "sent as comments=[{text}])")),),
)

Bills = bindings.commands(
    BILLS, Comments=AddComments.bind(BILLS, "comments"),
    Close=CloseBill.bind(BILLS, "close"))
PurchaseOrders = bindings.commands(
    PURCHASE_ORDERS,
    Comments=AddComments.bind(PURCHASE_ORDERS, "comments"))
DebitNotes = bindings.commands(
    DEBIT_NOTES, Comments=AddComments.bind(DEBIT_NOTES, "comments"))
