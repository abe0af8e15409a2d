"""A resource: its routes, its list filters and the generic verbs.

Each resource is described once (name, path, label, verbs, filters,
actions) and inherits list, create, show, update and delete. A subclass
changes what is particular to it, mostly ``build`` (from a body to the
stored object) and its extra actions. HTTP handlers (``handle_*``,
``action_*``, ``collection_*``) read the request and call the domain
methods, which the seeder calls directly.
"""

from alegra import jsonio
from alegra.sandbox import errors, fields, listing, store

ITEM_KEY = "<int:key>"


class Raw:
    """A JSON text already encoded, such as a page of stored objects."""

    def __init__(self, text):
        self.text = text


def merge(current, changes, replaced=()):
    """``current`` with ``changes`` applied: objects merge, the rest
    (lists included, and the fields named in ``replaced``) is replaced.
    PUT sends only what changes."""
    result = dict(current)
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(result.get(key), dict) \
                and key not in replaced:
            result[key] = merge(result[key], value)
        else:
            result[key] = value
    return result


def deleted_message(label):
    return {"code": 200, "message": f"Se eliminó {label} correctamente"}


class Resource:
    name = ""
    # URL path under /api/v1; "/" + name unless set.
    path = None
    # For messages, with its article: "la factura".
    label = ""
    verbs = ("list", "create", "show", "update", "delete")
    # POST /{path}/{id}/{action} -> action_<action>
    item_actions = ()
    # POST /{path}/{action} -> collection_<action>
    collection_actions = ()
    key_rule = ITEM_KEY
    soft_delete = False
    # Fields a create must carry.
    required = ()
    # Fields a body cannot set.
    read_only = ("id",)
    # Objects an update replaces whole instead of merging into.
    replaced_fields = ()
    # Values a new object starts with.
    defaults = {"status": "active"}
    # Webhook object name ("invoice"), when changes are announced.
    event = None
    # True when ``render`` changes stored objects on the way out.
    renders = False
    extra_filters = {}
    order_fields = {"id": "id", "name": "name", "status": "status"}

    def __init__(self):
        self.filters = {
            "id": listing.ids_in("id"),
            "status": listing.any_of("status"),
            "name": listing.contains("name"),
            "query": listing.contains("name", "code", "number"),
            "type": listing.has_value("kind"),
            **self.extra_filters,
        }

    @property
    def url(self):
        return self.path or f"/{self.name}"

    def rules(self):
        """``(path, methods, handler name)`` for every route."""
        item = f"{self.url}/{self.key_rule}"
        verbs = {
            "list": (self.url, "GET", "handle_list"),
            "create": (self.url, "POST", "handle_create"),
            "show": (item, "GET", "handle_show"),
            "update": (item, "PUT", "handle_update"),
            "delete": (item, "DELETE", "handle_delete"),
        }
        rules = [verbs[verb] for verb in self.verbs]
        for action in self.collection_actions:
            rules.append((f"{self.url}/{action}", "POST",
                          "collection_" + action.replace("-", "_")))
        for action in self.item_actions:
            rules.append((f"{item}/{action}", "POST",
                          "action_" + action.replace("-", "_")))
        return rules + list(self.extra_rules())

    def extra_rules(self):
        return ()

    def index(self, doc):
        return store.default_index(doc)

    def event_for(self, doc):
        """The webhook object a change of ``doc`` is announced as."""
        return self.event

    def render(self, ctx, doc):
        return doc

    # -- HTTP handlers ----------------------------------------------------

    def before_write(self, handler, body):
        """Work done before the write transaction opens: anything slow or
        on the network, which must not hold the database lock. ``body`` is
        a callable returning the request body."""

    def handle_list(self, ctx):
        return 200, self.list_page(ctx)

    def handle_create(self, ctx):
        return 201, self.render(ctx, self.create(ctx, ctx.body()))

    def handle_show(self, ctx, key):
        return 200, self.render(ctx, self.fetch(ctx, key))

    def handle_update(self, ctx, key):
        return 200, self.render(ctx, self.update(ctx, key, ctx.body()))

    def handle_delete(self, ctx, key):
        self.delete(ctx, key)
        return 200, deleted_message(self.label)

    # -- listing ------------------------------------------------------------

    def list_clause(self, ctx):
        return listing.where(self.filters, ctx.args)

    def list_deleted(self, ctx):
        return False

    def list_page(self, ctx):
        start, limit = listing.page(ctx.args)
        where, params = self.list_clause(ctx)
        deleted = self.list_deleted(ctx)
        texts = ctx.session.select(
            self.name, where, params,
            order=listing.order(self.order_fields, ctx.args),
            start=start, limit=limit, deleted=deleted)
        if self.renders:
            texts = [jsonio.dumps(self.render(ctx, jsonio.loads(text)))
                     for text in texts]
        data = "[" + ",".join(texts) + "]"
        if listing.wants_metadata(ctx.args):
            total = ctx.session.count(self.name, where, params,
                                      deleted=deleted)
            return Raw(f'{{"metadata":{{"total":{total}}},"data":{data}}}')
        return Raw(data)

    # -- the verbs ----------------------------------------------------------

    def fetch(self, ctx, key):
        doc = ctx.session.get(self.name, key)
        if doc is None:
            raise errors.not_found(self.label, key)
        return doc

    def writable(self, ctx, body):
        """The fields of a body that may be stored, in their stored form;
        a field the resource does not know is refused."""
        fields.check(self.name, body)
        return {key: value for key, value in body.items()
                if key not in self.read_only}

    def create(self, ctx, body, key=None):
        doc = self.writable(ctx, body)
        for field in self.required:
            if body.get(field) in (None, "", [], {}):
                raise errors.required(field)
        for field, value in self.defaults.items():
            doc.setdefault(field, value)
        doc, internal = self.build(ctx, doc, None)
        doc = ctx.session.insert(self.name, doc, key=key, internal=internal)
        return self.created(ctx, doc, body)

    def update(self, ctx, key, body):
        current = self.fetch(ctx, key)
        self.check_editable(ctx, current, body)
        doc = self.changed(current, self.writable(ctx, body))
        for field in self.required:
            if doc.get(field) in (None, "", [], {}):
                raise errors.required(field)
        doc, internal = self.build(ctx, doc, current)
        doc["id"] = current["id"]
        ctx.session.save(self.name, doc, internal=internal)
        return self.updated(ctx, doc, current)

    def delete(self, ctx, key):
        doc = self.fetch(ctx, key)
        self.check_deletable(ctx, doc)
        if self.soft_delete:
            ctx.session.set_deleted(self.name, doc, True)
        else:
            ctx.session.remove(self.name, doc)
        self.deleted(ctx, doc)

    # -- hooks for subclasses -------------------------------------------

    def changed(self, current, changes):
        """The object a PUT leaves: by default the fields not sent are
        kept (a merge), as the reference says of most resources."""
        return merge(current, changes, self.replaced_fields)

    def build(self, ctx, doc, current):
        """The object to store, from ``doc`` (the body on create, the
        current object with the changes merged on update), and its hidden
        state (None keeps what is stored)."""
        return doc, None

    def created(self, ctx, doc, body):
        return doc

    def updated(self, ctx, doc, current):
        return doc

    def deleted(self, ctx, doc):
        pass

    def check_editable(self, ctx, current, body):
        pass

    def check_deletable(self, ctx, doc):
        pass


class Singleton(Resource):
    """One object at a fixed path, read with GET and changed with PUT."""

    verbs = ()
    key = 1

    def extra_rules(self):
        return [(self.url, "GET", "handle_read"),
                (self.url, "PUT", "handle_write")]

    def handle_read(self, ctx):
        return 200, self.render(ctx, self.fetch(ctx, self.key))

    def handle_write(self, ctx):
        return 200, self.render(ctx, self.update(ctx, self.key, ctx.body()))
