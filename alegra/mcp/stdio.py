"""The lines the SDK's stdio transport reads, from the client.

The SDK's transport writes the answers; this module feeds it the client's
lines, for two reasons:

- a line that is no JSON-RPC message is answered, as JSON-RPC 2.0 says
  (``-32700`` parse error with a null id; ``-32600`` invalid request or
  ``-32602`` invalid params with the request's id), where the SDK drops
  it and leaves the client waiting for an answer that never comes;
- the lines are read by a daemon thread. The SDK reads in a worker thread
  the event loop waits for, so a server whose client is silent could not
  end on SIGTERM until the next line came.

The lines come from :class:`alegra.mcp.handshake.EarlyWire`, which took
descriptor 0 before the SDK was imported (it then reads the null device,
so that no command ever reads the client's messages as its own input).
"""

import contextlib
import json
import threading

import anyio
import anyio.from_thread
import anyio.lowlevel
import mcp_types as types
from mcp.shared.message import SessionMessage


BACKLOG = 16  # lines read ahead of the server


class WireLines:
    """The client's valid lines, as the async iterable the SDK reads.

    Call :meth:`attach` with the transport's write stream once it exists:
    the answers to malformed lines go there.
    """

    def __init__(self, stream):
        # ``stream``: anything with readline() giving bytes, b"" at the end
        self.sender, self.receiver = anyio.create_memory_object_stream(
            BACKLOG)
        self.replies = None
        self.attached = anyio.Event()
        reader = threading.Thread(
            target=self._read, name="alegra-mcp-stdin", daemon=True,
            args=(stream, anyio.lowlevel.current_token()))
        reader.start()

    def _read(self, stream, token):
        try:
            for raw in iter(stream.readline, b""):
                line = raw.decode("utf-8", "replace")
                anyio.from_thread.run(self.sender.send, line, token=token)
        except Exception:  # the event loop has ended, or the stream broke
            pass
        with contextlib.suppress(Exception):
            anyio.from_thread.run_sync(self.sender.close, token=token)

    def close(self):
        """End the lines now, whatever the client still sends."""
        self.sender.close()

    def attach(self, write_stream):
        self.replies = write_stream
        self.attached.set()

    def __aiter__(self):
        return self

    async def __anext__(self):
        while True:
            try:
                line = await self.receiver.receive()
            except anyio.EndOfStream:
                raise StopAsyncIteration from None
            if not line.strip():
                continue
            answer = answer_to(line)
            if answer is None:
                return line
            if answer is not False:
                await self.attached.wait()
                await self.replies.send(SessionMessage(answer))


def answer_to(line):
    """None for a JSON-RPC message, False for a malformed one that takes
    no answer (a notification), else the error to answer with."""
    try:
        types.jsonrpc_message_adapter.validate_json(line, by_name=False)
        return None
    except ValueError:  # pydantic's ValidationError is one
        pass
    try:
        message = json.loads(line)
    except ValueError:
        return error(None, types.PARSE_ERROR, "Parse error")
    if not isinstance(message, dict):
        return error(None, types.INVALID_REQUEST, "Invalid Request")
    ident = message.get("id")
    if "id" not in message and "method" in message:
        return False
    if isinstance(ident, bool) or not isinstance(ident, (str, int)):
        ident = None
    if ("method" in message and "params" in message
            and not isinstance(message["params"], dict)):
        return error(ident, types.INVALID_PARAMS,
                     "Invalid params: params must be an object")
    return error(ident, types.INVALID_REQUEST, "Invalid Request")


def error(ident, code, message):
    return types.JSONRPCError(jsonrpc="2.0", id=ident,
                              error=types.ErrorData(code=code,
                                                    message=message))
