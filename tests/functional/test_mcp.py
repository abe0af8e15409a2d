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
                async with Client(self.stdio()) as client:
                    contact = await self.exercise(client, "10203040")
                async with Client(self.stdio("--read-only")) as client:
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

        url = self.http_server()
        read_only = self.http_server("--read-only")

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
        self.assertEqual(["alegra.mcp", "alegra.mcp.commands"],
                         self.probe("--help"))

    def test_other_commands_import_nothing_of_mcp(self):
        for argv in (("--version",), ("invoices", "list", "--dry-run"),
                     ("help", "invoices")):
            self.assertEqual([], self.probe(*argv), argv)


def _TempDir():
    import fixtures

    return fixtures.TempDir()
