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

No tool names a local file unless the server has a folder for them (see
:mod:`alegra.mcp.files`): export tools return a page of data, import tools
take their rows in the call (see :mod:`alegra.mcp.bulktools`), and a
command that cannot run without a file is no tool.
"""

from dataclasses import dataclass, field

from alegra import command, namespaces
from alegra.app.commandmanager import command_description
from alegra.errors import UsageError
from alegra.mcp import bulktools
from alegra.mcp.schema import ToolSchema

PREFIX = "alegra_"
KINDS = ("read", "write", "destructive")

# Commands that run on this machine only, or that an agent must not run.
LOCAL_GROUPS = frozenset({
    "auth", "config", "plugin", "plugins", "sandbox", "mcp", "help",
    "complete", "history", "alias", "aliases", "shell", "agent"})
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


# Only what differs from the MCP defaults (not read-only, destructive,
# not idempotent, open world), and the destructive hint said plainly.
ANNOTATIONS = {
    "read": {"readOnlyHint": True, "idempotentHint": True},
    "write": {"destructiveHint": False},
    "destructive": {"destructiveHint": True},
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
    # An export walking one page (start, limit) instead of every one.
    window: bool = False
    # An import taking its rows in the call (rows, csv).
    inline: bool = False

    @property
    def title(self):
        return f"alegra {self.command}"

    @property
    def annotations(self):
        return dict(ANNOTATIONS[self.kind])

    @property
    def input_schema(self):
        schema = self.schema.json_schema()
        properties = schema["properties"]
        if self.window:
            properties["start"] = {"type": "integer", "minimum": 0,
                                   "default": 0}
        if self.inline:
            properties.update(bulktools.ROWS_SCHEMA)
        if self.paged or self.window:
            properties["limit"] = {
                "type": "integer", "minimum": 1, "maximum": MAX_PAGE,
                "default": self.page}
        if self.kind == "write" and self.schema.has_option("dry_run"):
            properties["dry_run"] = {"type": "boolean", "default": False}
        if self.kind == "destructive":
            properties["confirm"] = {"type": "boolean", "default": False}
        return schema

    def as_dict(self):
        return {"name": self.name, "title": self.title,
                "kind": self.kind, "description": self.description,
                "inputSchema": self.input_schema,
                "annotations": self.annotations}

    def argv(self, arguments):
        """``(argv, preview)`` for a call: the command's words, and whether
        it only shows what it would do."""
        call = self.plan(arguments)
        return call.argv, call.preview

    def plan(self, arguments):
        """The :class:`Call` for a call's ``arguments``."""
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
        limit = window = rows = None
        if self.paged:
            limit = page_limit(arguments.pop("limit", None), self.page)
        if self.window:
            window = self.page_window(arguments)
        if self.inline:
            rows = bulktools.take_rows(arguments, "file" in self.schema.fields)
        words = self.schema.argv(arguments)
        extra = []
        if limit is not None and not arguments.get("count"):
            extra.append(f"--limit={limit}")
        preview = (self.kind == "destructive" and not confirm) or dry_run
        if preview:
            extra.append("--dry-run")
        elif self.kind == "destructive" and self.schema.has_option("yes"):
            extra.append(self.schema.option_flag("yes"))
        argv = [*self.command.split(), *with_options(words, extra)]
        return Call(argv, preview, window, rows,
                    failures_given=arguments.get("failures") is not None)

    def page_window(self, arguments):
        """``(start, limit)`` of an export's page, or None when it writes
        the whole export to a file (``out``)."""
        start = arguments.pop("start", None)
        limit = arguments.pop("limit", None)
        if arguments.get("out") is not None:
            if start is not None or limit is not None:
                raise UsageError("start and limit page a result returned "
                                 "here; with out the whole export is "
                                 "written")
            return None
        if start is None:
            start = 0
        if isinstance(start, bool) or not isinstance(start, int) \
                or start < 0:
            raise UsageError("start must be a whole number, 0 or more")
        return start, page_limit(limit, self.page)


@dataclass
class Call:
    """What running one tool call takes."""

    argv: list
    preview: bool = False
    window: tuple = None        # (start, limit) of an export's page
    rows: tuple = None          # (extension, text) of inline rows
    failures_given: bool = False


def page_limit(limit, default):
    if limit is None:
        return default
    if (isinstance(limit, bool) or not isinstance(limit, int)
            or not 1 <= limit <= MAX_PAGE):
        raise UsageError(f"limit must be a whole number from 1 to "
                         f"{MAX_PAGE}", "page on with start")
    return limit


def with_options(words, extra):
    """``words`` with the options ``extra`` before any ``--``."""
    if "--" in words:
        cut = words.index("--")
        return words[:cut] + extra + words[cut:]
    return words + extra


def describe(name, factory):
    """The command's one line: what every tool shares (paging, previews,
    confirm) is said once, in the server's instructions."""
    return command_description(factory) or f"alegra {name}"


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


def make_tool(app, name, factory, kind, dropped, files=None):
    """The tool of one command; None if it needs a file it cannot have."""
    cmd = factory(app, app.options, cmd_name=name)
    parser = cmd.get_parser(f"alegra {name}")
    schema = ToolSchema(parser, dropped,
                        body=getattr(cmd, "takes_body", False),
                        body_required=getattr(cmd, "body_required", True),
                        files=files)
    role = bulktools.role(factory)
    if role == "import" and "file" in schema.fields:
        schema.fields["file"].required = False  # or rows, or csv
    elif role != "import" and (
            schema.withheld_required()
            or (getattr(factory, "needs_file", False) and schema.withheld)):
        return None
    paged = {"limit", "all"} <= set(schema.fields)
    page = PAGE
    if paged:
        default = schema.fields["limit"].action.default
        if isinstance(default, int) and 0 < default <= MAX_PAGE:
            page = default
        del schema.fields["limit"]
        del schema.fields["all"]
    return Tool(tool_name(name), name,
                describe(name, factory),
                kind, schema, paged, page, factory,
                window=role == "export", inline=role == "import")
