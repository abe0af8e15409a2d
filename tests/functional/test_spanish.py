"""alegra in Spanish, through the installed executable: help, usage
errors and notes hold no English sentence, Spanish date words filter
lists on the sandbox, and a plugin's own catalog is read."""

import os
import re
import shutil
import tempfile

from tests.functional import base
from tests.functional.test_plugins import install, plugin_environ

# Words that give an English sentence away. Command, option and field
# names are English and stay: they are taken out before looking.
ENGLISH = ("the", "is", "not", "usage:", "error:", "options", "required",
           "found", "created", "failed", "showed", "warning", "fetching",
           "show", "this", "and", "with", "of", "or", "help", "message",
           "arguments", "expected", "invalid", "choose", "from", "only")
NAMES = re.compile(
    r"--?[\w-]+"             # options
    r"|'[^']*'|\"[^\"]*\""   # quoted names and values
    r"|<[^>]*>"              # metavariables
    r"|\b[A-Z][A-Z_]+\b"     # metavariables and variables
    r"|\S+\.\S+"             # dotted field names, URLs
    r"|\benv\b"              # (variable X), a name
)


def english_words(text, commands=()):
    """The giveaway English words left in ``text``, with their lines."""
    found = []
    for line in text.splitlines():
        if line.strip().startswith(("alegra ", "$ ")):
            continue  # an example command line
        plain = NAMES.sub(" ", line)
        for command in commands:
            plain = plain.replace(command, " ")
        words = re.findall(r"[\w:]+", plain.lower())
        found += [(word, line) for word in words if word in ENGLISH]
    return found


class TestSpanish(base.FunctionalTestCase):

    def spanish(self, **extra):
        return self.environ(ALEGRA_LANG="es", COLUMNS="100", **extra)

    def assertSpanish(self, text, commands=()):
        self.assertEqual([], english_words(text, commands), text)

    def test_global_help(self):
        result = self.ok("--help", env=self.spanish())
        top = result.out.split("\n\n\n")[0]
        self.assertIn("uso: alegra [opciones globales]", top)
        self.assertIn("--lang", top)
        head = top.split("Comandos")[0].split("Commands")[0]
        self.assertSpanish(head)

    def test_the_language_option_and_its_refusal(self):
        result = self.ok("--lang", "es", "invoices", "list", "--help")
        self.assertIn("Listar facturas de venta", result.out)
        result = self.alegra("--lang", "fr", "invoices", "list")
        self.assertEqual(2, result.code)
        self.assertIn("Error: ", result.err)
        self.assertEqual(1, len(result.err.splitlines()))

    def test_list_help(self):
        result = self.ok("invoices", "list", "--help", env=self.spanish())
        text = result.out.split("Examples:")[0]
        self.assertIn("Listar facturas de venta", text)
        self.assertIn("paginación", text)
        self.assertIn("Ancho máximo de la tabla", text)
        self.assertIn("mes-pasado", text)
        # The filters a resource module declares (--status) are its own
        # texts, translated with alegra/plugins' catalog, not yet written.
        own = re.sub(r"\n  --(status|client-id|date) [^\n]*(\n {20,}[^\n]*)*",
                     "\n", text)
        self.assertSpanish(own, ("invoices list", "dueDate", "date"))

    def test_usage_errors(self):
        for argv in (("invoices", "list", "--stauts", "x"),
                     ("invoices", "get"),
                     ("invoices", "list", "--order-direction", "X"),
                     ("invoices", "list", "--since", "ayyer")):
            result = self.alegra(*argv, env=self.spanish())
            self.assertEqual(2, result.code, result)
            lines = result.err.splitlines()
            self.assertEqual(1, len(lines), result)
            self.assertTrue(lines[0].startswith("Error: alegra invoices "),
                            lines)
            self.assertSpanish(lines[0][len("Error: "):],
                               ("invoices list", "invoices get"))

    def test_nothing_matches(self):
        result = self.ok("invoices", "list", "--status", "void",
                         "--query", "no-such-client-anywhere",
                         env=self.spanish())
        self.assertEqual("No hay facturas de venta que coincidan.\n",
                         result.err)

    def test_since_a_spanish_date_word(self):
        import datetime

        spanish = self.ok("--sandbox", "invoices", "list", "--all",
                          "--since", "mes-pasado", "-o", "json",
                          env=self.spanish()).json()
        english = self.ok("--sandbox", "invoices", "list", "--all",
                          "--since", "last-month", "-o", "json").json()
        self.assertEqual([one["id"] for one in english],
                         [one["id"] for one in spanish])
        first = datetime.date.today().replace(day=1)
        start = (first - datetime.timedelta(days=1)).replace(day=1)
        self.assertTrue(all(one["date"] >= start.isoformat()
                            for one in spanish), spanish)

    def test_english_stays_english(self):
        result = self.alegra("invoices", "get")
        self.assertIn("the following arguments are required", result.err)


class TestPluginCatalog(base.FunctionalTestCase):
    """The sample plugin ships one Spanish message through its catalog."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.workdir = tempfile.mkdtemp(prefix="alegra-spanish-")
        install(("alegra-pos",), cls.workdir)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.workdir, ignore_errors=True)
        super().tearDownClass()

    def test_the_plugins_message_in_spanish(self):
        environ = plugin_environ(os.path.join(self.workdir, "home"),
                                 os.path.join(self.workdir, "site"))
        english = self.ok("pos-tickets", "list", "--help", env=environ)
        self.assertIn("only tickets in this state", english.out)
        environ["ALEGRA_LANG"] = "es"
        spanish = self.ok("pos-tickets", "list", "--help", env=environ)
        self.assertIn("solo los tiquetes en este estado", spanish.out)
        self.assertIn("paginación", spanish.out)
