"""The per-minute request ceiling and its ``X-Rate-Limit-*`` headers.

A fixed window, as the headers describe it: ``Limit`` requests a window,
``Remaining`` in this one, ``Reset`` seconds until the next. Every request
counts, whatever its answer. The count is per process: two servers on one
database each have their own ceiling.
"""

import math
import threading
import time

from alegra.i18n import _

WINDOW_SECONDS = 60.0


class RateLimiter:
    def __init__(self, limit, window=WINDOW_SECONDS, clock=time.monotonic):
        if limit is not None and limit < 1:
            raise ValueError(_("the rate limit must be at least 1 a "
                               "minute"))
        self.limit = limit
        self.window = window
        self.clock = clock
        self._lock = threading.Lock()
        self._window_end = 0.0
        self._count = 0

    def hit(self):
        """Count a request: ``(allowed, headers)``."""
        if self.limit is None:
            return True, {}
        with self._lock:
            now = self.clock()
            if now >= self._window_end:
                self._window_end = now + self.window
                self._count = 0
            self._count += 1
            allowed = self._count <= self.limit
            # Clamped: float rounding can make a fresh window 60.0000001 s.
            reset = min(math.ceil(self.window),
                        max(1, math.ceil(self._window_end - now)))
            headers = {
                "X-Rate-Limit-Limit": str(self.limit),
                "X-Rate-Limit-Remaining": str(max(0, self.limit
                                                  - self._count)),
                "X-Rate-Limit-Reset": str(reset),
            }
        if not allowed:
            headers["Retry-After"] = str(reset)
        return allowed, headers
