"""A strict sandbox's refusals, through the installed executable."""

import json

from tests.functional import base


class TestStrictness(base.FunctionalTestCase):

    def test_a_misspelt_field_is_one_error_line(self):
        before = self.ok("invoices", "list", "-f", "value", "-c", "id")
        result = self.alegra("contacts", "create", "-d", json.dumps(
            {"name": "Acme Typo", "type": ["client"],
             "emial": "a@acme.test"}))
        self.assertEqual(7, result.code, result)
        lines = result.err.strip().splitlines()
        self.assertEqual(1, len(lines), result.err)
        self.assertTrue(lines[0].startswith("Error: "), lines[0])
        self.assertIn("El campo 'emial' no existe", lines[0])
        self.assertIn("'email'", lines[0])
        self.assertEqual("", result.out)
        found = self.ok("contacts", "list", "-q", "acme typo", "-f",
                        "value", "-c", "id")
        self.assertEqual("", found.out.strip())
        self.assertEqual(before.out, self.ok(
            "invoices", "list", "-f", "value", "-c", "id").out)

    def test_a_paid_invoice_lists_its_payment(self):
        invoice = self.ok("invoices", "get", "1", "-o", "json").json()
        paid = self.ok("invoices", "list", "--status", "closed", "-o",
                       "json").json()
        self.assertTrue(paid)
        self.assertIn("payments", invoice)
        shown = self.ok("invoices", "get", str(paid[0]["id"]), "--columns",
                        "totalPaid,total", "-f", "value")
        first, second = shown.out.split()
        self.assertEqual(first, second)
