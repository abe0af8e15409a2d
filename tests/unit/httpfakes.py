"""What the HTTP tests share: canned requests and answers, the
failures requests raises, and the two kinds of test case.

Nothing here sleeps for real: client-level tests inject the sleep (and
the pacer's clock), CLI tests run with ``time.sleep`` patched by
APITestCase.
"""

import base64
import http.client
import json
import os

import requests
import testtools
from urllib3.exceptions import MaxRetryError, NewConnectionError
from urllib3.exceptions import ProtocolError

from alegra.http.client import Client, RetryPolicy
from tests.unit.base import BASE, APITestCase, RequestsMock
from tests.unit.test_ratelimit import FakeClock

EXPECTED_AUTH = "Basic " + base64.b64encode(
    b"me@example.com:secret-token").decode()
INVOICES = f"{BASE}/invoices"
INVOICE = {"client": 1, "date": "2024-05-01",
           "items": [{"id": 1, "price": 100, "quantity": 1}]}
INVOICE_JSON = json.dumps(INVOICE)
# Text, not json=: requests-mock would turn these numbers into floats.
EXACT_RECORD = (
    '{"id": 9007199254740993, "date": "2024-05-01", "status": "open", '
    '"total": 19928.00, "balance": 0.0000000000, '
    '"totalPaid": 1234567890123456.78, "client": {"name": "ACME"}}'
)


def refused():
    """What requests raises when nothing listens (nothing was sent)."""
    reason = NewConnectionError(None, "Failed to establish a new connection: "
                                      "[Errno 111] Connection refused")
    return requests.ConnectionError(MaxRetryError(None, INVOICES, reason))


def dropped():
    """What requests raises when the server hangs up after the request."""
    return requests.ConnectionError(ProtocolError(
        "Connection aborted.",
        http.client.RemoteDisconnected("Remote end closed connection")))


def records(first, count):
    return [{"id": number, "total": "1.00"}
            for number in range(first, first + count)]


def query_of(request):
    return {key: values[0] for key, values in request.qs.items()}


class ClientTestCase(testtools.TestCase):
    """A Client with recorded sleeps, no jitter and a fake clock."""

    def setUp(self):
        super().setUp()
        self.mock = self.useFixture(RequestsMock()).mock
        self.slept = []
        self.clock = FakeClock()
        self.warnings = []
        self.policy = RetryPolicy(sleep=self.sleep, jitter=lambda a, b: 0)

    def sleep(self, seconds):
        self.slept.append(seconds)
        self.clock.advance(seconds)

    def client(self, **options):
        from alegra.http.ratelimit import Pacer

        options.setdefault("retry", self.policy)
        options.setdefault("pacer", Pacer(clock=self.clock))
        options.setdefault("warn", self.warnings.append)
        return Client(options.pop("base_url", BASE), "me@example.com",
                      "secret-token", **options)


class CLITestCase(APITestCase):
    """The app run in-process; ``slept`` lists the patched sleeps."""

    @property
    def slept(self):
        return [call.args[0] for call in self.http.call_args_list]

    def assertOneErrorLine(self, err):
        lines = err.strip().splitlines()
        self.assertEqual(1, len(lines), err)
        self.assertTrue(lines[0].startswith("Error: "), err)
        self.assertNotIn("Traceback", err)
        return lines[0]

    def create(self, *extra, **kwargs):
        return self.run_cli("invoices", "create", "-d", INVOICE_JSON, *extra,
                            **kwargs)

    def write_settings(self, text):
        path = os.path.join(self.environ["XDG_CONFIG_HOME"], "alegra",
                            "config.yaml")
        os.makedirs(os.path.dirname(path))
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
