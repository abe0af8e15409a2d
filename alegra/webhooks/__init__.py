"""Webhooks you can watch: ``alegra webhooks listen`` (a local receiver
that subscribes itself, prints and forwards deliveries) and the events
Alegra announces."""

OBJECTS = ("invoice", "bill", "client", "item")
EVENTS = tuple(f"{verb}-{obj}" for obj in OBJECTS
               for verb in ("new", "edit", "delete"))
SUBSCRIPTIONS = "webhooks/subscriptions"
