"""The declarative description of an Alegra resource.

A resource module (built-in or from a plugin) describes its resource once
with :class:`Resource` and asks :mod:`alegra.verbs` for the commands; the
verbs read everything particular to the resource from here.
"""

from dataclasses import dataclass, field

VERBS = ("list", "get", "create", "update", "delete")


@dataclass(frozen=True)
class Filter:
    """A list option that becomes a query parameter.

    ``Filter("status", choices=("draft", "open"))`` gives ``--status`` and
    sends ``status=``; ``Filter("client-id", param="client_id")`` renames.
    """

    option: str
    param: str = None
    help: str = None
    choices: tuple = None

    @property
    def query_name(self):
        return self.param or self.option

    @property
    def dest(self):
        return "filter_" + self.option.replace("-", "_")


@dataclass(frozen=True)
class Action:
    """``POST /{path}/{id}/{name}`` (or ``/{path}/{name}`` on the collection).

    ``body`` is ``"none"``, ``"optional"`` or ``"required"``. A collection
    action with an ``id_field`` still takes an id on the command line and
    sends it in the body (``invoices preview 12`` posts ``{"id": 12}``).
    """

    name: str
    description: str
    body: str = "optional"
    collection: bool = False
    method: str = "POST"
    path: str = None
    id_field: str = None

    @property
    def takes_id(self):
        return not self.collection or self.id_field is not None

    @property
    def url_segment(self):
        return self.path or self.name


@dataclass(frozen=True)
class Resource:
    """One Alegra resource: its path, its id, what to show, what it allows.

    ``text_fields`` are dotted field names whose ``--set`` values always
    stay strings (identification numbers, phones, references, postal
    codes), whatever they look like. ``verbs`` are the generic verbs the
    resource allows; binding another one is an error.
    """

    name: str
    singular: str
    path: str = None
    id_name: str = "id"
    id_help: str = None
    columns: tuple = ("id",)
    filters: tuple = ()
    order_fields: tuple = ()
    text_fields: frozenset = field(default_factory=frozenset)
    verbs: tuple = VERBS
    actions: tuple = ()
    article: str = "a"

    @property
    def api_path(self):
        return self.path or self.name

    def item_path(self, identifier):
        from urllib.parse import quote

        return f"{self.api_path}/{quote(str(identifier), safe='')}"

    def action(self, name):
        for action in self.actions:
            if action.name == name:
                return action
        raise KeyError(name)

    @property
    def a_singular(self):
        return f"{self.article} {self.singular}"
