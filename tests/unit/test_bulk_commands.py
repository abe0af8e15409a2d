"""``import`` and ``export`` through the CLI, with HTTP mocked."""

import json
import os

import requests

from alegra.bulk import journal
from tests.unit import base

CLIENTS = "Name,NIT\nAcme,900111\nBeta,900222\nGamma,900333\n"
MAP = ("--map", "Name=name,NIT=identification.number",
       "--set", "identification.type=NIT", "--set", 'type=["client"]',
       "--no-validate")


class TestImport(base.APITestCase):
    def setUp(self):
        super().setUp()
        self.csv = base.temporary_file(self, "clients.csv", CLIENTS)
        self.posted = []

    def answer(self, request, context):
        body = request.json()
        self.posted.append(body)
        if body["name"] == "Beta" and getattr(self, "reject_beta", False):
            context.status_code = 400
            return {"code": 2006, "message": "Ya existe un contacto"}
        return {"id": len(self.posted), **body}

    def run_import(self, *extra):
        self.mock.post(self.url("contacts"), json=self.answer)
        return self.run_cli("contacts", "import", "-f", self.csv, *MAP,
                            *extra)

    def test_one_post_per_row_and_a_summary(self):
        code, out, err = self.run_import()
        self.assertEqual(0, code, err)
        self.assertEqual("", out)
        self.assertEqual(["Acme", "Beta", "Gamma"],
                         [body["name"] for body in self.posted])
        self.assertEqual({"number": "900111", "type": "NIT"},
                         self.posted[0]["identification"])
        self.assertIn("3 created, 0 failed, 0 skipped, 0 unknown", err)

    def test_a_failed_row_is_reported_and_written_back(self):
        self.reject_beta = True
        code, out, err = self.run_import()
        self.assertEqual(8, code, err)
        self.assertIn("row 2: HTTP 400: Ya existe un contacto", err)
        self.assertIn("2 created, 1 failed", err)
        self.assertEqual(1, err.count("Error: "))
        failures = os.path.join(os.path.dirname(self.csv),
                                "clients.failures.csv")
        self.assertEqual(
            "Name,NIT,_error\nBeta,900222,HTTP 400: Ya existe un contacto "
            "(code 2006)\n", open(failures).read())

    def test_dry_run_prints_bodies_and_sends_nothing(self):
        code, out, err = self.run_cli("contacts", "import", "-f", self.csv,
                                      *MAP, "--dry-run")
        self.assertEqual(0, code, err)
        self.assertEqual(3, len(out.splitlines()))
        self.assertEqual("Acme", json.loads(out.splitlines()[0])["name"])
        self.assertEqual([], self.mock.request_history)
        self.assertFalse(os.path.exists(journal.journal_dir(self.environ)))

    def test_invalid_rows_cost_no_request(self):
        path = base.temporary_file(self, "bad.csv", "email\nx@y.z\n")
        self.mock.post(self.url("contacts"), json=self.answer)
        code, out, err = self.run_cli("contacts", "import", "-f", path)
        self.assertEqual(8, code, err)
        self.assertIn("row 1: not valid", err)
        self.assertEqual([], self.posted)

    def test_importing_a_file_again_needs_resume(self):
        self.assertEqual(0, self.run_import()[0])
        code, out, err = self.run_import()
        self.assertEqual(2, code)
        self.assertIn("add --resume", err)
        self.assertEqual(3, len(self.posted))
        code, out, err = self.run_import("--resume")
        self.assertEqual(0, code, err)
        self.assertIn("0 created, 0 failed, 3 skipped", err)
        self.assertEqual(3, len(self.posted))

    def test_a_lost_answer_is_unknown_then_looked_up(self):
        def lost_once(request, context):
            if request.json()["name"] == "Beta" and not self.lost:
                self.lost.append(1)
                raise requests.ConnectionError("reset by peer")
            return self.answer(request, context)

        self.lost = []
        self.mock.post(self.url("contacts"), json=lost_once)
        code, out, err = self.run_cli("contacts", "import", "-f", self.csv,
                                      *MAP)
        self.assertEqual(10, code, err)
        self.assertIn("2 created, 0 failed, 0 skipped, 1 unknown", err)
        self.assertIn("--resume", err)
        # Beta is not on the server: the lookup says so, and it is sent.
        self.mock.get(self.url("contacts"), json=[])
        code, out, err = self.run_cli("contacts", "import", "-f", self.csv,
                                      *MAP, "--resume")
        self.assertEqual(0, code, err)
        self.assertIn("1 created, 0 failed, 2 skipped, 0 unknown", err)
        lookup = self.mock.request_history[-2]
        self.assertEqual("GET", lookup.method)
        self.assertEqual(["900222"], lookup.qs["identification"])
        self.assertEqual(["Acme", "Gamma", "Beta"],
                         [body["name"] for body in self.posted])

    def test_a_lost_answer_found_on_the_server_is_not_sent_again(self):
        book = journal.journal_path(
            "default\nme@example.com", "contacts",
            os.path.realpath(self.csv), self.environ)
        with journal.Journal(book) as entries:
            entries.record(1, journal.CREATED, id=1, key="900111")
            entries.record(2, journal.SENDING, key="900222")
        self.mock.get(self.url("contacts"), json=[
            {"id": 41, "identification": "9002221"},
            {"id": 42, "identification": "900222"}])
        code, out, err = self.run_import("--resume")
        self.assertEqual(0, code, err)
        self.assertIn("already created as id 42", err)
        self.assertEqual(["Gamma"], [body["name"] for body in self.posted])

    def test_without_a_key_a_row_in_doubt_stays_unknown(self):
        path = base.temporary_file(self, "items.csv", "name\nx\n")
        self.mock.post(self.url("invoices"),
                       exc=requests.exceptions.ReadTimeout)
        code, out, err = self.run_cli("invoices", "import", "-f", path,
                                      "--no-validate")
        self.assertEqual(10, code, err)
        code, out, err = self.run_cli("invoices", "import", "-f", path,
                                      "--no-validate", "--resume")
        self.assertEqual(10, code, err)
        self.assertIn("give --key COLUMN", err)
        self.assertEqual(1, len([r for r in self.mock.request_history
                                 if r.method == "POST"]))

    def test_an_exhausted_quota_stops_the_run_for_resume(self):
        calls = []

        def quota(request, context):
            calls.append(1)
            if len(calls) > 1:
                context.status_code = 401
                return {"code": 401, "message": "no"}
            return {"id": 1}

        self.mock.post(self.url("contacts"), json=quota)
        code, out, err = self.run_cli("contacts", "import", "-f", self.csv,
                                      *MAP)
        self.assertEqual(3, code, err)
        self.assertIn("stopped with 2 rows left", err)

    def test_bad_options_send_nothing(self):
        self.mock.post(self.url("contacts"), json=self.answer)
        for extra, words in (
                (("--map", "Nope=name"), "no column 'Nope'"),
                (("--key", "Nope"), "--key: "),
                (("--map", "=x"), "expected Column=field.path")):
            code, out, err = self.run_cli("contacts", "import", "-f",
                                          self.csv, *extra)
            self.assertEqual(2, code, err)
            self.assertIn(words, err)
            self.assertEqual(1, err.count("\n"), err)
        self.assertEqual([], self.mock.request_history)


class TestExport(base.APITestCase):
    def setUp(self):
        super().setUp()
        self.mock.get(self.url("invoices"), [
            {"json": [{"id": n, "total": "1.50", "client": {"name": f"c{n}"},
                       "status": "open"} for n in range(30)]},
            {"json": [{"id": 30, "total": "=1+1", "status": "open"}]}])

    def test_csv_by_default_with_the_resource_columns(self):
        code, out, err = self.run_cli("invoices", "export", "--param",
                                      "status=open")
        self.assertEqual(0, code, err)
        lines = out.splitlines()
        self.assertEqual("id,numberTemplate.fullNumber,date,dueDate,"
                         "client.name,status,total,balance", lines[0])
        self.assertEqual(32, len(lines))
        self.assertEqual("30,,,,,open,'=1+1,", lines[-1])
        self.assertEqual(["open"], self.mock.request_history[0].qs["status"])
        self.assertIn("Exported 31 invoices", err)

    def test_the_list_filters_apply(self):
        code, out, err = self.run_cli("invoices", "export", "--status",
                                      "open", "-q", "acme", "--columns",
                                      "id")
        self.assertEqual(0, code, err)
        query = self.mock.request_history[0].qs
        self.assertEqual(["open"], query["status"])
        self.assertEqual(["acme"], query["query"])

    def test_json_to_a_file(self):
        path = os.path.join(self.home, "out.json")
        code, out, err = self.run_cli("invoices", "export", "--format",
                                      "json", "--out", path)
        self.assertEqual(0, code, err)
        self.assertEqual("", out)
        self.assertEqual(31, len(json.load(open(path))))

    def test_a_failed_export_leaves_no_file(self):
        self.mock.get(self.url("invoices"), [
            {"json": [{"id": n} for n in range(30)]},
            {"status_code": 404, "json": {"code": 404, "message": "x"}}])
        path = os.path.join(self.home, "out.csv")
        code, out, err = self.run_cli("invoices", "export", "--out", path)
        self.assertEqual(4, code)
        self.assertIn("Export stopped after 30 rows; " + path
                      + " was not written", err)
        self.assertEqual([], [name for name in os.listdir(self.home)
                              if name.startswith((".out", "out"))])

    def test_quiet_says_nothing(self):
        code, out, err = self.run_cli("--quiet", "invoices", "export",
                                      "--format", "ndjson")
        self.assertEqual(0, code, err)
        self.assertEqual("", err)
        self.assertEqual(31, len(out.splitlines()))


class TestExportFormatWords(base.APITestCase):

    def test_a_file_name_for_the_format_points_at_out(self):
        code, out, err = self.run_cli("invoices", "export", "-o", "x.csv")
        self.assertEqual(2, code)
        self.assertIn("'x.csv' is a file name, not a format: write "
                      "'--out x.csv'", err)
        self.assertEqual([], self.mock.request_history)

    def test_an_unknown_format_lists_the_formats(self):
        code, out, err = self.run_cli("invoices", "export", "--format",
                                      "xml")
        self.assertEqual(2, code)
        self.assertIn("use csv, json, ndjson, xlsx", err)

    def test_formats_are_read_in_any_case(self):
        self.mock.get(self.url("invoices"), json=[])
        code, out, err = self.run_cli("invoices", "export", "-o", "JSON")
        self.assertEqual(0, code, err)
        self.assertEqual("[]\n", out)
