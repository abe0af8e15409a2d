"""The HTTP client's requests, plain-HTTP warnings and error bodies,
with a Client built directly against requests-mock.
"""

import fixtures

from alegra import __version__, errors
from alegra.http.client import Client
from tests.unit.base import BASE
from tests.unit.httpfakes import (
    EXPECTED_AUTH,
    INVOICES,
    ClientTestCase,
    query_of,
)


class TestRequest(ClientTestCase):
    def test_basic_auth_from_email_and_token(self):
        self.mock.get(INVOICES, json=[])
        self.client().get("invoices")
        self.assertEqual(EXPECTED_AUTH,
                         self.mock.last_request.headers["Authorization"])

    def test_user_agent_names_the_version(self):
        self.mock.get(INVOICES, json=[])
        self.client().get("invoices")
        self.assertIn(f"alegra-python/{__version__}",
                      self.mock.last_request.headers["User-Agent"])

    def test_accepts_json_and_sends_json_only_with_a_body(self):
        self.mock.get(INVOICES, json=[])
        self.mock.post(INVOICES, json={"id": 1})
        client = self.client()
        client.get("invoices")
        self.assertEqual("application/json",
                         self.mock.last_request.headers["Accept"])
        self.assertNotIn("Content-Type", self.mock.last_request.headers)
        client.post("invoices", {"total": 1})
        self.assertEqual("application/json",
                         self.mock.last_request.headers["Content-Type"])

    def test_base_url_trailing_slash_is_trimmed(self):
        self.mock.get("https://alegra.example.test/v1/items", json=[])
        self.client(base_url="https://alegra.example.test/v1/").get("/items")
        self.assertEqual("https://alegra.example.test/v1/items",
                         self.mock.last_request.url)

    def test_timeouts_are_passed(self):
        self.mock.get(INVOICES, json=[])
        self.client(timeout=(3.0, 7.0)).get("invoices")
        self.assertEqual((3.0, 7.0), self.mock.last_request.timeout)

    def test_ca_bundle_wins_over_requests_environment(self):
        self.useFixture(fixtures.EnvironmentVariable(
            "REQUESTS_CA_BUNDLE", "/elsewhere.pem"))
        self.mock.get(INVOICES, json=[])
        client = self.client(ca_bundle="/etc/ssl/corp.pem")
        client.get("invoices")
        self.assertEqual("/etc/ssl/corp.pem", client.session.verify)
        self.assertEqual("/etc/ssl/corp.pem", self.mock.last_request.verify)

    def test_requests_environment_is_honoured_without_a_setting(self):
        self.useFixture(fixtures.EnvironmentVariable(
            "REQUESTS_CA_BUNDLE", "/elsewhere.pem"))
        self.mock.get(INVOICES, json=[])
        self.client().get("invoices")
        self.assertEqual("/elsewhere.pem", self.mock.last_request.verify)

    def test_proxy_setting_wins_over_the_environment(self):
        self.useFixture(fixtures.EnvironmentVariable(
            "HTTPS_PROXY", "http://other-proxy:9999"))
        self.mock.get(INVOICES, json=[])
        self.client(proxy="http://proxy.corp:3128").get("invoices")
        self.assertEqual("http://proxy.corp:3128",
                         self.mock.last_request.proxies["https"])

    def test_environment_proxy_is_honoured_without_a_setting(self):
        self.useFixture(fixtures.EnvironmentVariable(
            "HTTPS_PROXY", "http://env-proxy:8080"))
        self.useFixture(fixtures.EnvironmentVariable("NO_PROXY"))
        self.useFixture(fixtures.EnvironmentVariable("no_proxy"))
        self.mock.get(INVOICES, json=[])
        self.client().get("invoices")
        self.assertEqual("http://env-proxy:8080",
                         self.mock.last_request.proxies.get("https"))

    def test_query_parameters(self):
        self.mock.get(INVOICES, json=[])
        self.client().get("invoices", {"status": "open", "metadata": True,
                                       "client_id": None})
        self.assertEqual({"status": "open", "metadata": "true"},
                         query_of(self.mock.last_request))

    def test_body_numbers_are_sent_exactly(self):
        from alegra import jsonio

        self.mock.post(INVOICES, json={"id": 1})
        body = jsonio.loads('{"price": 19928.00, "id": 9007199254740993}')
        self.client().post("invoices", body)
        self.assertEqual(b'{"price":19928.00,"id":9007199254740993}',
                         self.mock.last_request.body)

    def test_an_empty_answer_is_none(self):
        self.mock.delete(f"{INVOICES}/1", status_code=204)
        self.assertIsNone(self.client().delete("invoices/1"))

    def test_accented_messages_survive_a_wrong_charset(self):
        self.mock.get(INVOICES, content='{"message": "Añadida"}'.encode(),
                      headers={"Content-Type": "text/plain"})
        self.assertEqual({"message": "Añadida"},
                         self.client().get("invoices"))

    def test_a_success_that_is_not_json_is_an_error(self):
        self.mock.get(INVOICES, text="<html>portal</html>",
                      headers={"Content-Type": "text/html"})
        error = self.assertRaises(errors.APIError, self.client().get,
                                  "invoices")
        self.assertIn("not JSON", str(error))

    def test_no_credentials_is_an_auth_error_and_sends_nothing(self):
        client = Client(BASE, None, None, retry=self.policy)
        self.assertRaises(errors.AuthError, client.get, "invoices")
        self.assertFalse(self.mock.called)

    def test_a_post_is_not_redirected_into_a_get(self):
        self.mock.post("http://alegra.example.test/v1/invoices",
                       status_code=301,
                       headers={"Location": f"{INVOICES}"})
        self.mock.get(INVOICES, json=[])
        client = self.client(base_url="http://alegra.example.test/v1")
        error = self.assertRaises(errors.APIError, client.post, "invoices",
                                  {"total": 1})
        self.assertEqual(1, self.mock.call_count)
        self.assertIn("redirected", str(error))


class TestPlainHTTPWarning(ClientTestCase):
    def test_warns_once_for_a_remote_plain_http_url(self):
        url = "http://alegra.example.test/v1"
        self.mock.get(f"{url}/items", json=[])
        client = self.client(base_url=url)
        client.get("items")
        client.get("items")
        self.assertEqual(1, len(self.warnings))
        self.assertIn("not HTTPS", self.warnings[0])

    def test_loopback_addresses_are_not_warned_about(self):
        for host in ("127.0.0.1", "localhost", "[::1]", "127.0.0.2",
                     "sandbox.localhost"):
            url = f"http://{host}:8080/v1"
            self.mock.get(f"{url}/items", json=[])
            self.client(base_url=url).get("items")
        self.assertEqual([], self.warnings)

    def test_what_counts_as_loopback(self):
        from alegra.http.client import is_loopback

        for host in ("localhost", "LOCALHOST.", "127.0.0.1", "127.1.2.3",
                     "::1", "api.localhost"):
            self.assertTrue(is_loopback(host), host)
        for host in (None, "", "10.0.0.1", "192.168.1.10", "example.com",
                     "localhost.example.com", "::2"):
            self.assertFalse(is_loopback(host), host)

    def test_https_is_not_warned_about(self):
        self.mock.get(INVOICES, json=[])
        self.client().get("invoices")
        self.assertEqual([], self.warnings)


class TestErrorBody(ClientTestCase):
    def error_for(self, **response):
        self.mock.get(INVOICES, **response)
        return self.assertRaises(errors.AlegraError, self.client().get,
                                 "invoices")

    def test_code_and_message(self):
        error = self.error_for(status_code=400, json={
            "code": 3007,
            "message": "La fecha de vencimiento de la factura es obligatoria"})
        self.assertIsInstance(error, errors.ValidationError)
        self.assertEqual(3007, error.code)
        self.assertIn("HTTP 400: La fecha de vencimiento de la factura es "
                      "obligatoria (code 3007)", str(error))

    def test_wrapped_error_object(self):
        error = self.error_for(status_code=400, json={
            "error": {"code": 2006, "message": "Ya existe un contacto"}})
        self.assertIn("Ya existe un contacto (code 2006)", str(error))

    def test_error_string_with_the_status_as_code(self):
        error = self.error_for(status_code=404, json={
            "error": "Category not found", "code": 404})
        self.assertIn("HTTP 404: Category not found (", str(error))
        self.assertNotIn("code 404", str(error))

    def test_a_list_of_errors(self):
        error = self.error_for(status_code=400, json=[
            {"code": 1, "message": "first"}, {"code": 2, "message": "second"}])
        self.assertIn("first; second (code 1)", str(error))

    def test_an_html_page_gives_its_title(self):
        error = self.error_for(
            status_code=404, headers={"Content-Type": "text/html"},
            text="<!DOCTYPE html>\n<html><head><title>404 Not Found"
                 "</title></head>\n<body><h1>Not Found</h1></body></html>")
        self.assertIn("HTTP 404: 404 Not Found", str(error))

    def test_messages_are_one_line_and_bounded(self):
        error = self.error_for(status_code=400, json={
            "message": "line one\nline two\r\n" + "x" * 1000})
        self.assertNotIn("\n", str(error))
        self.assertIn("line one line two", str(error))
        self.assertLess(len(str(error)), 500)

    def test_an_empty_body_uses_the_reason(self):
        error = self.error_for(status_code=404, reason="Not Found")
        self.assertIn("HTTP 404: Not Found", str(error))
