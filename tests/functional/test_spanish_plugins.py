"""The built-in plugins in Spanish, through the installed executable:
their commands' lines in ``alegra --help``, a list's filters, an action's
help, ``doctor`` on the sandbox and ``auth status`` without credentials
hold no English sentence."""

from tests.functional import base
from tests.functional.test_spanish import english_words

# Commands whose every text comes from alegra/plugins (the generic verbs'
# create, import and export lines belong to other catalogs).
PLUGIN_COMMANDS = (
    "doctor", "auth login", "auth logout", "auth status", "config path",
    "config view", "config use", "config set-profile", "alias set",
    "alias list", "init", "plugin list", "reports sales-by-client",
    "reports income-statement", "invoices void", "invoices stamp",
    "invoices preview", "invoices retentions", "bills close",
    "bills comments", "bills import-by-cufe", "payments void",
    "contacts restore", "items stock", "company get", "users self",
    "bank-accounts transfer", "estimates email", "categories settings",
)


class TestSpanishPlugins(base.FunctionalTestCase):

    def spanish(self, **extra):
        return self.environ(ALEGRA_LANG="es", COLUMNS="100", **extra)

    def assertSpanish(self, text, commands=()):
        self.assertEqual([], english_words(text, commands), text)

    def test_command_lines_of_the_global_help(self):
        out = self.ok("--help", env=self.spanish()).out
        lines = {}
        for line in out.splitlines():
            for name in PLUGIN_COMMANDS:
                if line.startswith(f"  {name}  "):
                    lines[name] = line[len(name) + 2:]
        self.assertEqual(sorted(PLUGIN_COMMANDS), sorted(lines))
        self.assertIn("Anular una factura de venta", lines["invoices void"])
        self.assertSpanish("\n".join(lines.values()))

    def test_list_help_with_its_filters(self):
        text = self.ok("invoices", "list", "--help",
                       env=self.spanish()).out
        self.assertIn("solo las facturas de venta de este cliente", text)
        own = text.split("filtros:")[1].split("fechas:")[0]
        self.assertSpanish(own, ("dueDate",))

    def test_action_help(self):
        text = self.ok("bills", "close", "--help", env=self.spanish()).out
        self.assertIn("Cerrar una factura de proveedor", text)
        head = text.split("argumentos posicionales:")[0]
        options = text.split("opciones:")[1].split("\n\n")[0]
        self.assertSpanish(head.split("\n\n", 1)[1] + options)

    def test_doctor_on_the_sandbox(self):
        result = self.ok("--sandbox", "doctor", "--no-probes",
                         "-c", "check", "-c", "detail", "-f", "value",
                         env=self.spanish())
        self.assertIn("registro de emisión", result.out)
        self.assertSpanish(result.out + result.err)

    def test_auth_status_without_credentials(self):
        env = self.spanish()
        del env["ALEGRA_EMAIL"], env["ALEGRA_TOKEN"]
        result = self.alegra("auth", "status", env=env)
        self.assertEqual(3, result.code, result)
        self.assertEqual(1, len(result.err.splitlines()), result.err)
        self.assertIn("no hay credenciales para el perfil", result.err)
        # "Error: " is the same word in Spanish.
        self.assertSpanish(result.err.replace("Error: ", "", 1))
