"""The answer to ``initialize``, given while the MCP SDK still loads.

Importing the SDK takes about half a second (its protocol types are some
five hundred pydantic models); hosts wait for ``initialize`` with a short
timeout, and start many servers at once. So, over stdio, the client's lines
are read from the start by a plain thread: a handshake-era ``initialize``
(2024-11-05 to 2025-11-25) is answered at once with what the SDK itself
would answer (the server's capabilities are fixed; a test compares the
two), and every line, that one included, then goes to the SDK as usual,
whose own answer to it is dropped (:class:`AnsweredOnce`). Any other first
message (a 2026-07-28 ``server/discover``, a malformed line) is left to the
SDK. Standard library only: this module runs before the SDK is imported.
"""

import json
import os
import queue
import threading

from alegra import __version__

# The SDK's HANDSHAKE_PROTOCOL_VERSIONS (a test keeps them in step).
HANDSHAKE_VERSIONS = ("2024-11-05", "2025-03-26", "2025-06-18",
                      "2025-11-25")
CAPABILITIES = {
    "prompts": {"listChanged": False},
    "resources": {"listChanged": False, "subscribe": False},
    "tools": {"listChanged": True},
}
INSTRUCTIONS = (
    "Each tool runs one alegra command against the Alegra account this "
    "server was started for; no tool can switch it. Results are the JSON "
    "Alegra sent, money exact as text. Lists and exports return a page "
    "(limit, default 30, at most 100; start): a full page says how to get "
    "the next. Imports take rows (objects) or csv, and return the rows "
    "that failed. Tools marked destructive change data for good: without "
    "confirm: true they only return the request they would send; show it "
    "to the person and ask before confirming (hosts that can ask the "
    "person directly are asked by the server). Write tools take dry_run: "
    "true to see the request. The resources hold the company, its number "
    "templates and its country's code lists.")
DYNAMIC_NOTE = (
    " Only a few tools are listed at first: find others with "
    "alegra_search_tools, read one's schema with alegra_describe_tool, "
    "list a whole toolset with alegra_enable_toolset, or call any with "
    "alegra_call_tool.")


def instructions(dynamic=False):
    return INSTRUCTIONS + (DYNAMIC_NOTE if dynamic else "")


def early_answer(line, text):
    """``(id, answer bytes)`` for a handshake-era ``initialize`` line, else
    None. ``text`` is the server's instructions."""
    try:
        message = json.loads(line)
    except ValueError:
        return None
    if (not isinstance(message, dict) or message.get("jsonrpc") != "2.0"
            or message.get("method") != "initialize"):
        return None
    ident = message.get("id")
    params = message.get("params")
    if (isinstance(ident, bool) or not isinstance(ident, (int, str))
            or not isinstance(params, dict)
            or params.get("protocolVersion") not in HANDSHAKE_VERSIONS
            or not isinstance(params.get("capabilities"), dict)
            or not isinstance(params.get("clientInfo"), dict)):
        return None
    result = {"capabilities": CAPABILITIES, "instructions": text,
              "protocolVersion": params["protocolVersion"],
              "serverInfo": {"name": "alegra", "version": __version__}}
    answer = {"jsonrpc": "2.0", "id": ident, "result": result}
    return ident, (json.dumps(answer, separators=(",", ":")) + "\n").encode()


class EarlyWire:
    """The client's lines, read from now on; ``initialize`` answered early.

    Takes descriptor 0 (which then reads the null device, so that no
    command reads the client's messages) and writes the early answer on a
    duplicate of descriptor 1. :meth:`readline` gives the lines (bytes; b""
    at the end) to whoever serves the rest.
    """

    def __init__(self, text):
        try:
            self.wire_in = os.dup(0)
            self.wire_out = os.dup(1)
        except OSError:
            from alegra.errors import AlegraError
            from alegra.i18n import _

            raise AlegraError(_("standard input or output is closed: the "
                                "MCP client talks to the server through "
                                "them")) from None
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.close(null)
        self.text = text
        self.answered = None  # the id of the initialize answered early
        self.lines = queue.Queue()
        threading.Thread(target=self._read, name="alegra-mcp-wire",
                         daemon=True).start()

    def _read(self):
        stream = os.fdopen(self.wire_in, "rb", closefd=False)
        first = True
        try:
            for raw in iter(stream.readline, b""):
                if first and raw.strip():
                    first = False
                    self._answer(raw)
                self.lines.put(raw)
        except Exception:  # the stream broke: the end of the session
            pass
        self.lines.put(b"")

    def _answer(self, raw):
        found = early_answer(raw.decode("utf-8", "replace"), self.text)
        if found is None:
            return
        ident, answer = found
        try:
            os.write(self.wire_out, answer)
        except OSError:
            return
        self.answered = ident

    def readline(self):
        return self.lines.get()

    def restore(self):
        """Give descriptor 0 back to the wire (at the server's end)."""
        os.dup2(self.wire_in, 0)


class AnsweredOnce:
    """The SDK's write stream, less its answer to the ``initialize`` that
    was answered early."""

    def __init__(self, stream, wire):
        self.stream = stream
        self.wire = wire
        self.dropped = False

    async def send(self, item):
        message = getattr(getattr(item, "message", None), "id", None)
        if (not self.dropped and self.wire.answered is not None
                and message == self.wire.answered
                and not hasattr(item.message, "method")):
            self.dropped = True
            return
        await self.stream.send(item)

    async def aclose(self):
        await self.stream.aclose()

    def close(self):
        self.stream.close()

    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc_info):
        await self.aclose()
        return None
