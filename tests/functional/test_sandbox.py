"""The served sandbox, used the way any HTTP client would use Alegra."""

import json
import shutil
import subprocess
import unittest

from tests.functional import base


@unittest.skipUnless(shutil.which("curl"), "curl is not installed")
class TestCurl(base.FunctionalTestCase):
    def curl(self, path, *options, auth=True):
        command = ["curl", "-sS", "-i", *options]
        if auth:
            command += ["-u", "sandbox@alegra.test:sandbox"]
        completed = subprocess.run(
            [*command, self.server.base_url + path], capture_output=True,
            text=True, timeout=30)
        self.assertEqual(0, completed.returncode, completed.stderr)
        head, _, body = completed.stdout.replace("\r\n", "\n").partition(
            "\n\n")
        status = int(head.splitlines()[0].split()[1])
        headers = {}
        for line in head.splitlines()[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        return status, headers, json.loads(body) if body.strip() else None

    def test_basic_auth_json_and_rate_limit_headers(self):
        status, headers, body = self.curl("/invoices?limit=2")
        self.assertEqual(200, status)
        self.assertIn("application/json", headers["content-type"])
        self.assertEqual("150", headers["x-rate-limit-limit"])
        self.assertIn("x-rate-limit-remaining", headers)
        self.assertIn("x-rate-limit-reset", headers)
        self.assertEqual(2, len(body))

    def test_wrong_credentials(self):
        status, headers, body = self.curl("/invoices", auth=False)
        self.assertEqual(401, status)
        self.assertIn("code", body)
        self.assertIn("message", body)

    def test_metadata_envelope_and_page_cap(self):
        status, _, body = self.curl("/contacts?metadata=true&limit=1")
        self.assertEqual(200, status)
        self.assertGreater(int(body["metadata"]["total"]), 1)
        self.assertEqual(1, len(body["data"]))
        status, _, body = self.curl("/contacts?limit=31")
        self.assertEqual(400, status)

    def test_create_with_json_body(self):
        status, _, body = self.curl(
            "/contacts", "-X", "POST", "-H", "Content-Type: application/json",
            "--data-binary", '{"name": "Desde curl", "type": ["client"]}')
        self.assertEqual(201, status)
        shown = self.ok("contacts", "get", str(body["id"]), "-o",
                        "json").json()
        self.assertEqual("Desde curl", shown["name"])


class TestLowRateLimit(base.FunctionalTestCase):
    """Four requests allowed every two seconds: pacing and 429 retries."""

    serve_options = ("--rate-limit", "4", "--rate-window", "2")

    def test_a_shell_loop_never_sees_a_429(self):
        import time

        started = time.monotonic()
        for _ in range(10):
            result = self.ok("-v", "invoices", "list", "--limit", "1",
                             "-f", "value", "-c", "id")
            self.assertEqual("1\n", result.out)
            self.assertNotIn("429", result.err)
        # Ten requests at four a window need at least two more windows.
        self.assertGreater(time.monotonic() - started, 3.5)

    def test_a_long_walk_is_paced(self):
        result = self.ok("invoices", "list", "--all", "-f", "value",
                         "-c", "id")
        self.assertGreater(len(result.out.splitlines()), 10)
