"""HTTP failures as the CLI reports them: one line, a meaningful exit
code, through the app against requests-mock.
"""

import requests_mock

from alegra import errors
from tests.unit.httpfakes import (
    EXPECTED_AUTH,
    INVOICE_JSON,
    INVOICES,
    CLITestCase,
)


class TestCLIError(CLITestCase):
    def fail_with(self, status, argv=("invoices", "get", "1"), **response):
        self.mock.register_uri(requests_mock.ANY, requests_mock.ANY,
                               status_code=status, **response)
        code, out, err = self.run_cli(*argv)
        self.assertEqual("", out)
        return code, self.assertOneErrorLine(err)

    def test_401(self):
        code, line = self.fail_with(401, json={"message": "Unauthorized"})
        self.assertEqual(errors.AUTH, code)
        self.assertIn("log in again", line)

    def test_402(self):
        code, line = self.fail_with(402, json={
            "code": 907, "message": "action not available in your plan"})
        self.assertEqual(errors.PLAN, code)
        self.assertIn("not in your Alegra plan", line)
        self.assertIn("(code 907)", line)

    def test_403(self):
        code, line = self.fail_with(403, json={"message": "Forbidden"})
        self.assertEqual(errors.AUTH, code)
        self.assertIn("role", line)

    def test_404(self):
        code, line = self.fail_with(404, json={"message": "Not found",
                                               "code": 404})
        self.assertEqual(errors.NOT_FOUND, code)
        self.assertIn("check the id", line)

    def test_400_shows_message_and_code(self):
        code, line = self.fail_with(
            400, argv=("invoices", "create", "-d", INVOICE_JSON),
            json={"code": 3007, "message": "La fecha de vencimiento de la "
                                           "factura es obligatoria"})
        self.assertEqual(errors.VALIDATION, code)
        self.assertIn("La fecha de vencimiento de la factura es obligatoria",
                      line)
        self.assertIn("code 3007", line)

    def test_wrapped_forms_are_one_line(self):
        bodies = [
            {"json": {"error": {"code": 2006, "message": "Ya existe"}}},
            {"json": {"error": "Categoría no encontrada", "code": 404}},
            {"json": {"message": "solo un mensaje"}},
            {"json": [{"code": 1, "message": "uno"}, {"message": "dos"}]},
            {"json": {"message": "dos\nlíneas"}},
            {"json": {"unexpected": True}},
            {"text": ""},
        ]
        for body in bodies:
            self.mock.reset_mock()
            self.fail_with(400, **body)

    def test_an_html_502_page_is_one_line(self):
        page = ("<!DOCTYPE html>\n<html>\n<head><title>502 Bad Gateway"
                "</title></head>\n<body>\n<center><h1>502 Bad Gateway</h1>"
                "</center>\n<hr><center>nginx</center>\n</body>\n</html>\n")
        code, line = self.fail_with(502, text=page,
                                    headers={"Content-Type": "text/html"})
        self.assertEqual(errors.API_ERROR, code)
        self.assertIn("(HTTP 502): 502 Bad Gateway", line)
        self.assertNotIn("<", line)

    def test_no_credentials(self):
        del self.environ["ALEGRA_EMAIL"]
        del self.environ["ALEGRA_TOKEN"]
        code, _, err = self.run_cli("invoices", "list")
        self.assertEqual(errors.AUTH, code)
        self.assertOneErrorLine(err)
        self.assertFalse(self.mock.called)

    def test_debug_shows_a_traceback(self):
        self.mock.get(f"{INVOICES}/1", status_code=404)
        code, _, err = self.run_cli("--debug", "invoices", "get", "1")
        self.assertEqual(errors.NOT_FOUND, code)
        self.assertIn("Traceback", err)
        self.assertTrue(err.strip().splitlines()[-1].startswith("Error: "))

    def test_verbose_shows_the_whole_error_body(self):
        self.mock.get(f"{INVOICES}/1", status_code=400,
                      json={"message": "Ya existe", "contactId": "1142"})
        code, _, err = self.run_cli("-v", "invoices", "get", "1")
        self.assertEqual(errors.VALIDATION, code)
        self.assertIn('"contactId": "1142"', err)

    def test_the_token_never_appears_in_errors(self):
        self.mock.get(f"{INVOICES}/1", status_code=401)
        _, _, err = self.run_cli("--debug", "-vvv", "invoices", "get", "1")
        self.assertNotIn("secret-token", err)
        self.assertNotIn(EXPECTED_AUTH.split()[1], err)
