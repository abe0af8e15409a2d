"""Webhook subscriptions: ``/webhooks/subscriptions``, wrapped as Alegra
wraps them (``{"subscriptions": [...]}``, ``{"subscription": {...}}``).

Creating one (or an update that sends a URL) first POSTs an empty body to
the URL, before the database is locked; anything but a 2XX within 5
seconds refuses the subscription.
"""

from alegra.sandbox import errors, fields, listing
from alegra.sandbox.resources.base import Resource
from alegra.sandbox.webhooks import EVENTS, TIMEOUT_SECONDS, post


class Subscriptions(Resource):
    name = "webhook-subscriptions"
    path = "/webhooks/subscriptions"
    label = "la suscripción"
    required = ("event", "url")
    extra_filters = {"event": listing.equals("kind")}

    def index(self, doc):
        columns = super().index(doc)
        columns["kind"] = doc.get("event")
        columns["code"] = doc.get("url")
        return columns

    def before_write(self, handler, body):
        if handler not in ("handle_create", "handle_update"):
            return
        doc = body()
        if not isinstance(doc, dict):
            return
        # Refused before the URL is called, as a bad event is.
        fields.check(self.name, doc)
        if "event" in doc:
            check_event(doc["event"])
        url = doc.get("url")
        if isinstance(url, str) and url.strip() and not post(url, b""):
            raise errors.invalid(
                errors.WEBHOOK_VERIFICATION_FAILED,
                f"La URL {url} no respondió con un código 2XX en "
                f"{TIMEOUT_SECONDS:g} segundos; la suscripción no se "
                "creó")

    def build(self, ctx, doc, current):
        check_event(doc["event"])
        if not isinstance(doc["url"], str) or not doc["url"].strip():
            raise errors.required("url")
        changed = current is None or (doc["event"], doc["url"]) != (
            current["event"], current["url"])
        if changed:
            for other in ctx.session.find(
                    self.name, "kind = ? AND code = ?",
                    (doc["event"], doc["url"])):
                if other["id"] != doc.get("id"):
                    raise errors.invalid(
                        errors.WEBHOOK_DUPLICATE,
                        f"Ya existe una suscripción al evento "
                        f"'{doc['event']}' con esa URL")
        return doc, {"failures": 0}

    def handle_list(self, ctx):
        start, limit = listing.page(ctx.args)
        where, params = self.list_clause(ctx)
        return 200, {"subscriptions": ctx.session.find(
            self.name, where, params, start=start, limit=limit)}

    def handle_create(self, ctx):
        return 201, {"subscription": self.create(ctx, ctx.body())}

    def handle_show(self, ctx, key):
        return 200, {"subscription": self.fetch(ctx, key)}

    def handle_update(self, ctx, key):
        return 200, {"subscription": self.update(ctx, key, ctx.body())}


def check_event(event):
    if event not in EVENTS:
        raise errors.invalid(
            errors.WEBHOOK_INVALID_EVENT,
            f"El evento '{event}' no existe. Eventos: {', '.join(EVENTS)}")
