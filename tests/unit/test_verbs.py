"""The generic verbs, through the real application and requests-mock."""

import json
import urllib.parse

from tests.unit import base


def query_of(request):
    return urllib.parse.parse_qs(urllib.parse.urlsplit(request.url).query)

INVOICE = {
    "id": 12, "date": "2026-06-06", "dueDate": "2026-06-21",
    "status": "open", "client": {"id": 12, "name": "Acme S.A.S"},
    "numberTemplate": {"id": 7, "fullNumber": "FE-101"},
    "items": [{"id": 5, "price": 50000, "quantity": 1}],
    "total": 59500, "balance": 59500,
}


class TestList(base.APITestCase):
    def test_first_page_with_default_columns(self):
        self.mock.get(self.url("invoices"), json=[INVOICE])
        code, out, err = self.run_cli("invoices", "list", "-f", "csv")
        self.assertEqual(0, code, err)
        self.assertEqual(
            "id,numberTemplate.fullNumber,date,dueDate,client.name,status,"
            "total,balance\n12,FE-101,2026-06-06,2026-06-21,Acme S.A.S,open,"
            "59500,59500\n", out)
        self.assertEqual({"start": ["0"], "limit": ["30"]},
                         self.mock.last_request.qs)

    def test_filters_and_order(self):
        self.mock.get(self.url("invoices"), json=[])
        code, out, err = self.run_cli(
            "invoices", "list", "--status", "open", "--client-id", "12",
            "--date-after", "2026-01-01", "--order-field", "date",
            "--order-direction", "desc", "--param", "client_name=Acme",
            "--param", "numberTemplate_fullNumber=FE-123", "-q", "x")
        self.assertEqual(0, code, err)
        self.assertEqual(
            {"status": ["open"], "client_id": ["12"],
             "date_after": ["2026-01-01"], "order_field": ["date"],
             "order_direction": ["DESC"], "client_name": ["Acme"],
             "numberTemplate_fullNumber": ["FE-123"], "query": ["x"],
             "start": ["0"], "limit": ["30"]},
            query_of(self.mock.last_request))

    def test_bad_param(self):
        code, out, err = self.run_cli("invoices", "list", "--param", "oops")
        self.assertEqual(2, code)
        self.assertIn("--param 'oops': expected key=value", err)

    def test_columns_reach_nested_fields(self):
        self.mock.get(self.url("invoices"), json=[INVOICE])
        code, out, err = self.run_cli(
            "invoices", "list", "-f", "csv",
            "--columns", "id,client.name,items.0.price,missing.field")
        self.assertEqual(0, code, err)
        self.assertEqual("id,client.name,items.0.price,missing.field\n"
                         "12,Acme S.A.S,50000,\n", out)

    def test_global_columns(self):
        self.mock.get(self.url("contacts"), json=[
            {"id": 1, "name": "A", "email": "a@x.co", "phonePrimary": "1"}])
        code, out, err = self.run_cli("contacts", "list", "-o", "csv",
                                      "--columns", "id,name,email")
        self.assertEqual(0, code, err)
        self.assertEqual("id,name,email\n1,A,a@x.co\n", out)

    def test_json_gives_whole_objects(self):
        self.mock.get(self.url("invoices"), json=[INVOICE])
        code, out, err = self.run_cli("invoices", "list", "-o", "json")
        self.assertEqual(0, code, err)
        self.assertEqual([INVOICE], json.loads(out))

    def test_json_with_columns_gives_those_fields(self):
        self.mock.get(self.url("invoices"), json=[INVOICE])
        code, out, err = self.run_cli("invoices", "list", "-o", "json",
                                      "--columns", "id,client.name")
        self.assertEqual(0, code, err)
        self.assertEqual([{"id": 12, "client.name": "Acme S.A.S"}],
                         json.loads(out))

    def test_ndjson(self):
        self.mock.get(self.url("invoices"), json=[INVOICE, {"id": 13}])
        code, out, err = self.run_cli("invoices", "list", "-o", "ndjson")
        self.assertEqual(0, code, err)
        lines = out.splitlines()
        self.assertEqual(2, len(lines))
        self.assertEqual({"id": 13}, json.loads(lines[1]))

    def test_value_prints_bare_ids(self):
        self.mock.get(self.url("invoices"), json=[INVOICE, {"id": 13}])
        code, out, err = self.run_cli("invoices", "list", "-f", "value",
                                      "-c", "id")
        self.assertEqual(0, code, err)
        self.assertEqual("12\n13\n", out)

    def test_yaml_keeps_amounts(self):
        self.mock.get(self.url("invoices"),
                      text='[{"id": 1, "total": 19928.00, '
                           '"totalPaid": 0.0000000000}]')
        code, out, err = self.run_cli("invoices", "list", "-o", "yaml")
        self.assertEqual(0, code, err)
        self.assertIn("total: 19928.00\n", out)
        self.assertIn("totalPaid: 0.0000000000\n", out)

    def test_table(self):
        self.mock.get(self.url("invoices"), json=[INVOICE])
        code, out, err = self.run_cli("invoices", "list")
        self.assertEqual(0, code, err)
        self.assertIn("Acme S.A.S", out)
        self.assertIn("client.name", out)

    def test_lists_of_values_read_as_text(self):
        self.mock.get(self.url("contacts"), json=[
            {"id": 4, "name": "T", "type": ["client", "provider"],
             "address": {"city": "Cali"}}])
        code, out, err = self.run_cli("contacts", "list", "-o", "csv",
                                      "--columns", "id,type,address")
        self.assertEqual(0, code, err)
        self.assertEqual('4,"client, provider","{""city"":""Cali""}"',
                         out.splitlines()[1])

    def test_csv_neutralises_formulas(self):
        self.mock.get(self.url("contacts"), json=[
            {"id": 1, "name": "=HYPERLINK(\"x\")", "email": "+1@x",
             "identification": "-12.5", "type": "@t", "status": "-x"}])
        code, out, err = self.run_cli("contacts", "list", "-o", "csv")
        self.assertEqual(0, code, err)
        row = out.splitlines()[1]
        self.assertIn("'=HYPERLINK", row)
        self.assertIn("'+1@x", row)
        self.assertIn(",-12.5,", row)
        self.assertIn("'@t", row)
        self.assertIn("'-x", row)


class TestGetCreateUpdateDelete(base.APITestCase):
    def test_get_json_is_exact(self):
        self.mock.get(self.url("invoices/12"),
                      text='{"id": 9007199254740993, "total": "19928.00", '
                           '"balance": 1234567890123456.78}')
        code, out, err = self.run_cli("invoices", "get", "12", "-o", "json")
        self.assertEqual(0, code, err)
        self.assertEqual('{\n  "id": 9007199254740993,\n  "total": '
                         '"19928.00",\n  "balance": 1234567890123456.78\n}\n',
                         out)

    def test_get_table_shows_fields(self):
        self.mock.get(self.url("invoices/12"), json=INVOICE)
        code, out, err = self.run_cli("invoices", "get", "12")
        self.assertEqual(0, code, err)
        self.assertIn("FE-101", out)

    def test_get_value_column(self):
        self.mock.get(self.url("invoices/12"), json=INVOICE)
        code, out, err = self.run_cli("invoices", "get", "12", "-f",
                                      "value", "-c", "status")
        self.assertEqual(0, code, err)
        self.assertEqual("open\n", out)

    def test_create_prints_the_created_object(self):
        self.mock.post(self.url("contacts"), status_code=201,
                       json={"id": 77, "name": "Acme S.A.S"})
        code, out, err = self.run_cli(
            "contacts", "create", "--set", "name=Acme S.A.S",
            "--set", 'identification={"type":"NIT","number":"901123456"}',
            "--set", 'type=["client"]', "--set", "kindOfPerson=LEGAL_ENTITY",
            "-o", "json")
        self.assertEqual(0, code, err)
        self.assertEqual(77, json.loads(out)["id"])
        self.assertEqual(
            {"name": "Acme S.A.S",
             "identification": {"type": "NIT", "number": "901123456"},
             "type": ["client"], "kindOfPerson": "LEGAL_ENTITY"},
            self.mock.last_request.json())

    def test_create_format_option_on_body_commands(self):
        self.mock.post(self.url("contacts"), status_code=201,
                       json={"id": 77})
        code, out, err = self.run_cli("contacts", "create", "-d",
                                      '{"name": "A"}', "--format", "value",
                                      "-c", "id")
        self.assertEqual(0, code, err)
        self.assertEqual("77\n", out)

    def test_update_sends_a_partial_body(self):
        self.mock.put(self.url("invoices/12"), json=INVOICE)
        code, out, err = self.run_cli(
            "invoices", "update", "12",
            "--set", "observations=Pagada por transferencia")
        self.assertEqual(0, code, err)
        self.assertEqual({"observations": "Pagada por transferencia"},
                         self.mock.last_request.json())

    def test_update_from_file(self):
        path = base.temporary_file(self, "patch.json", '{"email": "a@b.co"}')
        self.mock.put(self.url("contacts/99"), json={"id": 99})
        code, out, err = self.run_cli("contacts", "update", "99", "-f", path)
        self.assertEqual(0, code, err)
        self.assertEqual({"email": "a@b.co"}, self.mock.last_request.json())

    def test_delete_with_yes(self):
        self.mock.delete(self.url("contacts/99"), text="")
        code, out, err = self.run_cli("contacts", "delete", "99", "-y")
        self.assertEqual(0, code, err)
        self.assertEqual("", out)
        self.assertIn("Deleted contact 99", err)

    def test_delete_asks_on_a_terminal(self):
        self.mock.delete(self.url("contacts/99"), text="")
        code, out, err = self.run_cli("contacts", "delete", "99",
                                      stdin="y\n", tty=True)
        self.assertEqual(0, code, err)
        self.assertIn("Delete contact 99? [y/N]", err)
        self.assertTrue(self.mock.called)

    def test_delete_declined(self):
        code, out, err = self.run_cli("contacts", "delete", "99",
                                      stdin="n\n", tty=True)
        self.assertEqual(2, code)
        self.assertFalse(self.mock.called)
        # Declining is said as it is, not as an error.
        self.assertTrue(err.endswith("Cancelled; nothing was changed.\n"),
                        err)
        self.assertNotIn("Error:", err)

    def test_delete_without_terminal_refuses(self):
        code, out, err = self.run_cli("contacts", "delete", "99")
        self.assertEqual(2, code)
        self.assertFalse(self.mock.called)
        self.assertIn("pass -y", err)

    def test_delete_dry_run_does_not_prompt(self):
        code, out, err = self.run_cli("contacts", "delete", "99",
                                      "--dry-run")
        self.assertEqual(0, code, err)
        self.assertIn("DELETE https://api.alegra.com/api/v1/contacts/99", out)
        self.assertFalse(self.mock.called)


class TestActions(base.APITestCase):
    def test_void_without_body(self):
        self.mock.post(self.url("invoices/12/void"),
                       json={**INVOICE, "status": "void"})
        code, out, err = self.run_cli("invoices", "void", "12", "-o", "json")
        self.assertEqual(0, code, err)
        self.assertEqual("void", json.loads(out)["status"])
        self.assertIsNone(self.mock.last_request.body)

    def test_email_requires_a_body(self):
        code, out, err = self.run_cli("invoices", "email", "12")
        self.assertEqual(2, code)
        self.assertIn("no request body", err)

    def test_email(self):
        self.mock.post(self.url("invoices/12/email"), text="")
        code, out, err = self.run_cli(
            "invoices", "email", "12", "--set",
            'emails=["client@acme.com"]')
        self.assertEqual(0, code, err)
        self.assertEqual({"emails": ["client@acme.com"]},
                         self.mock.last_request.json())
        self.assertIn("OK: email invoice 12", err)

    def test_collection_action(self):
        # The emission ledger is keyed by the company.
        self.mock.get(self.url("company"), json={"identification": "9001"})
        self.mock.post(self.url("invoices/stamp"), json=[{"id": 12}])
        code, out, err = self.run_cli(
            "invoices", "stamp", "--set", 'invoices=[{"id":12},{"id":13}]')
        self.assertEqual(0, code, err)
        self.assertEqual({"invoices": [{"id": 12}, {"id": 13}]},
                         self.mock.last_request.json())


class TestValidation(base.APITestCase):
    def test_invoice_missing_fields_is_refused_before_sending(self):
        code, out, err = self.run_cli("invoices", "create", "-d",
                                      '{"items": []}')
        self.assertEqual(7, code)
        self.assertFalse(self.mock.called)
        self.assertEqual(1, len(err.strip().splitlines()), err)
        self.assertIn("'client' is required", err)
        self.assertIn("'date' is required", err)

    def test_stamp_without_number_template(self):
        code, out, err = self.run_cli(
            "invoices", "create", "-d",
            '{"client": {"id": 1}, "date": "2026-06-06", '
            '"items": [{"id": 5}], "stamp": {"generateStamp": true}}')
        self.assertEqual(7, code)
        self.assertIn("numberTemplate", err)

    def test_no_validate_sends_anyway(self):
        self.mock.post(self.url("invoices"), status_code=201, json={"id": 1})
        code, out, err = self.run_cli("invoices", "create", "-d",
                                      '{"items": []}', "--no-validate")
        self.assertEqual(0, code, err)
        self.assertTrue(self.mock.called)

    def test_item_needs_name_and_price(self):
        code, out, err = self.run_cli("items", "create", "--set", "name=X")
        self.assertEqual(7, code)
        self.assertIn("'price' is required", err)

    def test_contact_with_only_name_and_type_is_fine(self):
        self.mock.post(self.url("contacts"), status_code=201, json={"id": 1})
        code, out, err = self.run_cli("contacts", "create", "-d",
                                      '{"name":"Acme","type":["client"]}')
        self.assertEqual(0, code, err)

    def test_draft_strips_the_stamp(self):
        self.mock.post(self.url("invoices"), status_code=201, json={"id": 1})
        code, out, err = self.run_cli(
            "invoices", "create", "--draft", "-d",
            '{"client": {"id": 1}, "date": "2026-06-06", '
            '"items": [{"id": 5}], "stamp": {"generateStamp": true}}')
        self.assertEqual(0, code, err)
        self.assertNotIn("stamp", self.mock.last_request.json())


class TestPreview(base.APITestCase):
    def test_preview_of_an_id_posts_a_copy_to_the_collection(self):
        self.mock.get(self.url("invoices/12"),
                      json={"id": "12", "client": {"id": "1"}})
        self.mock.post(self.url("invoices/preview"),
                       json={"url": "https://example.com/preview.pdf"})
        code, out, err = self.run_cli("invoices", "preview", "12", "-o",
                                      "value", "-c", "url")
        self.assertEqual(0, code, err)
        self.assertEqual("https://example.com/preview.pdf\n", out)
        self.assertEqual({"client": {"id": "1"}},
                         self.mock.last_request.json())


class TestProgress(base.APITestCase):
    def run_with_terminal_stderr(self, *argv):
        import io

        from alegra.app.application import AlegraApp

        out, err = io.StringIO(), base.Terminal()
        app = AlegraApp(stdin=io.StringIO(), stdout=out, stderr=err,
                        environ=self.environ)
        return app.run(list(argv)), out.getvalue(), err.getvalue()

    def test_a_long_walk_to_a_file_shows_progress(self):
        self.mock.get(self.url("invoices"), [
            {"json": [{"id": n} for n in range(30)]},
            {"json": [{"id": n} for n in range(30, 60)]},
            {"json": [{"id": 99}]}])
        self.mock.get(self.url("invoices?metadata=true"),
                      json={"metadata": {"total": 61}, "data": [{"id": 0}]})
        code, out, err = self.run_with_terminal_stderr(
            "invoices", "list", "--all", "-o", "ndjson")
        self.assertEqual(0, code, err)
        self.assertEqual(61, len(out.splitlines()))
        self.assertIn("Fetching invoices", err)
        self.assertIn("61/61", err)
        self.assertIn("Fetched 61 invoices in ", err)

    def test_a_walk_logged_to_a_file_ends_with_one_line(self):
        self.mock.get(self.url("invoices"), [
            {"json": [{"id": n} for n in range(30)]},
            {"json": [{"id": 99}]}])
        code, out, err = self.run_cli("invoices", "list", "--all", "-o",
                                      "ndjson")
        self.assertEqual(0, code, err)
        self.assertRegex(err, r"^Fetched 31 invoices in 0 s \(.*\)\n$")
        code, out, err = self.run_cli("--quiet", "invoices", "list", "--all",
                                      "-o", "ndjson")
        self.assertEqual("", err)

    def test_an_error_after_progress_starts_its_own_line(self):
        import re

        self.mock.get(self.url("invoices"), [
            {"json": [{"id": n} for n in range(30)]},
            {"status_code": 404, "json": {"code": 404, "message": "x"}}])
        code, out, err = self.run_with_terminal_stderr(
            "invoices", "list", "--all", "-o", "ndjson")
        self.assertEqual(4, code)
        # The bar is taken away (cursor up, line cleared) before the error.
        last = err.split("\n")[-2]
        self.assertTrue(re.sub(r"\x1b\[[0-9;?]*[A-Za-z]|\r", "", last)
                        .startswith("Error: HTTP 404"), err)

    def test_a_full_page_says_there_may_be_more(self):
        self.mock.get(self.url("invoices"),
                      json=[{"id": n} for n in range(30)])
        code, out, err = self.run_with_terminal_stderr(
            "invoices", "list", "-o", "ndjson")
        self.assertEqual(0, code, err)
        self.assertIn("use --all, or --start 30", err)


class TestBinding(base.TestCase):
    def test_a_verb_the_resource_does_not_allow_is_refused(self):
        from alegra import verbs
        from alegra.resource import Resource

        read_only = Resource(name="recurring-payments",
                             singular="recurring payment",
                             verbs=("list", "get"))
        verbs.List.bind(read_only)
        self.assertRaises(TypeError, verbs.Delete.bind, read_only)
