"""Recurring invoices (templates Alegra issues on a schedule) and the
payments they bring in (read-only)."""

from alegra import bindings
from alegra.i18n import N_
from alegra.inputs import dates
from alegra.resource import READ_ONLY, Filter, Resource

RECURRING_INVOICES = Resource(
    name="recurring-invoices",
    singular="recurring invoice",
    columns=("id", "client.name", "startDate", "endDate", "frequency",
             "status", "total"),
    filters=(
        Filter("status", choices=("active", "inactive"),
               help=N_("active or inactive")),
        Filter("client-id", param="client_id",
               help=N_("only templates of this client")),
        Filter("client-name", param="client_name",
               help=N_("only templates whose client name contains this")),
        Filter("start-date", param="startDate", type=dates.day_argument,
               help=N_("only templates starting on this date")),
        Filter("end-date", param="endDate", type=dates.day_argument,
               help=N_("only templates ending on this date")),
    ),
    text_fields=frozenset({"observations", "anotation", "termsConditions"}),
)

RECURRING_PAYMENTS = Resource(
    name="recurring-payments",
    singular="recurring payment",
    columns=("id", "date", "client.name", "amount", "status"),
    verbs=READ_ONLY,
)

RecurringInvoices = bindings.commands(RECURRING_INVOICES)
RecurringPayments = bindings.commands(RECURRING_PAYMENTS)
