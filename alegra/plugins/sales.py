"""Sales documents besides invoices: credit and debit notes, estimates,
remissions, transportation receipts and Mexico's global invoices."""

from alegra import bindings
from alegra.i18n import N_
from alegra.inputs import dates
from alegra.resource import (
    DOCUMENT_DATES, Action, Filter, Resource, attachment_actions,
)

DOCUMENT_COLUMNS = ("id", "numberTemplate.fullNumber", "date",
                    "client.name", "status", "total")
ORDER = ("id", "date", "dueDate", "status", "number")
CLIENT = Filter("client-id", param="client_id",
                help=N_("only documents of this client"))
CLIENT_NAME = Filter("client-name", param="client_name",
                     help=N_("only documents whose client name contains this"))
ITEM = Filter("item-id", param="item_id",
              help=N_("only documents with this item on a line"))
NUMBER = Filter("number", help=N_("only the document with this number"))
DAY = Filter("date", type=dates.day_argument,
             help=N_("only documents of this date (YYYY-MM-DD, today, ...)"))
TEXT = frozenset({"observations", "anotation", "termsConditions"})


# What each set of statuses says in --help.
STATUS_HELP = {
    ("open", "closed"): N_("open, closed (a comma list is allowed)"),
    ("open", "closed", "void"): N_("open, closed, void (a comma list is "
                                   "allowed)"),
    ("draft", "open", "closed", "void"): N_(
        "draft, open, closed, void (a comma list is allowed)"),
}


def status(*values):
    return Filter("status", values=values, help=STATUS_HELP[values])


def email(description):
    return Action("email", description, body="required")


CREDIT_NOTES = Resource(
    name="credit-notes",
    singular="credit note",
    columns=DOCUMENT_COLUMNS,
    filters=(status("open", "closed"), CLIENT, DAY),
    order_fields=ORDER,
    text_fields=TEXT,
    actions=(Action("email", N_("E-mail a credit note")),),
)

INCOME_DEBIT_NOTES = Resource(
    name="income-debit-notes",
    singular="debit note to a client",
    columns=DOCUMENT_COLUMNS,
    filters=(status("open", "closed", "void"), CLIENT, DAY),
    order_fields=ORDER,
    text_fields=TEXT,
)

ESTIMATES = Resource(
    name="estimates",
    singular="estimate",
    article="an",
    aliases=("estimate", "quote"),
    columns=("id", "numberTemplate.fullNumber", "date", "dueDate",
             "client.name", "status", "total"),
    filters=(status("draft", "open", "closed", "void"), CLIENT, CLIENT_NAME,
             ITEM, NUMBER, DAY),
    dates=DOCUMENT_DATES,
    order_fields=ORDER,
    text_fields=TEXT,
    actions=(email(N_("E-mail an estimate (--set 'emails=[...]')")),),
)

REMISSIONS = Resource(
    name="remissions",
    singular="remission",
    columns=("id", "number", "date", "client.name", "status", "total"),
    filters=(status("open", "closed", "void"), CLIENT, CLIENT_NAME, ITEM,
             NUMBER, DAY,
             Filter("due-date", param="dueDate", type=dates.day_argument,
                    help=N_("only remissions due on this date"))),
    order_fields=ORDER,
    text_fields=TEXT,
    actions=(
        Action("void", N_("Void a remission")),
        Action("open", N_("Reopen a voided remission")),
        *attachment_actions("a remission"),
    ),
)

TRANSPORTATION_RECEIPTS = Resource(
    name="transportation-receipts",
    singular="transportation receipt",
    columns=("id", "number", "date", "client.name", "status"),
    filters=(status("open", "closed", "void"), CLIENT, DAY),
    order_fields=ORDER,
    text_fields=TEXT,
    actions=(
        Action("void", N_("Void a transportation receipt")),
        Action("open", N_("Reopen a voided transportation receipt")),
        email(N_("E-mail a transportation receipt (--set "
                 "'emails=[...]')")),
        Action("preview", N_("Get a PDF preview URL of a transportation "
                             "receipt (body: the receipt)"), collection=True),
        *attachment_actions("a transportation receipt"),
    ),
)

GLOBAL_INVOICES = Resource(
    name="global-invoices",
    singular="global invoice",
    columns=DOCUMENT_COLUMNS,
    filters=(status("open", "closed", "void"), DAY),
    order_fields=ORDER,
    text_fields=TEXT,
)

CreditNotes = bindings.commands(CREDIT_NOTES)
IncomeDebitNotes = bindings.commands(INCOME_DEBIT_NOTES)
Estimates = bindings.commands(ESTIMATES)
Remissions = bindings.commands(REMISSIONS)
TransportationReceipts = bindings.commands(TRANSPORTATION_RECEIPTS)
GlobalInvoices = bindings.commands(GLOBAL_INVOICES)
