"""``alegra mcp start``, driven by the MCP SDK's own clients.

The server is the installed executable, started the way an AI client
starts it (``alegra --sandbox mcp start``), with a private home, so that
its embedded sandbox is this test's alone. The sample third-party plugin
is on its Python path: its commands must be tools too.
"""

import json
import os
import re
import select
import shutil
import subprocess
import sys
import tempfile
import time

import anyio
import jsonschema
import testtools

from tests.functional.base import alegra_executable
from tests.functional.test_plugins import install, plugin_environ

TIMEOUT = 90
ALL = ("--toolsets", "all")


def text_of(result):
    return result.content[0].text


class TestMCPServer(testtools.TestCase):
    """One sandbox home and the sample plugin, for stdio and HTTP alike."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.workdir = tempfile.mkdtemp(prefix="alegra-mcp-")
        install(("alegra-pos",), cls.workdir)
        cls.environ = plugin_environ(os.path.join(cls.workdir, "home"),
                                     os.path.join(cls.workdir, "site"))

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.workdir, ignore_errors=True)
        super().tearDownClass()

    def alegra_json(self, *argv):
        done = subprocess.run(
            [alegra_executable(), "--sandbox", *argv, "-o", "json"],
            env=self.environ, capture_output=True, text=True,
            stdin=subprocess.DEVNULL, timeout=60)
        self.assertEqual(0, done.returncode, done.stderr)
        return json.loads(done.stdout)

    # -- what every transport must do ---------------------------------------

    async def exercise(self, client, number):
        listed = await client.list_tools()
        tools = {tool.name: tool for tool in listed.tools}
        for name in ("alegra_invoices_list", "alegra_contacts_create",
                     "alegra_invoices_void", "alegra_invoices_emit",
                     "alegra_pos_tickets_list", "alegra_pos_tickets_create",
                     "alegra_pos_terminals_list", "alegra_pos_terminals_get"):
            self.assertIn(name, tools)
        for name in ("alegra_invoices_stamp", "alegra_auth_login",
                     "alegra_config_use", "alegra_sandbox_reset",
                     "alegra_mcp_start", "alegra_plugin_list"):
            self.assertNotIn(name, tools)
        listing = tools["alegra_invoices_list"]
        self.assertTrue(listing.annotations.read_only_hint)
        self.assertFalse(tools["alegra_contacts_create"]
                         .annotations.destructive_hint)
        self.assertTrue(listing.annotations.idempotent_hint)
        self.assertEqual(100, listing.input_schema["properties"]["limit"]
                         ["maximum"])
        self.assertTrue(tools["alegra_invoices_void"]
                        .annotations.destructive_hint)
        for tool in tools.values():
            jsonschema.Draft202012Validator.check_schema(tool.input_schema)
            self.assertFalse({"profile", "base_url", "sandbox"}
                             & set(tool.input_schema["properties"]))

        # A third party's plain cliff command, with only its own argument.
        self.assertEqual(["id"], list(tools["alegra_pos_terminals_get"]
                                      .input_schema["properties"]))
        terminal = await client.call_tool("alegra_pos_terminals_get",
                                          {"id": 1})
        self.assertFalse(terminal.is_error, text_of(terminal))
        self.assertIn('"Caja 1"', text_of(terminal))

        # A list: a page, exact JSON as text, and how to get the next one.
        found = await client.call_tool("alegra_invoices_list",
                                       {"limit": 2, "status": "open"})
        self.assertFalse(found.is_error, text_of(found))
        invoices = json.loads(text_of(found))
        self.assertEqual(2, len(invoices))
        self.assertIn("start: 2", found.content[-1].text)

        # A write, then the contact is in the sandbox for the CLI too.
        created = await client.call_tool("alegra_contacts_create", {"body": {
            "name": "Cliente MCP",
            "identificationObject": {"type": "CC", "number": number}}})
        self.assertFalse(created.is_error, text_of(created))
        contact = json.loads(text_of(created))
        self.assertEqual("Cliente MCP", contact["name"])

        # A destructive tool previews without confirm, acts with it.
        invoice = invoices[0]["id"]
        preview = await client.call_tool("alegra_invoices_void",
                                         {"id": invoice})
        self.assertFalse(preview.is_error, text_of(preview))
        request = json.loads(text_of(preview))
        self.assertEqual("POST", request["method"])
        self.assertTrue(request["url"].endswith(f"/invoices/{invoice}/void"))
        self.assertEqual("Basic <redacted>",
                         request["headers"]["Authorization"])
        self.assertIn("confirm: true", preview.content[1].text)
        # The CLI's note on its embedded sandbox names a flag no tool has.
        self.assertNotIn("--base-url", json.dumps(
            [item.text for item in preview.content]))
        still = await client.call_tool("alegra_invoices_get", {"id": invoice})
        self.assertEqual("open", json.loads(text_of(still))["status"])
        voided = await client.call_tool("alegra_invoices_void",
                                        {"id": invoice, "confirm": True})
        self.assertFalse(voided.is_error, text_of(voided))
        self.assertEqual("void", json.loads(text_of(voided))["status"])

        # Errors are tool errors, with the CLI's one line.
        missing = await client.call_tool("alegra_invoices_get",
                                         {"id": 99999999})
        self.assertTrue(missing.is_error)
        self.assertRegex(text_of(missing), r"^Error: HTTP 404: ")
        too_many = await client.call_tool("alegra_invoices_list",
                                          {"limit": 1000})
        self.assertTrue(too_many.is_error)
        return contact["id"]

    async def exercise_read_only(self, client):
        listed = await client.list_tools()
        names = {tool.name for tool in listed.tools}
        self.assertIn("alegra_invoices_list", names)
        self.assertIn("alegra_pos_tickets_list", names)
        self.assertNotIn("alegra_invoices_void", names)
        self.assertNotIn("alegra_contacts_create", names)
        for tool in listed.tools:
            self.assertTrue(tool.annotations.read_only_hint, tool.name)
        # A tool the server does not offer is a JSON-RPC error, -32602.
        from mcp.shared.exceptions import MCPError

        try:
            await client.call_tool("alegra_invoices_void",
                                   {"id": 1, "confirm": True})
        except MCPError as exc:
            self.assertEqual(-32602, exc.code)
            self.assertEqual("Unknown tool: alegra_invoices_void",
                             exc.message)
        else:
            self.fail("an unknown tool was called")

    def check_contact(self, contact_id):
        found = self.alegra_json("contacts", "get", str(contact_id))
        self.assertEqual("Cliente MCP", found["name"])

    # -- stdio ----------------------------------------------------------------

    def stdio(self, *options):
        """The SDK's stdio transport, the server's stderr kept quiet."""
        from mcp import StdioServerParameters, stdio_client

        quiet = open(os.devnull, "w")
        self.addCleanup(quiet.close)
        return stdio_client(StdioServerParameters(
            command=alegra_executable(),
            args=["--sandbox", "mcp", "start", *options],
            env=self.environ), errlog=quiet)

    def test_stdio(self):
        from mcp import Client

        async def scenario():
            with anyio.fail_after(TIMEOUT):
                async with Client(self.stdio(*ALL)) as client:
                    contact = await self.exercise(client, "10203040")
                async with Client(self.stdio("--read-only",
                                             *ALL)) as client:
                    await self.exercise_read_only(client)
            return contact

        self.check_contact(anyio.run(scenario))

    # -- streamable HTTP -----------------------------------------------------

    def http_server(self, *options):
        process = subprocess.Popen(
            [alegra_executable(), "--sandbox", "mcp", "start", "--http",
             "--port", "0", *options],
            env=self.environ, stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self.addCleanup(stop, process)
        deadline = time.monotonic() + 60
        seen = ""
        while time.monotonic() < deadline:
            ready, _, _ = select.select([process.stderr], [], [], 1)
            if ready:
                line = process.stderr.readline()
                seen += line
                match = re.search(r"http://127\.0\.0\.1:\d+/mcp", line)
                if match:
                    return match.group(0)
            if process.poll() is not None:
                break
        self.fail(f"the MCP server did not start: {seen}")

    def test_http(self):
        from mcp import Client

        url = self.http_server(*ALL)
        read_only = self.http_server("--read-only", *ALL)

        async def scenario():
            with anyio.fail_after(TIMEOUT):
                async with Client(url) as client:
                    contact = await self.exercise(client, "10203041")
                async with Client(read_only) as client:
                    await self.exercise_read_only(client)
            return contact

        self.check_contact(anyio.run(scenario))

    def test_http_listens_on_loopback_only(self):
        url = self.http_server()
        port = int(url.rsplit(":", 1)[1].split("/")[0])
        try:
            done = subprocess.run(["ss", "-Hltn", f"sport = :{port}"],
                                  capture_output=True, text=True)
        except FileNotFoundError:
            done = None
        if done is None or done.returncode != 0:
            self.skipTest("ss is not available")
        self.assertIn(f"127.0.0.1:{port}", done.stdout)
        self.assertNotIn(f"0.0.0.0:{port}", done.stdout)


class TestCompactServer(testtools.TestCase):
    """Toolsets, discovery on demand, the person's confirmation and the
    profile's veto, through the SDK's stdio client."""

    def setUp(self):
        super().setUp()
        self.home = self.useFixture(_TempDir()).path
        self.environ = plugin_environ(self.home, "")

    def client(self, *options, elicit=None, changed=None, profile=(),
               mode=None):
        from mcp import Client, StdioServerParameters, stdio_client

        quiet = open(os.devnull, "w")
        self.addCleanup(quiet.close)
        transport = stdio_client(StdioServerParameters(
            command=alegra_executable(),
            args=[*profile, "--sandbox", "mcp", "start", *options],
            env=self.environ), errlog=quiet)
        extra = {}
        if elicit is not None:
            extra["elicitation_callback"] = elicit
        if changed is not None:
            extra["message_handler"] = changed
        if mode is not None:
            extra["mode"] = mode
        return Client(transport, **extra)

    def run_async(self, scenario):
        async def bounded():
            with anyio.fail_after(TIMEOUT):
                return await scenario()

        return anyio.run(bounded)

    def test_the_default_fits_the_strictest_host(self):
        async def scenario():
            async with self.client() as client:
                return (await client.list_tools()).tools

        tools = self.run_async(scenario)
        size = len(json.dumps([tool.model_dump(by_alias=True,
                                               exclude_none=True)
                               for tool in tools]))
        self.assertLessEqual(len(tools), 40)
        self.assertLessEqual(size, 30_000)
        names = {tool.name for tool in tools}
        self.assertIn("alegra_invoices_list", names)
        self.assertIn("alegra_contacts_create", names)
        for tool in tools:
            jsonschema.Draft202012Validator.check_schema(tool.input_schema)
            self.assertFalse(tool.annotations.destructive_hint, tool.name)

    def test_toolsets_pick_the_tools(self):
        async def scenario():
            async with self.client("--toolsets", "contacts,reports") as c:
                return {tool.name for tool in (await c.list_tools()).tools}

        names = self.run_async(scenario)
        self.assertIn("alegra_contacts_delete", names)
        self.assertTrue(all(name.startswith(("alegra_contacts_",
                                             "alegra_reports_"))
                            for name in names), names)

    def test_discovery_reaches_every_tool(self):
        changes = []

        async def changed(message):
            if getattr(message, "method", "") == \
                    "notifications/tools/list_changed":
                changes.append(message)

        async def scenario():
            # The handshake-era protocol today's hosts speak: the change
            # is announced (2026-07-28 clients see it on their next list).
            async with self.client("--dynamic", changed=changed,
                                   mode="legacy") as client:
                first = (await client.list_tools()).tools
                found = await client.call_tool(
                    "alegra_search_tools", {"words": "anular factura"})
                schema = await client.call_tool(
                    "alegra_describe_tool", {"name": "alegra_invoices_void"})
                enabled = await client.call_tool(
                    "alegra_enable_toolset", {"toolset": "sales"})
                await anyio.sleep(0.2)
                later = (await client.list_tools()).tools
                listed = await client.call_tool(
                    "alegra_call_tool", {"name": "alegra_items_list",
                                         "arguments": {"limit": 1}})
                preview = await client.call_tool(
                    "alegra_invoices_void", {"id": "1"})
                return (first, found, schema, enabled, later, listed,
                        preview)

        first, found, schema, enabled, later, listed, preview = \
            self.run_async(scenario)
        size = len(json.dumps([tool.model_dump(by_alias=True,
                                               exclude_none=True)
                               for tool in first]))
        self.assertLess(size, 10_000)
        self.assertLessEqual(len(first), 10)
        self.assertIn("alegra_invoices_void",
                      [hit["name"] for hit in json.loads(text_of(found))])
        described = json.loads(text_of(schema))
        jsonschema.Draft202012Validator.check_schema(
            described["inputSchema"])
        self.assertEqual("destructive", described["kind"])
        self.assertFalse(enabled.is_error, text_of(enabled))
        self.assertTrue(changes, "no notifications/tools/list_changed")
        self.assertIn("alegra_invoices_void",
                      {tool.name for tool in later})
        self.assertFalse(listed.is_error, text_of(listed))
        self.assertEqual(1, len(json.loads(text_of(listed))))
        self.assertEqual("POST", json.loads(text_of(preview))["method"])

    def void_with(self, action, invoice, mode=None):
        from mcp_types import ElicitResult

        asked = []

        async def elicit(context, params):
            asked.append(params.message)
            content = {"confirm": True} if action == "accept" else None
            return ElicitResult(action=action, content=content)

        async def scenario():
            async with self.client("--toolsets", "sales", elicit=elicit,
                                   mode=mode) as client:
                voided = await client.call_tool(
                    "alegra_invoices_void",
                    {"id": invoice, "confirm": True})
                after = await client.call_tool("alegra_invoices_get",
                                               {"id": invoice})
                return voided, json.loads(text_of(after))["status"]

        voided, status = self.run_async(scenario)
        return asked, voided, status

    def open_invoices(self):
        done = subprocess.run(
            [alegra_executable(), "--sandbox", "invoices", "list",
             "--status", "open", "--limit", "2", "-o", "json"],
            env=self.environ, capture_output=True, text=True,
            stdin=subprocess.DEVNULL, timeout=60)
        self.assertEqual(0, done.returncode, done.stderr)
        return [invoice["id"] for invoice in json.loads(done.stdout)]

    def test_the_person_is_asked_and_a_no_sends_nothing(self):
        first, second = self.open_invoices()
        asked, voided, status = self.void_with("decline", first)
        self.assertEqual(1, len(asked))
        self.assertIn("invoices void", asked[0])
        self.assertIn("Comercializadora Sandbox", asked[0])
        self.assertIn(f"/invoices/{first}/void", asked[0])
        self.assertFalse(voided.is_error)
        self.assertIn("declined", text_of(voided))
        self.assertEqual("open", status)
        asked, voided, status = self.void_with("accept", second)
        self.assertEqual(1, len(asked))
        self.assertFalse(voided.is_error, text_of(voided))
        self.assertEqual("void", status)

    def test_older_hosts_are_asked_too(self):
        first, second = self.open_invoices()
        asked, voided, status = self.void_with("cancel", first, "legacy")
        self.assertEqual(1, len(asked))
        self.assertIn("cancelled", text_of(voided))
        self.assertEqual("open", status)
        asked, voided, status = self.void_with("accept", second, "legacy")
        self.assertEqual("void", status)

    def test_a_profile_can_forbid_destructive_tools(self):
        folder = os.path.join(self.environ["XDG_CONFIG_HOME"], "alegra")
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "config.yaml"), "w") as stream:
            stream.write("profiles:\n  careful:\n    mcp:\n"
                         "      allow-destructive: false\n")

        async def scenario():
            async with self.client("--toolsets", "sales",
                                   profile=("--profile", "careful")) as c:
                names = {tool.name for tool in (await c.list_tools()).tools}
                refused = await c.call_tool(
                    "alegra_invoices_void", {"id": "1", "confirm": True})
                return names, refused

        names, refused = self.run_async(scenario)
        self.assertIn("alegra_invoices_list", names)
        self.assertNotIn("alegra_invoices_void", names)
        self.assertTrue(refused.is_error)
        self.assertIn("forbids", text_of(refused))

    def test_resources_and_prompts(self):
        async def scenario():
            async with self.client() as client:
                resources = (await client.list_resources()).resources
                company = await client.read_resource("alegra://company")
                catalog = await client.read_resource("alegra://catalogs/co")
                prompts = (await client.list_prompts()).prompts
                prompt = await client.get_prompt(
                    "emit-drafts", {"date": "2026-01-31"})
                return resources, company, catalog, prompts, prompt

        resources, company, catalog, prompts, prompt = \
            self.run_async(scenario)
        uris = {str(resource.uri) for resource in resources}
        self.assertIn("alegra://number-templates", uris)
        self.assertIn("Comercializadora Sandbox",
                      json.loads(company.contents[0].text)["name"])
        self.assertTrue(json.loads(catalog.contents[0].text))
        self.assertEqual({"month-end-receivables", "emit-drafts",
                          "reconcile-payment"},
                         {prompt.name for prompt in prompts})
        text = prompt.messages[0].content.text
        self.assertIn("2026-01-31", text)
        self.assertIn("alegra_invoices_emit", text)

    def test_initialize_is_quick_and_memory_small(self):
        times, peaks = [], []
        for _ in range(3):
            seconds, peak = initialize_and_measure(self.environ)
            times.append(seconds)
            peaks.append(peak)
        # Loose bounds for a shared machine; the docs give the figures.
        self.assertLess(sorted(times)[1], 2.0, times)
        self.assertLess(max(peaks), 150, peaks)


def start_http(test, environ, *options):
    """``mcp start --http --port 0``; its URL once it listens."""
    process = subprocess.Popen(
        [alegra_executable(), "--sandbox", "mcp", "start", "--http",
         "--port", "0", *options],
        env=environ, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE, text=True)
    test.addCleanup(stop, process)
    deadline = time.monotonic() + 60
    seen = ""
    while time.monotonic() < deadline and process.poll() is None:
        ready, _, _ = select.select([process.stderr], [], [], 1)
        if ready:
            line = process.stderr.readline()
            seen += line
            match = re.search(r"http://127\.0\.0\.1:\d+/mcp", line)
            if match:
                return match.group(0)
    test.fail(f"the MCP server did not start: {seen}")


def listing_size(tools):
    return len(json.dumps([tool.model_dump(by_alias=True, exclude_none=True)
                           for tool in tools]))


class TestCompactOverHTTP(testtools.TestCase):
    """The same limits over streamable HTTP."""

    def test_default_toolsets_and_discovery(self):
        from mcp import Client

        environ = plugin_environ(self.useFixture(_TempDir()).path, "")
        default = start_http(self, environ)
        picked = start_http(self, environ, "--toolsets", "banking")
        dynamic = start_http(self, environ, "--dynamic")

        async def scenario():
            with anyio.fail_after(TIMEOUT):
                async with Client(default) as client:
                    first = (await client.list_tools()).tools
                async with Client(picked) as client:
                    second = (await client.list_tools()).tools
                async with Client(dynamic) as client:
                    third = (await client.list_tools()).tools
                    await client.call_tool("alegra_enable_toolset",
                                           {"toolset": "sales"})
                    fourth = (await client.list_tools()).tools
            return first, second, third, fourth

        first, second, third, fourth = anyio.run(scenario)
        self.assertLessEqual(len(first), 40)
        self.assertLessEqual(listing_size(first), 30_000)
        self.assertTrue(all(tool.name.startswith(
            ("alegra_bank_accounts_", "alegra_reconciliations_"))
            for tool in second))
        self.assertLess(listing_size(third), 10_000)
        self.assertIn("alegra_invoices_void", {tool.name for tool in fourth})
        for tool in first + second + fourth:
            jsonschema.Draft202012Validator.check_schema(tool.input_schema)


class TestInspector(testtools.TestCase):
    """The official MCP Inspector's command-line mode, when installed
    (npm install -g @modelcontextprotocol/inspector)."""

    def setUp(self):
        super().setUp()
        self.inspector = shutil.which("mcp-inspector")
        if self.inspector is None:
            self.skipTest("the MCP Inspector is not installed (npm install "
                          "-g @modelcontextprotocol/inspector)")
        self.environ = plugin_environ(self.useFixture(_TempDir()).path, "")

    def inspect(self, target, *argv):
        done = subprocess.run(
            [self.inspector, "--cli", *target, *argv], env=self.environ,
            capture_output=True, text=True, stdin=subprocess.DEVNULL,
            timeout=120)
        self.assertEqual(0, done.returncode, done.stderr)
        return json.loads(done.stdout)

    def test_stdio_and_http(self):
        stdio = [alegra_executable(), "--sandbox", "mcp", "start"]
        listed = self.inspect(stdio, "--method", "tools/list")["tools"]
        self.assertLessEqual(len(listed), 40)
        self.assertLessEqual(len(json.dumps(listed)), 30_000)
        for tool in listed:
            jsonschema.Draft202012Validator.check_schema(tool["inputSchema"])
        called = self.inspect(stdio, "--method", "tools/call", "--tool-name",
                              "alegra_invoices_list", "--tool-arg",
                              "limit=2")
        self.assertFalse(called.get("isError"), called)
        self.assertEqual(2, len(json.loads(called["content"][0]["text"])))
        url = start_http(self, self.environ, "--dynamic")
        listed = self.inspect([url, "--transport", "http"], "--method",
                              "tools/list")["tools"]
        self.assertLess(len(json.dumps(listed)), 10_000)


class TestFromAnyHost(testtools.TestCase):
    """A host that starts servers with only HOME and PATH (as hosts built
    on the TypeScript SDK do) reaches the profile's credentials."""

    def setUp(self):
        super().setUp()
        from tests.functional.base import SandboxServer

        self.home = self.useFixture(_TempDir()).path
        self.server = SandboxServer(self.home)
        self.addCleanup(self.server.stop)
        # As a person's shell: no XDG_* variables, files under HOME.
        self.bare = {"HOME": self.home, "PATH": os.environ["PATH"]}

    def alegra(self, *argv, stdin=None):
        return subprocess.run(
            [alegra_executable(), *argv], env=self.bare, input=stdin,
            capture_output=True, text=True, timeout=60)

    def test_enable_then_a_bare_host_calls_a_tool(self):
        login = self.alegra("--profile", "acme", "auth", "login", "--email",
                            "sandbox@alegra.test", "--base-url",
                            self.server.base_url, stdin="sandbox\n")
        self.assertEqual(0, login.returncode, login.stderr)
        enabled = self.alegra("--profile", "acme", "mcp", "claude",
                              "enable", "--toolsets", "contacts")
        self.assertEqual(0, enabled.returncode, enabled.stderr)
        with open(os.path.join(self.home, ".claude.json")) as stream:
            entry = json.load(stream)["mcpServers"]["alegra"]
        self.assertIn("--profile", entry["args"])
        self.assertNotIn("sandbox\n", json.dumps(entry))
        self.assertEqual({}, entry["env"])

        from mcp import Client, StdioServerParameters, stdio_client

        quiet = open(os.devnull, "w")
        self.addCleanup(quiet.close)
        params = StdioServerParameters(
            command=entry["command"], args=entry["args"],
            env={**self.bare, **entry["env"]})

        async def scenario():
            with anyio.fail_after(TIMEOUT):
                async with Client(stdio_client(params,
                                               errlog=quiet)) as client:
                    return await client.call_tool("alegra_contacts_list",
                                                  {"limit": 1})

        found = anyio.run(scenario)
        self.assertFalse(found.is_error, text_of(found))
        self.assertEqual(1, len(json.loads(text_of(found))))

        doctor = self.alegra("--profile", "acme", "mcp", "doctor",
                             "--toolsets", "contacts")
        self.assertEqual(0, doctor.returncode, doctor.stderr)
        self.assertIn("profile: acme", doctor.stdout)
        self.assertIn("credentials with only HOME and PATH: resolved",
                      doctor.stdout)
        self.assertRegex(doctor.stdout, r"tools: \d+, \d+ bytes")

    def test_doctor_says_when_a_host_would_find_no_credentials(self):
        done = subprocess.run(
            [alegra_executable(), "mcp", "doctor"],
            env={**self.bare, "ALEGRA_EMAIL": "sandbox@alegra.test",
                 "ALEGRA_TOKEN": "sandbox",
                 "ALEGRA_BASE_URL": self.server.base_url},
            capture_output=True, text=True, timeout=120)
        self.assertEqual(3, done.returncode, done.stderr)
        self.assertEqual(1, len(done.stderr.splitlines()), done.stderr)
        # The credentials were in the environment only: a host has none.
        self.assertRegex(done.stderr, r"^Error: a host starting .* with "
                                      r"only HOME, PATH gets: .*profile")
        self.assertNotIn("sandbox@", done.stdout)


def initialize_and_measure(environ):
    """Seconds until ``initialize`` is answered, and peak RSS in MB."""
    started = time.monotonic()
    process = subprocess.Popen(
        [alegra_executable(), "--sandbox", "mcp", "start"], env=environ,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL)
    try:
        process.stdin.write(json.dumps({
            "jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
                "protocolVersion": "2025-06-18", "capabilities": {},
                "clientInfo": {"name": "test", "version": "1"}}}
        ).encode() + b"\n")
        process.stdin.flush()
        ready, _, _ = select.select([process.stdout], [], [], 60)
        assert ready, "no answer to initialize"
        process.stdout.readline()
        seconds = time.monotonic() - started
        process.stdin.write(b'{"jsonrpc":"2.0","method":'
                            b'"notifications/initialized"}\n'
                            b'{"jsonrpc":"2.0","id":2,"method":'
                            b'"tools/list"}\n')
        process.stdin.flush()
        ready, _, _ = select.select([process.stdout], [], [], 60)
        assert ready, "no answer to tools/list"
        process.stdout.readline()
        with open(f"/proc/{process.pid}/status") as status:
            peak = next(int(line.split()[1]) for line in status
                        if line.startswith("VmHWM")) / 1024
    finally:
        process.stdin.close()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.stdout.close()
    return seconds, peak


def stop(process):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    process.stderr.close()


class TestWithoutSDK(testtools.TestCase):
    """Without the extra, one line says how to install it."""

    def test_start_says_how_to_install_the_sdk(self):
        home = self.useFixture(_TempDir()).path
        shadow = os.path.join(home, "shadow", "mcp")
        os.makedirs(shadow)
        with open(os.path.join(shadow, "__init__.py"), "w") as handle:
            handle.write("raise ImportError('No module named mcp')\n")
        environ = plugin_environ(home, os.path.dirname(shadow))
        done = subprocess.run(
            [alegra_executable(), "--sandbox", "mcp", "start"], env=environ,
            capture_output=True, text=True, stdin=subprocess.DEVNULL,
            timeout=60)
        self.assertEqual(1, done.returncode)
        self.assertEqual("", done.stdout)
        self.assertEqual(
            ["Error: the MCP server needs the MCP Python SDK, which is not "
             "installed (install it with: pipx install --force "
             "'alegra-cli[mcp]')"],
            done.stderr.splitlines())


class TestStartup(testtools.TestCase):
    """No other command imports the MCP SDK or the server's modules."""

    PROBE = (
        "import json, sys\n"
        "from alegra.app.application import main\n"
        "try:\n"
        "    main(sys.argv[1:])\n"
        "except SystemExit:\n"
        "    pass\n"
        "sys.__stdout__.write('\\n' + json.dumps(sorted(\n"
        "    m for m in sys.modules\n"
        "    if m.split('.')[0] in ('mcp', 'mcp_types', 'anyio', 'uvicorn',\n"
        "                            'starlette', 'pydantic')\n"
        "    or m.startswith('alegra.mcp'))) + '\\n')\n"
    )

    def probe(self, *argv):
        home = self.useFixture(_TempDir()).path
        done = subprocess.run(
            [sys.executable, "-c", self.PROBE, *argv],
            env=plugin_environ(home, ""), capture_output=True, text=True,
            stdin=subprocess.DEVNULL, timeout=60)
        return json.loads(done.stdout.splitlines()[-1])

    def test_help_imports_only_the_light_command_module(self):
        self.assertEqual(["alegra.mcp", "alegra.mcp.commands",
                          "alegra.mcp.doctor", "alegra.mcp.skills"],
                         self.probe("--help"))

    def test_other_commands_import_nothing_of_mcp(self):
        for argv in (("--version",), ("invoices", "list", "--dry-run"),
                     ("help", "invoices")):
            self.assertEqual([], self.probe(*argv), argv)


def _TempDir():
    import fixtures

    return fixtures.TempDir()
