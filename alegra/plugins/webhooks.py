"""Webhook subscriptions: Alegra calls a URL when an invoice, bill,
client or item is created, edited or deleted."""

from alegra import bindings
from alegra.i18n import N_
from alegra.resource import Filter, Resource

EVENTS = tuple(f"{change}-{thing}"
               for thing in ("invoice", "bill", "client", "item")
               for change in ("new", "edit", "delete"))

WEBHOOK_SUBSCRIPTIONS = Resource(
    name="webhook-subscriptions",
    singular="webhook subscription",
    aliases=("webhooks",),
    path="webhooks/subscriptions",
    # Alegra wraps them: {"subscriptions": [...]}, {"subscription": {...}}.
    envelope="subscription",
    columns=("id", "event", "url", "status"),
    body_flags=(
        Filter("event", choices=EVENTS,
               help=N_("the event to subscribe to: new-invoice, "
                       "edit-invoice, delete-invoice, new-bill, edit-bill, "
                       "delete-bill, new-client, edit-client, "
                       "delete-client, new-item, edit-item, delete-item")),
        Filter("url", help=N_("the https URL Alegra calls; it must answer 2XX "
                              "within 5 seconds")),
    ),
)

WebhookSubscriptions = bindings.commands(WEBHOOK_SUBSCRIPTIONS)
