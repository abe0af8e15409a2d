"""Injected faults, to test how a client copes: latency, 5xx, drops.

- Latency delays every request by a fixed number of milliseconds.
- A failed request (``fail_rate``) answers 500 or 503 with an Alegra-style
  body *before* anything is done: retrying it is safe.
- A dropped request (``drop_rate``) is processed and committed, then its
  connection is closed without an answer: the client cannot know whether
  the write happened, the case a client must never retry blindly.
"""

import socket
import threading
import time

from alegra.i18n import _
from alegra.sandbox import errors


class ConnectionDropped(ConnectionAbortedError):
    """Raised to make the server close the connection unanswered."""


class Faults:
    def __init__(self, rng, latency_ms=0, fail_rate=0.0, drop_rate=0.0):
        for message, rate in (
                (_("the fail rate must be between 0 and 1"), fail_rate),
                (_("the drop rate must be between 0 and 1"), drop_rate)):
            if not 0.0 <= rate <= 1.0:
                raise ValueError(message)
        if not 0 <= latency_ms <= 600_000:
            raise ValueError(_("the latency must be 0 to 600000 ms"))
        self.rng = rng
        self.latency = latency_ms / 1000.0
        self.fail_rate = fail_rate
        self.drop_rate = drop_rate
        self._lock = threading.Lock()

    def _chance(self, rate):
        if rate <= 0.0:
            return False
        with self._lock:
            return self.rng.random() < rate

    def delay(self):
        if self.latency:
            time.sleep(self.latency)

    def failure(self):
        """An injected 5xx for this request, or None."""
        if not self._chance(self.fail_rate):
            return None
        with self._lock:
            unavailable = self.rng.random() < 0.5
        if unavailable:
            return errors.ApiError(
                503, 503, "El servicio no está disponible en este momento, "
                "intenta de nuevo más tarde")
        return errors.ApiError(500, 500, "Ocurrió un error interno, intenta "
                               "de nuevo más tarde")

    def should_drop(self):
        return self._chance(self.drop_rate)


def drop(environ):
    """Close the request's connection without a response.

    Under werkzeug's server the socket is shut down and the server, seeing
    ``ConnectionAbortedError``, goes quietly; elsewhere the exception
    reaches whoever called the application.
    """
    sock = environ.get("werkzeug.socket")
    if sock is not None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
    raise ConnectionDropped("connection dropped by the sandbox (drop rate)")
