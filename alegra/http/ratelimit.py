"""Pacing requests from Alegra's ``X-Rate-Limit-*`` headers.

Alegra allows a number of requests a minute (150 by default) and says how
many are left (``X-Rate-Limit-Remaining``) and in how many seconds the
window resets (``X-Rate-Limit-Reset``). The pacer spreads what is left over
what remains of the window once the budget runs low, so that a long loop
slows down instead of running into a 429 it could have seen coming.

A ``cap`` (``--rate``) spaces requests at least ``60 / cap`` seconds
apart, which keeps any 60 s to ``cap`` requests, whatever the headers
allow: people sharing one account each take a share of its quota.

A pause longer than a second is told to the pacer's ``listeners`` (the
client's note on stderr, the progress bar's label): each is called with
a :class:`Pause`, newest first, until one returns true (it showed it).
"""

import math
import time
from typing import NamedTuple

# Below this share of the window's budget, requests are spread out.
LOW_WATER = 0.2
# Alegra's documented quota, assumed while no X-Rate-Limit-Limit came back.
DEFAULT_LIMIT = 150
# Alegra's window is a minute: a wait asked for beyond it is a mistake
# (or a clock gone wrong), and waiting longer would gain nothing.
LONGEST_WAIT = 60.0
# The cap counts requests a minute.
WINDOW = 60.0
# Pauses longer than this are told to the listeners; shorter ones only
# slow the loop down.
TELL_AFTER = 1.0


class Pause(NamedTuple):
    """A pause before the next request: ``seconds`` long, for a limit of
    ``per_minute`` requests, the user's cap (``capped``) or Alegra's."""

    seconds: float
    per_minute: int
    capped: bool = False


def _number_header(headers, name):
    try:
        value = float(headers.get(name, ""))
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None


def _int_header(headers, name):
    value = _number_header(headers, name)
    return None if value is None else int(value)


def retry_after_seconds(headers, now=None):
    """Seconds asked for by ``Retry-After`` (seconds or an HTTP date).

    None when the header is missing or unreadable; never negative. The
    value is not clamped: :func:`server_wait` callers decide how long they
    are willing to wait.
    """
    value = headers.get("Retry-After")
    if not value:
        return None
    seconds = _number_header(headers, "Retry-After")
    if seconds is not None:
        return max(0.0, seconds)
    import email.utils  # an HTTP date is rare; the import costs start-up

    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    now = time.time() if now is None else now
    return max(0.0, when.timestamp() - now)


def reset_seconds(headers):
    """Seconds until the window resets, from a response's headers."""
    reset = _number_header(headers, "X-Rate-Limit-Reset")
    return None if reset is None else max(0.0, reset)


def server_wait(headers, rate_limited=False, now=None):
    """How long the server asked us to wait before trying again.

    ``Retry-After`` first; on a 429 (``rate_limited``) without it, the
    seconds until the window resets. None when the answer says nothing
    useful (missing, unreadable, zero or in the past).
    """
    wait = retry_after_seconds(headers, now)
    if wait is None and rate_limited:
        wait = reset_seconds(headers)
    return wait if wait else None


class Pacer:
    """Decides how long to wait before the next request."""

    def __init__(self, clock=time.monotonic, cap=None, listeners=()):
        self.clock = clock
        # At most this many requests a minute (None: as the headers allow).
        self.cap = cap
        self.listeners = list(listeners)
        self.limit = None
        self.remaining = None
        self.resets_at = None
        self.last_sent = None

    def observe(self, headers):
        """Record the quota a response reports.

        A response without the headers leaves what is known as it was: a
        missing ``Remaining`` means "no news", not "none left".
        """
        limit = _int_header(headers, "X-Rate-Limit-Limit")
        remaining = _int_header(headers, "X-Rate-Limit-Remaining")
        reset = reset_seconds(headers)
        if limit is not None and limit > 0:
            self.limit = limit
        if remaining is not None and remaining >= 0:
            self.remaining = remaining
            self.resets_at = (
                None if reset is None
                else self.clock() + min(reset, LONGEST_WAIT)
            )

    def forget(self):
        """Drop what is known of the window.

        Called after a 429: the retry already waits as long as the server
        asked, and the next answer reports the new window.
        """
        self.remaining = None
        self.resets_at = None

    def delay(self):
        """Seconds to wait before sending the next request."""
        return max(self.window_delay(), self.cap_delay())

    def pause(self):
        """:meth:`delay`, told to the listeners when longer than
        :data:`TELL_AFTER`."""
        window, capped = self.window_delay(), self.cap_delay()
        seconds = max(window, capped)
        if seconds > TELL_AFTER:
            if capped >= window:
                self.tell(Pause(seconds, self.cap, True))
            else:
                self.tell(Pause(seconds, self.limit or DEFAULT_LIMIT))
        return seconds

    def tell(self, pause):
        """Give ``pause`` to the listeners, newest first, until one says
        it showed it."""
        for listener in reversed(self.listeners):
            if listener(pause):
                return

    def cap_delay(self):
        """Seconds until the cap lets the next request go."""
        if not self.cap or self.last_sent is None:
            return 0.0
        return max(0.0, self.last_sent + WINDOW / self.cap - self.clock())

    def window_delay(self):
        """Seconds Alegra's window asks to wait before the next request."""
        if self.remaining is None or self.resets_at is None:
            return 0.0
        left = min(self.resets_at - self.clock(), LONGEST_WAIT)
        if left <= 0:
            return 0.0
        if self.remaining <= 0:
            return left
        if self.remaining > (self.limit or DEFAULT_LIMIT) * LOW_WATER:
            return 0.0
        # Spread what is left over the window, keeping one in hand.
        return left / (self.remaining + 1)

    def spent(self):
        """Count a request against what is left, until the next answer."""
        self.last_sent = self.clock()
        if self.remaining:
            self.remaining -= 1
