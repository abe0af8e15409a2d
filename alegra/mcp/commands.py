"""``alegra mcp start | tools`` and ``alegra mcp <client> enable|disable``.

This module stays light: the MCP SDK is imported by ``mcp start`` alone,
and the command modules (for the tools) only by ``start`` and ``tools``.
"""

import os
import shutil
import sys

from alegra import command
from alegra.errors import AlegraError, UsageError
from alegra.i18n import N_, _

DEFAULT_PORT = 8808
ENV_TOOLSETS = "ALEGRA_MCP_TOOLSETS"
LIST_TOOLSETS = "\0list"
INSTALL_HINT = N_("install it with: pipx install --force "
                  "'alegra-cli[mcp]'")


class MCPCommand(command.Command):
    talks_to_api = False

    def add_read_only(self, parser):
        parser.add_argument(
            "--read-only", action="store_true",
            help=_("offer only the tools that read (list, get, export, "
                   "reports, ...), and none that writes a file"))

    def add_files_dir(self, parser):
        parser.add_argument(
            "--files-dir", metavar="DIR",
            help=_("let tools read and write files inside DIR only "
                   "(export out, import file and failures, relative to "
                   "DIR); without it no tool reads or writes a local "
                   "file"))

    def add_toolsets(self, parser, listing=False):
        extra = {"nargs": "?", "const": LIST_TOOLSETS} if listing else {}
        parser.add_argument(
            "--toolsets", metavar="A,B", **extra,
            help=(_("the toolsets to offer: sales, contacts, inventory, "
                    "purchases, banking, accounting, reports, einvoicing, "
                    "admin, a plugin's distribution, all (default: "
                    "default, or ${variable}); alone, list the toolsets")
                  if listing else
                  _("the toolsets to offer: sales, contacts, inventory, "
                    "purchases, banking, accounting, reports, einvoicing, "
                    "admin, a plugin's distribution, all (default: "
                    "default, or ${variable})")).format(
                        variable=ENV_TOOLSETS))

    def toolsets_text(self, parsed_args):
        """--toolsets as given, else ALEGRA_MCP_TOOLSETS, else None."""
        text = getattr(parsed_args, "toolsets", None)
        if text is None:
            text = self.app.environ.get(ENV_TOOLSETS)
        return text

    def chosen_toolsets(self, parsed_args):
        from alegra.mcp import toolsets

        return toolsets.parse(self.toolsets_text(parsed_args))

    def allows_destructive(self):
        """False when the profile forbids agents destructive tools."""
        from alegra.local.config import allows_destructive_agents

        return allows_destructive_agents(self.context.profile)

    def catalog(self, parsed_args):
        from alegra.mcp import files
        from alegra.mcp.catalog import Catalog

        folder = None
        if parsed_args.files_dir is not None:
            folder = files.FilesDir(parsed_args.files_dir,
                                    read_only=parsed_args.read_only)
        return Catalog(self.app, parsed_args.read_only,
                       report=self.app.report_error, files=folder,
                       allow_destructive=self.allows_destructive())


class Start(MCPCommand):
    _description = N_("Serve alegra's commands as tools to AI agents over "
                      "MCP (stdio, or streamable HTTP with --http)")

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--http", action="store_true",
            help=_("serve streamable HTTP on 127.0.0.1 instead of stdio"))
        parser.add_argument(
            "--port", type=int, default=DEFAULT_PORT, metavar="N",
            help=_("the port for --http (default {port}; 0 for any free "
                   "one)").format(port=DEFAULT_PORT))
        self.add_read_only(parser)
        self.add_files_dir(parser)
        self.add_toolsets(parser)
        parser.add_argument(
            "--dynamic", action="store_true",
            help=_("list only four tools that search, describe, enable "
                   "(a toolset) and call every other one"))
        parser.epilog = _(
            "The account is the one the global options choose (alegra "
            "--profile NAME mcp start), fixed for the server's life. "
            "Without --toolsets the default toolset is offered (about 30 "
            "tools); 'alegra mcp tools --toolsets' lists them all. Tools "
            "that change data for good only show what they would send "
            "unless called with confirm: true. No tool reads or writes a "
            "local file unless --files-dir names a folder for them.")

    def take_action(self, parsed_args):
        import importlib.util

        if importlib.util.find_spec("mcp") is None:
            raise self.no_sdk()
        options = self.app.options
        if (getattr(options, "all_profiles", False)
                or "," in (options.profile or "")):
            # Each call would then run for every profile: the server works
            # on one account.
            raise UsageError(_("the MCP server works on one account"),
                             _("name one profile: alegra --profile NAME "
                               "mcp start"))
        context = self.context
        if not context.sandbox_mode:
            # Resolved once: a later 'alegra config use' elsewhere changes
            # nothing for this server.
            self.app.options.profile = context.profile_name
            if not self.flag(parsed_args, "dry_run"):
                # A server that cannot reach the account says so now, not
                # at the agent's first call.
                context.credentials()
        catalog = self.catalog(parsed_args)
        dynamic = parsed_args.dynamic
        chosen = self.chosen_toolsets(parsed_args)
        if dynamic and parsed_args.toolsets is None:
            chosen = ()
        catalog.names(chosen)  # unknown toolsets are refused now
        note = server_note(self.app.options, context, parsed_args,
                           chosen, catalog)
        wire = None
        if not parsed_args.http:
            from alegra.mcp import handshake

            # Before the SDK's import: the host's initialize is answered
            # while it loads.
            wire = handshake.EarlyWire(handshake.instructions(dynamic))
        try:
            from alegra.mcp import server
        except ImportError:
            raise self.no_sdk() from None
        from alegra.mcp.runner import Runner

        runner = Runner(self.app, {})
        offer = {"catalog": catalog, "dynamic_mode": dynamic,
                 "chosen": chosen}
        try:
            if parsed_args.http:
                server.serve_http(
                    runner, parsed_args.port,
                    announce=lambda url: self.say(
                        _("{note}, at {url}").format(note=note, url=url)),
                    **offer)
            else:
                self.note(_("{note}, on standard input and output")
                          .format(note=note))
                server.serve_stdio(runner, wire, **offer)
        finally:
            runner.close()
        return 0

    @staticmethod
    def no_sdk():
        return AlegraError(_("the MCP server needs the MCP Python SDK, "
                             "which is not installed"), _(INSTALL_HINT))

    def say(self, text):
        self.app.stderr.write(text + "\n")
        self.app.stderr.flush()


class Tools(MCPCommand, command.Lister):
    _description = N_("List the MCP tools 'alegra mcp start' offers, "
                      "with their schemas and annotations")

    default_columns = ("name", "kind", "description")

    def add_arguments(self, parser):
        super().add_arguments(parser)
        self.add_read_only(parser)
        self.add_files_dir(parser)
        self.add_toolsets(parser, listing=True)

    def take_action(self, parsed_args):
        catalog = self.catalog(parsed_args)
        if parsed_args.toolsets == LIST_TOOLSETS:
            return self.toolset_rows(parsed_args, catalog)
        tools = catalog.tools(self.chosen_toolsets(parsed_args))
        return self.rows(parsed_args,
                         [tool.as_dict() for tool in tools.values()])

    def toolset_rows(self, parsed_args, catalog):
        import json

        from alegra.mcp import toolsets

        found = []
        for name in catalog.known_toolsets():
            tools = catalog.tools((name,))
            size = sum(len(json.dumps(tool.as_dict(), separators=(",", ":")))
                       for tool in tools.values())
            if not tools:
                continue
            found.append({"name": name, "kind": "toolset",
                          "tools": len(tools), "bytes": size,
                          "description": toolsets.DESCRIPTIONS.get(
                              name, "a plugin's commands")})
        self.default_columns = ("name", "tools", "bytes", "description")
        return self.rows(parsed_args, found)


class ClientCommand(MCPCommand):
    """Adds alegra to an AI client's MCP configuration, or removes it."""

    client = None
    enabling = True

    def add_arguments(self, parser):
        from alegra.mcp.clients import CLIENTS, SCOPES

        super().add_arguments(parser)
        scopes = CLIENTS[self.client]
        parser.add_argument(
            "--scope", choices=scopes, default=scopes[0],
            help=_("which configuration file (default {scope}): "
                   "{scopes}").format(scope=scopes[0],
                                      scopes=_(SCOPES[self.client])))
        parser.add_argument(
            "--name", default="alegra", metavar="NAME",
            help=_("the server's name in the client (default alegra)"))
        if self.enabling:
            self.add_read_only(parser)
            self.add_toolsets(parser)
        parser.add_argument(
            "--dry-run", action="store_true",
            help=_("show the change without writing it"))

    def take_action(self, parsed_args):
        from alegra.mcp import clients

        place = clients.target(self.client, parsed_args.scope,
                               self.app.environ)
        if self.enabling:
            args, env = host_entry(self, parsed_args)
            change = clients.enable(place, parsed_args.name,
                                    executable(), args, env)
        else:
            change = clients.disable(place, parsed_args.name)
        if self.flag(parsed_args, "dry_run"):
            if change.changed:
                self.app.stdout.write(change.diff())
            self.app.stderr.write(
                _("Dry run: {summary}; nothing was written").format(
                    summary=change.summary) + "\n")
            return 0
        if change.changed:
            clients.write_atomically(place.path, change.after)
        self.note(change.summary)
        return 0


# The one-line descriptions of 'mcp <client> enable|disable', translated
# where shown.
DESCRIPTIONS = {
    ("claude", True): N_("Add the alegra MCP server to Claude Code's "
                         "configuration"),
    ("claude", False): N_("Remove the alegra MCP server from Claude Code's "
                          "configuration"),
    ("cursor", True): N_("Add the alegra MCP server to Cursor's "
                         "configuration"),
    ("cursor", False): N_("Remove the alegra MCP server from Cursor's "
                          "configuration"),
    ("vscode", True): N_("Add the alegra MCP server to VS Code's "
                         "configuration"),
    ("vscode", False): N_("Remove the alegra MCP server from VS Code's "
                          "configuration"),
}


def server_note(options, context, parsed_args, chosen, catalog):
    """What ``mcp start`` says it serves, and on which account."""
    parts = [_("alegra MCP server: toolsets {toolsets}").format(
        toolsets=", ".join(chosen) or _("none"))]
    if parsed_args.read_only:
        parts.append(_(" (read-only)"))
    if parsed_args.files_dir is not None:
        parts.append(_(", files in {folder}").format(
            folder=parsed_args.files_dir))
    if parsed_args.dynamic:
        parts.append(_(", discovery on demand"))
    if not catalog.allow_destructive:
        parts.append(_(", no destructive tools (the profile forbids "
                       "them)"))
    parts.append(_(" on the sandbox") if context.sandbox_mode
                 else _(" on profile '{name}'").format(name=options.profile))
    return "".join(parts)


def host_entry(cmd, parsed_args):
    """``(args, env)`` of the server's entry in a host's configuration.

    Hosts start servers with little more than HOME and PATH, so the entry
    names the profile (resolved now: a later 'alegra config use' changes
    nothing) and, in ``env``, where the configuration lives when it is not
    under HOME. Never a secret: the token stays in the keyring or the
    credentials file.
    """
    options = cmd.app.options
    words = []
    if options.sandbox:
        words.append("--sandbox")
    profile = options.profile
    if not options.sandbox:
        profile = cmd.context.profile_name
    for flag, value in (("--profile", profile),
                        ("--base-url", options.base_url),
                        ("--country", options.country)):
        if value:
            words += [flag, value]
    words += ["mcp", "start"]
    if getattr(parsed_args, "read_only", False):
        words.append("--read-only")
    toolsets = cmd.toolsets_text(parsed_args)
    if toolsets:
        words += ["--toolsets", toolsets]
    return words, location_env(cmd.app.environ)


def location_env(environ):
    """The variables that move alegra's files away from HOME, as a host
    must pass them (paths only)."""
    from alegra.local.config import XDG_DEFAULTS

    home = environ.get("HOME") or os.path.expanduser("~")
    env = {}
    for name, parts in XDG_DEFAULTS.items():
        value = environ.get(name)
        default = os.path.join(home, *parts)
        if value and os.path.abspath(value) != os.path.abspath(default):
            env[name] = os.path.abspath(value)
    if environ.get("ALEGRA_CONFIG"):
        env["ALEGRA_CONFIG"] = os.path.abspath(
            os.path.expanduser(environ["ALEGRA_CONFIG"]))
    return env


def executable():
    """How a client should start alegra: ``alegra`` when that is the one
    on the PATH, else the full path of this one."""
    here = os.path.realpath(sys.argv[0]) if sys.argv and sys.argv[0] else ""
    found = shutil.which("alegra")
    if found and (not here or os.path.realpath(found) == here):
        return "alegra"
    if here and os.path.basename(here).startswith("alegra"):
        return here
    return found or "alegra"


def _client_command(client, enabling):
    name = f"{client.title()}{'Enable' if enabling else 'Disable'}"
    return type(name, (ClientCommand,), {
        "client": client, "enabling": enabling,
        "_description": DESCRIPTIONS[client, enabling]})


ClaudeEnable = _client_command("claude", True)
ClaudeDisable = _client_command("claude", False)
CursorEnable = _client_command("cursor", True)
CursorDisable = _client_command("cursor", False)
VscodeEnable = _client_command("vscode", True)
VscodeDisable = _client_command("vscode", False)
