"""Pacing from the X-Rate-Limit-* headers, and reading Retry-After."""

import email.utils
import math

import testtools

from alegra import i18n
from alegra.http import ratelimit
from alegra.http.ratelimit import Pacer
from tests.unit import base


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


class TestCap(testtools.TestCase):
    """``--rate``: at most N requests in any 60 s, whatever the headers."""

    def setUp(self):
        super().setUp()
        self.clock = FakeClock()
        self.pacer = Pacer(clock=self.clock, cap=30)

    def test_the_first_request_goes_at_once(self):
        self.assertEqual(0.0, self.pacer.delay())

    def test_requests_are_spaced_sixty_over_n_seconds_apart(self):
        self.pacer.spent()
        self.assertEqual(2.0, self.pacer.delay())
        self.clock.advance(0.5)
        self.assertEqual(1.5, self.pacer.delay())
        self.clock.advance(5)
        self.assertEqual(0.0, self.pacer.delay())

    def test_the_cap_holds_however_much_the_server_allows(self):
        self.pacer.observe(quota(remaining=149, reset=59, limit=150))
        self.pacer.spent()
        self.assertEqual(2.0, self.pacer.delay())

    def test_the_server_window_wins_when_it_asks_for_longer(self):
        self.pacer.observe(quota(remaining=0, reset=40, limit=150))
        self.pacer.spent()
        self.assertEqual(40.0, self.pacer.delay())

    def test_never_more_than_n_in_any_sixty_seconds(self):
        import random

        chance = random.Random(7)
        for cap in (1, 7, 30, 150):
            clock = FakeClock()
            pacer = Pacer(clock=clock, cap=cap)
            sent = []
            for _ in range(3 * cap + 5):
                clock.advance(pacer.delay())
                pacer.spent()
                sent.append(clock())
                # A generous server, and requests of random length.
                pacer.observe(quota(remaining=10_000, reset=30,
                                    limit=10_000))
                clock.advance(chance.uniform(0, 3))
            for first in range(len(sent)):
                within = [t for t in sent[first:] if t < sent[first] + 60]
                self.assertLessEqual(len(within), cap, cap)


class TestListeners(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.clock = FakeClock()
        self.heard = []

    def listener(self, name, shows=True):
        def hear(pause):
            self.heard.append((name, pause))
            return shows
        return hear

    def test_a_long_pause_is_told_with_its_limit(self):
        pacer = Pacer(clock=self.clock, listeners=[self.listener("a")])
        pacer.observe(quota(remaining=0, reset=42, limit=150))
        self.assertEqual(42.0, pacer.pause())
        self.assertEqual([("a", ratelimit.Pause(42.0, 150, False))],
                         self.heard)

    def test_the_documented_limit_without_a_limit_header(self):
        pacer = Pacer(clock=self.clock, listeners=[self.listener("a")])
        pacer.observe(quota(remaining=0, reset=5))
        pacer.pause()
        self.assertEqual(150, self.heard[0][1].per_minute)

    def test_a_pause_of_the_cap_names_the_cap(self):
        pacer = Pacer(clock=self.clock, cap=20,
                      listeners=[self.listener("a")])
        pacer.spent()
        self.assertEqual(3.0, pacer.pause())
        self.assertEqual([("a", ratelimit.Pause(3.0, 20, True))],
                         self.heard)

    def test_a_second_or_less_is_not_told(self):
        pacer = Pacer(clock=self.clock, cap=60,
                      listeners=[self.listener("a")])
        pacer.spent()
        self.assertEqual(1.0, pacer.pause())
        self.assertEqual(0.0, Pacer(clock=self.clock).pause())
        self.assertEqual([], self.heard)

    def test_newest_first_until_one_shows_it(self):
        pacer = Pacer(clock=self.clock, cap=6)
        pacer.listeners.append(self.listener("line"))
        pacer.listeners.append(self.listener("bar"))
        pacer.spent()
        pacer.pause()
        self.assertEqual(["bar"], [name for name, _ in self.heard])
        pacer.listeners[-1] = self.listener("idle bar", shows=False)
        pacer.pause()
        self.assertEqual(["bar", "idle bar", "line"],
                         [name for name, _ in self.heard])

    def test_delay_alone_tells_nobody(self):
        pacer = Pacer(clock=self.clock, cap=6,
                      listeners=[self.listener("a")])
        pacer.spent()
        self.assertEqual(10.0, pacer.delay())
        self.assertEqual([], self.heard)


class TestPauseShown(testtools.TestCase):
    """The progress bar's label, its rate and ETA around a pause."""

    def setUp(self):
        super().setUp()
        i18n_state = dict(i18n._state)
        i18n.set_language("en")
        self.addCleanup(i18n._state.update, i18n_state)

    def test_the_words(self):
        from alegra.output.progress import pause_text

        self.assertEqual("waiting 42 s for the rate limit (150 a minute)",
                         pause_text(ratelimit.Pause(42.2, 150)))
        self.assertEqual("waiting 2 s for your rate limit (30 a minute)",
                         pause_text(ratelimit.Pause(1.6, 30, True)))
        self.assertEqual("waiting 1 s for the rate limit (150 a minute)",
                         pause_text(ratelimit.Pause(42, 150), 0.2))

    def test_in_spanish(self):
        from alegra.output.progress import pause_text

        i18n.set_language("es")
        self.assertEqual(
            "esperando 42 s por el límite de peticiones (150 por minuto)",
            pause_text(ratelimit.Pause(42, 150)))

    def test_the_bar_shows_the_pause_then_its_label_again(self):
        from alegra.output.progress import Progress

        clock = FakeClock()
        pacer = Pacer(clock=clock)
        heard = []
        pacer.listeners.append(lambda pause: heard.append(pause) or True)
        stream = base.Terminal()
        with Progress(stream, "Exporting items", "bar", total=90,
                      pacer=pacer, clock=clock) as watch:
            pacer.observe(quota(remaining=0, reset=42, limit=150))
            pacer.pause()
            self.assertEqual([], heard)  # the bar showed it
            self.assertEqual(
                "waiting 42 s for the rate limit (150 a minute)",
                watch.description())
            clock.advance(30)
            self.assertEqual(
                "waiting 12 s for the rate limit (150 a minute)",
                watch.description())
            clock.advance(12)
            self.assertEqual("Exporting items", watch.description())
        # Gone with the bar: the next pause is the line's again.
        pacer.observe(quota(remaining=0, reset=5))
        pacer.pause()
        self.assertEqual(1, len(heard))

    def test_a_line_progress_leaves_the_pause_to_the_client(self):
        from alegra.output.progress import Progress

        pacer = Pacer()
        with Progress(base.Pipe(), "x", "line", pacer=pacer):
            self.assertEqual([], pacer.listeners)

    def test_rate_and_eta_count_a_pause(self):
        from alegra.output.progress import Progress

        clock = FakeClock()
        pacer = Pacer(clock=clock)
        watch = Progress(base.Pipe(), "x", "line", total=600, pacer=pacer,
                         rows_per_request=30, clock=clock)
        for _ in range(10):  # 300 rows in 10 s
            clock.advance(1)
            watch.advance(30)
        self.assertEqual(30.0, watch.recent_rate())
        self.assertEqual(10.0, watch.eta())
        clock.advance(30)  # a pause of 30 s
        watch.advance(30)
        # 330 rows in 40 s: the rate and the ETA from the same window.
        self.assertAlmostEqual(330 / 40, watch.recent_rate())
        self.assertAlmostEqual(270 / (330 / 40), watch.eta())
        # A minute later, only the last minute counts.
        for _ in range(60):
            clock.advance(1)
            watch.advance(1)
        self.assertAlmostEqual(60 / 60.0, watch.recent_rate(), delta=0.05)

    def test_eta_counts_the_cap(self):
        from alegra.output.progress import budget_eta

        # 10 requests at most 30 a minute: 9 gaps of 2 s at least.
        self.assertEqual(18.0, budget_eta(300, 30, 100.0,
                                          Pacer(cap=30)))
        self.assertEqual(1.0, budget_eta(300, 30, 10.0, Pacer(cap=None)))

