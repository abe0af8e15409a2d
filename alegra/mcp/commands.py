"""``alegra mcp start | tools`` and ``alegra mcp <client> enable|disable``.

This module stays light: the MCP SDK is imported by ``mcp start`` alone,
and the command modules (for the tools) only by ``start`` and ``tools``.
"""

import os
import shutil
import sys

from alegra import command
from alegra.errors import AlegraError, UsageError

DEFAULT_PORT = 8808
INSTALL_HINT = "install it with: pipx install --force 'alegra-cli[mcp]'"


class MCPCommand(command.Command):
    talks_to_api = False

    def add_read_only(self, parser):
        parser.add_argument(
            "--read-only", action="store_true",
            help="offer only the tools that read (list, get, export, "
                 "reports, ...), and none that writes a file")

    def add_files_dir(self, parser):
        parser.add_argument(
            "--files-dir", metavar="DIR",
            help="let tools read and write files inside DIR only (export "
                 "out, import file and failures, relative to DIR); "
                 "without it no tool reads or writes a local file")

    def tools(self, parsed_args):
        from alegra.mcp import files, tools

        folder = None
        if parsed_args.files_dir is not None:
            folder = files.FilesDir(parsed_args.files_dir,
                                    read_only=parsed_args.read_only)
        return tools.build(self.app, parsed_args.read_only,
                           report=self.app.report_error, files=folder)


class Start(MCPCommand):
    _description = ("Serve every command as a tool to AI agents over MCP "
                    "(stdio, or streamable HTTP with --http)")

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--http", action="store_true",
            help="serve streamable HTTP on 127.0.0.1 instead of stdio")
        parser.add_argument(
            "--port", type=int, default=DEFAULT_PORT, metavar="N",
            help=f"the port for --http (default {DEFAULT_PORT}; 0 for any "
                 "free one)")
        self.add_read_only(parser)
        self.add_files_dir(parser)
        parser.epilog = (
            "The account is the one the global options choose (alegra "
            "--profile NAME mcp start), fixed for the server's life. Tools "
            "that change data for good only show what they would send "
            "unless called with confirm: true. No tool reads or writes a "
            "local file unless --files-dir names a folder for them.")

    def take_action(self, parsed_args):
        try:
            import mcp.server.lowlevel  # noqa: F401
        except ImportError:
            raise AlegraError("the MCP server needs the MCP Python SDK, "
                              "which is not installed", INSTALL_HINT) from None
        from alegra.mcp import server
        from alegra.mcp.runner import Runner

        options = self.app.options
        if (getattr(options, "all_profiles", False)
                or "," in (options.profile or "")):
            # Each call would then run for every profile: the server works
            # on one account.
            raise UsageError("the MCP server works on one account",
                             "name one profile: alegra --profile NAME mcp "
                             "start")
        context = self.context
        if not context.sandbox_mode:
            # Resolved once: a later 'alegra config use' elsewhere changes
            # nothing for this server.
            self.app.options.profile = context.profile_name
            if not self.flag(parsed_args, "dry_run"):
                # A server that cannot reach the account says so now, not
                # at the agent's first call.
                context.credentials()
        tools = self.tools(parsed_args)
        runner = Runner(self.app, tools)
        account = ("the sandbox" if context.sandbox_mode
                   else f"profile '{self.app.options.profile}'")
        mode = " (read-only)" if parsed_args.read_only else ""
        if parsed_args.files_dir is not None:
            mode += f", files in {parsed_args.files_dir}"
        note = f"alegra MCP server: {len(tools)} tools{mode} on {account}"
        try:
            if parsed_args.http:
                server.serve_http(
                    runner, parsed_args.port,
                    announce=lambda url: self.say(f"{note}, at {url}"))
            else:
                self.note(note + ", on standard input and output")
                server.serve_stdio(runner)
        finally:
            runner.close()
        return 0

    def say(self, text):
        self.app.stderr.write(text + "\n")
        self.app.stderr.flush()


class Tools(MCPCommand, command.Lister):
    _description = ("List the MCP tools 'alegra mcp start' offers, with "
                    "their schemas and annotations")

    default_columns = ("name", "kind", "description")

    def add_arguments(self, parser):
        super().add_arguments(parser)
        self.add_read_only(parser)
        self.add_files_dir(parser)

    def take_action(self, parsed_args):
        tools = self.tools(parsed_args)
        return self.rows(parsed_args,
                         [tool.as_dict() for tool in tools.values()])


class ClientCommand(MCPCommand):
    """Adds alegra to an AI client's MCP configuration, or removes it."""

    client = None
    enabling = True

    @classmethod
    def describe(cls):
        label = {"claude": "Claude Code", "cursor": "Cursor",
                 "vscode": "VS Code"}[cls.client]
        if cls.enabling:
            return f"Add the alegra MCP server to {label}'s configuration"
        return f"Remove the alegra MCP server from {label}'s configuration"

    def add_arguments(self, parser):
        from alegra.mcp.clients import CLIENTS, SCOPES

        super().add_arguments(parser)
        scopes = CLIENTS[self.client]
        parser.add_argument(
            "--scope", choices=scopes, default=scopes[0],
            help=f"which configuration file (default {scopes[0]}): "
                 f"{SCOPES[self.client]}")
        parser.add_argument(
            "--name", default="alegra", metavar="NAME",
            help="the server's name in the client (default alegra)")
        if self.enabling:
            self.add_read_only(parser)
        parser.add_argument(
            "--dry-run", action="store_true",
            help="show the change without writing it")

    def server_args(self, parsed_args):
        """``mcp start`` with the global options this command was given
        (the account the server will be fixed to)."""
        options = self.app.options
        words = []
        if options.sandbox:
            words.append("--sandbox")
        for flag, value in (("--profile", options.profile),
                            ("--base-url", options.base_url),
                            ("--country", options.country)):
            if value:
                words += [flag, value]
        words += ["mcp", "start"]
        if getattr(parsed_args, "read_only", False):
            words.append("--read-only")
        return words

    def take_action(self, parsed_args):
        from alegra.mcp import clients

        place = clients.target(self.client, parsed_args.scope,
                               self.app.environ)
        if self.enabling:
            change = clients.enable(place, parsed_args.name,
                                    executable(), self.server_args(
                                        parsed_args))
        else:
            change = clients.disable(place, parsed_args.name)
        if self.flag(parsed_args, "dry_run"):
            if change.changed:
                self.app.stdout.write(change.diff())
            self.app.stderr.write(f"Dry run: {change.summary}; nothing "
                                  "was written\n")
            return 0
        if change.changed:
            try:
                clients.write_atomically(place.path, change.after)
            except OSError as exc:
                raise UsageError(f"cannot write {place.path}: "
                                 f"{exc.strerror or exc}") from None
        self.note(change.summary)
        return 0


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
    bound = type(name, (ClientCommand,), {"client": client,
                                          "enabling": enabling})
    bound._description = bound.describe()
    return bound


ClaudeEnable = _client_command("claude", True)
ClaudeDisable = _client_command("claude", False)
CursorEnable = _client_command("cursor", True)
CursorDisable = _client_command("cursor", False)
VscodeEnable = _client_command("vscode", True)
VscodeDisable = _client_command("vscode", False)
