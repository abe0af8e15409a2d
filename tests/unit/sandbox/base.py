"""Scaffolding for the sandbox tests: seeded databases, clients, servers.

Each test gets its own database, copied from one seeded per country per
test process (seeding takes a few hundred milliseconds, copying a file
a millisecond), in a temporary directory; the XDG and ALEGRA_SANDBOX_DB
variables point there too, so nothing touches the real home directory.
"""

import atexit
import base64
import decimal
import http.server
import json
import os
import shutil
import tempfile
import threading
import time
import urllib.error
import urllib.request

import fixtures
import testtools
from werkzeug.test import Client

from alegra import jsonio
from alegra.sandbox import DEFAULT_EMAIL, DEFAULT_TOKEN, app, embedded

_TEMPLATES = {}
_TEMPLATE_DIR = None


def seeded_copy(country, directory):
    """A fresh copy of a database seeded for ``country``."""
    global _TEMPLATE_DIR
    if country not in _TEMPLATES:
        if _TEMPLATE_DIR is None:
            _TEMPLATE_DIR = tempfile.mkdtemp(prefix="alegra-sandbox-tests-")
            atexit.register(shutil.rmtree, _TEMPLATE_DIR, True)
        path = os.path.join(_TEMPLATE_DIR, f"{country}.db")
        app.open_store(path, country)
        _TEMPLATES[country] = path
    target = os.path.join(directory, f"{country}.db")
    shutil.copyfile(_TEMPLATES[country], target)
    return target


def basic(email=DEFAULT_EMAIL, token=DEFAULT_TOKEN):
    pair = base64.b64encode(f"{email}:{token}".encode()).decode()
    return {"Authorization": f"Basic {pair}"}


class Reply:
    """A response: status, parsed JSON body (numbers exact), headers."""

    def __init__(self, status, text, headers):
        self.status = status
        self.text = text
        self.headers = headers
        self.body = jsonio.loads(text) if text else None

    def __repr__(self):
        return f"<Reply {self.status} {self.text[:200]}>"


class SandboxTestCase(testtools.TestCase):
    """A test against the WSGI application, through werkzeug's client."""

    country = "co"
    app_options = {}

    def setUp(self):
        super().setUp()
        self.directory = self.useFixture(fixtures.TempDir()).path
        self.useFixture(fixtures.EnvironmentVariable(
            "XDG_DATA_HOME", os.path.join(self.directory, "xdg")))
        self.useFixture(fixtures.EnvironmentVariable(
            "ALEGRA_SANDBOX_DB", os.path.join(self.directory, "env.db")))
        self.db_path = seeded_copy(self.country, self.directory)
        # Ids as numbers unless a test asks: the ids have their own tests.
        options = {"rate_limit": None, "seed": 7, "id_format": "integer",
                   **self.app_options}
        self.app = app.make_app(self.db_path, **options)
        self.client = Client(self.app)

    def call(self, method, path, body=None, *, headers=None, auth=True,
             query=None, raw=None):
        """``method /api/v1/path``; ``body`` is sent as JSON."""
        sent = {**(basic() if auth else {}), **(headers or {})}
        data = raw if raw is not None else (
            None if body is None else jsonio.dumps(body))
        response = self.client.open(
            "/api/v1" + path, method=method, headers=sent, data=data,
            query_string=query)
        return Reply(response.status_code, response.get_data(as_text=True),
                     response.headers)

    def get(self, path, **query):
        return self.call("GET", path, query=query or None)

    def post(self, path, body=None, **kwargs):
        return self.call("POST", path, body, **kwargs)

    def put(self, path, body=None, **kwargs):
        return self.call("PUT", path, body, **kwargs)

    def delete(self, path, **kwargs):
        return self.call("DELETE", path, **kwargs)

    def ok(self, reply, status=200):
        """The body of ``reply``, after checking its status."""
        self.assertEqual(status, reply.status, reply.text)
        return reply.body

    def assertMoney(self, text, value):
        """``value`` is a JSON number written exactly as ``text``."""
        self.assertIsInstance(value, decimal.Decimal, repr(value))
        self.assertEqual(text, jsonio.number_text(value))

    def fails(self, reply, status, code=None):
        """The message of an error answer, after checking it."""
        self.assertEqual(status, reply.status, reply.text)
        self.assertIsInstance(reply.body["code"], int)
        self.assertIsInstance(reply.body["message"], str)
        if code is not None:
            self.assertEqual(code, reply.body["code"], reply.text)
        return reply.body["message"]

    # -- common bodies ------------------------------------------------------

    def invoice_body(self, **changes):
        body = {"client": {"id": 12}, "numberTemplate": {"id": 7},
                "date": "2026-06-06", "dueDate": "2026-06-21",
                "paymentForm": "CASH",
                "items": [{"id": 5, "price": 50000, "quantity": 1,
                           "tax": [{"id": 3}]}]}
        body.update(changes)
        return body

    def create_invoice(self, **changes):
        return self.ok(self.post("/invoices", self.invoice_body(**changes)),
                       201)

    def pay(self, invoice_id, amount, **changes):
        body = {"type": "in", "date": "2026-06-07", "bankAccount": {"id": 2},
                "paymentMethod": "transfer",
                "invoices": [{"id": invoice_id, "amount": amount}]}
        body.update(changes)
        return self.post("/payments", body)


class LiveSandbox(fixtures.Fixture):
    """The sandbox served on loopback by :mod:`alegra.sandbox.embedded`."""

    def __init__(self, db_path, **options):
        super().__init__()
        self.db_path = db_path
        self.options = options

    def _setUp(self):
        self.sandbox = embedded.start(self.db_path, **self.options)
        self.addCleanup(self.sandbox.stop)
        self.base_url = self.sandbox.base_url

    def request(self, method, path, body=None, auth=True, headers=None):
        """``(status, headers, parsed body)`` over real HTTP (urllib)."""
        request = urllib.request.Request(
            self.base_url + path, method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={**(basic() if auth else {}),
                     "Content-Type": "application/json",
                     **(headers or {})})
        opener = urllib.request.build_opener(
            urllib.request.ProxyHandler({}))
        try:
            with opener.open(request, timeout=10) as response:
                text = response.read().decode()
                return response.status, response.headers, (
                    jsonio.loads(text) if text else None)
        except urllib.error.HTTPError as error:
            text = error.read().decode()
            return error.code, error.headers, (
                jsonio.loads(text) if text else None)


class Receiver(fixtures.Fixture):
    """A tiny HTTP server on 127.0.0.1 that records what is POSTed to it.

    ``statuses`` is consumed one answer per request; when it runs out the
    receiver answers ``default_status``, after ``delay`` seconds.
    """

    def __init__(self, default_status=200, statuses=(), delay=0):
        super().__init__()
        self.default_status = default_status
        self.statuses = list(statuses)
        self.delay = delay

    def _setUp(self):
        self.requests = []
        self.arrived = threading.Condition()
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                time.sleep(receiver.delay)
                with receiver.arrived:
                    status = (receiver.statuses.pop(0) if receiver.statuses
                              else receiver.default_status)
                    receiver.requests.append((self.path, body))
                    receiver.arrived.notify_all()
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        thread = threading.Thread(target=self.server.serve_forever,
                                  kwargs={"poll_interval": 0.05},
                                  daemon=True)
        thread.start()
        self.addCleanup(self.server.server_close)
        self.addCleanup(self.server.shutdown)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def wait_for(self, count, timeout=5.0):
        """The requests received, once there are ``count`` of them."""
        with self.arrived:
            self.arrived.wait_for(lambda: len(self.requests) >= count,
                                  timeout)
        return list(self.requests)

    def payloads(self):
        return [jsonio.loads(body.decode()) for _, body in self.requests
                if body]
