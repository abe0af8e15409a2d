"""Sales invoices."""

from alegra.inputs import dates
from alegra.i18n import N_, _
from alegra import verbs
from alegra.bulk import commands as bulk
from alegra.emission.commands import GuardedStamp
from alegra.resource import (
    DOCUMENT_DATES, Action, Filter, Resource, attachment_actions,
)

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
               help=N_("only invoices that are draft, open, closed or void (a "
                       "comma list is allowed)")),
        Filter("client-id", param="client_id",
               help=N_("only invoices of this client")),
        Filter("date", type=dates.day_argument,
               help=N_("only invoices of this date (YYYY-MM-DD, today, ...)")),
    ),
    dates=DOCUMENT_DATES,
    order_fields=("id", "date", "dueDate", "status", "name"),
    text_fields=frozenset({"observations", "anotation", "termsConditions",
                           "numberTemplate.number", "numberTemplate.prefix"}),
    actions=(
        Action("void", N_("Void (annul) an invoice")),
        Action("open", N_("Reopen a voided invoice")),
        Action("email", N_("E-mail an invoice (--set 'emails=[...]')"),
               body="required"),
        Action("stamp", N_("Stamp invoices as the body says (raw, in batches "
                           "of 10; checked against the emission ledger)"),
               body="required", collection=True),
        Action("preview", N_("Get the PDF preview URL of an invoice before "
                             "creating it (body: the invoice)"),
               collection=True, body="optional"),
        Action("retentions", N_("Replace the retentions applied to an open "
                                "invoice (--set 'retentions=[]' removes all)"),
               method="PUT", path="retentionsApplied", body="required"),
        *attachment_actions("an invoice"),
    ),
)


class Create(verbs.Create.bind(INVOICES)):
    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--draft", action="store_true",
            help=N_("create a draft: remove any stamp instruction from the "
                    "body"),
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


Retentions = verbs.ActionCommand.bind(INVOICES, "retentions")
Attach = verbs.ActionCommand.bind(INVOICES, "attach")
AttachmentDelete = verbs.ActionCommand.bind(INVOICES, "attachment-delete")
# What an existing invoice holds that a new one cannot be sent with.
NOT_CREATABLE = ("id", "status", "numberTemplate", "stamp", "total",
                 "balance", "totalPaid", "subtotal", "tax", "discount",
                 "payments", "attachments", "comments", "url", "pdfUrl",
                 "number", "cufe", "uuid", "datetime")


class Preview(verbs.ActionCommand.bind(INVOICES, "preview")):
    """``POST /invoices/preview`` with the invoice being created as the
    body. ``invoices preview 12`` (the older form) previews a copy of
    invoice 12: its fields, read first, then the body's on top."""

    api_requests = (("GET", "invoices/{id}"),)

    def add_arguments(self, parser):
        parser.add_argument(
            "identifier", nargs="?", metavar="<id>", type=self.id_type(),
            help=N_("preview a copy of this invoice (its fields, then the "
                    "body's on top)"))
        super().add_arguments(parser)

    def write_target(self, parsed_args):
        return "POST", "invoices/preview"

    def take_action(self, parsed_args):
        payload = self.request_body(parsed_args)
        client = self.client(parsed_args)
        if parsed_args.identifier is not None:
            found = client.get(INVOICES.item_path(parsed_args.identifier))
            if self.is_dry_run(parsed_args):
                self.note(_("Note: in a dry run the invoice is not read; "
                            "the preview would send its fields with the "
                            "body's on top"))
            base = {key: value for key, value in (found or {}).items()
                    if key not in NOT_CREATABLE}
            payload = {**base, **(payload or {})}
        if not payload:
            from alegra.errors import UsageError

            raise UsageError(
                _("no invoice to preview"),
                _("give the invoice as with create (-f FILE, -d JSON, "
                  "--set), or the id of one to copy"))
        answer = client.post("invoices/preview", payload)
        if answer is None:
            return None
        return self.one(parsed_args, answer)
