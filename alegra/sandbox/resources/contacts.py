"""Contacts: clients and providers, soft-deleted and restorable.

``identification`` is written as ``{"type", "number"}`` (or a bare string,
Mexico's RFC) and read back as the number plus ``identificationObject``.
The country checks the type against its catalog when one is given; a
contact with only a name and a type is accepted. A second contact with the
same identification is refused (code 2006) unless ``ignoreRepeated``. A
PUT replaces the contact, as Alegra does: send what you want to keep
(only its name and status stay when not sent).
"""

from alegra.sandbox import errors, listing, values
from alegra.sandbox.resources import attachments
from alegra.sandbox.resources.base import Resource, deleted_message

TYPES = ("client", "provider")
KEPT_ON_PUT = ("id", "name", "status", "attachments")


def full_name(name):
    """``name`` as text, also from ``{firstName, lastName, ...}``."""
    if isinstance(name, dict):
        parts = [name.get(part) for part in (
            "firstName", "secondName", "lastName", "secondLastName")]
        return " ".join(str(part) for part in parts if part)
    return name


class Contacts(attachments.Attachable, Resource):
    name = "contacts"
    label = "el contacto"
    soft_delete = True
    required = ("name",)
    read_only = ("id",)
    replaced_fields = ("identificationObject",)
    renders = True
    item_actions = ("attachment",)
    extra_filters = {
        "identification": listing.equals("code"),
        "query": listing.contains("name", "code",
                                  listing.json_path("email")),
        "email": listing.equals(listing.json_path("email")),
    }
    order_fields = {"id": "id", "name": "name",
                    "email": listing.json_path("email")}

    def extra_rules(self):
        return [*super().extra_rules(),
                (f"{self.url}/restore/<int:key>", "PUT", "handle_restore"),
                (self.url, "DELETE", "handle_delete_many")]

    def event_for(self, doc):
        return "client" if "client" in (doc.get("type") or []) else None

    def index(self, doc):
        columns = super().index(doc)
        columns["kind"] = ",".join(doc.get("type") or [])
        return columns

    def writable(self, ctx, body):
        changes = super().writable(ctx, body)
        if "identification" in body or "identificationObject" in body:
            number, identification = ctx.country.read_identification(body)
            changes["identification"] = number
            changes["identificationObject"] = identification
        return changes

    def changed(self, current, changes):
        """Alegra replaces a contact on PUT: a field not sent is gone.
        Its status and attachments are the record's own state, and its
        name stays when none is sent (the user guide updates a contact
        with a file holding only an e-mail)."""
        kept = {field: current[field] for field in KEPT_ON_PUT
                if field in current}
        return {**kept, **changes}

    def build(self, ctx, doc, current):
        doc["name"] = full_name(doc["name"])
        if not isinstance(doc["name"], str) or not doc["name"].strip():
            raise errors.required("name")
        kinds = doc.get("type")
        kinds = [kinds] if isinstance(kinds, str) else (kinds or ["client"])
        for kind in kinds:
            values.one_of(kind, TYPES, "type")
        doc["type"] = list(dict.fromkeys(kinds))
        values.one_of(doc.get("status") or "active", ("active", "inactive"),
                      "status")
        ctx.country.check_contact(doc)
        if not values.is_true(doc.pop("ignoreRepeated", False)):
            self.check_repeated(ctx, doc, current)
        return doc, None

    def check_repeated(self, ctx, doc, current):
        number = doc.get("identification")
        if not number or (current and number == current.get(
                "identification")):
            return
        for other in ctx.session.find(self.name, "code = ?", (number,)):
            if other["id"] != doc.get("id"):
                raise errors.invalid(
                    errors.DUPLICATE_CONTACT,
                    f"Ya existe un contacto con la identificación {number}",
                    contactId=str(other["id"]))

    def render(self, ctx, doc):
        # Without mode=advanced a single type reads as a string.
        kinds = doc.get("type") or []
        if ctx.args.get("mode") != "advanced" and len(kinds) == 1:
            return {**doc, "type": kinds[0]}
        return doc

    def list_deleted(self, ctx):
        return ctx.args.get("status") == "deleted"

    def list_clause(self, ctx):
        args = ctx.args
        if args.get("status") == "deleted":
            args = {key: value for key, value in args.items()
                    if key != "status"}
        return listing.where(self.filters, args)

    def handle_restore(self, ctx, key):
        doc = ctx.session.get(self.name, key, deleted=True)
        if doc is None:
            return 200, self.render(ctx, self.fetch(ctx, key))
        ctx.session.set_deleted(self.name, doc, False)
        return 200, self.render(ctx, doc)

    def handle_delete_many(self, ctx):
        """``DELETE /contacts?id=1,2,3``: all of them, or none when one is
        missing."""
        text = ctx.args.get("id")
        if not text:
            raise errors.required("id")
        keys = [values.to_id(part, "id") for part in text.split(",")]
        for key in keys:
            self.fetch(ctx, key)
        for key in keys:
            self.delete(ctx, key)
        return 200, deleted_message("los contactos")
