"""``POST /sandbox/events``: fire a webhook event on demand (sandbox only).

``alegra sandbox trigger new-invoice [--id N]`` posts ``{"event":
"new-invoice", "id": N}`` here, authenticated like every other request.
The event is announced exactly as a real change would be: the object (the
one with that id, else the newest of its kind) is marked changed in the
transaction, and once it commits the deliverer posts it to every
subscriber of the event. Nothing in the books changes.
"""

from alegra.sandbox import errors
from alegra.sandbox.resources.base import Resource
from alegra.sandbox.webhooks import EVENTS

# The webhook object of each event, and the resource it lives in.
RESOURCES = {"invoice": "invoices", "bill": "bills", "client": "contacts",
             "item": "items"}


class SandboxEvents(Resource):
    name = "sandbox-events"
    path = "/sandbox/events"
    label = "el evento"
    verbs = ("create",)

    def handle_create(self, ctx):
        body = ctx.body()
        event = body.get("event")
        if event not in EVENTS:
            raise errors.invalid(
                errors.WEBHOOK_INVALID_EVENT,
                f"El evento '{event}' no existe. Eventos: "
                f"{', '.join(EVENTS)}")
        change, obj = event.split("-", 1)
        resource = RESOURCES[obj]
        doc = self._subject(ctx, resource, obj, body.get("id"),
                            deleted=change == "delete")
        ctx.session._changed(resource, doc["id"], change, doc)
        subscribers = ctx.session.count("webhook-subscriptions", "kind = ?",
                                        (event,))
        return 200, {"event": event, "object": obj, "id": doc["id"],
                     "subscribers": subscribers}

    def _subject(self, ctx, resource, obj, key, deleted):
        handler = ctx.resource(resource)
        if key is not None:
            if isinstance(key, bool) or not isinstance(key, int):
                raise errors.invalid(errors.MALFORMED_BODY,
                                     "El campo 'id' debe ser un número")
            doc = ctx.session.get(resource, key) or (
                ctx.session.get(resource, key, deleted=True) if deleted
                else None)
            if doc is None or handler.event_for(doc) != obj:
                raise errors.not_found(handler.label, key)
            return doc
        for doc in ctx.session.find(resource, order="id DESC", limit=30):
            if handler.event_for(doc) == obj:
                return doc
        raise errors.invalid(
            errors.MALFORMED_BODY,
            f"No hay ningún objeto '{obj}' para anunciar; crea uno o "
            "indica su id")
