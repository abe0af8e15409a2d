"""The sandbox and MCP commands in Spanish, through the installed
executable: their help, the serve banner, status, notes and errors hold no
English sentence, and the English texts stay as they were."""

import os
import re
import subprocess

from tests.functional import base
from tests.functional.test_spanish import english_words

SANDBOX = ("sandbox serve", "sandbox reset", "sandbox seed",
           "sandbox status", "sandbox trigger")


class TestSandboxAndMCPInSpanish(base.FunctionalTestCase):
    serve_options = ("--rate-limit", "off", "--quiet")

    def spanish(self):
        return self.environ(ALEGRA_LANG="es", COLUMNS="100")

    def assertSpanish(self, text, commands=()):
        # "Error: " is the Spanish word too
        self.assertEqual([], english_words(text.replace("Error: ", ""),
                                           commands), text)

    def assertListedInSpanish(self, text):
        """A group's listing: every command's line, whose own words the
        giveaway-word helper skips (it starts with 'alegra ')."""
        lines = [line.strip() for line in text.splitlines()
                 if line.strip().startswith("alegra ")]
        self.assertTrue(lines, text)
        for line in lines:
            description = re.split(r"\s{2,}", line, maxsplit=1)[1]
            self.assertSpanish(description)

    def assertOneSpanishError(self, result, code=2):
        self.assertEqual(code, result.code, result)
        lines = result.err.splitlines()
        self.assertEqual(1, len(lines), result)
        self.assertTrue(lines[0].startswith("Error: "), lines)
        self.assertSpanish(lines[0])

    def test_sandbox_help(self):
        result = self.ok("sandbox", "--help", env=self.spanish())
        self.assertIn("Servir un sandbox local de Alegra por HTTP",
                      result.out)
        self.assertListedInSpanish(result.out)
        self.assertSpanish(result.out, SANDBOX)
        serve = self.ok("sandbox", "serve", "--help", env=self.spanish())
        text = serve.out.split("Examples:")[0].split("Ejemplos:")[0]
        self.assertIn("sin registro de accesos en stderr", text)
        self.assertSpanish(text, SANDBOX)

    def test_sandbox_status(self):
        result = self.ok("sandbox", "status", "--db", self.server.db,
                         env=self.spanish())
        self.assertIn("versión del esquema: ", result.out)
        self.assertIn("facturas de venta: ", result.out)
        self.assertIn("documentos fiscales emitidos: ", result.out)
        self.assertSpanish(result.out)
        english = self.ok("sandbox", "status", "--db", self.server.db)
        self.assertIn("fiscal documents issued: ", english.out)

    def test_sandbox_errors(self):
        missing = os.path.join(self.home, "no-such.db")
        result = self.alegra("sandbox", "status", "--db", missing,
                             env=self.spanish())
        self.assertOneSpanishError(result, code=1)
        self.assertIn("no hay una base de datos del sandbox en", result.err)
        for argv in (("--port", "70000"), ("--rate-limit", "0"),
                     ("--rate-window", "0"), ("--fail-rate", "2"),
                     ("--country", "zz")):
            result = self.alegra("sandbox", "serve", "--db",
                                 os.path.join(self.home, "refused.db"),
                                 *argv, env=self.spanish())
            self.assertOneSpanishError(result)

    def test_the_serve_banner(self):
        environ = self.spanish()
        db = os.path.join(self.home, "banner.db")
        process = subprocess.Popen(
            [base.alegra_executable(), "sandbox", "serve", "--port", "0",
             "--db", db, "--quiet"],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True, env=environ)
        try:
            banner = [process.stdout.readline() for _line in range(5)]
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            process.stdout.close()
            process.stderr.close()
        text = "".join(banner)
        self.assertTrue(banner[0].startswith(
            "Sandbox atendiendo en http://127.0.0.1:"), text)
        self.assertIn("Pulsa Ctrl-C para detenerlo.", text)
        self.assertSpanish(text)

    def test_mcp_help(self):
        result = self.ok("mcp", "--help", env=self.spanish())
        self.assertIn("Agregar el servidor MCP de alegra a la configuración "
                      "de Claude Code", result.out)
        self.assertListedInSpanish(result.out)
        self.assertSpanish(result.out)
        enable = self.ok("mcp", "claude", "enable", "--help",
                         env=self.spanish())
        self.assertIn("qué archivo de configuración (por defecto user)",
                      enable.out)
        self.assertSpanish(enable.out, ("mcp claude enable",))
        start = self.ok("mcp", "start", "--help", env=self.spanish())
        self.assertSpanish(start.out, ("mcp start", "mcp tools"))

    def test_mcp_notes_and_errors(self):
        result = self.ok("--sandbox", "mcp", "cursor", "enable",
                         "--dry-run", env=self.spanish())
        self.assertIn("Simulación: Se agregó el servidor MCP 'alegra' en ",
                      result.err)
        self.assertSpanish(result.err)
        self.assertFalse(os.path.exists(
            os.path.join(self.home, ".cursor")))
        result = self.alegra("--sandbox", "mcp", "start", "--toolsets",
                             "nope", env=self.spanish())
        self.assertOneSpanishError(result)
        self.assertIn("conjunto(s) de herramientas desconocido(s): nope",
                      result.err)
        english = self.alegra("--sandbox", "mcp", "start", "--toolsets",
                              "nope")
        self.assertIn("Error: unknown toolset(s): nope", english.err)
