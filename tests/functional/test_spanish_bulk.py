"""Import and export in Spanish, through the installed executable: the
header notes, the dry run's row notes, the import summary and its refusals,
the export note and the help hold no English sentence."""

import os

from tests.functional import base
from tests.functional.test_spanish import english_words

CONTACTS = ("Razón social,NIT,Correo\n"
            "Ferretería Tres,901000301,tres@ferreteria.co\n"
            "Comercial Cuatro,901000302,cuatro@comercial.co\n")
# The third row has a cell too many: it fails alone, with no request.
ONE_BROKEN = CONTACTS + "Almacén Cinco,901000303,cinco@almacen.co,sobra\n"


class TestBulkInSpanish(base.FunctionalTestCase):
    serve_options = ("--rate-limit", "off", "--quiet")

    def spanish(self):
        return self.environ(ALEGRA_LANG="es", COLUMNS="100")

    def write(self, name, text):
        with open(os.path.join(self.home, name), "w",
                  encoding="utf-8") as handle:
            handle.write(text)
        return name

    def assertSpanish(self, text):
        # "Error: " is the Spanish word too
        self.assertEqual([], english_words(text.replace("Error: ", "")),
                         text)

    def test_dry_run_of_an_import(self):
        name = self.write("dry.csv", ONE_BROKEN)
        result = self.alegra("--sandbox", "contacts", "import", "-f", name,
                             "--dry-run", env=self.spanish())
        self.assertEqual(8, result.code, result)  # PARTIAL
        self.assertEqual(2, len(result.out.splitlines()), result)
        self.assertIn("identification.number <- NIT (y "
                      "identification.type=NIT)", result.err)
        self.assertIn("fila 3: línea 4: 4 celdas, pero el encabezado "
                      "tiene 3", result.err)
        self.assertIn("Error: fallarían 1 de 3 filas; no se envió nada",
                      result.err)
        self.assertSpanish(result.err)

    def test_an_import_its_summary_and_its_refusal_to_run_again(self):
        name = self.write("clientes.csv", ONE_BROKEN)
        result = self.alegra("contacts", "import", "-f", name,
                             env=self.spanish())
        self.assertEqual(8, result.code, result)
        self.assertIn("Importación de clientes.csv en contactos: creadas: 2, "
                      "fallidas: 1, omitidas: 0, sin confirmar: 0", result.err)
        self.assertIn("las filas fallidas se escribieron en "
                      "clientes.failures.csv", result.err)
        self.assertIn("Error: fallaron 1 de 3 filas (corrígelas en "
                      "clientes.csv y vuelve a ejecutarla con --resume",
                      result.err)
        self.assertEqual(1, result.err.count("Error: "), result)
        self.assertSpanish(result.err)
        with open(os.path.join(self.home, "clientes.failures.csv"),
                  encoding="utf-8") as handle:
            failures = handle.read()
        self.assertIn("línea 4: 4 celdas", failures)

        again = self.alegra("contacts", "import", "-f", name,
                            env=self.spanish())
        self.assertEqual(2, again.code, again)
        self.assertEqual(1, len(again.err.splitlines()), again)
        self.assertIn("ya se importó antes (2 de 3 filas creadas, 0 en "
                      "duda)", again.err)
        self.assertSpanish(again.err)

        self.write(name, CONTACTS)
        resumed = self.ok("contacts", "import", "-f", name, "--resume",
                          env=self.spanish())
        self.assertIn("creadas: 0, fallidas: 0, omitidas: 2, sin "
                      "confirmar: 0; 0 filas cambiaron desde la última vez",
                      resumed.err)
        self.assertSpanish(resumed.err)

    def test_an_import_no_header_of_which_names_a_field(self):
        name = self.write("otra.csv", "Foo,Bar\n1,2\n")
        result = self.alegra("contacts", "import", "-f", name,
                             env=self.spanish())
        self.assertEqual(2, result.code, result)
        lines = result.err.splitlines()
        self.assertEqual(1, len(lines), result)
        self.assertTrue(lines[0].startswith(
            "Error: ninguna columna de otra.csv corresponde a un campo de "
            "contacto: sus encabezados son Foo, Bar;"), lines)
        self.assertSpanish(lines[0])
        english = self.alegra("contacts", "import", "-f", name)
        self.assertIn("no column of otra.csv names a contact field",
                      english.err)

    def test_export_note_and_refusals(self):
        result = self.ok("contacts", "export", "--out", "todos.csv",
                         env=self.spanish())
        lines = result.err.splitlines()
        self.assertEqual(1, len(lines), result)
        self.assertRegex(lines[0], r"^Exportado: \d+ contactos en \d+ s "
                                   r"\([\d.,]+ por segundo\) a todos\.csv$")
        for argv in (("invoices", "export", "-o", "x.csv"),
                     ("invoices", "export", "--format", "json", "--excel")):
            refused = self.alegra(*argv, env=self.spanish())
            self.assertEqual(2, refused.code, refused)
            self.assertEqual(1, len(refused.err.splitlines()), refused)
            self.assertSpanish(refused.err.replace("invoices export", ""))

    def test_help_of_import_and_export(self):
        for verb in ("import", "export"):
            result = self.ok("contacts", verb, "--help", env=self.spanish())
            self.assertIn("Ejemplos:\n  alegra contacts " + verb,
                          result.out)
            # The list's filters an export shares are another area's.
            own = result.out.split("filtros:")[0]
            self.assertSpanish(own.replace("contacts " + verb, ""))
