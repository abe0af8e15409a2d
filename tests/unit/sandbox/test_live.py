"""Over real loopback HTTP: the embedded server, its headers and faults."""

import http.client
import os
import threading
import time
import urllib.error

import fixtures
import testtools

from alegra.sandbox import DEFAULT_EMAIL, DEFAULT_TOKEN, default_db_path
from alegra.sandbox import app as app_module
from alegra.sandbox import embedded, limits
from tests.unit.sandbox import base


class LiveTestCase(testtools.TestCase):
    country = "co"

    def setUp(self):
        super().setUp()
        self.directory = self.useFixture(fixtures.TempDir()).path
        self.useFixture(fixtures.EnvironmentVariable(
            "XDG_DATA_HOME", os.path.join(self.directory, "xdg")))
        self.useFixture(fixtures.EnvironmentVariable("ALEGRA_SANDBOX_DB"))
        self.db_path = base.seeded_copy(self.country, self.directory)

    def serve(self, **options):
        return self.useFixture(base.LiveSandbox(self.db_path, **options))


class TestEmbedded(LiveTestCase):
    def test_start_gives_url_and_credentials(self):
        live = self.serve()
        sandbox = live.sandbox
        self.assertRegex(sandbox.base_url,
                         r"^http://127\.0\.0\.1:\d+/api/v1$")
        self.assertEqual(DEFAULT_EMAIL, sandbox.email)
        self.assertEqual(DEFAULT_TOKEN, sandbox.token)
        self.assertEqual("co", sandbox.country)
        status, _, body = live.request("GET", "/company")
        self.assertEqual(200, status)
        self.assertEqual("colombia", body["applicationVersion"])

    def test_accepts_connections_as_soon_as_it_returns(self):
        sandbox = embedded.start(self.db_path)
        try:
            port = int(sandbox.base_url.split(":")[2].split("/")[0])
            connection = http.client.HTTPConnection("127.0.0.1", port,
                                                    timeout=5)
            connection.request("GET", "/api/v1/taxes/3",
                               headers=base.basic())
            self.assertEqual(200, connection.getresponse().status)
            connection.close()
        finally:
            sandbox.stop()
        sandbox.stop()

    def test_state_persists_between_starts(self):
        live = self.serve()
        status, _, created = live.request(
            "POST", "/contacts", {"name": "Persistente",
                                  "type": ["client"]})
        self.assertEqual(201, status)
        live.sandbox.stop()
        with embedded.start(self.db_path) as again:
            fresh = base.LiveSandbox(self.db_path)
            fresh.base_url = again.base_url
            _, _, found = fresh.request("GET", f"/contacts/{created['id']}")
        self.assertEqual("Persistente", found["name"])

    def test_default_database_comes_from_the_environment(self):
        path = os.path.join(self.directory, "from-env.db")
        self.useFixture(fixtures.EnvironmentVariable("ALEGRA_SANDBOX_DB",
                                                     path))
        self.assertEqual(path, default_db_path())
        with embedded.start(country="mx") as sandbox:
            self.assertEqual("mx", sandbox.country)
            self.assertEqual(path, sandbox.db_path)
        self.assertTrue(os.path.exists(path))

    def test_xdg_data_home_when_no_variable(self):
        self.assertEqual(
            os.path.join(self.directory, "xdg", "alegra", "sandbox.db"),
            default_db_path())
        self.useFixture(fixtures.EnvironmentVariable("XDG_DATA_HOME"))
        self.assertEqual(
            os.path.join(os.path.expanduser("~"), ".local", "share",
                         "alegra", "sandbox.db"), default_db_path())

    def test_existing_database_keeps_its_country(self):
        with embedded.start(self.db_path, country="mx") as sandbox:
            self.assertEqual("co", sandbox.country)

    def test_curl_like_request_with_basic_auth(self):
        live = self.serve()
        status, headers, body = live.request("GET", "/invoices?limit=2")
        self.assertEqual(200, status)
        self.assertEqual("application/json", headers["Content-Type"])
        self.assertEqual(2, len(body))

    def test_two_servers_on_one_database(self):
        first, second = self.serve(), self.serve()
        errors = []

        def create(live, prefix):
            for number in range(15):
                status, _, body = live.request(
                    "POST", "/contacts",
                    {"name": f"{prefix} {number}", "type": ["client"]})
                if status != 201:
                    errors.append(body)

        threads = [threading.Thread(target=create, args=(live, name))
                   for live, name in ((first, "srv-uno"), (second, "srv-dos"))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual([], errors)
        _, _, listed = first.request("GET", "/contacts?query=srv-uno&limit=30")
        self.assertEqual(15, len(listed))
        _, _, listed = first.request("GET", "/contacts?query=srv-dos&limit=30")
        self.assertEqual(15, len(listed))


class TestRateLimit(LiveTestCase):
    def test_headers_on_every_response(self):
        live = self.serve(rate_limit=5)
        for path, auth in (("/taxes", True), ("/nothing", True),
                           ("/taxes", False)):
            _, headers, _ = live.request("GET", path, auth=auth)
            self.assertEqual("5", headers["X-Rate-Limit-Limit"])
            self.assertIn("X-Rate-Limit-Remaining", headers)
            self.assertLessEqual(int(headers["X-Rate-Limit-Reset"]), 60)

    def test_429_past_the_ceiling(self):
        live = self.serve(rate_limit=3)
        remaining = []
        for _ in range(3):
            status, headers, _ = live.request("GET", "/taxes")
            self.assertEqual(200, status)
            remaining.append(headers["X-Rate-Limit-Remaining"])
        self.assertEqual(["2", "1", "0"], remaining)
        status, headers, body = live.request("GET", "/taxes")
        self.assertEqual(429, status)
        self.assertEqual(429, body["code"])
        self.assertEqual("0", headers["X-Rate-Limit-Remaining"])
        self.assertIn("Retry-After", headers)

    def test_rate_limit_off_sends_no_headers(self):
        live = self.serve(rate_limit=None)
        for _ in range(160):
            status, headers, _ = live.request("GET", "/taxes/3")
            self.assertEqual(200, status)
        self.assertNotIn("X-Rate-Limit-Limit", headers)

    def test_window_resets(self):
        now = [100.0]
        limiter = limits.RateLimiter(2, clock=lambda: now[0])
        self.assertTrue(limiter.hit()[0])
        self.assertTrue(limiter.hit()[0])
        allowed, headers = limiter.hit()
        self.assertFalse(allowed)
        self.assertEqual("60", headers["X-Rate-Limit-Reset"])
        now[0] += 45
        self.assertEqual("15", limiter.hit()[1]["X-Rate-Limit-Reset"])
        now[0] += 15
        allowed, headers = limiter.hit()
        self.assertTrue(allowed)
        self.assertEqual("1", headers["X-Rate-Limit-Remaining"])

    def test_default_is_150_a_minute(self):
        live = self.serve()
        _, headers, _ = live.request("GET", "/taxes")
        self.assertEqual("150", headers["X-Rate-Limit-Limit"])
        self.assertEqual("149", headers["X-Rate-Limit-Remaining"])


class TestGating(LiveTestCase):
    def test_gated_groups_answer_402_with_907(self):
        live = self.serve(gated=["reports", "conciliations"])
        for path in ("/reports/sales-by-client", "/conciliations"):
            status, headers, body = live.request("GET", path)
            self.assertEqual(402, status)
            self.assertEqual(907, body["code"])
            self.assertIn("plan", body["message"])
            self.assertIn("X-Rate-Limit-Limit", headers)
        self.assertEqual(200, live.request("GET", "/invoices")[0])

    def test_unknown_group_is_refused(self):
        error = self.assertRaises(ValueError, app_module.make_app,
                                  self.db_path, gated=["raports"])
        self.assertIn("raports", str(error))


class TestFaults(LiveTestCase):
    def test_latency_delays_answers(self):
        live = self.serve(latency_ms=150)
        started = time.perf_counter()
        live.request("GET", "/taxes/3")
        self.assertGreaterEqual(time.perf_counter() - started, 0.15)

    def test_fail_rate_answers_5xx_and_does_nothing(self):
        live = self.serve(fail_rate=1.0, rate_limit=None)
        statuses = set()
        for number in range(12):
            status, _, body = live.request(
                "POST", "/contacts", {"name": f"Fallido {number}"})
            statuses.add(status)
            self.assertIn(body["code"], (500, 503))
            self.assertIsInstance(body["message"], str)
        self.assertEqual({500, 503}, statuses)
        store, _ = app_module.open_store(self.db_path)
        with store.session() as session:
            self.assertEqual(0, session.count(
                "contacts", "name LIKE 'Fallido%'"))

    def test_fail_rate_share(self):
        live = self.serve(fail_rate=0.5, seed=3, rate_limit=None)
        failed = sum(live.request("GET", "/taxes/3")[0] >= 500
                     for _ in range(60))
        self.assertTrue(15 <= failed <= 45, failed)

    def test_drop_rate_closes_the_connection_after_processing(self):
        live = self.serve(drop_rate=1.0)
        self.assertRaises(
            (ConnectionError, http.client.HTTPException,
             urllib.error.URLError),
            live.request, "POST", "/contacts",
            {"name": "Sin respuesta", "type": ["client"]})
        store, _ = app_module.open_store(self.db_path)
        with store.session() as session:
            self.assertEqual(1, session.count(
                "contacts", "name = 'Sin respuesta'"))

    def test_drop_without_a_socket_raises(self):
        from werkzeug.test import Client

        from alegra.sandbox import faults
        application = app_module.make_app(self.db_path, drop_rate=1.0)
        self.assertRaises(faults.ConnectionDropped,
                          Client(application).get, "/api/v1/taxes",
                          headers=base.basic())

    def test_bad_fault_settings_are_refused(self):
        for options in ({"fail_rate": 1.5}, {"drop_rate": -0.1},
                        {"latency_ms": -1}, {"rate_limit": 0}):
            self.assertRaises(ValueError, app_module.make_app,
                              self.db_path, **options)

    def test_429_storm_through_a_low_rate_limit(self):
        live = self.serve(rate_limit=1)
        statuses = [live.request("GET", "/taxes/3")[0] for _ in range(10)]
        self.assertEqual([200] + [429] * 9, statuses)
