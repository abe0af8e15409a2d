"""Ids as Alegra gives them today, through the installed executable.

The sandbox is served with ``--id-format uuid`` (every record created
through the API has a UUID v7) and ``--id-format string`` (numeric text):
imports, exports, ``--all``, ``--jq``, ``--profile a,b``, the history,
``invoices emit --all`` and the MCP tools carry the ids as given.
"""

import json
import os
import socket

import anyio

from tests.functional import base
from tests.functional.test_emission import DRAFT, EmissionCase, stamps

TIMEOUT = 60


def closed_port_url():
    """A loopback URL nothing listens on: a request sent there fails."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/api/v1"


class UuidIds(EmissionCase):
    serve_options = ("--quiet", "--rate-limit", "off", "--id-format",
                     "uuid")

    def is_new_id(self, text):
        parts = text.split("-")
        return [8, 4, 4, 4, 12] == [len(part) for part in parts] \
            and parts[2].startswith("7")

    def created(self, *argv):
        record = self.ok(*argv, "-o", "json").json()
        self.assertIsInstance(record["id"], str)
        self.assertTrue(self.is_new_id(record["id"]), record)
        return record["id"]

    def test_get_update_and_list_by_id(self):
        warehouse = self.created("warehouses", "create", "--set",
                                 "name=Norte")
        seller = self.created("sellers", "create", "--set", "name=Ana")
        shown = self.ok("warehouses", "get", warehouse, "-f", "json").json()
        self.assertEqual(warehouse, shown["id"])
        self.ok("sellers", "update", seller, "--set", "name=Ana María")
        shown = self.ok("sellers", "get", seller, "-f", "json").json()
        self.assertEqual([seller, "Ana María"], [shown["id"],
                                                 shown["name"]])
        ids = self.ok("sellers", "list", "--all", "-f", "json", "--jq",
                      ".id").out.split()
        self.assertIn(seller, ids)
        # Numbers first (the seeded records, as numeric text), then UUIDs.
        self.assertTrue(ids[0].isdigit(), ids)

    def test_import_export_and_history_with_uuid_references(self):
        warehouse = self.created("warehouses", "create", "--set",
                                 "name=Sur")
        seller = self.created("sellers", "create", "--set", "name=Luis")
        rows = [{**DRAFT, "seller": {"id": seller},
                 "warehouse": {"id": warehouse},
                 "observations": f"import {number}"}
                for number in range(3)]
        path = os.path.join(self.home, "invoices.json")
        with open(path, "w") as stream:
            json.dump(rows, stream)
        self.ok("invoices", "import", "-f", path)
        found = self.ok(
            "invoices", "list", "--all", "-f", "json", "--jq",
            f'select(.seller.id == "{seller}") | [.id, .warehouse.id]'
        ).out
        pairs = [json.loads(line) for line in
                 found.replace("\n", "").replace("][", "]\n[").splitlines()]
        self.assertEqual(3, len(pairs), found)
        self.assertTrue(all(self.is_new_id(key) and place == warehouse
                            for key, place in pairs), pairs)
        out = os.path.join(self.home, "invoices.csv")
        self.ok("invoices", "export", "--out", out, "--columns",
                "id,seller.id")
        with open(out) as stream:
            exported = stream.read()
        for key, _ in pairs:
            self.assertIn(f"{key},{seller}", exported)
        history = self.ok("history", "--requests", "-f", "json").json()
        recorded = {entry["id"] for entry in history
                    if entry["method"] == "POST"}
        self.assertTrue({key for key, _ in pairs} | {seller, warehouse}
                        <= recorded, history)

    def test_profiles_side_by_side(self):
        seller = self.created("sellers", "create", "--set", "name=Eva")
        env = self.environ()
        del env["ALEGRA_EMAIL"], env["ALEGRA_TOKEN"], env["ALEGRA_BASE_URL"]
        for name in ("a", "b"):
            self.ok("config", "set-profile", name, "--email",
                    "sandbox@alegra.test", "--base-url",
                    self.server.base_url, env=env)
            self.ok("--profile", name, "auth", "login", stdin="sandbox\n",
                    env=env)
        merged = self.ok("--profile", "a,b", "sellers", "get", seller,
                         "-f", "json", env=env).json()
        self.assertEqual(2, len(merged), merged)
        self.assertEqual({seller}, {str(row.get("id") or row.get("data", {})
                                        .get("id")) for row in merged})

    def test_emit_all_stamps_each_invoice_once(self):
        ids = self.drafts(4)
        self.assertTrue(all(self.is_new_id(key) for key in ids), ids)
        before = stamps(self.server.db)
        result, outcomes = self.emit("--all")
        # The seeded draft on manual numbering fails: exit 8.
        self.assertIn(result.code, (0, 8), result)
        for key in ids:
            self.assertEqual("emitted", outcomes[key], outcomes)
        after = stamps(self.server.db)
        self.assertEqual({1}, set(after.values()), after)
        emitted = [key for key, result in outcomes.items()
                   if result == "emitted"]
        self.assertEqual(len(before) + len(emitted), len(after))
        again, outcomes = self.emit("--all")
        self.assertIn(again.code, (0, 1, 8), again)
        self.assertEqual(after, stamps(self.server.db))

    def test_ids_neither_number_nor_uuid_are_refused_unsent(self):
        env = self.environ(ALEGRA_BASE_URL=closed_port_url())
        for argv, what in ((("invoices", "get", "abc"), "invoice"),
                           (("contacts", "delete", "-1", "-y"), "contact")):
            result = self.alegra(*argv, env=env)
            self.assertEqual(2, result.code, result)
            self.assertEqual(1, len(result.err.splitlines()), result)
            self.assertIn(f"is not an {what} id" if what[0] in "aeiou"
                          else f"is not a {what} id", result.err)
        unknown = self.alegra("warehouses", "get",
                              "01959152-fe97-7a6e-a2d5-c0c63e82f80a")
        self.assertEqual(4, unknown.code, unknown)

    def test_mcp_get_and_list(self):
        seller = self.drafts(1)[0]

        async def scenario():
            from mcp import Client, StdioServerParameters, stdio_client

            with open(os.devnull, "w") as quiet:
                transport = stdio_client(StdioServerParameters(
                    command=base.alegra_executable(),
                    args=["mcp", "start"], env=self.environ()),
                    errlog=quiet)
                async with Client(transport) as client:
                    with anyio.fail_after(TIMEOUT):
                        got = await client.call_tool("alegra_invoices_get",
                                                     {"id": seller})
                        listed = await client.call_tool(
                            "alegra_invoices_list",
                            {"status": "draft", "limit": 100})
            return got, listed

        got, listed = anyio.run(scenario)
        for answer in (got, listed):
            self.assertFalse(answer.is_error, answer)
        self.assertIn(f'"id":"{seller}"', _compact(got))
        self.assertIn(f'"id":"{seller}"', _compact(listed))


def _compact(answer):
    return "".join("".join(getattr(part, "text", "").split())
                   for part in answer.content)


class StringIds(UuidIds):
    serve_options = ("--quiet", "--rate-limit", "off", "--id-format",
                     "string")

    def is_new_id(self, text):
        return text.isdigit()
