"""Requests as the CLI sends them (headers, base URL, settings) and
dry runs, through the app against requests-mock.
"""

import json
import shlex

import testtools

from alegra import __version__
from tests.unit.httpfakes import (
    EXPECTED_AUTH,
    INVOICE,
    INVOICES,
    CLITestCase,
    records,
)
from tests.unit.test_ratelimit import quota


class TestCLIRequest(CLITestCase):
    def test_headers(self):
        self.mock.get(INVOICES, json=[])
        code, _, err = self.run_cli("invoices", "list")
        self.assertEqual(0, code, err)
        headers = self.mock.last_request.headers
        self.assertEqual(EXPECTED_AUTH, headers["Authorization"])
        self.assertIn(f"alegra-python/{__version__}", headers["User-Agent"])
        self.assertEqual("application/json", headers["Accept"])
        self.assertEqual((10.0, 60.0), self.mock.last_request.timeout)

    def test_create_sends_the_body_as_json(self):
        self.mock.post(INVOICES, status_code=201, json={"id": 1})
        code, _, err = self.create()
        self.assertEqual(0, code, err)
        self.assertEqual(INVOICE, self.mock.last_request.json())
        self.assertEqual("application/json",
                         self.mock.last_request.headers["Content-Type"])

    def test_base_url_option(self):
        self.mock.get("https://alegra.example.test/api/v1/invoices", json=[])
        code, _, err = self.run_cli(
            "--base-url", "https://alegra.example.test/api/v1/",
            "invoices", "list")
        self.assertEqual(0, code, err)
        self.assertTrue(self.mock.called)

    def test_base_url_environment(self):
        self.mock.get("https://alegra.example.test/api/v1/invoices", json=[])
        code, _, err = self.run_cli("invoices", "list", env={
            "ALEGRA_BASE_URL": "https://alegra.example.test/api/v1"})
        self.assertEqual(0, code, err)
        self.assertTrue(self.mock.called)

    def test_ca_bundle_environment(self):
        self.mock.get(INVOICES, json=[])
        code, _, err = self.run_cli("invoices", "list", env={
            "ALEGRA_CA_BUNDLE": "/etc/ssl/corp.pem",
            "REQUESTS_CA_BUNDLE": "/elsewhere.pem"})
        self.assertEqual(0, code, err)
        self.assertEqual("/etc/ssl/corp.pem", self.mock.last_request.verify)

    def test_proxy_and_timeout_settings(self):
        self.write_settings("settings:\n  proxy: http://proxy.corp:3128\n"
                            "  timeout: 15\n")
        self.mock.get(INVOICES, json=[])
        code, _, err = self.run_cli("invoices", "list")
        self.assertEqual(0, code, err)
        self.assertEqual("http://proxy.corp:3128",
                         self.mock.last_request.proxies["https"])
        self.assertEqual((10.0, 15.0), self.mock.last_request.timeout)

    def test_plain_http_to_a_remote_host_warns(self):
        url = "http://alegra.example.test/api/v1"
        self.mock.get(f"{url}/invoices", json=[])
        code, out, err = self.run_cli("--base-url", url, "invoices", "list",
                                      "-f", "json")
        self.assertEqual(0, code, err)
        self.assertIn("not HTTPS", err)
        self.assertEqual("[]\n", out)

    def test_plain_http_to_loopback_does_not_warn(self):
        for url in ("http://127.0.0.1:8080/api/v1",
                    "http://localhost:8080/api/v1"):
            self.mock.get(f"{url}/invoices", json=[])
            code, _, err = self.run_cli("--base-url", url, "invoices", "list",
                                        "-o", "json")
            self.assertEqual(0, code, err)
            self.assertEqual("", err)

    def test_pacing_from_the_rate_headers(self):
        self.mock.get(INVOICES, [
            {"json": records(0, 30),
             "headers": quota(remaining=2, reset=30, limit=150)},
            {"json": records(30, 1)},
        ])
        code, _, err = self.run_cli("invoices", "list", "--all")
        self.assertEqual(0, code, err)
        self.assertEqual(1, len(self.slept))
        # About reset / (remaining + 1); a little less as time passes.
        self.assertThat(self.slept[0], testtools.matchers.GreaterThan(9.5))
        self.assertLessEqual(self.slept[0], 10.0)


class TestCLIDryRun(CLITestCase):
    def test_create_sends_nothing_and_prints_the_request(self):
        code, out, err = self.create("--dry-run")
        self.assertEqual((0, ""), (code, err))
        self.assertFalse(self.mock.called)
        self.assertIn(f"POST {INVOICES}", out)
        self.assertIn('"date": "2024-05-01"', out)
        self.assertIn("Authorization: Basic <redacted>", out)
        self.assertNotIn("secret-token", out)
        self.assertNotIn(EXPECTED_AUTH.split()[1], out)

    def test_the_curl_is_copy_pasteable(self):
        _, out, _ = self.create("--dry-run")
        curl = shlex.split(out.strip().splitlines()[-1])
        self.assertEqual(["curl", "-X", "POST", INVOICES], curl[:4])
        self.assertIn("Authorization: Basic <redacted>", curl)
        self.assertIn("Content-Type: application/json", curl)
        body = curl[curl.index("--data-binary") + 1]
        self.assertEqual(INVOICE, json.loads(body))

    def test_show_token_prints_the_real_header(self):
        code, out, _ = self.create("--dry-run", "--show-token")
        self.assertEqual(0, code)
        self.assertIn(f"Authorization: {EXPECTED_AUTH}", out)
        self.assertFalse(self.mock.called)

    def test_works_without_credentials(self):
        del self.environ["ALEGRA_EMAIL"]
        del self.environ["ALEGRA_TOKEN"]
        code, out, err = self.create("--dry-run")
        self.assertEqual((0, ""), (code, err))
        self.assertIn("curl", out)
        code, out, err = self.run_cli("--dry-run", "invoices", "list")
        self.assertEqual((0, ""), (code, err))
        self.assertIn(f"GET {INVOICES}?start=0&limit=30", out)
        self.assertFalse(self.mock.called)

    def test_json_output_is_one_object(self):
        code, out, err = self.create("--dry-run", "-o", "json")
        self.assertEqual(0, code, err)
        shown = json.loads(out)
        self.assertEqual("POST", shown["method"])
        self.assertEqual(INVOICES, shown["url"])
        self.assertEqual(INVOICE, shown["body"])
        self.assertEqual("Basic <redacted>",
                         shown["headers"]["Authorization"])
        self.assertTrue(shown["curl"].startswith("curl -X POST"))

    def test_list_and_count_send_nothing(self):
        for argv in (("invoices", "list", "--all", "--dry-run"),
                     ("invoices", "list", "--count", "--dry-run")):
            code, out, err = self.run_cli(*argv)
            self.assertEqual((0, ""), (code, err))
            self.assertEqual(1, out.count("curl "), out)
        self.assertFalse(self.mock.called)

    def test_delete_does_not_prompt(self):
        code, out, err = self.run_cli("invoices", "delete", "5", "--dry-run",
                                      tty=True)
        self.assertEqual((0, ""), (code, err))
        self.assertIn(f"DELETE {INVOICES}/5", out)
        self.assertFalse(self.mock.called)

    def test_no_plain_http_warning_when_nothing_is_sent(self):
        code, _, err = self.run_cli(
            "--base-url", "http://alegra.example.test/api/v1", "--dry-run",
            "invoices", "list")
        self.assertEqual((0, ""), (code, err))
