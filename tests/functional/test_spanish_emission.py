"""emit, history, validate, catalog and webhooks listen in Spanish,
through the installed executable against the sandbox: their help, notes,
summaries and errors hold no English sentence, and English stays as it
was."""

import json

from tests.functional import base
from tests.functional.test_spanish import english_words

MISSING = "99999999"
# A body the Colombian rules refuse: a wrong NIT check digit, an unknown
# regime and a name that is not text.
BAD_CONTACT = json.dumps({
    "name": 3, "regime": "X",
    "identification": {"type": "NIT", "number": "900123450-1"}})


class TestSpanishEmissionArea(base.FunctionalTestCase):
    serve_options = ("--quiet", "--rate-limit", "off")

    def spanish(self, **extra):
        return self.environ(ALEGRA_LANG="es", COLUMNS="100", **extra)

    def assertSpanish(self, text, commands=()):
        self.assertEqual([], english_words(text, commands), text)

    def assertOneErrorLine(self, result, code):
        self.assertEqual(code, result.code, result)
        errors = [line for line in result.err.splitlines()
                  if line.startswith("Error: ")]
        self.assertEqual(1, len(errors), result)
        self.assertNotIn("Traceback", result.err)
        return errors[0][len("Error: "):]  # the same word in Spanish

    def test_emit_of_a_missing_invoice(self):
        result = self.alegra("invoices", "emit", MISSING, "-o", "json",
                             env=self.spanish())
        error = self.assertOneErrorLine(result, 4)
        self.assertIn("Alegra no tiene la factura de venta 99999999", error)
        self.assertIn("no encontradas: 1", result.err)
        self.assertSpanish(result.err.replace("Error: ", ""),
                           ("invoices list",))
        rows = result.json()
        self.assertEqual(["not-found"], [row["result"] for row in rows])
        self.assertSpanish(rows[0]["detail"])

    def test_emit_in_a_dry_run_and_its_usage_error(self):
        result = self.ok("invoices", "emit", MISSING, "--dry-run",
                         env=self.spanish())
        self.assertIn("Simulación: se timbrarían 1 factura(s)", result.err)
        self.assertIn("antes se consultaría su timbre", result.out)
        self.assertSpanish(result.err)
        result = self.alegra("invoices", "emit", env=self.spanish())
        self.assertSpanish(self.assertOneErrorLine(result, 2),
                           ("invoices emit",))
        help_text = self.ok("invoices", "emit", "--help",
                            env=self.spanish()).out
        self.assertIn("Emitir (timbrar) facturas de venta", help_text)
        self.assertIn("registro de emisiones", help_text)

    def test_english_stays_english(self):
        result = self.alegra("invoices", "emit", MISSING, "-o", "json")
        self.assertIn("Emitted 0, skipped 0, failed 0, unknown 0, not "
                      "found 1", result.err)
        self.assertIn("Error: no invoice 99999999 in Alegra; nothing was "
                      "sent for it (check the ids with 'alegra invoices "
                      "list')", result.err)
        self.assertEqual("Alegra has no such document; nothing was sent",
                         result.json()[0]["detail"])

    def test_history(self):
        for name in ("Ana", "Beto"):
            self.ok("contacts", "create", "-d", json.dumps({"name": name}),
                    "-o", "json")
        result = self.ok("history", "--limit", "1", env=self.spanish())
        self.assertIn("Se muestran los 1 más recientes de 2", result.err)
        self.assertSpanish(result.err)
        self.assertIn("contacts create", result.out)
        self.assertSpanish(self.ok("history", "--help",
                                   env=self.spanish()).out.split(
                                       "opciones de salida")[0])
        result = self.alegra("history", "show", "999", env=self.spanish())
        self.assertSpanish(self.assertOneErrorLine(result, 4))
        result = self.alegra("history", "--limit", "0", env=self.spanish())
        self.assertSpanish(self.assertOneErrorLine(result, 2))

    def test_validate_contacts_with_a_bad_body(self):
        result = self.alegra("validate", "contacts", "--country", "co",
                             "-d", BAD_CONTACT, env=self.spanish())
        error = self.assertOneErrorLine(result, 7)
        self.assertIn("el cuerpo de contacts no es válido para CO", error)
        self.assertSpanish(error, ("contacts",))
        result = self.ok("validate", "contacts", "--country", "co", "-d",
                         '[{"name": "Ana"}, {"name": "Beto"}]',
                         env=self.spanish())
        self.assertEqual(
            "OK: 2 cuerpos de contacts son válidos para CO\n", result.err)
        for argv in (("validate", "contacts"),
                     ("validate", "nothing", "-d", "{}")):
            result = self.alegra(*argv, env=self.spanish())
            self.assertSpanish(self.assertOneErrorLine(result, 2))
        help_text = self.ok("validate", "--help", env=self.spanish()).out
        self.assertSpanish(help_text.split("uso:")[1].split("\n", 1)[1])

    def test_catalog(self):
        categories = self.ok("catalog", "--country", "co", "-o", "json",
                             env=self.spanish()).json()
        titles = {row["category"]: row["title"] for row in categories}
        self.assertEqual("Tipos de identificación",
                         titles["identification-types"])
        for argv in (("catalog", "nothing", "--country", "co"),
                     ("catalog", "--country", "zz")):
            result = self.alegra(*argv, env=self.spanish())
            line = self.assertOneErrorLine(result, 2)
            # the hint lists the category names, which stay as they are
            self.assertSpanish(line.split(" (elige entre ")[0])
        help_text = self.ok("catalog", "--help", env=self.spanish()).out
        self.assertIn("Listar los códigos de un país", help_text)
        self.assertSpanish(help_text.split("opciones de salida")[0]
                           .split("\n\n", 1)[1])

    def test_webhooks_listen_refusals(self):
        for argv in (("-o", "csv"), ("--events", "bogus"),
                     ("--forward-to", "ftp://x")):
            result = self.alegra("webhooks", "listen", *argv,
                                 env=self.spanish())
            line = self.assertOneErrorLine(result, 2)
            self.assertSpanish(line, ("webhooks listen",))
