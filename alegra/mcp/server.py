"""The MCP server itself, on the official MCP Python SDK.

Only ``alegra mcp start`` imports this module, and so the SDK: no other
command pays for it. Tools are built once from the commands; each call
runs its command in a worker thread (the runner serialises them) so that
the event loop keeps answering pings while Alegra answers. A call to a tool
that does not exist is the JSON-RPC error the MCP specification names
(-32602, invalid params); SIGTERM ends the server as the end of its input
does, with exit status 0.
"""

import signal
import socket
import sys

import anyio
import mcp_types as types
from mcp.server.lowlevel import Server
from mcp.shared.exceptions import MCPError

from alegra import __version__
from alegra.errors import AlegraError

INSTRUCTIONS = (
    "Each tool runs one alegra command against the Alegra account this "
    "server was started for; no tool can switch it. Results are the JSON "
    "Alegra sent, money exact as text. List tools return a page at a time "
    "(limit, start). Tools that change data for good (delete, void, emit, "
    "...) only show the request they would send unless called with "
    "confirm: true: show it to the user and ask before confirming.")


def tool_model(tool):
    return types.Tool.model_validate({
        "name": tool.name,
        "title": tool.annotations["title"],
        "description": tool.description,
        "inputSchema": tool.input_schema,
        "annotations": tool.annotations,
    })


def result_model(outcome):
    content = [types.TextContent(type="text", text=outcome.text)]
    content += [types.TextContent(type="text", text=note)
                for note in outcome.notes]
    structured = outcome.structured
    if structured is not None and not isinstance(structured, dict):
        structured = {"result": structured}
    if outcome.is_error:
        structured = None
    return types.CallToolResult(content=content,
                                structured_content=structured,
                                is_error=outcome.is_error)


def build_server(runner):
    listed = [tool_model(tool) for tool in runner.tools.values()]

    async def list_tools(ctx, params):
        return types.ListToolsResult(tools=listed)

    async def call_tool(ctx, params):
        if params.name not in runner.tools:
            raise MCPError(types.INVALID_PARAMS,
                           f"Unknown tool: {params.name}")
        outcome = await anyio.to_thread.run_sync(
            runner.call, params.name, params.arguments or {})
        return result_model(outcome)

    return Server("alegra", version=__version__, instructions=INSTRUCTIONS,
                  on_list_tools=list_tools, on_call_tool=call_tool)


def serve_stdio(runner):
    from mcp.server.stdio import stdio_server

    from alegra.mcp import stdio

    server = build_server(runner)

    async def main():
        with stdio.claimed_stdin() as wire:
            lines = stdio.WireLines(wire)
            async with stdio_server(stdin=lines) as (reading, writing):
                lines.attach(writing)
                async with anyio.create_task_group() as group:
                    group.start_soon(stop_on_sigterm, group.cancel_scope)
                    await server.run(reading, writing,
                                     server.create_initialization_options())
                    group.cancel_scope.cancel()
                # The transport ends when its input ends and its output
                # closes; after SIGTERM neither has happened.
                lines.close()
                writing.close()

    previous = signal.getsignal(signal.SIGTERM)
    try:
        anyio.run(main)
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


async def stop_on_sigterm(scope):
    """Cancel ``scope`` (the server) on SIGTERM: the end of a session."""
    with anyio.open_signal_receiver(signal.SIGTERM) as signals:
        async for _ in signals:
            scope.cancel()
            return


def serve_http(runner, port, announce=None):
    """Streamable HTTP on loopback only, at ``http://127.0.0.1:PORT/mcp``.

    The socket is bound here, before uvicorn starts, so that ``--port 0``
    can say which port it got.
    """
    import uvicorn

    server = build_server(runner)
    app = server.streamable_http_app(host="127.0.0.1")
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind(("127.0.0.1", port))
        listener.listen(64)
    except OSError as exc:
        listener.close()
        raise AlegraError(f"cannot listen on 127.0.0.1:{port}: "
                          f"{exc.strerror or exc}",
                          "choose another --port, or 0 for any free one"
                          ) from None
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/mcp"
    (announce or (lambda text: print(text, file=sys.stderr)))(url)
    config = uvicorn.Config(app, log_level="warning", lifespan="on",
                            access_log=False)
    served = uvicorn.Server(config)

    def stop(signum, frame):
        served.should_exit = True

    # uvicorn stops on SIGTERM, then raises it again for the handler it
    # found: that one must end the server, not interrupt alegra.
    previous = signal.signal(signal.SIGTERM, stop)
    try:
        served.run(sockets=[listener])
    finally:
        listener.close()
        signal.signal(signal.SIGTERM, previous)
