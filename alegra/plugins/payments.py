"""Payments: money received (``in``) and paid out (``out``)."""

from alegra import bindings
from alegra.i18n import N_
from alegra.resource import DATE, Action, Filter, Resource, attachment_actions

PAYMENTS = Resource(
    name="payments",
    singular="payment",
    aliases=("payment",),
    columns=("id", "number", "date", "type", "client.name", "amount",
             "status"),
    filters=(
        Filter("type", choices=("in", "out"),
               help=N_("in (received) or out (paid)")),
        Filter("status", choices=("open", "void"), help=N_("open or void")),
        Filter("client-id", param="client_id",
               help=N_("only payments of this contact")),
        Filter("conciliation-id", param="conciliation_id",
               help=N_("only payments of this bank reconciliation")),
        Filter("fields",
               help=N_("extra fields to include (Alegra's fields=)")),
    ),
    dates=DATE,
    order_fields=("id", "date"),
    text_fields=frozenset({"observations", "anotation"}),
    actions=(
        Action("void", N_("Void a payment, giving its amount back to the "
                          "documents it paid")),
        Action("open", N_("Reopen a voided payment")),
        # Alegra documents no delete of a payment's attachment.
        *attachment_actions("a payment", detach=False),
    ),
)

Payments = bindings.commands(PAYMENTS)
