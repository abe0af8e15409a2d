"""The HTTP client's pacing and retries (429, 5xx, network errors),
with a Client built directly and its sleeps recorded.
"""

import datetime
import email.utils

import requests
import testtools

from alegra import errors
from alegra.http.client import RetryPolicy
from tests.unit.httpfakes import (
    INVOICE,
    INVOICES,
    ClientTestCase,
    dropped,
    refused,
)
from tests.unit.test_ratelimit import quota


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
