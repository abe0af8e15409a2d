"""Reports (read-only): sales by client and by seller, the income
statement and a client's account statement.

Every report is one ``GET /reports/<name>``; its rows come in ``data``.
Sales by client and by seller are paged like lists (10 rows by default,
as in Alegra's own client); the others come whole.
"""

from alegra import command, verbs
from alegra.i18n import N_, _
from alegra.inputs import dates
from alegra.resource import Filter

PAGE = 10
PERIOD = (
    Filter("from", type=dates.day_argument,
           help=N_("documents dated from DATE (YYYY-MM-DD, this-month, ...)")),
    Filter("to", type=dates.day_argument, help=N_("documents dated to DATE")),
)


class Report(command.Lister):
    path = None
    columns = ()
    filters = ()
    paged = False

    @property
    def default_columns(self):
        return self.columns

    @classmethod
    def api_requests(cls):
        """What it sends (tests/contract lists every command's requests)."""
        query = [spec.query_name for spec in PERIOD + cls.filters]
        if cls.paged:
            query += ["start", "limit", "order_field", "order_direction"]
        return (("GET", f"reports/{cls.path}", {"query": tuple(query)}),)

    def add_arguments(self, parser):
        super().add_arguments(parser)
        group = parser.add_argument_group(_("report"))
        for spec in PERIOD + self.filters:
            verbs.add_filter(group, spec)
        if self.paged:
            group.add_argument(
                "--start", type=verbs._non_negative, default=0, metavar="N",
                help=N_("skip the first N rows"))
            group.add_argument(
                "--limit", type=verbs._positive, default=PAGE, metavar="N",
                help=_("at most N rows (default {page})").format(
                    page=PAGE))
            group.add_argument(
                "--all", action="store_true",
                help=N_("every row, page by page"))
            group.add_argument(
                "--order-field", metavar="FIELD",
                help=N_("sort on this field (server side)"))
            group.add_argument(
                "--order-direction", type=str.upper, choices=("ASC", "DESC"),
                help=N_("ASC or DESC"))

    def query(self, parsed_args):
        params = {}
        for spec in PERIOD + self.filters:
            value = getattr(parsed_args, spec.dest)
            if value is not None:
                params[spec.query_name] = value
        for option in ("order_field", "order_direction"):
            if getattr(parsed_args, option, None):
                params[option] = getattr(parsed_args, option)
        return params

    def take_action(self, parsed_args):
        client = self.client(parsed_args)
        path = f"reports/{self.path}"
        params = self.query(parsed_args)
        if self.paged:
            found = list(client.paginate(
                path, params, start=parsed_args.start,
                max_items=None if parsed_args.all else parsed_args.limit))
        else:
            found = verbs.rows_at(client.get(path, params), "data")
        if self.is_dry_run(parsed_args):
            return None
        return self.rows(parsed_args, found)


class SalesByClient(Report):
    _description = N_("Sales by client: invoices and amounts for each client")

    path = "sales-by-client"
    paged = True
    columns = ("client.id", "client.name", "invoices", "subtotal", "tax",
               "total")
    filters = (
        Filter("client-name", param="clientName",
               help=N_("only clients whose name contains this")),
        Filter("client-id", param="client_id", help=N_("only this client")),
    )


class SalesByClientTotals(Report):
    _description = N_("Sales by client, totalled over every client")

    path = "sales-by-client-totals"
    columns = ("clients", "invoices", "subtotal", "tax", "total")


class SalesBySeller(Report):
    _description = N_("Sales by seller: invoices and amounts for each seller")

    path = "sales-by-seller"
    paged = True
    columns = ("seller.id", "seller.name", "invoices", "subtotal", "tax",
               "total")
    filters = (Filter("seller-name", param="sellerName",
                      help=N_("only sellers whose name contains this")),)


class IncomeStatement(Report):
    _description = N_("Income statement: income, expenses and profit (some "
                      "plans lack it)")

    path = "income-statement"
    columns = ("name", "total")


class AccountStatement(Report):
    _description = N_("A client's account statement: invoices, payments and "
                      "the balance")

    path = "account-statement"
    columns = ("date", "type", "number", "debit", "credit", "balance")
    filters = (Filter("client-id", param="client_id",
                      help=N_("the client (required by Alegra)")),)
