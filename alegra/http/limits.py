"""Bounds on what one answer may cost: its size, its time, its redirects.

A server (or whatever sits between it and alegra) decides how large an
answer is once decompressed, how slowly it arrives and where it sends the
request next. None of that may cost unbounded memory or time, or carry the
credentials somewhere else, so :class:`~alegra.http.client.Client` reads
every answer through :func:`read_body`, under a :class:`Watch`, and checks
each redirect with :func:`redirect_problem`.
"""

import threading
import time
import urllib.parse

from alegra import errors
from alegra.i18n import _

MIB = 1024 * 1024
# Well above any real page (30 records) or document; only a runaway or a
# hostile answer comes near it.
DEFAULT_MAX_RESPONSE = 64 * MIB
SIZE_SUFFIXES = {"": 1, "B": 1, "K": 1024, "KB": 1024, "KIB": 1024,
                 "M": MIB, "MB": MIB, "MIB": MIB,
                 "G": 1024 * MIB, "GB": 1024 * MIB, "GIB": 1024 * MIB}
CHUNK = 64 * 1024
# After this long waiting for an answer, the user is told (once).
NOTE_AFTER = 2.0
NOTE_MARGIN = 1.0
MAX_REDIRECTS = 5


def parse_size(text):
    """Bytes in ``text`` (``1048576``, ``512K``, ``10M``, ``1G``), or
    None when it is not a positive size."""
    value = str(text).strip().upper().replace(" ", "")
    number = value.rstrip("KMGIB")
    suffix = value[len(number):]
    if suffix not in SIZE_SUFFIXES or not number.isdigit():
        return None
    size = int(number) * SIZE_SUFFIXES[suffix]
    return size if size > 0 else None


def size_text(size):
    """``64 MiB``, ``512 KiB`` or ``300 bytes``."""
    for unit, name in ((MIB, "MiB"), (1024, "KiB")):
        if size >= unit and size % unit == 0:
            return f"{size // unit} {name}"
    return f"{size} bytes"


class DeadlinePassed(Exception):
    """The answer did not arrive in whole before the deadline."""


class Notes:
    """The "still waiting" note of one request: said at most once, by
    ``say``, when the request has waited ``after`` seconds."""

    def __init__(self, host, say=None, after=NOTE_AFTER):
        self.host = host
        self.say = say
        self.started = time.monotonic()
        self.due = self.started + after if say is not None else None

    def waiting(self):
        if self.due is not None:
            self.due = None
            seconds = time.monotonic() - self.started
            self.say(_("Waiting for {host} ({seconds} s so far)...").format(
                host=self.host, seconds=f"{seconds:.0f}"))


class Watch:
    """A watchdog for one attempt: the note of ``notes`` when it is due,
    and at ``deadline`` (a :func:`time.monotonic` time) the connection
    shut, which wakes a read that a drip-fed body would otherwise keep
    alive for ever."""

    def __init__(self, deadline, notes):
        self.deadline = deadline
        self.notes = notes
        self.expired = False
        self._socket = None
        self._done = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc_info):
        self._done.set()
        return False

    def watch(self, response):
        """Shut ``response``'s connection if the deadline passes."""
        connection = getattr(response.raw, "connection", None)
        with self._lock:
            self._socket = getattr(connection, "sock", None)
            if self.expired:
                self._shut()

    def _run(self):
        due = self.notes.due
        # A note just before the deadline's own error says nothing more.
        if due is not None and due + NOTE_MARGIN <= self.deadline:
            if self._done.wait(max(0.0, due - time.monotonic())):
                return
            self.notes.waiting()
        if self._done.wait(max(0.0, self.deadline - time.monotonic())):
            return
        with self._lock:
            self.expired = True
            self._shut()

    def _shut(self):
        if self._socket is not None:
            import socket

            try:
                self._socket.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def read_body(response, watch, cap):
    """Read ``response``'s body (decompressed) into ``response.content``,
    at most ``cap`` bytes, before ``watch``'s deadline."""
    watch.watch(response)
    chunks = []
    size = 0
    try:
        for chunk in response.iter_content(CHUNK):
            size += len(chunk)
            if size > cap:
                raise too_large(response, cap)
            chunks.append(chunk)
            if watch.expired:
                raise DeadlinePassed()
    except errors.AlegraError:
        response.close()
        raise
    except Exception:
        response.close()
        if watch.expired:  # the watch shut the connection mid-read
            raise DeadlinePassed() from None
        raise
    if watch.expired:
        raise DeadlinePassed()
    response._content = b"".join(chunks)
    response._content_consumed = True
    return response


def too_large(response, cap):
    host = (urllib.parse.urlsplit(response.url or "").netloc
            or _("the server"))
    if response.status_code < 300 and response.request is not None \
            and response.request.method == "POST":
        text = _("the answer from {host} is larger than {size}; stopped "
                 "reading it (HTTP {status}: the request was accepted)")
    else:
        text = _("the answer from {host} is larger than {size}; stopped "
                 "reading it")
    return errors.APIError(
        text.format(host=host, size=size_text(cap),
                    status=response.status_code),
        _("if such an answer is expected, raise ALEGRA_MAX_RESPONSE (for "
          "example 256M)"), status=response.status_code)


def redirect_problem(source, target):
    """Why a read must not follow a redirect from ``source`` to
    ``target``, or None: only the same host, by the same scheme or from
    http up to https, keeps the credentials where they were sent."""
    old = urllib.parse.urlsplit(source)
    new = urllib.parse.urlsplit(target)
    if new.scheme not in ("http", "https"):
        return _("not an http(s) address")
    if old.scheme == "https" and new.scheme == "http":
        return _("from https down to plain http")
    try:
        old_port = old.port or _DEFAULT_PORTS[old.scheme]
        new_port = new.port or _DEFAULT_PORTS[new.scheme]
    except ValueError:
        return _("not a valid address")
    if (old.hostname or "").lower() != (new.hostname or "").lower():
        return _("to another host")
    upgrade = (old.scheme, new.scheme) == ("http", "https")
    if old_port != new_port and not (
            upgrade and (old_port, new_port) == (80, 443)):
        return _("to another port")
    return None


_DEFAULT_PORTS = {"http": 80, "https": 443}
