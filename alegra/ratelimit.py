"""Pacing requests from Alegra's ``X-Rate-Limit-*`` headers.

Alegra allows a number of requests a minute (150 by default) and says how
many are left (``X-Rate-Limit-Remaining``) and in how many seconds the
window resets (``X-Rate-Limit-Reset``). The pacer spreads what is left over
what remains of the window once the budget runs low, so that a long loop
slows down instead of running into a 429 it could have seen coming.
"""

import email.utils
import time

# Below this share of the window's budget, requests are spread out.
LOW_WATER = 0.2


def _int_header(headers, name):
    try:
        return int(float(headers.get(name, "")))
    except (TypeError, ValueError):
        return None


def retry_after_seconds(headers, now=None):
    """Seconds asked for by ``Retry-After`` (seconds or an HTTP date)."""
    value = headers.get("Retry-After")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    now = time.time() if now is None else now
    return max(0.0, when.timestamp() - now)


class Pacer:
    """Decides how long to wait before the next request."""

    def __init__(self, clock=time.monotonic):
        self.clock = clock
        self.limit = None
        self.remaining = None
        self.resets_at = None

    def observe(self, headers):
        """Record the quota a response reports."""
        limit = _int_header(headers, "X-Rate-Limit-Limit")
        remaining = _int_header(headers, "X-Rate-Limit-Remaining")
        reset = _int_header(headers, "X-Rate-Limit-Reset")
        if limit is not None and limit > 0:
            self.limit = limit
        if remaining is not None and remaining >= 0:
            self.remaining = remaining
            self.resets_at = (
                self.clock() + max(reset, 0) if reset is not None else None
            )

    def reset_seconds(self, headers):
        """Seconds until the window resets, from a response's headers."""
        reset = _int_header(headers, "X-Rate-Limit-Reset")
        return None if reset is None else max(reset, 0)

    def delay(self):
        """Seconds to wait before sending the next request."""
        if self.remaining is None or self.resets_at is None:
            return 0.0
        left = self.resets_at - self.clock()
        if left <= 0:
            return 0.0
        if self.remaining <= 0:
            return left
        if self.limit and self.remaining > self.limit * LOW_WATER:
            return 0.0
        return left / (self.remaining + 1)

    def spent(self):
        """Count a request against what is left, until the next answer."""
        if self.remaining:
            self.remaining -= 1
