"""Every command that may be a tool, each built only when asked for.

Building a tool takes its command class and its parser (about 2 ms
each): a server offering thirty tools must not pay for three hundred.
The catalog knows every tool's name and toolsets from the command names
alone, and builds a tool the first time it is listed, described or called.
"""

from alegra.app.commandmanager import ConflictEntry
from alegra.errors import AlegraError
from alegra.i18n import _
from alegra.mcp import toolsets
from alegra.mcp.tools import (LOCAL_GROUPS, formatter_dests, is_local,
                              kind_of, make_tool, tool_name)


class Catalog:
    """The tools an app's commands make, for one server's rules.

    ``read_only`` keeps only the tools that read; ``allow_destructive``
    false leaves out those that change data for good (:attr:`forbidden`
    remembers their names, to say why they are not there). ``report``
    receives the :class:`~alegra.errors.AlegraError` of a command that
    cannot be a tool.
    """

    def __init__(self, app, read_only=False, report=None, files=None,
                 allow_destructive=True):
        self.app = app
        self.read_only = read_only
        self.allow_destructive = allow_destructive
        self.report = report or (lambda error: None)
        self.files = files
        self.forbidden = set()
        self._built = {}
        self._dropped = None
        manager = app.command_manager
        self.command_names = {name for name, _ in manager}
        # tool name -> (command name, entry, toolsets)
        self.entries = {}
        for name in sorted(self.command_names):
            entry = manager.commands[name]
            if name.split()[0] in LOCAL_GROUPS:
                continue
            if isinstance(entry, ConflictEntry):
                continue  # the app has said so already, naming both
            tool = tool_name(name)
            if tool in self.entries:
                self.report(AlegraError(
                    _("commands '{first}' and '{name}' both make the tool "
                      "{tool}; '{name}' is left out").format(
                        first=self.entries[tool][0], name=name,
                        tool=tool)))
                continue
            self.entries[tool] = (name, entry,
                                  toolsets.toolsets_of(name, entry))

    def known_toolsets(self):
        return sorted({toolset for _, _, found in self.entries.values()
                       for toolset in found})

    def names(self, chosen):
        """The names of the tools that may be in the ``chosen`` toolsets
        (before loading: some may turn out to be no tool)."""
        toolsets.check(chosen, self.known_toolsets())
        return [tool for tool, (_, _, found) in self.entries.items()
                if toolsets.selected(chosen, found)]

    def tools(self, chosen):
        """The built tools of the ``chosen`` toolsets, by name."""
        found = {}
        for name in self.names(chosen):
            tool = self.tool(name)
            if tool is not None:
                found[name] = tool
        return found

    def toolsets_of(self, name):
        entry = self.entries.get(name)
        return sorted(entry[2]) if entry else []

    def command_of(self, name):
        entry = self.entries.get(name)
        return entry[0] if entry else None

    def tool(self, name):
        """The :class:`~alegra.mcp.tools.Tool` named ``name``, or None
        when there is none for this server."""
        if name not in self.entries:
            return None  # not kept: an agent may make up any number
        if name not in self._built:
            self._built[name] = self._build(name)
        return self._built[name]

    def _build(self, name):
        command, entry, _toolsets = self.entries[name]
        try:
            factory = entry.load()
        except AlegraError as exc:
            self.report(exc)
            return None
        if is_local(command, factory, self.command_names):
            return None
        kind = kind_of(command, factory)
        if self.read_only and kind != "read":
            return None
        if kind == "destructive" and not self.allow_destructive:
            self.forbidden.add(name)
            return None
        if self._dropped is None:
            self._dropped = formatter_dests()
        try:
            return make_tool(self.app, command, factory, kind,
                             self._dropped, self.files)
        except Exception as exc:  # a plugin's parser may fail in any way
            self.report(AlegraError(
                _("command '{command}' cannot be a tool: {kind}: {error}")
                .format(command=command, kind=type(exc).__name__,
                        error=exc)))
            return None


def build(app, read_only=False, report=None, files=None,
          chosen=(toolsets.ALL,)):
    """The tools of the ``chosen`` toolsets (every one by default), by
    name."""
    catalog = Catalog(app, read_only=read_only, report=report, files=files)
    return catalog.tools(chosen)
