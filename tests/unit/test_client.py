"""The HTTP client, directly and through the CLI, against requests-mock.

Nothing here sleeps for real: direct tests inject the sleep (and the
pacer's clock), CLI tests run with ``time.sleep`` patched by APITestCase.
"""

import base64
import datetime
import email.utils
import http.client
import inspect
import json
import os
import shlex

import fixtures
import requests
import requests_mock
import testtools
from urllib3.exceptions import MaxRetryError, NewConnectionError
from urllib3.exceptions import ProtocolError

from alegra import __version__, errors
from alegra.http.client import Client, RetryPolicy
from tests.unit.base import BASE, APITestCase, RequestsMock
from tests.unit.test_ratelimit import FakeClock, quota

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


# -- the request itself -------------------------------------------------------


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


# -- pacing -------------------------------------------------------------------


class TestPacing(ClientTestCase):
    def get_twice(self, headers):
        self.mock.get(INVOICES, json=[], headers=headers)
        client = self.client()
        client.get("invoices")
        client.get("invoices")
        return self.slept

    def test_low_remaining_waits_before_the_next_request(self):
        slept = self.get_twice(quota(remaining=4, reset=30, limit=150))
        self.assertEqual([6.0], slept)

    def test_no_remaining_waits_for_the_reset(self):
        slept = self.get_twice(quota(remaining=0, reset=25, limit=150))
        self.assertEqual([25.0], slept)

    def test_plenty_left_does_not_wait(self):
        self.assertEqual([], self.get_twice(
            quota(remaining=120, reset=30, limit=150)))

    def test_missing_headers_do_not_wait(self):
        self.assertEqual([], self.get_twice({}))

    def test_the_first_request_never_waits(self):
        self.mock.get(INVOICES, json=[],
                      headers=quota(remaining=0, reset=25, limit=150))
        self.client().get("invoices")
        self.assertEqual([], self.slept)


# -- retries ------------------------------------------------------------------


class TestRateLimited(ClientTestCase):
    def test_429_then_success_waits_retry_after(self):
        self.mock.get(INVOICES, [
            {"status_code": 429, "headers": {"Retry-After": "7"}},
            {"json": [{"id": 1}]},
        ])
        self.assertEqual([{"id": 1}], self.client().get("invoices"))
        self.assertEqual([7.0], self.slept)
        self.assertEqual(2, self.mock.call_count)

    def test_429_without_retry_after_waits_for_the_reset(self):
        self.mock.get(INVOICES, [
            {"status_code": 429,
             "headers": quota(remaining=0, reset=12, limit=150)},
            {"json": []},
        ])
        self.client().get("invoices")
        # Once: the reset is not waited for again by the pacer.
        self.assertEqual([12.0], self.slept)

    def test_retry_after_wins_over_the_reset(self):
        self.mock.get(INVOICES, [
            {"status_code": 429,
             "headers": {"Retry-After": "5",
                         **quota(remaining=0, reset=40, limit=150)}},
            {"json": []},
        ])
        self.client().get("invoices")
        self.assertEqual([5.0], self.slept)

    def test_429_with_an_http_date(self):
        when = datetime.datetime.now(datetime.timezone.utc) + (
            datetime.timedelta(seconds=30))
        self.mock.get(INVOICES, [
            {"status_code": 429,
             "headers": {"Retry-After": email.utils.format_datetime(
                 when, usegmt=True)}},
            {"json": []},
        ])
        self.client().get("invoices")
        self.assertEqual(1, len(self.slept))
        self.assertThat(self.slept[0], testtools.matchers.GreaterThan(27))
        self.assertLessEqual(self.slept[0], 30)

    def test_429_with_no_advice_backs_off(self):
        self.mock.get(INVOICES, [{"status_code": 429}, {"json": []}])
        self.client().get("invoices")
        self.assertEqual([0.5], self.slept)

    def test_an_absurd_retry_after_is_clamped(self):
        self.mock.get(INVOICES, [
            {"status_code": 429, "headers": {"Retry-After": "86400"}},
            {"json": []},
        ])
        self.client().get("invoices")
        self.assertEqual([60.0], self.slept)

    def test_429_on_post_is_retried(self):
        self.mock.post(INVOICES, [
            {"status_code": 429, "headers": {"Retry-After": "3"}},
            {"status_code": 201, "json": {"id": 7}},
        ])
        self.assertEqual({"id": 7}, self.client().post("invoices", INVOICE))
        self.assertEqual(2, self.mock.call_count)
        self.assertEqual([3.0], self.slept)

    def test_429_forever_gives_up_within_max_wait(self):
        for retry_after in ("1", "20", "30", "45", "60", "200"):
            self.slept.clear()
            self.mock.get(INVOICES, status_code=429,
                          headers={"Retry-After": retry_after})
            error = self.assertRaises(errors.RateLimitError,
                                      self.client().get, "invoices")
            self.assertLessEqual(sum(self.slept), self.policy.max_wait)
            self.assertLessEqual(len(self.slept), self.policy.attempts - 1)
            self.assertEqual(errors.RATE_LIMITED, error.exit_code)
            self.assertIn(f"try again in {retry_after} s", str(error))

    def test_429_forever_tries_the_allowed_number_of_times(self):
        self.mock.get(INVOICES, status_code=429,
                      headers={"Retry-After": "2"})
        self.assertRaises(errors.RateLimitError, self.client().get,
                          "invoices")
        self.assertEqual(self.policy.attempts, self.mock.call_count)
        self.assertEqual([2.0, 2.0, 2.0], self.slept)


class TestServerError(ClientTestCase):
    def test_5xx_on_get_is_retried_with_growing_backoff(self):
        self.mock.get(INVOICES, [
            {"status_code": 503}, {"status_code": 502}, {"status_code": 500},
            {"json": [{"id": 1}]},
        ])
        self.assertEqual([{"id": 1}], self.client().get("invoices"))
        self.assertEqual([0.5, 1.0, 2.0], self.slept)

    def test_5xx_on_put_and_delete_is_retried(self):
        self.mock.put(f"{INVOICES}/1", [{"status_code": 500},
                                        {"json": {"id": 1}}])
        self.mock.delete(f"{INVOICES}/1", [{"status_code": 502},
                                           {"status_code": 200}])
        client = self.client()
        self.assertEqual({"id": 1}, client.put("invoices/1", {"a": 1}))
        client.delete("invoices/1")
        self.assertEqual(4, self.mock.call_count)

    def test_5xx_retry_after_is_honoured(self):
        self.mock.get(INVOICES, [
            {"status_code": 503, "headers": {"Retry-After": "4"}},
            {"json": []},
        ])
        self.client().get("invoices")
        self.assertEqual([4.0], self.slept)

    def test_5xx_on_get_gives_up_after_the_attempts(self):
        self.mock.get(INVOICES, status_code=500,
                      json={"message": "Internal error"})
        error = self.assertRaises(errors.APIError, self.client().get,
                                  "invoices")
        self.assertEqual(errors.API_ERROR, error.exit_code)
        self.assertEqual(4, self.mock.call_count)
        self.assertEqual([0.5, 1.0, 2.0], self.slept)

    def test_5xx_on_post_is_not_retried_and_the_outcome_is_unknown(self):
        self.mock.post(INVOICES, status_code=502)
        error = self.assertRaises(errors.UnknownOutcome, self.client().post,
                                  "invoices", INVOICE)
        self.assertEqual(1, self.mock.call_count)
        self.assertEqual([], self.slept)
        self.assertIn("outcome is unknown", str(error))

    def test_other_4xx_are_not_retried(self):
        for status in (400, 401, 402, 403, 404, 405, 409, 422):
            self.mock.reset_mock()
            self.mock.get(INVOICES, status_code=status)
            self.assertRaises(errors.AlegraError, self.client().get,
                              "invoices")
            self.assertEqual(1, self.mock.call_count, status)
        self.assertEqual([], self.slept)


class TestNetworkError(ClientTestCase):
    def test_refused_get_is_retried_then_reported_as_not_sent(self):
        self.mock.get(INVOICES, exc=refused())
        error = self.assertRaises(errors.ConnectionFailed,
                                  self.client().get, "invoices")
        self.assertEqual(4, self.mock.call_count)
        self.assertIn("nothing was sent", str(error))

    def test_refused_post_is_not_sent_and_not_retried(self):
        self.mock.post(INVOICES, exc=refused())
        error = self.assertRaises(errors.ConnectionFailed,
                                  self.client().post, "invoices", INVOICE)
        self.assertEqual(1, self.mock.call_count)
        self.assertEqual(errors.CONNECTION, error.exit_code)

    def test_connect_timeout_on_post_is_not_sent(self):
        self.mock.post(INVOICES, exc=requests.ConnectTimeout)
        error = self.assertRaises(errors.ConnectionFailed,
                                  self.client().post, "invoices", INVOICE)
        self.assertIn("nothing was sent", str(error))

    def test_read_timeout_on_post_is_unknown_and_not_retried(self):
        self.mock.post(INVOICES, exc=requests.ReadTimeout)
        error = self.assertRaises(errors.UnknownOutcome,
                                  self.client().post, "invoices", INVOICE)
        self.assertEqual(1, self.mock.call_count)
        self.assertEqual([], self.slept)
        self.assertIn("outcome is unknown", str(error))
        self.assertIn("before sending it again", str(error))

    def test_dropped_connection_on_post_is_unknown(self):
        self.mock.post(INVOICES, exc=dropped())
        self.assertRaises(errors.UnknownOutcome, self.client().post,
                          "invoices", INVOICE)
        self.assertEqual(1, self.mock.call_count)

    def test_dropped_connection_on_get_is_retried(self):
        self.mock.get(INVOICES, [{"exc": dropped()},
                                 {"exc": requests.ReadTimeout},
                                 {"json": [{"id": 1}]}])
        self.assertEqual([{"id": 1}], self.client().get("invoices"))
        self.assertEqual([0.5, 1.0], self.slept)

    def test_dropped_put_is_unknown_but_safe_to_repeat(self):
        self.mock.put(f"{INVOICES}/1", exc=dropped())
        error = self.assertRaises(errors.UnknownOutcome, self.client().put,
                                  "invoices/1", {"a": 1})
        self.assertEqual(4, self.mock.call_count)
        self.assertIn("safe", str(error))

    def test_tls_failure_is_not_retried(self):
        self.mock.get(INVOICES, exc=requests.exceptions.SSLError)
        error = self.assertRaises(errors.ConnectionFailed,
                                  self.client().get, "invoices")
        self.assertEqual(1, self.mock.call_count)
        self.assertIn("CA_BUNDLE", str(error))

    def test_total_wait_is_bounded_by_max_wait(self):
        self.policy = RetryPolicy(attempts=50, sleep=self.sleep,
                                  jitter=lambda a, b: b, max_wait=20)
        self.mock.get(INVOICES, exc=refused())
        self.assertRaises(errors.ConnectionFailed, self.client().get,
                          "invoices")
        self.assertLessEqual(sum(self.slept), 20)
        self.assertLess(self.mock.call_count, 50)


class TestBackoff(testtools.TestCase):
    def test_grows_exponentially_up_to_the_cap(self):
        policy = RetryPolicy(jitter=lambda a, b: 0)
        self.assertEqual([0.5, 1.0, 2.0, 4.0, 8.0, 8.0, 8.0],
                         [policy.backoff(n) for n in range(7)])

    def test_jitter_adds_at_most_half_a_step(self):
        policy = RetryPolicy()
        for attempt in range(6):
            step = min(8.0, 0.5 * 2 ** attempt)
            for _ in range(50):
                self.assertThat(policy.backoff(attempt),
                                testtools.matchers.MatchesAll(
                                    testtools.matchers.Not(
                                        testtools.matchers.LessThan(step)),
                                    testtools.matchers.Not(
                                        testtools.matchers.GreaterThan(
                                            step * 1.5))))

    def test_a_misbehaving_jitter_is_kept_in_bounds(self):
        self.assertEqual(1.5, RetryPolicy(jitter=lambda a, b: 99).backoff(1))
        self.assertEqual(1.0, RetryPolicy(jitter=lambda a, b: -9).backoff(1))

    def test_a_huge_attempt_number_does_not_overflow(self):
        self.assertEqual(8.0, RetryPolicy(jitter=lambda a, b: 0)
                         .backoff(5000))


# -- pagination ---------------------------------------------------------------


class TestPaginate(ClientTestCase):
    def test_is_lazy(self):
        self.mock.get(INVOICES, json=records(0, 30))
        walk = self.client().paginate("invoices")
        self.assertTrue(inspect.isgenerator(walk))
        self.assertFalse(self.mock.called)
        next(walk)
        self.assertEqual(1, self.mock.call_count)

    def test_stops_on_a_short_page(self):
        self.mock.get(INVOICES, [{"json": records(0, 30)},
                                 {"json": records(30, 30)},
                                 {"json": records(60, 2)}])
        found = list(self.client().paginate("invoices"))
        self.assertEqual(list(range(62)), [r["id"] for r in found])
        self.assertEqual(
            [{"start": "0", "limit": "30"}, {"start": "30", "limit": "30"},
             {"start": "60", "limit": "30"}],
            [query_of(r) for r in self.mock.request_history])

    def test_max_items_asks_only_for_what_is_missing(self):
        self.mock.get(INVOICES, [{"json": records(0, 30)},
                                 {"json": records(30, 15)}])
        found = list(self.client().paginate("invoices", max_items=45))
        self.assertEqual(45, len(found))
        self.assertEqual(["30", "15"], [query_of(r)["limit"]
                                        for r in self.mock.request_history])

    def test_a_server_ignoring_limit_is_cut_to_size(self):
        self.mock.get(INVOICES, json=records(0, 50))
        found = list(self.client().paginate("invoices", max_items=10))
        self.assertEqual(10, len(found))

    def test_the_same_page_twice_stops_the_walk(self):
        self.mock.get(INVOICES, json=records(0, 30))
        walk = self.client().paginate("invoices")
        error = self.assertRaises(errors.APIError, list, walk)
        self.assertIn("same page", str(error))
        self.assertEqual(2, self.mock.call_count)

    def test_filters_are_kept_on_every_page(self):
        self.mock.get(INVOICES, [{"json": records(0, 30)}, {"json": []}])
        list(self.client().paginate("invoices", {"status": "open"}))
        self.assertEqual(["open", "open"],
                         [query_of(r)["status"]
                          for r in self.mock.request_history])

    def test_wrapped_lists(self):
        for key in ("data", "results", "rows", "subscriptions"):
            self.mock.get(INVOICES, json={key: records(0, 2),
                                          "metadata": {"total": 2}})
            self.assertEqual(2, len(list(
                self.client().paginate("invoices"))), key)

    def test_an_unexpected_shape_is_an_error(self):
        self.mock.get(INVOICES, json={"id": 1})
        self.assertRaises(errors.APIError, list,
                          self.client().paginate("invoices"))


class TestCount(ClientTestCase):
    def test_reads_the_metadata_total(self):
        self.mock.get(INVOICES, json={"metadata": {"total": 1234},
                                      "data": records(0, 1)})
        self.assertEqual(1234, self.client().count("invoices"))
        self.assertEqual({"metadata": "true", "start": "0", "limit": "1"},
                         query_of(self.mock.last_request))

    def test_a_string_total(self):
        self.mock.get(INVOICES, json={"metadata": {"total": "4"},
                                      "data": records(0, 1)})
        self.assertEqual(4, self.client().count("invoices"))

    def test_a_top_level_total(self):
        self.mock.get(INVOICES, json={"total": "4",
                                      "results": records(0, 1)})
        self.assertEqual(4, self.client().count("invoices"))

    def test_counts_pages_when_no_total_comes_back(self):
        self.mock.get(INVOICES, [{"json": records(0, 1)},
                                 {"json": records(0, 30)},
                                 {"json": records(30, 30)},
                                 {"json": records(60, 5)}])
        self.assertEqual(65, self.client().count("invoices"))
        walked = [query_of(r) for r in self.mock.request_history[1:]]
        self.assertNotIn("metadata", walked[0])
        self.assertEqual(["0", "30", "60"], [q["start"] for q in walked])

    def test_a_zero_total_contradicted_by_records_is_not_trusted(self):
        self.mock.get(INVOICES, [{"json": {"total": 0,
                                           "data": records(0, 1)}},
                                 {"json": records(0, 3)}])
        self.assertEqual(3, self.client().count("invoices"))

    def test_a_true_zero(self):
        self.mock.get(INVOICES, json={"metadata": {"total": 0}, "data": []})
        self.assertEqual(0, self.client().count("invoices"))
        self.assertEqual(1, self.mock.call_count)


# -- error bodies -------------------------------------------------------------


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


# -- through the CLI ----------------------------------------------------------


class CLITestCase(APITestCase):
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


class TestCLIRetry(CLITestCase):
    def test_429_then_success(self):
        self.mock.get(INVOICES, [
            {"status_code": 429, "headers": {"Retry-After": "7"}},
            {"json": [{"id": 1}]},
        ])
        code, out, err = self.run_cli("invoices", "list", "-f", "value",
                                      "--columns", "id")
        self.assertEqual((0, "1\n", ""), (code, out, err))
        self.assertEqual([7.0], self.slept)

    def test_429_on_create_is_retried(self):
        self.mock.post(INVOICES, [
            {"status_code": 429, "headers": {"Retry-After": "2"}},
            {"status_code": 201, "json": {"id": 7}},
        ])
        code, _, err = self.create("-o", "json")
        self.assertEqual(0, code, err)
        self.assertEqual(2, self.mock.call_count)

    def test_429_forever(self):
        self.mock.get(INVOICES, status_code=429,
                      headers={"Retry-After": "40"},
                      json={"message": "Too many requests"})
        code, out, err = self.run_cli("invoices", "list")
        self.assertEqual(errors.RATE_LIMITED, code)
        self.assertEqual("", out)
        line = self.assertOneErrorLine(err)
        self.assertIn("HTTP 429", line)
        self.assertIn("150 requests a minute", line)
        self.assertIn("try again in 40 s", line)
        self.assertLessEqual(sum(self.slept), 90)

    def test_5xx_on_get_retried_then_success(self):
        self.mock.get(INVOICES, [{"status_code": 503}, {"status_code": 500},
                                 {"json": []}])
        code, _, err = self.run_cli("invoices", "list", "-o", "json")
        self.assertEqual((0, ""), (code, err))
        self.assertEqual(3, self.mock.call_count)
        self.assertEqual(2, len(self.slept))
        self.assertLess(self.slept[0], self.slept[1])

    def test_5xx_on_get_gives_up(self):
        self.mock.get(INVOICES, status_code=500,
                      json={"message": "Internal Server Error"})
        code, _, err = self.run_cli("invoices", "list")
        self.assertEqual(errors.API_ERROR, code)
        line = self.assertOneErrorLine(err)
        self.assertIn("HTTP 500: Internal Server Error", line)
        self.assertIn("try again later", line)
        self.assertEqual(4, self.mock.call_count)

    def test_5xx_on_update_and_delete_retried(self):
        self.mock.put(f"{INVOICES}/5", [{"status_code": 502},
                                        {"json": {"id": 5}}])
        self.mock.delete(f"{INVOICES}/5", [{"status_code": 503},
                                           {"json": {"code": 200}}])
        code, _, err = self.run_cli("invoices", "update", "5", "--set",
                                    "observations=x", "-o", "json")
        self.assertEqual(0, code, err)
        code, _, err = self.run_cli("invoices", "delete", "5", "-y")
        self.assertEqual(0, code, err)
        self.assertEqual(4, self.mock.call_count)

    def test_5xx_on_create_is_not_retried(self):
        self.mock.post(INVOICES, status_code=502, text="Bad Gateway")
        code, out, err = self.create()
        self.assertEqual(errors.UNKNOWN_OUTCOME, code)
        self.assertEqual(1, len(self.mock.request_history))
        line = self.assertOneErrorLine(err)
        self.assertIn("POST /api/v1/invoices", line)
        self.assertIn("outcome is unknown", line)
        self.assertEqual([], self.slept)

    def test_5xx_on_an_action_is_not_retried(self):
        # The emission ledger is keyed by the company (one GET).
        self.mock.get(INVOICES.replace("/invoices", "/company"),
                      json={"identification": "9001"})
        self.mock.post(f"{INVOICES}/stamp", status_code=500)
        code, _, err = self.run_cli("invoices", "stamp", "-d",
                                    '{"ids": [1, 2]}')
        self.assertEqual(errors.UNKNOWN_OUTCOME, code)
        self.assertEqual(1, sum(1 for request in self.mock.request_history
                                if request.method == "POST"))
        self.assertOneErrorLine(err)

    def test_refused_connection(self):
        self.mock.post(INVOICES, exc=refused())
        code, _, err = self.create()
        self.assertEqual(errors.CONNECTION, code)
        self.assertIn("nothing was sent", self.assertOneErrorLine(err))
        self.assertEqual(1, self.mock.call_count)

    def test_connect_timeout(self):
        self.mock.get(INVOICES, exc=requests.ConnectTimeout)
        code, _, err = self.run_cli("invoices", "list")
        self.assertEqual(errors.CONNECTION, code)
        self.assertIn("nothing was sent", self.assertOneErrorLine(err))

    def test_read_timeout_on_create(self):
        self.mock.post(INVOICES, exc=requests.ReadTimeout)
        code, _, err = self.create()
        self.assertEqual(errors.UNKNOWN_OUTCOME, code)
        self.assertEqual(1, len(self.mock.request_history))
        line = self.assertOneErrorLine(err)
        self.assertIn("outcome is unknown", line)

    def test_dropped_connection_on_create(self):
        self.mock.post(INVOICES, exc=dropped())
        code, _, err = self.create()
        self.assertEqual(errors.UNKNOWN_OUTCOME, code)
        self.assertEqual(1, len(self.mock.request_history))
        self.assertOneErrorLine(err)

    def test_dropped_connection_on_list_is_retried(self):
        self.mock.get(INVOICES, [{"exc": dropped()}, {"json": [{"id": 3}]}])
        code, out, err = self.run_cli("invoices", "list", "-f", "value",
                                      "--columns", "id")
        self.assertEqual((0, "3\n", ""), (code, out, err))
        self.assertEqual(2, self.mock.call_count)

    def test_interrupting_a_create_warns_that_it_may_have_happened(self):
        self.mock.post(INVOICES, exc=KeyboardInterrupt)
        code, _, err = self.create()
        self.assertEqual(errors.INTERRUPTED, code)
        self.assertIn("interrupted while POST /api/v1/invoices was in "
                      "flight", err)

    def test_interrupting_a_list_says_nothing_more(self):
        self.mock.get(INVOICES, exc=KeyboardInterrupt)
        code, _, err = self.run_cli("invoices", "list")
        self.assertEqual(errors.INTERRUPTED, code)
        self.assertNotIn("in flight", err)

    def test_retries_are_logged_only_with_verbose(self):
        responses = [{"status_code": 503}, {"json": []}]
        self.mock.get(INVOICES, responses)
        code, _, err = self.run_cli("invoices", "list", "-o", "json")
        self.assertEqual((0, ""), (code, err))
        self.mock.get(INVOICES, responses)
        code, _, err = self.run_cli("-v", "invoices", "list")
        self.assertEqual(0, code)
        self.assertIn("HTTP 503; retrying in", err)


class TestCLIError(CLITestCase):
    def fail_with(self, status, argv=("invoices", "get", "1"), **response):
        self.mock.register_uri(requests_mock.ANY, requests_mock.ANY,
                               status_code=status, **response)
        code, out, err = self.run_cli(*argv)
        self.assertEqual("", out)
        return code, self.assertOneErrorLine(err)

    def test_401(self):
        code, line = self.fail_with(401, json={"message": "Unauthorized"})
        self.assertEqual(errors.AUTH, code)
        self.assertIn("log in again", line)

    def test_402(self):
        code, line = self.fail_with(402, json={
            "code": 907, "message": "action not available in your plan"})
        self.assertEqual(errors.PLAN, code)
        self.assertIn("not in your Alegra plan", line)
        self.assertIn("(code 907)", line)

    def test_403(self):
        code, line = self.fail_with(403, json={"message": "Forbidden"})
        self.assertEqual(errors.AUTH, code)
        self.assertIn("role", line)

    def test_404(self):
        code, line = self.fail_with(404, json={"message": "Not found",
                                               "code": 404})
        self.assertEqual(errors.NOT_FOUND, code)
        self.assertIn("check the id", line)

    def test_400_shows_message_and_code(self):
        code, line = self.fail_with(
            400, argv=("invoices", "create", "-d", INVOICE_JSON),
            json={"code": 3007, "message": "La fecha de vencimiento de la "
                                           "factura es obligatoria"})
        self.assertEqual(errors.VALIDATION, code)
        self.assertIn("La fecha de vencimiento de la factura es obligatoria",
                      line)
        self.assertIn("code 3007", line)

    def test_wrapped_forms_are_one_line(self):
        bodies = [
            {"json": {"error": {"code": 2006, "message": "Ya existe"}}},
            {"json": {"error": "Categoría no encontrada", "code": 404}},
            {"json": {"message": "solo un mensaje"}},
            {"json": [{"code": 1, "message": "uno"}, {"message": "dos"}]},
            {"json": {"message": "dos\nlíneas"}},
            {"json": {"unexpected": True}},
            {"text": ""},
        ]
        for body in bodies:
            self.mock.reset_mock()
            self.fail_with(400, **body)

    def test_an_html_502_page_is_one_line(self):
        page = ("<!DOCTYPE html>\n<html>\n<head><title>502 Bad Gateway"
                "</title></head>\n<body>\n<center><h1>502 Bad Gateway</h1>"
                "</center>\n<hr><center>nginx</center>\n</body>\n</html>\n")
        code, line = self.fail_with(502, text=page,
                                    headers={"Content-Type": "text/html"})
        self.assertEqual(errors.API_ERROR, code)
        self.assertIn("HTTP 502: 502 Bad Gateway", line)
        self.assertNotIn("<", line)

    def test_no_credentials(self):
        del self.environ["ALEGRA_EMAIL"]
        del self.environ["ALEGRA_TOKEN"]
        code, _, err = self.run_cli("invoices", "list")
        self.assertEqual(errors.AUTH, code)
        self.assertOneErrorLine(err)
        self.assertFalse(self.mock.called)

    def test_debug_shows_a_traceback(self):
        self.mock.get(f"{INVOICES}/1", status_code=404)
        code, _, err = self.run_cli("--debug", "invoices", "get", "1")
        self.assertEqual(errors.NOT_FOUND, code)
        self.assertIn("Traceback", err)
        self.assertTrue(err.strip().splitlines()[-1].startswith("Error: "))

    def test_verbose_shows_the_whole_error_body(self):
        self.mock.get(f"{INVOICES}/1", status_code=400,
                      json={"message": "Ya existe", "contactId": "1142"})
        code, _, err = self.run_cli("-v", "invoices", "get", "1")
        self.assertEqual(errors.VALIDATION, code)
        self.assertIn('"contactId": "1142"', err)

    def test_the_token_never_appears_in_errors(self):
        self.mock.get(f"{INVOICES}/1", status_code=401)
        _, _, err = self.run_cli("--debug", "-vvv", "invoices", "get", "1")
        self.assertNotIn("secret-token", err)
        self.assertNotIn(EXPECTED_AUTH.split()[1], err)



class TestCLIList(CLITestCase):
    def ids(self, *argv):
        code, out, err = self.run_cli("invoices", "list", "-f", "value",
                                      "--columns", "id", *argv)
        self.assertEqual(0, code, err)
        return [int(line) for line in out.splitlines()]

    def queries(self):
        return [(q.get("start"), q.get("limit"))
                for q in map(query_of, self.mock.request_history)]

    def test_all_walks_every_page(self):
        self.mock.get(INVOICES, [{"json": records(0, 30)},
                                 {"json": records(30, 30)},
                                 {"json": records(60, 7)}])
        self.assertEqual(list(range(67)), self.ids("--all"))
        self.assertEqual([("0", "30"), ("30", "30"), ("60", "30")],
                         self.queries())

    def test_all_with_an_exact_multiple(self):
        self.mock.get(INVOICES, [{"json": records(0, 30)}, {"json": []}])
        self.assertEqual(30, len(self.ids("--all")))
        self.assertEqual([("0", "30"), ("30", "30")], self.queries())

    def test_limit_45(self):
        self.mock.get(INVOICES, [{"json": records(0, 30)},
                                 {"json": records(30, 15)}])
        self.assertEqual(list(range(45)), self.ids("--limit", "45"))
        self.assertEqual([("0", "30"), ("30", "15")], self.queries())

    def test_start(self):
        self.mock.get(INVOICES, json=records(10, 3))
        self.assertEqual([10, 11, 12], self.ids("--start", "10"))
        self.assertEqual([("10", "30")], self.queries())

    def test_one_page_by_default(self):
        self.mock.get(INVOICES, json=records(0, 30))
        self.assertEqual(30, len(self.ids()))
        self.assertEqual([("0", "30")], self.queries())

    def test_all_streams_json(self):
        self.mock.get(INVOICES, [{"json": records(0, 30)},
                                 {"json": records(30, 1)}])
        code, out, err = self.run_cli("invoices", "list", "--all", "-f",
                                      "json")
        self.assertEqual(0, code, err)
        self.assertEqual(31, len(json.loads(out)))

    def test_wrapped_pages(self):
        for key in ("data", "results", "subscriptions"):
            self.mock.get(INVOICES, json={key: records(0, 2)})
            self.assertEqual([0, 1], self.ids(), key)


class TestCLICount(CLITestCase):
    def count(self, *argv):
        code, out, err = self.run_cli("invoices", "list", "--count", *argv)
        self.assertEqual((0, ""), (code, err))
        return out

    def test_metadata_total(self):
        self.mock.get(INVOICES, json={"metadata": {"total": 1234},
                                      "data": records(0, 1)})
        self.assertEqual("1234\n", self.count())
        self.assertEqual("true", query_of(self.mock.last_request)["metadata"])

    def test_string_total(self):
        self.mock.get(INVOICES, json={"metadata": {"total": "4"},
                                      "data": []})
        self.assertEqual("4\n", self.count())

    def test_top_level_total(self):
        self.mock.get(INVOICES, json={"total": "4", "results": []})
        self.assertEqual("4\n", self.count())

    def test_counts_pages_without_a_total(self):
        self.mock.get(INVOICES, [{"json": records(0, 1)},
                                 {"json": records(0, 30)},
                                 {"json": records(30, 12)}])
        self.assertEqual("42\n", self.count())
        self.assertEqual(3, self.mock.call_count)

    def test_filters_reach_the_count(self):
        self.mock.get(INVOICES, json={"metadata": {"total": 3}})
        self.assertEqual("3\n", self.count("--status", "open"))
        self.assertEqual("open", query_of(self.mock.last_request)["status"])


class TestCLIExactValues(CLITestCase):
    def setUp(self):
        super().setUp()
        self.mock.get(INVOICES, text=f"[{EXACT_RECORD}]")
        self.mock.get(f"{INVOICES}/9007199254740993", text=EXACT_RECORD)

    def list_output(self, *argv):
        code, out, err = self.run_cli("invoices", "list", *argv)
        self.assertEqual(0, code, err)
        return out

    def assertExact(self, out, paid=True):
        for text in ("9007199254740993", "19928.00", "0.0000000000"):
            self.assertIn(text, out)
        if paid:
            self.assertIn("1234567890123456.78", out)

    def test_json(self):
        self.assertExact(self.list_output("-f", "json"))

    def test_yaml(self):
        out = self.list_output("-f", "yaml")
        self.assertExact(out)
        self.assertIn("total: 19928.00", out)

    def test_csv(self):
        self.assertExact(self.list_output(
            "-f", "csv", "--columns", "id,total,balance,totalPaid"))

    def test_value(self):
        out = self.list_output("-f", "value", "--columns",
                               "id,total,balance,totalPaid")
        self.assertEqual(
            "9007199254740993 19928.00 0.0000000000 1234567890123456.78\n",
            out)

    def test_table(self):
        self.assertExact(self.list_output(), paid=False)

    def test_get_json(self):
        code, out, err = self.run_cli("invoices", "get", "9007199254740993",
                                      "-f", "json")
        self.assertEqual(0, code, err)
        self.assertExact(out)
        self.assertIn('"total": 19928.00', out)


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
