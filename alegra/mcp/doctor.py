"""``alegra mcp doctor``: what an AI host will see when it starts alegra.

Hosts (Claude Code, Cursor, VS Code, the MCP Inspector) start servers
with HOME, PATH and little more. The doctor starts the very command line
``mcp <client> enable`` writes, with only those variables and the entry's
own ``env``, answers ``initialize`` and ``tools/list`` as a host would, and
says which profile it reached, whether the credentials resolved, which
toolsets it offers, and how many tools and bytes that is.
"""

import json
import os
import queue
import subprocess
import threading
import time

from alegra.errors import AuthError
from alegra.i18n import N_, _
from alegra.mcp.commands import MCPCommand, executable, host_entry

HOST_VARIABLES = ("HOME", "PATH")
TIMEOUT = 60
INITIALIZE = {"jsonrpc": "2.0", "id": 1, "method": "initialize",
              "params": {"protocolVersion": "2025-06-18",
                         "capabilities": {},
                         "clientInfo": {"name": "alegra-doctor",
                                        "version": "1"}}}


class Doctor(MCPCommand):
    _description = N_("Say what an AI host will see: profile, "
                      "credentials with only HOME and PATH, toolsets, "
                      "tools and bytes")

    def add_arguments(self, parser):
        super().add_arguments(parser)
        self.add_read_only(parser)
        self.add_toolsets(parser)

    def take_action(self, parsed_args):
        args, env = host_entry(self, parsed_args)
        command = executable()
        bare = {name: self.app.environ[name] for name in HOST_VARIABLES
                if self.app.environ.get(name)}
        bare.update(env)
        passed = ", ".join(f"{key}={value}" for key, value in env.items())
        profile = (_("the sandbox") if self.app.options.sandbox
                   else self.context.profile_name)
        toolsets = ", ".join(self.chosen_toolsets(parsed_args))
        out = self.app.stdout
        out.write(_("command: {command}").format(
            command=" ".join([command, *args])) + "\n")
        out.write(_("environment a host must pass: {variables}").format(
            variables=passed or _("none beyond HOME and PATH")) + "\n")
        out.write(_("profile: {profile}").format(profile=profile) + "\n")
        out.write(_("toolsets: {toolsets}").format(toolsets=toolsets)
                  + "\n")
        seen = probe(resolve(command, bare), args, bare)
        if seen.get("error"):
            raise AuthError(
                _("a host starting '{command}' with only {variables} "
                  "gets: {error}").format(command=command,
                                          variables=", ".join(bare),
                                          error=seen["error"]),
                _("run 'alegra auth login' for this profile; tokens only "
                  "in ALEGRA_TOKEN never reach a host"))
        out.write(_("credentials with only HOME and PATH: resolved") + "\n")
        out.write(_("tools: {tools}, {bytes} bytes of tools/list; "
                    "initialize answered in {seconds:.2f} s").format(
                        tools=seen["tools"], bytes=seen["bytes"],
                        seconds=seen["seconds"]) + "\n")
        return 0


def resolve(command, environ):
    """The program a host finds for ``command`` on its PATH."""
    if os.sep in command:
        return command
    import shutil

    return shutil.which(command, path=environ.get("PATH")) or command


def read_lines(stream, lines):
    for line in stream:
        lines.put(line)
    lines.put("")


def probe(program, args, environ):
    """Start the server as a host does; what it answered, or the error."""
    started = time.monotonic()
    try:
        process = subprocess.Popen(
            [program, *args], env=environ, stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    except OSError as exc:
        return {"error": _("cannot start it ({reason})").format(
            reason=exc.strerror or exc)}
    messages = [INITIALIZE,
                {"jsonrpc": "2.0", "method": "notifications/initialized"},
                {"jsonrpc": "2.0", "id": 2, "method": "tools/list"}]
    lines = queue.Queue()
    threading.Thread(target=read_lines, args=(process.stdout, lines),
                     daemon=True).start()
    try:
        process.stdin.write(json.dumps(messages[0]) + "\n")
        process.stdin.flush()
        first = lines.get(timeout=TIMEOUT)
        seconds = time.monotonic() - started
        listed = ""
        if first:  # else it ended: its stderr says why
            for message in messages[1:]:
                process.stdin.write(json.dumps(message) + "\n")
            process.stdin.flush()
            listed = lines.get(timeout=TIMEOUT)
        process.stdin.close()
        err = process.stderr.read()
        process.wait(timeout=TIMEOUT)
    except (OSError, subprocess.TimeoutExpired, queue.Empty, ValueError):
        process.kill()
        process.wait()
        return {"error": _("it did not answer")}
    try:
        json.loads(first)
        tools = json.loads(listed)["result"]["tools"]
    except (ValueError, KeyError, TypeError):
        lines = [line for line in err.splitlines()
                 if line.startswith("Error:")]
        return {"error": (lines[-1].removeprefix("Error: ") if lines
                          else _("it exited with {code}").format(
                              code=process.returncode))}
    return {"tools": len(tools), "bytes": len(listed.strip()),
            "seconds": seconds}
