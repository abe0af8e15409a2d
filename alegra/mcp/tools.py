"""Every installed command that talks to Alegra, as an MCP tool.

The tools are read from the command manager, so a third-party plugin's
commands become tools exactly as the built-in ones do. A command's tool
is ``alegra_`` followed by its words joined with ``_``, hyphens becoming
underscores too: ``credit-notes email`` is ``alegra_credit_notes_email``.

Each tool has a kind that decides its annotations and how it is guarded:

- ``read``: lists, gets, exports, reports and actions sent with GET
  (read-only and idempotent);
- ``write``: create, update and import (neither read-only nor
  destructive);
- ``destructive``: delete, void, emit, stamp, close and every other action
  not known to be safe. Without ``confirm: true`` a destructive tool
  returns the dry run of what it would send, and sends nothing.

A command class may say what it is with ``mcp_kind = "read"`` (or
``"write"``, ``"destructive"``), or keep out of the server altogether with
``mcp_tool = False``.
"""

from dataclasses import dataclass, field

from alegra import command, namespaces
from alegra.app.commandmanager import ConflictEntry, command_description
from alegra.errors import AlegraError, UsageError
from alegra.mcp.schema import ToolSchema

PREFIX = "alegra_"
KINDS = ("read", "write", "destructive")

# Commands that run on this machine only, or that an agent must not run.
LOCAL_GROUPS = frozenset({
    "auth", "config", "plugin", "plugins", "sandbox", "mcp", "help",
    "complete", "history", "alias", "aliases", "shell"})
LOCAL_VERBS = frozenset({"listen", "serve"})
READ_GROUPS = frozenset({"reports", "doctor"})
READ_VERBS = frozenset({
    "list", "get", "show", "export", "count", "status", "stock", "self",
    "balance", "settings", "preview", "search"})
DESTRUCTIVE_WORDS = frozenset({
    "delete", "void", "emit", "stamp", "close", "cancel", "annul", "remove",
    "reset", "purge"})
WRITE_WORDS = frozenset({"create", "update", "import"})

PAGE = 30
MAX_PAGE = 100


def tool_name(command_name):
    return PREFIX + command_name.replace(" ", "_").replace("-", "_")


def kind_of(name, factory):
    """``read``, ``write`` or ``destructive`` for a command."""
    declared = getattr(factory, "mcp_kind", None)
    if declared in KINDS:
        return declared
    action = getattr(factory, "action", None)
    if getattr(action, "method", None) == "GET":
        return "read"
    words = name.split()
    verb = words[-1]
    if words[0] in READ_GROUPS or verb in READ_VERBS:
        return "read"
    parts = set(verb.split("-"))
    if parts & DESTRUCTIVE_WORDS:
        return "destructive"
    if parts & WRITE_WORDS:
        return "write"
    return "destructive"


def is_local(name, factory, commands):
    """Whether a command is not a tool (see the module's docstring)."""
    words = name.split()
    if words[0] in LOCAL_GROUPS or words[-1] in LOCAL_VERBS:
        return True
    if not getattr(factory, "talks_to_api", True):
        return True
    if getattr(factory, "mcp_tool", True) is False:
        return True
    # A raw stamp is no tool where the guarded emit exists.
    return (words[-1] == "stamp"
            and " ".join([*words[:-1], "emit"]) in commands)


ANNOTATIONS = {
    "read": {"readOnlyHint": True, "destructiveHint": False,
             "idempotentHint": True, "openWorldHint": True},
    "write": {"readOnlyHint": False, "destructiveHint": False,
              "idempotentHint": False, "openWorldHint": True},
    "destructive": {"readOnlyHint": False, "destructiveHint": True,
                    "idempotentHint": False, "openWorldHint": True},
}


@dataclass
class Tool:
    name: str
    command: str
    description: str
    kind: str
    schema: ToolSchema
    paged: bool = False
    page: int = PAGE
    factory: object = field(default=None, repr=False)

    @property
    def annotations(self):
        return {"title": f"alegra {self.command}", **ANNOTATIONS[self.kind]}

    @property
    def input_schema(self):
        schema = self.schema.json_schema()
        properties = schema["properties"]
        if self.paged:
            properties["limit"] = {
                "type": "integer", "minimum": 1, "maximum": MAX_PAGE,
                "default": self.page,
                "description": f"at most this many records (default "
                               f"{self.page}, at most {MAX_PAGE} a call); "
                               "page on with start"}
        if self.kind == "write" and self.schema.has_option("dry_run"):
            properties["dry_run"] = {
                "type": "boolean", "default": False,
                "description": "true to get the request it would send, "
                               "sending nothing"}
        if self.kind == "destructive":
            properties["confirm"] = {
                "type": "boolean", "default": False,
                "description": "true to do it; otherwise nothing is sent "
                               "and the result shows what would be"}
        return schema

    def as_dict(self):
        return {"name": self.name, "title": f"alegra {self.command}",
                "kind": self.kind, "description": self.description,
                "inputSchema": self.input_schema,
                "annotations": self.annotations}

    def argv(self, arguments):
        """``(argv, preview)`` for a call: the command's words, and whether
        it only shows what it would do."""
        arguments = dict(arguments or {})
        confirm = arguments.pop("confirm", False)
        dry_run = (arguments.pop("dry_run", False)
                   if self.kind == "write" else False)
        if not isinstance(dry_run, bool):
            raise UsageError("dry_run must be true or false")
        if self.kind != "destructive" and confirm:
            raise UsageError("confirm is only taken by tools that change "
                             "data irreversibly")
        if not isinstance(confirm, bool):
            raise UsageError("confirm must be true or false")
        limit = None
        if self.paged:
            limit = arguments.pop("limit", None)
            if limit is None:
                limit = self.page
            if (isinstance(limit, bool) or not isinstance(limit, int)
                    or not 1 <= limit <= MAX_PAGE):
                raise UsageError(f"limit must be a whole number from 1 to "
                                 f"{MAX_PAGE}", "page on with start")
        words = self.schema.argv(arguments)
        extra = []
        if limit is not None and not arguments.get("count"):
            extra.append(f"--limit={limit}")
        preview = (self.kind == "destructive" and not confirm) or dry_run
        if preview:
            extra.append("--dry-run")
        elif self.kind == "destructive" and self.schema.has_option("yes"):
            extra.append(self.schema.option_flag("yes"))
        if "--" in words:
            cut = words.index("--")
            words = words[:cut] + extra + words[cut:]
        else:
            words = words + extra
        return [*self.command.split(), *words], preview


def describe(name, factory, kind, paged, page):
    text = command_description(factory) or f"alegra {name}"
    if paged:
        text += (f". Returns at most limit records (default {page}, at most "
                 f"{MAX_PAGE}); page on with start")
    if kind == "destructive":
        text += (". Changes data for good: without confirm: true it sends "
                 "nothing and returns the request it would send")
    return text


def formatter_dests():
    """The options output formatters add to list and show commands."""
    import argparse

    scratch = argparse.ArgumentParser(add_help=False)
    before = {action.dest for action in scratch._actions}
    for namespace in (namespaces.FORMATTER_LIST, namespaces.FORMATTER_SHOW):
        for extension in command.formatter_manager(namespace):
            try:
                extension.obj.add_argument_group(scratch)
            except argparse.ArgumentError:
                pass  # an option another formatter added already
    return {action.dest for action in scratch._actions} - before


def build(app, read_only=False, report=None):
    """The tools of every installed command, sorted by name.

    A command that fails to load is reported (one line naming its
    distribution) and left out; the others are tools all the same.
    """
    report = report or (lambda error: None)
    manager = app.command_manager
    names = {name for name, _ in manager}
    dropped = formatter_dests()
    tools = {}
    for name in sorted(names):
        entry = manager.commands[name]
        if name.split()[0] in LOCAL_GROUPS:
            continue
        if isinstance(entry, ConflictEntry):
            continue  # the app has said so already, naming both
        try:
            factory = entry.load()
        except AlegraError as exc:
            report(exc)
            continue
        if is_local(name, factory, names):
            continue
        kind = kind_of(name, factory)
        if read_only and kind != "read":
            continue
        try:
            tool = make_tool(app, name, factory, kind, dropped)
        except Exception as exc:  # a plugin's parser may fail in any way
            report(AlegraError(f"command '{name}' cannot be a tool: "
                               f"{type(exc).__name__}: {exc}"))
            continue
        if tool.name in tools:
            report(AlegraError(
                f"commands '{tools[tool.name].command}' and '{name}' both "
                f"make the tool {tool.name}; '{name}' is left out"))
            continue
        tools[tool.name] = tool
    return tools


def make_tool(app, name, factory, kind, dropped):
    cmd = factory(app, app.options, cmd_name=name)
    parser = cmd.get_parser(f"alegra {name}")
    schema = ToolSchema(parser, dropped,
                        body=getattr(cmd, "takes_body", False),
                        body_required=getattr(cmd, "body_required", True))
    paged = {"limit", "all"} <= set(schema.fields)
    page = PAGE
    if paged:
        default = schema.fields["limit"].action.default
        if isinstance(default, int) and 0 < default <= MAX_PAGE:
            page = default
        del schema.fields["limit"]
        del schema.fields["all"]
    return Tool(tool_name(name), name, describe(name, factory, kind, paged,
                                                page),
                kind, schema, paged, page, factory)
