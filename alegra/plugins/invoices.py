"""Sales invoices."""

from alegra.inputs import dates
from alegra import verbs
from alegra.bulk import commands as bulk
from alegra.emission.commands import GuardedStamp
from alegra.resource import DOCUMENT_DATES, Action, Filter, Resource

STATUSES = "draft, open, closed or void (a comma list is allowed)"

INVOICES = Resource(
    name="invoices",
    singular="invoice",
    article="an",
    aliases=("invoice",),
    columns=("id", "numberTemplate.fullNumber", "date", "dueDate",
             "client.name", "status", "total", "balance"),
    # Narrow terminals lose the due date first, then the date.
    columns_by_priority=("id", "numberTemplate.fullNumber", "client.name",
                         "total", "balance", "status"),
    filters=(
        Filter("status", values=("draft", "open", "closed", "void"),
               help=f"only invoices that are {STATUSES}"),
        Filter("client-id", param="client_id",
               help="only invoices of this client"),
        Filter("date", type=dates.day_argument,
               help="only invoices of this date (YYYY-MM-DD, today, ...)"),
    ),
    dates=DOCUMENT_DATES,
    order_fields=("id", "date", "dueDate", "status", "name"),
    text_fields=frozenset({"observations", "anotation", "termsConditions",
                           "numberTemplate.number", "numberTemplate.prefix"}),
    actions=(
        Action("void", "Void (annul) an invoice"),
        Action("open", "Reopen a voided invoice"),
        Action("email", "E-mail an invoice (--set 'emails=[...]')",
               body="required"),
        Action("stamp", "Stamp invoices as the body says (raw, in batches "
                        "of 10; checked against the emission ledger)",
               body="required", collection=True),
        Action("preview", "Get a PDF preview URL of an invoice",
               collection=True, id_field="id"),
    ),
)


class Create(verbs.Create.bind(INVOICES)):
    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--draft", action="store_true",
            help="create a draft: remove any stamp instruction from the body",
        )

    def prepare(self, parsed_args, payload):
        if parsed_args.draft and isinstance(payload, dict):
            payload.pop("stamp", None)
            payload.setdefault("status", "draft")
        return payload


List = verbs.List.bind(INVOICES)
Get = verbs.Get.bind(INVOICES)
Update = verbs.Update.bind(INVOICES)
Delete = verbs.Delete.bind(INVOICES)
Import = bulk.Import.bind(INVOICES)
Export = bulk.Export.bind(INVOICES)
Void = verbs.ActionCommand.bind(INVOICES, "void")
Open = verbs.ActionCommand.bind(INVOICES, "open")
Email = verbs.ActionCommand.bind(INVOICES, "email")


class Stamp(GuardedStamp, verbs.ActionCommand.bind(INVOICES, "stamp")):
    """The raw stamp call, checked against the emission ledger."""


Preview = verbs.ActionCommand.bind(INVOICES, "preview")
