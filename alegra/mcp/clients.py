"""Adding alegra to (and removing it from) AI clients' MCP configuration.

Each client keeps its servers in a JSON file, in a format it documents:

- Claude Code: ``mcpServers`` in ``~/.claude.json`` (scope ``user``, for
  every project), under ``projects.<folder>`` in the same file (scope
  ``local``, this folder only; what ``claude mcp add`` does by default), or
  in ``.mcp.json`` in the project (scope ``project``, shared through the
  repository). Entries are ``{"type": "stdio", "command", "args", "env"}``.
- Cursor: ``mcpServers`` in ``~/.cursor/mcp.json`` (``user``) or
  ``.cursor/mcp.json`` (``project``); entries ``{"command", "args"}``.
- VS Code: ``servers`` in ``.vscode/mcp.json`` (``project``) or in the user
  profile's ``mcp.json`` (``user``); entries ``{"type": "stdio", "command",
  "args"}``.

A file is read whole, changed in that one entry, and written back
atomically (``alegra.local.userfiles``: a temporary file in the same
folder, fsync, rename) with the rest untouched and its numbers exact. A
device, a FIFO, a folder or a socket in its place is refused. A file that is
not valid JSON, or not a JSON object, is refused rather than replaced.
"""

import difflib
import os
import sys
from dataclasses import dataclass

from alegra import jsonio
from alegra.errors import UsageError
from alegra.i18n import N_, _
from alegra.local import userfiles


@dataclass(frozen=True)
class Target:
    """Where one client keeps its servers: a file and the keys to them."""

    path: str
    keys: tuple
    entry_type: str = None

    def entry(self, command, args, env=None):
        entry = {"command": command, "args": list(args)}
        if self.entry_type:
            entry = {"type": self.entry_type, **entry}
        if env or (self.keys[-1] == "mcpServers" and self.entry_type):
            entry["env"] = dict(env or {})
        return entry


def vscode_user_dir(environ):
    home = environ.get("HOME") or os.path.expanduser("~")
    if sys.platform == "darwin":
        return os.path.join(home, "Library", "Application Support", "Code",
                            "User")
    if sys.platform == "win32":
        return os.path.join(environ.get("APPDATA", home), "Code", "User")
    config = environ.get("XDG_CONFIG_HOME") or os.path.join(home, ".config")
    return os.path.join(config, "Code", "User")


CLIENTS = {
    "claude": ("user", "local", "project"),
    "cursor": ("user", "project"),
    "vscode": ("project", "user"),
}
# Translated where shown (the --scope help).
SCOPES = {
    "claude": N_("user: ~/.claude.json, for every project; local: the "
                 "same file, for this folder only; project: .mcp.json "
                 "here"),
    "cursor": N_("user: ~/.cursor/mcp.json; project: .cursor/mcp.json "
                 "here"),
    "vscode": N_("project: .vscode/mcp.json here; user: mcp.json in the "
                 "VS Code user profile"),
}


def target(client, scope, environ, cwd=None):
    """The :class:`Target` of ``client`` in ``scope``."""
    home = environ.get("HOME") or os.path.expanduser("~")
    cwd = cwd or os.getcwd()
    if client == "claude":
        if scope == "project":
            return Target(os.path.join(cwd, ".mcp.json"), ("mcpServers",),
                          "stdio")
        keys = ("mcpServers",) if scope == "user" else (
            "projects", cwd, "mcpServers")
        return Target(os.path.join(home, ".claude.json"), keys, "stdio")
    if client == "cursor":
        folder = home if scope == "user" else cwd
        return Target(os.path.join(folder, ".cursor", "mcp.json"),
                      ("mcpServers",))
    if client == "vscode":
        folder = (vscode_user_dir(environ) if scope == "user"
                  else os.path.join(cwd, ".vscode"))
        return Target(os.path.join(folder, "mcp.json"), ("servers",),
                      "stdio")
    raise UsageError(_("unknown MCP client {client!r}").format(
        client=client), _("choose from {names}").format(
            names=", ".join(CLIENTS)))


def read_document(path):
    """The JSON object in ``path`` (``{}`` when there is no file)."""
    real = userfiles.check(path)  # by stat: opening a FIFO would block
    try:
        with open(real, encoding="utf-8") as handle:
            text = handle.read()
    except FileNotFoundError:
        return {}, None
    if not text.strip():
        return {}, text
    try:
        document = jsonio.loads(text)
    except ValueError as exc:
        raise UsageError(
            _("{path} is not valid JSON ({error}); nothing was changed")
            .format(path=path, error=exc),
            _("fix or move the file, then run this again")) from None
    if not isinstance(document, dict):
        raise UsageError(_("{path} does not hold a JSON object; nothing "
                           "was changed").format(path=path))
    return document, text


def servers_of(document, keys, create):
    """The object at ``keys`` in ``document`` (made when ``create``)."""
    node = document
    for key in keys:
        child = node.get(key)
        if child is None:
            if not create:
                return None
            child = node[key] = {}
        if not isinstance(child, dict):
            raise UsageError(_("'{key}' in the configuration is not a "
                               "JSON object; nothing was changed")
                             .format(key=key))
        node = child
    return node


@dataclass
class Change:
    path: str
    before: str
    after: str
    summary: str

    @property
    def changed(self):
        return self.after is not None and self.after != (self.before or "")

    def diff(self):
        return "".join(difflib.unified_diff(
            (self.before or "").splitlines(keepends=True),
            self.after.splitlines(keepends=True),
            fromfile=self.path, tofile=self.path))


def enable(place, name, command, args, env=None):
    document, before = read_document(place.path)
    servers = servers_of(document, place.keys, create=True)
    entry = place.entry(command, args, env)
    summary = (_("Updated the '{name}' MCP server in {path}")
               if name in servers
               else _("Added the '{name}' MCP server in {path}"))
    if servers.get(name) == entry:
        return Change(place.path, before, None,
                      _("{path} already has the '{name}' server").format(
                          path=place.path, name=name))
    servers[name] = entry
    return Change(place.path, before, jsonio.dumps(document, 2) + "\n",
                  summary.format(name=name, path=place.path))


def disable(place, name):
    document, before = read_document(place.path)
    servers = servers_of(document, place.keys, create=False)
    if not servers or name not in servers:
        return Change(place.path, before, None,
                      _("{path} has no '{name}' server; nothing to do")
                      .format(path=place.path, name=name))
    del servers[name]
    return Change(place.path, before, jsonio.dumps(document, 2) + "\n",
                  _("Removed the '{name}' MCP server from {path}").format(
                      name=name, path=place.path))


def write_atomically(path, text):
    """Replace ``path`` by ``text`` all at once, making its folder and
    keeping its mode (a new ``.claude.json``, which may hold secrets in
    ``env``, is private). A failure is a UsageError naming ``path``.
    An agent skill's file is written here too."""
    real = userfiles.check(path)
    new_mode = 0o600 if real.name == ".claude.json" else None
    try:
        os.makedirs(real.parent, exist_ok=True)
        userfiles.write_text(real, text, new_mode=new_mode)
    except NotADirectoryError:
        raise UsageError(_("cannot write {path}: a parent of it is not a "
                           "folder").format(path=path)) from None
    except OSError as exc:
        raise UsageError(_("cannot write {path}: {reason}").format(
            path=path, reason=exc.strerror or exc)) from None
