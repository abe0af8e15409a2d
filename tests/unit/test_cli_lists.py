"""Lists, counts and exact values through the CLI, against
requests-mock.
"""

import json

from tests.unit.httpfakes import (
    EXACT_RECORD,
    INVOICES,
    CLITestCase,
    query_of,
    records,
)


class TestCLIList(CLITestCase):
    def ids(self, *argv):
        code, out, err = self.run_cli("invoices", "list", "-f", "value",
                                      "--columns", "id", *argv)
        self.assertEqual(0, code, err)
        return [int(line) for line in out.splitlines()]

    def queries(self):
        return [(q.get("start"), q.get("limit"))
                for q in map(query_of, self.mock.request_history)]

    def test_all_walks_every_page(self):
        self.mock.get(INVOICES, [{"json": records(0, 30)},
                                 {"json": records(30, 30)},
                                 {"json": records(60, 7)}])
        self.assertEqual(list(range(67)), self.ids("--all"))
        self.assertEqual([("0", "30"), ("30", "30"), ("60", "30")],
                         self.queries())

    def test_all_with_an_exact_multiple(self):
        self.mock.get(INVOICES, [{"json": records(0, 30)}, {"json": []}])
        self.assertEqual(30, len(self.ids("--all")))
        self.assertEqual([("0", "30"), ("30", "30")], self.queries())

    def test_limit_45(self):
        self.mock.get(INVOICES, [{"json": records(0, 30)},
                                 {"json": records(30, 15)}])
        self.assertEqual(list(range(45)), self.ids("--limit", "45"))
        self.assertEqual([("0", "30"), ("30", "15")], self.queries())

    def test_start(self):
        self.mock.get(INVOICES, json=records(10, 3))
        self.assertEqual([10, 11, 12], self.ids("--start", "10"))
        self.assertEqual([("10", "30")], self.queries())

    def test_one_page_by_default(self):
        self.mock.get(INVOICES, json=records(0, 30))
        self.assertEqual(30, len(self.ids()))
        self.assertEqual([("0", "30")], self.queries())

    def test_all_streams_json(self):
        self.mock.get(INVOICES, [{"json": records(0, 30)},
                                 {"json": records(30, 1)}])
        code, out, err = self.run_cli("invoices", "list", "--all", "-f",
                                      "json")
        self.assertEqual(0, code, err)
        self.assertEqual(31, len(json.loads(out)))

    def test_wrapped_pages(self):
        for key in ("data", "results", "subscriptions"):
            self.mock.get(INVOICES, json={key: records(0, 2)})
            self.assertEqual([0, 1], self.ids(), key)


class TestCLICount(CLITestCase):
    def count(self, *argv):
        code, out, err = self.run_cli("invoices", "list", "--count", *argv)
        self.assertEqual((0, ""), (code, err))
        return out

    def test_metadata_total(self):
        self.mock.get(INVOICES, json={"metadata": {"total": 1234},
                                      "data": records(0, 1)})
        self.assertEqual("1234\n", self.count())
        self.assertEqual("true", query_of(self.mock.last_request)["metadata"])

    def test_string_total(self):
        self.mock.get(INVOICES, json={"metadata": {"total": "4"},
                                      "data": []})
        self.assertEqual("4\n", self.count())

    def test_top_level_total(self):
        self.mock.get(INVOICES, json={"total": "4", "results": []})
        self.assertEqual("4\n", self.count())

    def test_counts_pages_without_a_total(self):
        self.mock.get(INVOICES, [{"json": records(0, 1)},
                                 {"json": records(0, 30)},
                                 {"json": records(30, 12)}])
        self.assertEqual("42\n", self.count())
        self.assertEqual(3, self.mock.call_count)

    def test_filters_reach_the_count(self):
        self.mock.get(INVOICES, json={"metadata": {"total": 3}})
        self.assertEqual("3\n", self.count("--status", "open"))
        self.assertEqual("open", query_of(self.mock.last_request)["status"])


class TestCLIExactValues(CLITestCase):
    def setUp(self):
        super().setUp()
        self.mock.get(INVOICES, text=f"[{EXACT_RECORD}]")
        self.mock.get(f"{INVOICES}/9007199254740993", text=EXACT_RECORD)

    def list_output(self, *argv):
        code, out, err = self.run_cli("invoices", "list", *argv)
        self.assertEqual(0, code, err)
        return out

    def assertExact(self, out, paid=True):
        for text in ("9007199254740993", "19928.00", "0.0000000000"):
            self.assertIn(text, out)
        if paid:
            self.assertIn("1234567890123456.78", out)

    def test_json(self):
        self.assertExact(self.list_output("-f", "json"))

    def test_yaml(self):
        out = self.list_output("-f", "yaml")
        self.assertExact(out)
        self.assertIn("total: 19928.00", out)

    def test_csv(self):
        self.assertExact(self.list_output(
            "-f", "csv", "--columns", "id,total,balance,totalPaid"))

    def test_value(self):
        out = self.list_output("-f", "value", "--columns",
                               "id,total,balance,totalPaid")
        self.assertEqual(
            "9007199254740993 19928.00 0.0000000000 1234567890123456.78\n",
            out)

    def test_table(self):
        self.assertExact(self.list_output(), paid=False)

    def test_get_json(self):
        code, out, err = self.run_cli("invoices", "get", "9007199254740993",
                                      "-f", "json")
        self.assertEqual(0, code, err)
        self.assertExact(out)
        self.assertIn('"total": 19928.00', out)
