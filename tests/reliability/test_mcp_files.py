"""The MCP server and the user's files: none unless a folder is given.

Each server is the installed ``alegra --sandbox mcp start``, driven by the
MCP SDK's stdio client, in a scratch home whose work folder holds a
secret beside the files folder (and one inside it). Nothing an agent
sends may read the secret or write anywhere but the files folder.
"""

import json
import os
import select
import shutil
import signal
import subprocess
import tempfile
import time

import anyio
import testtools

from tests.functional.base import alegra_executable
from tests.unit.base import isolated_environ

TIMEOUT = 90
SECRET = "-----BEGIN PRIVATE KEY-----\nOUTSIDE-SECRET-7f3a9c\n"
INSIDE = "name\nINSIDE-SECRET-51d0e2\n"
PATHS = ("out", "file", "failures")


def text_of(result):
    return "\n".join(item.text for item in result.content)


def listing(top):
    """Every file under ``top`` with its content, symbolic links as such."""
    found = {}
    for folder, dirs, files in os.walk(top):
        for name in dirs + files:
            path = os.path.join(folder, name)
            if os.path.islink(path):
                found[path] = "-> " + os.readlink(path)
            elif os.path.isfile(path):
                with open(path, "rb") as stream:
                    found[path] = stream.read()
    return found


class MCPFilesTest(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.scratch = tempfile.mkdtemp(prefix="alegra-mcp-files-")
        self.addCleanup(shutil.rmtree, self.scratch, ignore_errors=True)
        self.environ = isolated_environ(os.path.join(self.scratch, "home"))
        self.tmp = os.path.join(self.scratch, "tmp")
        os.mkdir(self.tmp)
        self.environ["TMPDIR"] = self.tmp
        # Every tool that may touch a file, not only the default ones.
        self.environ["ALEGRA_MCP_TOOLSETS"] = "all"
        self.work = os.path.join(self.scratch, "work")
        self.share = os.path.join(self.work, "share")
        os.makedirs(self.share)
        self.secret = os.path.join(self.work, "secret.pem")
        with open(self.secret, "w") as stream:
            stream.write(SECRET)
        with open(os.path.join(self.share, "inside.csv"), "w") as stream:
            stream.write(INSIDE)
        with open(os.path.join(self.share, "rows.csv"), "w") as stream:
            stream.write("name,identification\nCliente Carpeta,900123\n")
        os.symlink(self.work, os.path.join(self.share, "up"))
        os.symlink(self.secret, os.path.join(self.share, "key.csv"))
        self.answers = []

    def client(self, *options):
        from mcp import Client, StdioServerParameters, stdio_client

        quiet = open(os.devnull, "w")
        self.addCleanup(quiet.close)
        return Client(stdio_client(StdioServerParameters(
            command=alegra_executable(),
            args=["--sandbox", "mcp", "start", *options],
            env=self.environ, cwd=self.work), errlog=quiet))

    def serve(self, scenario, *options):
        async def main():
            with anyio.fail_after(TIMEOUT):
                async with self.client(*options) as client:
                    await scenario(client)

        anyio.run(main)
        for answer in self.answers:
            self.assertNotIn("OUTSIDE-SECRET", answer)
        self.assertEqual([], os.listdir(self.tmp))  # staged rows removed

    async def call(self, client, name, arguments):
        result = await client.call_tool(name, arguments)
        self.answers.append(text_of(result))
        return result

    async def tools(self, client):
        listed = await client.list_tools()
        return {tool.name: tool for tool in listed.tools}

    def assert_no_path_argument(self, tools, allowed=()):
        for tool in tools.values():
            offered = set(tool.input_schema["properties"])
            self.assertEqual(set(), (offered & set(PATHS)) - set(allowed),
                             tool.name)

    # -- without a folder ----------------------------------------------------

    def test_without_files_dir_no_tool_touches_a_file(self):
        before = listing(self.work)

        async def scenario(client):
            tools = await self.tools(client)
            self.assert_no_path_argument(tools)
            export = tools["alegra_contacts_export"].input_schema
            self.assertIn("start", export["properties"])
            self.assertIn("limit", export["properties"])
            rows = tools["alegra_contacts_import"].input_schema
            self.assertEqual("array", rows["properties"]["rows"]["type"])
            self.assertEqual("string", rows["properties"]["csv"]["type"])

            found = await self.call(client, "alegra_contacts_export",
                                    {"format": "json", "limit": 2})
            self.assertFalse(found.is_error, text_of(found))
            self.assertEqual(2, len(json.loads(found.content[0].text)))
            self.assertIn("start: 2", found.content[-1].text)
            table = await self.call(client, "alegra_contacts_export",
                                    {"limit": 1, "start": 1})
            self.assertFalse(table.is_error, text_of(table))
            self.assertEqual(2, len(table.content[0].text.splitlines()))

            for name, arguments in (
                    ("alegra_contacts_export", {"out": "x.csv"}),
                    ("alegra_contacts_export", {"out": self.secret}),
                    ("alegra_contacts_import", {"file": "secret.pem",
                                                "dry_run": True}),
                    ("alegra_contacts_import", {"file": self.secret,
                                                "dry_run": True}),
                    ("alegra_contacts_import", {
                        "rows": [{"name": "A"}], "failures": "f.json",
                        "dry_run": True}),
                    ("alegra_contacts_create", {"file": self.secret})):
                refused = await self.call(client, name, arguments)
                self.assertTrue(refused.is_error, (name, arguments))

            preview = await self.call(client, "alegra_contacts_import", {
                "csv": "name,identification\nAna,123\n", "dry_run": True,
                "no_validate": True})
            self.assertFalse(preview.is_error, text_of(preview))
            self.assertEqual("Ana", json.loads(
                preview.content[0].text)["name"])
            created = await self.call(client, "alegra_contacts_import", {
                "rows": [{"name": "Cliente Fila", "identification": {
                    "type": "CC", "number": "555001"}}]})
            self.assertFalse(created.is_error, text_of(created))
            self.assertNotIn(self.tmp, text_of(created))
            failed = await self.call(client, "alegra_contacts_import", {
                "rows": [{"identification": "555002"}],
                "no_validate": True})
            self.assertTrue(failed.is_error, text_of(failed))
            self.assertIn("_error", text_of(failed))
            self.assertNotIn(self.tmp, text_of(failed))

        self.serve(scenario)
        self.assertEqual(before, listing(self.work))

    # -- with a folder -------------------------------------------------------

    def test_files_dir_is_the_only_place_read_or_written(self):
        before = listing(self.work)

        async def scenario(client):
            tools = await self.tools(client)
            self.assert_no_path_argument(tools, allowed=PATHS)
            self.assertIn("out", tools["alegra_contacts_export"]
                          .input_schema["properties"])
            done = await self.call(client, "alegra_contacts_export",
                                   {"out": "x.csv"})
            self.assertFalse(done.is_error, text_of(done))
            outside = os.path.join(self.scratch, "x.csv")
            for out in ("../x.csv", "/tmp/x.csv", outside, "up/x.csv",
                        "key.csv", "up/secret.pem", ".", "",
                        "sub/../../x.csv"):
                refused = await self.call(client, "alegra_contacts_export",
                                          {"out": out})
                self.assertTrue(refused.is_error, out)
            self.assertFalse(os.path.exists(outside))

            read = await self.call(client, "alegra_contacts_import",
                                   {"file": "rows.csv", "dry_run": True,
                                    "no_validate": True})
            self.assertFalse(read.is_error, text_of(read))
            self.assertIn("Cliente Carpeta", text_of(read))
            inside = await self.call(client, "alegra_contacts_import",
                                     {"file": "inside.csv", "dry_run": True,
                                      "no_validate": True})
            self.assertIn("INSIDE-SECRET", text_of(inside))
            for path in ("../secret.pem", self.secret, "key.csv",
                         "up/secret.pem"):
                refused = await self.call(client, "alegra_contacts_import",
                                          {"file": path, "dry_run": True})
                self.assertTrue(refused.is_error, path)
                self.assertRegex(text_of(refused), r"^Error: argument file")

        self.serve(scenario, "--files-dir", self.share)
        after = listing(self.work)
        written = os.path.join(self.share, "x.csv")
        self.assertTrue(after.pop(written).startswith(b"id,"))
        self.assertEqual(before, after)

    # -- read-only -----------------------------------------------------------

    def check_read_only(self, *options):
        before = listing(self.work)

        async def scenario(client):
            tools = await self.tools(client)
            self.assert_no_path_argument(tools)
            for tool in tools.values():
                self.assertTrue(tool.annotations.read_only_hint, tool.name)
            self.assertNotIn("alegra_contacts_import", tools)
            found = await self.call(client, "alegra_contacts_export",
                                    {"format": "ndjson", "limit": 3})
            self.assertFalse(found.is_error, text_of(found))
            self.assertEqual(3, len(found.content[0].text.splitlines()))
            refused = await self.call(client, "alegra_contacts_export",
                                      {"out": "x.csv"})
            self.assertTrue(refused.is_error)

        self.serve(scenario, "--read-only", *options)
        self.assertEqual(before, listing(self.work))

    def test_read_only_writes_nothing(self):
        self.check_read_only()

    def test_read_only_writes_nothing_even_with_a_folder(self):
        self.check_read_only("--files-dir", self.share)

    # -- the protocol ------------------------------------------------------

    def test_an_unknown_tool_is_invalid_params(self):
        from mcp.shared.exceptions import MCPError

        async def scenario(client):
            try:
                await client.call_tool("alegra_nothing", {})
            except MCPError as exc:
                self.assertEqual(-32602, exc.code)
                self.assertEqual("Unknown tool: alegra_nothing", exc.message)
            else:
                self.fail("an unknown tool answered")

        self.serve(scenario)

    def test_sigterm_ends_the_server_with_0(self):
        process = subprocess.Popen(
            [alegra_executable(), "--sandbox", "mcp", "start"],
            env=self.environ, cwd=self.work, stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.addCleanup(_kill, process)
        hello = {"jsonrpc": "2.0", "id": 1, "method": "initialize",
                 "params": {"protocolVersion": "2025-06-18",
                            "capabilities": {},
                            "clientInfo": {"name": "test", "version": "1"}}}
        process.stdin.write(json.dumps(hello).encode() + b"\n")
        process.stdin.flush()
        self.assertIn(b'"id":1', read_line(process))
        # A malformed request is answered, not left waiting.
        process.stdin.write(b'{"jsonrpc": "2.0", "id": 2}\n')
        process.stdin.flush()
        answer = json.loads(read_line(process))
        self.assertEqual((2, -32600), (answer["id"],
                                       answer["error"]["code"]))
        started = time.monotonic()
        process.send_signal(signal.SIGTERM)
        self.assertEqual(0, process.wait(timeout=2))
        self.assertLess(time.monotonic() - started, 2)


def read_line(process, timeout=60):
    ready, _, _ = select.select([process.stdout], [], [], timeout)
    if not ready:
        raise AssertionError(f"no answer in {timeout} s")
    return process.stdout.readline()


def _kill(process):
    if process.poll() is None:
        process.kill()
        process.wait()
    process.stdin.close()
    process.stdout.close()
