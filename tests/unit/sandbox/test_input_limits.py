"""The sandbox rejects what Alegra would (issue 11, item 7)."""

from alegra.errors import UsageError
from alegra.sandbox import commands
from tests.unit.sandbox import base
from tests.unit.sandbox.test_commands import CommandTestCase

HUGE = "9" * 25  # beyond SQLite's 64-bit integers


class TestBeyondSQLite(base.SandboxTestCase):

    def test_huge_ids_are_404(self):
        for resource in ("contacts", "invoices", "items"):
            with self.subTest(resource=resource):
                self.fails(self.get(f"/{resource}/{HUGE}"), 404)
                self.fails(self.delete(f"/{resource}/{HUGE}"), 404)
                self.fails(self.put(f"/{resource}/{HUGE}", {"name": "x"}),
                           404)
        self.fails(self.get(f"/contacts/{2 ** 63}"), 404)

    def test_huge_start_and_limit_are_400(self):
        self.fails(self.get("/contacts", start=HUGE), 400)
        self.fails(self.get("/contacts", start=str(2 ** 63)), 400)

    def test_huge_referenced_ids_are_400(self):
        body = self.invoice_body(client={"id": int(HUGE)})
        status = self.post("/invoices", body).status
        self.assertIn(status, (400, 404))

    def test_huge_filter_ids_are_400(self):
        reply = self.get("/invoices", client_id=HUGE)
        self.assertIn(reply.status, (200, 400), reply.text)


class TestServeOptions(CommandTestCase):

    def test_out_of_range_options(self):
        for argv in (["--port", "99999"], ["--port", "-1"],
                     ["--rate-limit", "0"], ["--latency", "-5"],
                     ["--latency", "nan"], ["--fail-rate", "nan"]):
            with self.subTest(argv=argv):
                error = self.assertRaises(
                    (UsageError, SystemExit), self.run_command,
                    commands.Serve, *(["--port", "0"] if argv[0] != "--port"
                                      else []), *argv)
                if isinstance(error, SystemExit):
                    self.assertEqual(2, error.code)
                else:
                    self.assertNotIn("\n", str(error))
