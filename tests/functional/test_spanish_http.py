"""Failed requests in Spanish, through the installed executable: HTTP
errors keep Alegra's own (Spanish) message as it came and add a Spanish
hint; network failures and a mistyped profile hold no English sentence."""

import http.server
import os
import socket
import tempfile

from tests.functional import base
from tests.functional.test_spanish import english_words

NOT_FOUND = "No se encontró la factura de venta con id 77"
REJECTED = "El usuario o el token no son válidos"


class StandIn(base.LoopbackServer):
    """Answers every request as Alegra does when it refuses one: 401 for
    the token ``wrong``, else 404, with a Spanish ``{"code",
    "message"}`` body."""

    def __init__(self):
        self.start(Refusing)


class Refusing(http.server.BaseHTTPRequestHandler):

    def do_GET(self):
        import base64

        credentials = base64.b64decode(
            self.headers.get("Authorization", "Basic ")[6:]).decode()
        if credentials.endswith(":wrong"):
            status, body = 401, f'{{"code": 401, "message": "{REJECTED}"}}'
        else:
            status, body = 404, f'{{"code": 1303, "message": "{NOT_FOUND}"}}'
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


def closed_port():
    """A loopback port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class TestSpanishFailures(base.FunctionalTestCase):

    def setUp(self):
        super().setUp()
        self.stand_in = StandIn()
        self.addCleanup(self.stand_in.stop)

    def spanish(self, **extra):
        return self.environ(ALEGRA_LANG="es", ALEGRA_RETRY_BACKOFF="0",
                            **extra)

    def one_error_line(self, result, code):
        self.assertEqual(code, result.code, result)
        lines = result.err.splitlines()
        self.assertEqual(1, len(lines), result)
        self.assertTrue(lines[0].startswith("Error: "), lines)
        return lines[0][len("Error: "):]

    def assertSpanish(self, text, *alegra_messages):
        for message in alegra_messages:
            text = text.replace(message, " ")
        self.assertEqual([], english_words(text), text)

    def test_not_found_keeps_alegras_message_with_a_spanish_hint(self):
        result = self.alegra(
            "--base-url", self.stand_in.base_url, "invoices", "get", "77",
            env=self.spanish())
        line = self.one_error_line(result, 4)
        self.assertIn(f"HTTP 404: {NOT_FOUND} (código 1303)", line)
        self.assertIn("revisa el id", line)
        self.assertSpanish(line, NOT_FOUND)
        english = self.alegra(
            "--base-url", self.stand_in.base_url, "invoices", "get", "77",
            env=self.environ(ALEGRA_RETRY_BACKOFF="0"))
        self.assertIn(f"HTTP 404: {NOT_FOUND} (code 1303) (check the id",
                      english.err)

    def test_a_missing_record_of_the_sandbox(self):
        result = self.alegra("invoices", "get", "999999",
                             env=self.spanish())
        line = self.one_error_line(result, 4)
        self.assertIn("revisa el id", line)
        message = line.split("HTTP 404: ", 1)[1].split(" (revisa")[0]
        self.assertSpanish(line, message)

    def test_rejected_credentials(self):
        result = self.alegra(
            "--base-url", self.stand_in.base_url, "invoices", "list",
            env=self.spanish(ALEGRA_TOKEN="wrong"))
        line = self.one_error_line(result, 3)
        self.assertIn(REJECTED, line)
        self.assertIn("inicia sesión de nuevo", line)
        self.assertSpanish(line, REJECTED)

    def test_nothing_listens(self):
        result = self.alegra(
            "--base-url", f"http://127.0.0.1:{closed_port()}/api/v1",
            "invoices", "list", env=self.spanish())
        self.assertEqual(9, result.code, result)
        line = result.err.splitlines()[-1]
        self.assertTrue(line.startswith("Error: no se pudo conectar con "),
                        result)
        # The note that a request is slow, if the retries took that long.
        for other in result.err.splitlines()[:-1]:
            self.assertTrue(other.startswith("Esperando a "), result)
        self.assertSpanish(line[len("Error: "):])

    def test_a_mistyped_profile(self):
        folder = tempfile.mkdtemp(dir=self.home)
        config = os.path.join(folder, "config.yaml")
        with open(config, "w", encoding="utf-8") as stream:
            stream.write("profiles:\n  empresaB: {email: b@example.com}\n"
                         "  clienteA: {email: a@example.com}\n")
        environ = self.spanish(ALEGRA_CONFIG=config)
        for name in ("ALEGRA_EMAIL", "ALEGRA_TOKEN"):
            environ.pop(name)
        result = self.alegra("--profile", "empresab", "invoices", "list",
                             env=environ)
        line = self.one_error_line(result, 2)
        self.assertIn("no existe el perfil 'empresab'", line)
        self.assertIn("¿quisiste decir 'empresaB'?", line)
        self.assertSpanish(line)
