"""Pacing from the X-Rate-Limit-* headers, and reading Retry-After."""

import email.utils
import math

import testtools

from alegra.http import ratelimit
from alegra.http.ratelimit import Pacer


class FakeClock:
    """A monotonic clock that moves only when told."""

    def __init__(self, now=1000.0):
        self.now = now

    def __call__(self):
        return self.now

    def advance(self, seconds):
        self.now += seconds


def quota(remaining=None, reset=None, limit=None):
    headers = {}
    if limit is not None:
        headers["X-Rate-Limit-Limit"] = str(limit)
    if remaining is not None:
        headers["X-Rate-Limit-Remaining"] = str(remaining)
    if reset is not None:
        headers["X-Rate-Limit-Reset"] = str(reset)
    return headers


class TestPacer(testtools.TestCase):
    def setUp(self):
        super().setUp()
        self.clock = FakeClock()
        self.pacer = Pacer(clock=self.clock)

    def test_nothing_known_means_no_wait(self):
        self.assertEqual(0.0, self.pacer.delay())

    def test_missing_headers_mean_no_wait(self):
        self.pacer.observe({"Content-Type": "application/json"})
        self.assertEqual(0.0, self.pacer.delay())

    def test_plenty_left_means_no_wait(self):
        self.pacer.observe(quota(remaining=100, reset=30, limit=150))
        self.assertEqual(0.0, self.pacer.delay())

    def test_low_remaining_spreads_what_is_left_over_the_window(self):
        self.pacer.observe(quota(remaining=5, reset=30, limit=150))
        # Six slots for five requests: the last lands before the reset.
        self.assertEqual(5.0, self.pacer.delay())

    def test_the_low_water_mark_is_a_fifth_of_the_limit(self):
        self.pacer.observe(quota(remaining=31, reset=32, limit=150))
        self.assertEqual(0.0, self.pacer.delay())
        self.pacer.observe(quota(remaining=30, reset=31, limit=150))
        self.assertEqual(1.0, self.pacer.delay())

    def test_none_left_waits_for_the_reset(self):
        self.pacer.observe(quota(remaining=0, reset=42, limit=150))
        self.assertEqual(42.0, self.pacer.delay())

    def test_the_wait_shrinks_as_time_passes(self):
        self.pacer.observe(quota(remaining=0, reset=42, limit=150))
        self.clock.advance(40)
        self.assertEqual(2.0, self.pacer.delay())

    def test_no_wait_once_the_window_has_reset(self):
        self.pacer.observe(quota(remaining=0, reset=10, limit=150))
        self.clock.advance(10.5)
        self.assertEqual(0.0, self.pacer.delay())

    def test_the_documented_limit_is_assumed_without_a_limit_header(self):
        self.pacer.observe(quota(remaining=100, reset=30))
        self.assertEqual(0.0, self.pacer.delay())
        self.pacer.observe(quota(remaining=9, reset=30))
        self.assertEqual(3.0, self.pacer.delay())

    def test_a_remaining_without_reset_is_not_acted_on(self):
        self.pacer.observe(quota(remaining=0, limit=150))
        self.assertEqual(0.0, self.pacer.delay())

    def test_an_answer_without_headers_is_no_news(self):
        self.pacer.observe(quota(remaining=0, reset=20, limit=150))
        self.pacer.observe({})
        self.assertEqual(20.0, self.pacer.delay())

    def test_an_absurd_reset_is_capped_at_the_window(self):
        self.pacer.observe(quota(remaining=0, reset=86400, limit=150))
        self.assertEqual(ratelimit.LONGEST_WAIT, self.pacer.delay())

    def test_unreadable_headers_are_ignored(self):
        for value in ("soon", "inf", "nan", "", "1e400"):
            pacer = Pacer(clock=self.clock)
            pacer.observe({"X-Rate-Limit-Remaining": value,
                           "X-Rate-Limit-Reset": value,
                           "X-Rate-Limit-Limit": value})
            self.assertEqual(0.0, pacer.delay(), value)

    def test_a_request_counts_against_what_is_left(self):
        self.pacer.observe(quota(remaining=2, reset=30, limit=150))
        self.pacer.spent()
        self.assertEqual(1, self.pacer.remaining)
        self.assertEqual(15.0, self.pacer.delay())
        self.pacer.spent()
        self.pacer.spent()
        self.assertEqual(0, self.pacer.remaining)

    def test_forget_drops_the_window(self):
        self.pacer.observe(quota(remaining=0, reset=30, limit=150))
        self.pacer.forget()
        self.assertEqual(0.0, self.pacer.delay())

    def test_a_long_loop_never_outruns_the_quota(self):
        # A server that allows 10 requests per 60 s window, and a loop of
        # 25 requests: paced, none of them finds the quota exhausted.
        limit, window = 10, 60.0
        window_start, used = self.clock(), 0
        for _ in range(25):
            self.clock.advance(self.pacer.delay())
            self.pacer.spent()
            if self.clock() - window_start >= window:
                window_start, used = self.clock(), 0
            used += 1
            self.assertLessEqual(used, limit)
            left = window - (self.clock() - window_start)
            self.pacer.observe(quota(remaining=limit - used,
                                     reset=math.ceil(left), limit=limit))
            self.clock.advance(0.1)


class TestRetryAfter(testtools.TestCase):
    def test_seconds(self):
        self.assertEqual(7.0, ratelimit.retry_after_seconds(
            {"Retry-After": "7"}))

    def test_http_date(self):
        now = 1_700_000_000
        when = email.utils.formatdate(now + 30, usegmt=True)
        self.assertEqual(30.0, ratelimit.retry_after_seconds(
            {"Retry-After": when}, now=now))

    def test_a_date_in_the_past_is_zero(self):
        now = 1_700_000_000
        when = email.utils.formatdate(now - 30, usegmt=True)
        self.assertEqual(0.0, ratelimit.retry_after_seconds(
            {"Retry-After": when}, now=now))

    def test_negative_seconds_are_zero(self):
        self.assertEqual(0.0, ratelimit.retry_after_seconds(
            {"Retry-After": "-5"}))

    def test_missing_or_unreadable_is_none(self):
        for headers in ({}, {"Retry-After": ""}, {"Retry-After": "later"},
                        {"Retry-After": "inf"}, {"Retry-After": "nan"}):
            self.assertIsNone(ratelimit.retry_after_seconds(headers),
                              headers)

    def test_server_wait_prefers_retry_after(self):
        headers = {"Retry-After": "5", **quota(remaining=0, reset=20)}
        self.assertEqual(5.0, ratelimit.server_wait(headers, True))

    def test_server_wait_uses_the_reset_only_when_rate_limited(self):
        headers = quota(remaining=0, reset=20)
        self.assertEqual(20.0, ratelimit.server_wait(headers, True))
        self.assertIsNone(ratelimit.server_wait(headers, False))

    def test_server_wait_of_zero_is_no_advice(self):
        self.assertIsNone(ratelimit.server_wait({"Retry-After": "0"}, True))
