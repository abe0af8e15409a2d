"""Running MCP tools in-process: results, errors, pages and secrets."""

import io

from alegra.app.context import Context
from alegra.mcp import runner as runner_module
from alegra.mcp.catalog import build
from alegra.app.application import AlegraApp
from tests.unit import base

INVOICE = ('{"id": 1, "total": 19928.00, "balance": 0.0000000000, '
           '"status": "open"}')


class TestRunner(base.APITestCase):

    def make_runner(self, *argv, **kwargs):
        app = AlegraApp(stdin=base.Pipe(), stdout=io.StringIO(),
                        stderr=io.StringIO(), environ=self.environ)
        app.options = app.parser.parse_args(list(argv))
        app.interactive_mode = False
        app.context = Context(app.options, self.environ, app.stderr)
        self.addCleanup(app.context.close)
        self.app = app
        return runner_module.Runner(app, build(app), **kwargs)

    def test_results_are_the_json_alegra_sent_exactly(self):
        self.mock.get(self.url("invoices/1"), text=INVOICE)
        outcome = self.make_runner().call("alegra_invoices_get", {"id": 1})
        self.assertFalse(outcome.is_error)
        self.assertIn('"total": 19928.00', outcome.text)
        self.assertIn('"balance": 0.0000000000', outcome.text)
        # Parsed numbers would lose the zeros: no structured copy then.
        self.assertIsNone(outcome.structured)

    def test_structured_content_when_every_number_survives(self):
        self.mock.get(self.url("invoices/1"), text='{"id": 1, "total": 12.5}')
        outcome = self.make_runner().call("alegra_invoices_get", {"id": 1})
        self.assertEqual({"id": 1, "total": 12.5}, outcome.structured)

    def test_exact_json(self):
        self.assertIsNone(runner_module.exact_json('[19928.00]'))
        self.assertIsNone(runner_module.exact_json('[12345678901234567890]'))
        self.assertEqual([1.5, 2, "x"],
                         runner_module.exact_json('[1.5, 2, "x"]'))
        self.assertIsNone(runner_module.exact_json('not json'))

    def test_errors_carry_the_cli_message_and_hint(self):
        self.mock.get(self.url("invoices/9"), status_code=404,
                      json={"code": 404, "message": "No existe"})
        outcome = self.make_runner().call("alegra_invoices_get", {"id": 9})
        code, _, err = self.run_cli("invoices", "get", "9")
        self.assertTrue(outcome.is_error)
        self.assertEqual(err.strip(), outcome.text)
        self.assertTrue(outcome.text.startswith("Error: "))

    def test_usage_errors_from_the_parser_are_tool_errors(self):
        outcome = self.make_runner().call("alegra_invoices_list",
                                          {"order_field": "nope"})
        self.assertTrue(outcome.is_error)
        self.assertRegex(outcome.text, r"^Error: alegra invoices list: "
                                       r"argument --order-field")

    def test_unknown_tool(self):
        outcome = self.make_runner().call("alegra_nothing", {})
        self.assertTrue(outcome.is_error)

    def test_a_full_page_says_how_to_get_the_next(self):
        rows = ",".join(f'{{"id": {n}}}' for n in range(5))
        self.mock.get(self.url("invoices"), text=f"[{rows}]")
        outcome = self.make_runner().call("alegra_invoices_list",
                                          {"limit": 5, "start": 10})
        self.assertEqual(
            ["Showed 5 records from 10; there may be more: call "
             "alegra_invoices_list again with start: 15"], outcome.notes)
        self.assertIn("start=10", self.mock.last_request.url)
        self.assertIn("limit=5", self.mock.last_request.url)

    def test_a_destructive_tool_sends_nothing_without_confirm(self):
        void = self.mock.post(self.url("invoices/1/void"), text=INVOICE)
        runner = self.make_runner()
        outcome = runner.call("alegra_invoices_void", {"id": 1})
        self.assertFalse(void.called)
        self.assertTrue(outcome.preview)
        self.assertIn('"url": "https://api.alegra.com/api/v1/invoices/1/void"',
                      outcome.text)
        self.assertNotIn("secret-token", outcome.text)
        outcome = runner.call("alegra_invoices_void", {"id": 1,
                                                       "confirm": True})
        self.assertTrue(void.called)
        self.assertFalse(outcome.is_error, outcome.text)

    def test_secrets_never_reach_a_result(self):
        self.mock.get(self.url("invoices/1"),
                      text='{"id": 1, "note": "token secret-token"}')
        outcome = self.make_runner().call("alegra_invoices_get", {"id": 1})
        self.assertNotIn("secret-token", outcome.text)
        self.assertIn("<redacted>", outcome.text)
        self.assertIsNone(outcome.structured)

    def test_a_huge_result_is_refused_without_reading_on(self):
        page = ",".join(f'{{"id": {n}, "name": "{"x" * 50}"}}'
                        for n in range(30))
        self.mock.get(self.url("invoices"), text=f"[{page}]")
        outcome = self.make_runner(max_result=1000).call(
            "alegra_invoices_export", {"format": "json"})
        self.assertTrue(outcome.is_error)
        self.assertIn("the result is larger than 1000 characters",
                      outcome.text)
        self.assertEqual([], [note for note in outcome.notes
                              if '"id"' in note])

    def test_one_client_serves_every_call(self):
        self.mock.get(self.url("invoices/1"), text=INVOICE)
        runner = self.make_runner()
        runner.call("alegra_invoices_get", {"id": 1})
        first = runner.context.client_factory.client
        runner.call("alegra_invoices_get", {"id": 1})
        self.assertIsNotNone(first)
        self.assertIs(first, runner.context.client_factory.client)

    def test_the_server_streams_are_left_alone(self):
        self.mock.get(self.url("invoices/1"), text=INVOICE)
        runner = self.make_runner()
        stdout, stderr = self.app.stdout, self.app.stderr
        runner.call("alegra_invoices_get", {"id": 1})
        self.assertIs(stdout, self.app.stdout)
        self.assertIs(stderr, self.app.stderr)
        self.assertEqual("", stdout.getvalue())


class TestCommands(base.TestCase):

    def test_start_without_credentials_fails_at_once(self):
        code, out, err = self.run_cli("--profile", "nope", "mcp", "start")
        self.assertEqual(3, code)
        self.assertEqual("", out)
        self.assertEqual(1, len(err.splitlines()), err)
        self.assertIn("Error: no credentials for profile 'nope'", err)

    def test_start_refuses_several_profiles(self):
        for name in ("a", "b"):
            self.assertEqual(0, self.run_cli("config", "set-profile", name,
                                             "--country", "co")[0])
        for argv in (("--profile", "a,b"), ("--all-profiles",)):
            code, out, err = self.run_cli(*argv, "mcp", "start")
            self.assertEqual(2, code, argv)
            self.assertEqual(
                "Error: the MCP server works on one account (name one "
                "profile: alegra --profile NAME mcp start)\n", err)

    def test_tools_prints_schemas_and_annotations(self):
        import json

        code, out, err = self.run_cli("mcp", "tools", "-o", "json")
        self.assertEqual(0, code, err)
        tools = {tool["name"]: tool for tool in json.loads(out)}
        listing = tools["alegra_invoices_list"]
        self.assertEqual("read", listing["kind"])
        self.assertTrue(listing["annotations"]["readOnlyHint"])
        self.assertEqual("object", listing["inputSchema"]["type"])
        code, out, _ = self.run_cli("mcp", "tools", "--read-only", "-f",
                                    "value", "-c", "name")
        self.assertEqual(0, code)
        self.assertNotIn("alegra_invoices_void", out.split())
