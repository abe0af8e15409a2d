"""The MCP server itself, on the official MCP Python SDK.

Only ``alegra mcp start`` imports this module, and so the SDK: no other
command pays for it. Tools are built once from the commands; each call
runs its command in a worker thread (the runner serialises them) so that
the event loop keeps answering pings while Alegra answers. A call to a tool
that does not exist is the JSON-RPC error the MCP specification names
(-32602, invalid params); SIGTERM ends the server as the end of its input
does, with exit status 0.
"""

import json
import signal
import socket
import sys

import anyio
import mcp_types as types
from mcp.server.lowlevel import Server
from mcp.shared.exceptions import MCPError
from mcp_types.version import MODERN_PROTOCOL_VERSIONS

from alegra import __version__
from alegra.errors import AlegraError, UsageError
from alegra.i18n import _
from alegra.mcp import dynamic, guides, handshake

CONFIRM_KEY = "alegra-confirm"
CONFIRM_SCHEMA = {
    "type": "object",
    "properties": {"confirm": {"type": "boolean", "title": "Yes, do it",
                               "default": False}},
    "required": ["confirm"],
}


def tool_model(tool):
    return types.Tool.model_validate({
        "name": tool.name,
        "title": tool.title,
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


def text_result(text, is_error=False):
    return types.CallToolResult(
        content=[types.TextContent(type="text", text=text)],
        is_error=is_error)


def can_elicit(ctx):
    capabilities = ctx.session.client_capabilities
    return (capabilities is not None
            and capabilities.elicitation is not None)


class Offer:
    """The tools one server lists, and how a call reaches any tool.

    ``offered`` maps names to the tools listed; with ``discovery`` the
    discovery tools are listed first and may add toolsets to it.
    """

    def __init__(self, runner, catalog, offered, discovery=False,
                 chosen=None):
        self.runner = runner
        self.catalog = catalog
        self.offered = offered
        # The toolsets whose tools are built at the first need, not before.
        self.pending = chosen
        self.metas = ({meta.name: meta for meta in dynamic.meta_tools()}
                      if discovery else {})
        self.models = {}

    async def ready(self):
        if self.pending:
            chosen, self.pending = self.pending, None
            built = await anyio.to_thread.run_sync(self.catalog.tools,
                                                   chosen)
            for name, tool in built.items():
                self.offered.setdefault(name, tool)

    def listed(self):
        tools = [*self.metas.values(), *self.offered.values()]
        for tool in tools:
            if tool.name not in self.models:
                self.models[tool.name] = tool_model(tool)
        return [self.models[tool.name] for tool in tools]

    async def call(self, ctx, name, arguments, responses=None):
        await self.ready()
        if name in self.metas:
            return await self.call_meta(ctx, name, arguments, responses)
        tool = self.offered.get(name)
        if tool is None:
            refused = self.refusal(name)
            if refused is not None:
                return refused
            raise MCPError(types.INVALID_PARAMS, f"Unknown tool: {name}")
        return await self.run(ctx, tool, arguments, responses)

    def refusal(self, name):
        """The answer to a tool this profile forbids, or None."""
        self.catalog.tool(name)  # learns whether it is forbidden
        if name not in self.catalog.forbidden:
            return None
        return text_result(
            f"Error: {name} changes data for good, and this profile "
            "forbids that to agents (mcp.allow-destructive: false); "
            "nothing was sent", is_error=True)

    async def run(self, ctx, tool, arguments, responses=None):
        """Run ``tool``; a destructive one confirmed by the agent is first
        put to the person when the host can ask them. ``responses`` are
        the host's answers (2026-07-28 protocol: the call comes again with
        them)."""
        if (tool.kind == "destructive" and arguments.get("confirm") is True
                and can_elicit(ctx)):
            if ctx.protocol_version in MODERN_PROTOCOL_VERSIONS:
                answer = (responses or {}).get(CONFIRM_KEY)
                if answer is None:
                    return await self.input_required(tool, arguments)
                declined = self.judged(tool, answer)
            else:
                declined = await self.ask_person(ctx, tool, arguments)
            if declined is not None:
                return declined
        outcome = await anyio.to_thread.run_sync(
            self.runner.call, tool.name, arguments, tool)
        return result_model(outcome)

    async def question(self, tool, arguments):
        """What to ask the person (what happens, on which company), or the
        error result of a call that could not even be previewed."""
        preview = await anyio.to_thread.run_sync(
            self.runner.call, tool.name, {**arguments, "confirm": False},
            tool)
        if preview.is_error:
            return None, result_model(preview)
        company, country = await anyio.to_thread.run_sync(
            self.runner.account)
        request = preview.structured if isinstance(preview.structured,
                                                   dict) else {}
        where = f"{company} ({country})" if country else company
        # The person reads this question (the host shows it).
        return _("An AI agent asks to run '{tool}', which cannot be "
                 "undone, on {where}:\n{method} {url}\nDo it?").format(
            tool=tool.title, where=where,
            method=request.get("method", ""),
            url=request.get("url", "")), None

    async def input_required(self, tool, arguments):
        message, failed = await self.question(tool, arguments)
        if failed is not None:
            return failed
        return types.InputRequiredResult(
            input_requests={CONFIRM_KEY: types.ElicitRequest(
                params=types.ElicitRequestFormParams(
                    message=message, requested_schema=CONFIRM_SCHEMA))},
            result_type="input_required")

    async def ask_person(self, ctx, tool, arguments):
        """None once the person has said yes; else the answer to give."""
        message, failed = await self.question(tool, arguments)
        if failed is not None:
            return failed
        try:
            answer = await ctx.session.elicit_form(
                message, CONFIRM_SCHEMA, related_request_id=ctx.request_id)
        except Exception as exc:  # the host failed to ask: do nothing
            return text_result(f"Error: the person could not be asked "
                               f"({type(exc).__name__}); nothing was sent",
                               is_error=True)
        return self.judged(tool, answer)

    @staticmethod
    def judged(tool, answer):
        """None when ``answer`` (an elicitation result) is a yes."""
        action = getattr(answer, "action", None)
        content = getattr(answer, "content", None) or {}
        if action == "accept" and content.get("confirm") is True:
            return None
        said = {"decline": "declined", "cancel": "cancelled"}.get(
            action, "did not confirm")
        return text_result(f"Nothing was sent: the person {said} "
                           f"{tool.name}.")

    async def call_meta(self, ctx, name, arguments, responses=None):
        catalog = self.catalog
        try:
            if name == dynamic.SEARCH:
                found = await anyio.to_thread.run_sync(
                    dynamic.search, catalog, arguments.get("words"))
                return text_result(json.dumps(found, ensure_ascii=False))
            if name == dynamic.DESCRIBE:
                found = await anyio.to_thread.run_sync(
                    dynamic.describe, catalog, arguments.get("name"))
                return text_result(json.dumps(found, ensure_ascii=False))
            if name == dynamic.ENABLE:
                added = await anyio.to_thread.run_sync(
                    dynamic.enable, catalog, self.offered,
                    arguments.get("toolset"))
                if added:
                    await ctx.session.send_tool_list_changed()
                return text_result(
                    f"{len(added)} more tools offered: {', '.join(added)}"
                    if added else "No new tools: that toolset is offered "
                                  "already")
            return await self.call_any(ctx, arguments, responses)
        except AlegraError as exc:
            return text_result(f"Error: {exc}", is_error=True)

    async def call_any(self, ctx, arguments, responses=None):
        name = arguments.get("name")
        inner = arguments.get("arguments") or {}
        if not isinstance(inner, dict):
            raise UsageError("arguments must be an object")
        if name in self.metas:
            raise UsageError(f"{name} is called directly")
        tool = self.offered.get(name)
        if tool is None and isinstance(name, str):
            tool = await anyio.to_thread.run_sync(self.catalog.tool, name)
        if tool is None:
            refused = self.refusal(name) if isinstance(name, str) else None
            if refused is not None:
                return refused
            raise UsageError(f"no tool {name!r} on this server",
                             f"find one with {dynamic.SEARCH}")
        return await self.run(ctx, tool, inner, responses)


def build_server(runner, catalog=None, offered=None, dynamic_mode=False,
                 chosen=None):
    offer = Offer(runner, catalog, runner.tools if offered is None
                  else offered, dynamic_mode, chosen)

    async def list_tools(ctx, params):
        await offer.ready()
        return types.ListToolsResult(tools=offer.listed())

    async def call_tool(ctx, params):
        return await offer.call(ctx, params.name, params.arguments or {},
                                params.input_responses)

    async def list_resources(ctx, params):
        return types.ListResourcesResult(resources=[
            types.Resource(uri=uri, name=name, description=text,
                           mime_type=guides.JSON)
            for uri, name, text in guides.resources()])

    async def read_resource(ctx, params):
        uri = str(params.uri)
        try:
            text = await anyio.to_thread.run_sync(guides.read, runner, uri)
        except AlegraError as exc:
            raise MCPError(types.INVALID_PARAMS, str(exc)) from None
        return types.ReadResourceResult(contents=[types.TextResourceContents(
            uri=uri, mime_type=guides.JSON, text=text)])

    async def list_prompts(ctx, params):
        return types.ListPromptsResult(prompts=[
            types.Prompt(name=name, description=description, arguments=[
                types.PromptArgument(name=key, description=text,
                                     required=False)
                for key, text in parameters.items()])
            for name, (description, parameters, _) in
            guides.PROMPTS.items()])

    async def get_prompt(ctx, params):
        try:
            description, text = guides.prompt(params.name, params.arguments)
        except AlegraError as exc:
            raise MCPError(types.INVALID_PARAMS, str(exc)) from None
        return types.GetPromptResult(description=description, messages=[
            types.PromptMessage(role="user", content=types.TextContent(
                type="text", text=text))])

    instructions = handshake.instructions(dynamic_mode)
    return Server("alegra", version=__version__, instructions=instructions,
                  on_list_tools=list_tools, on_call_tool=call_tool,
                  on_list_resources=list_resources,
                  on_read_resource=read_resource,
                  on_list_prompts=list_prompts, on_get_prompt=get_prompt)


def initialization_options(server):
    from mcp.server.lowlevel.server import NotificationOptions

    return server.create_initialization_options(
        NotificationOptions(tools_changed=True))


def serve_stdio(runner, wire, **offer):
    """Serve the lines of ``wire`` (a :class:`~alegra.mcp.handshake.
    EarlyWire`, which may have answered ``initialize`` already)."""
    from mcp.server.stdio import stdio_server

    from alegra.mcp import stdio

    server = build_server(runner, **offer)

    async def main():
        lines = stdio.WireLines(wire)
        async with stdio_server(stdin=lines) as (reading, writing):
            lines.attach(writing)
            replies = handshake.AnsweredOnce(writing, wire)
            async with anyio.create_task_group() as group:
                group.start_soon(stop_on_sigterm, group.cancel_scope)
                await server.run(reading, replies,
                                 initialization_options(server))
                group.cancel_scope.cancel()
            # The transport ends when its input ends and its output
            # closes; after SIGTERM neither has happened.
            lines.close()
            writing.close()

    previous = signal.getsignal(signal.SIGTERM)
    try:
        anyio.run(main)
    finally:
        wire.restore()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


async def stop_on_sigterm(scope):
    """Cancel ``scope`` (the server) on SIGTERM: the end of a session."""
    with anyio.open_signal_receiver(signal.SIGTERM) as signals:
        async for _signal in signals:
            scope.cancel()
            return


def serve_http(runner, port, announce=None, **offer):
    """Streamable HTTP on loopback only, at ``http://127.0.0.1:PORT/mcp``.

    The socket is bound here, before uvicorn starts, so that ``--port 0``
    can say which port it got.
    """
    import uvicorn

    server = build_server(runner, **offer)
    app = server.streamable_http_app(host="127.0.0.1")
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind(("127.0.0.1", port))
        listener.listen(64)
    except OSError as exc:
        listener.close()
        raise AlegraError(
            _("cannot listen on 127.0.0.1:{port}: {reason}").format(
                port=port, reason=exc.strerror or exc),
            _("choose another --port, or 0 for any free one")) from None
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
