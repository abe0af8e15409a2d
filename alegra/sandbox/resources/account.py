"""The account itself: company, users, and paths Alegra forbids."""

from alegra.sandbox import errors, listing
from alegra.sandbox.resources import attachments
from alegra.sandbox.resources.base import Resource, Singleton

ALL_METHODS = ("GET", "POST", "PUT", "DELETE", "PATCH")


class Company(Singleton):
    """The company; ``applicationVersion`` names its country and cannot
    change (a country is chosen when the database is created)."""

    name = "company"
    label = "la empresa"
    collection_actions = ("attachment",)

    def build(self, ctx, doc, current):
        if current and doc.get("applicationVersion") != current.get(
                "applicationVersion"):
            raise errors.invalid(
                errors.NOT_EDITABLE,
                "La versión (país) de la empresa no se puede cambiar")
        return doc, None

    def collection_attachment(self, ctx):
        status, attachment = attachments.attach(ctx, self, self.key)
        company = self.fetch(ctx, self.key)
        company["logo"] = attachment["url"]
        ctx.session.save(self.name, company)
        return status, attachment


class Users(Resource):
    """Users; ``/users/self`` is the one whose credentials are in use."""

    name = "users"
    label = "el usuario"
    required = ("email",)
    extra_filters = {"role": listing.equals(listing.json_path("role"))}
    collection_actions = ("attachment",)

    def extra_rules(self):
        return [
            (f"{self.url}/self", "GET", "handle_self"),
            (f"{self.url}/self", "PUT", "handle_self_update"),
            (f"{self.url}/self/metadata", "PUT", "handle_self_metadata"),
            (f"{self.url}/<int:key>/metadata", "PUT", "handle_metadata"),
        ]

    def self_key(self, ctx):
        return int(ctx.session.meta("self_user", 1))

    def render(self, ctx, doc):
        # The account's own user answers with the e-mail the sandbox
        # accepts, whatever it was started with.
        if doc.get("id") == self.self_key(ctx) and ctx.settings:
            return {**doc, "email": ctx.settings.email}
        return doc

    def handle_self(self, ctx):
        return self.handle_show(ctx, self.self_key(ctx))

    def handle_self_update(self, ctx):
        body = {key: value for key, value in ctx.body().items()
                if key != "email"}
        return self.handle_update_with(ctx, self.self_key(ctx), body)

    def handle_update_with(self, ctx, key, body):
        return 200, self.render(ctx, self.update(ctx, key, body))

    def handle_self_metadata(self, ctx):
        return self.handle_metadata(ctx, self.self_key(ctx))

    def handle_metadata(self, ctx, key):
        return self.handle_update_with(ctx, key, {"metadata": ctx.body()})

    def collection_attachment(self, ctx):
        return attachments.attach(ctx, self, self.self_key(ctx))


class Reconciliations(Resource):
    """``/reconciliations`` answers 403: the path is ``/conciliations``."""

    name = "reconciliations"
    verbs = ()

    def extra_rules(self):
        return [(self.url, ALL_METHODS, "handle_forbidden"),
                (f"{self.url}/<path:rest>", ALL_METHODS, "handle_forbidden")]

    def handle_forbidden(self, ctx, rest=None):
        raise errors.forbidden()
