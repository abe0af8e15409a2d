"""The only code that speaks HTTP to Alegra.

Auth, base URL, user agent, timeouts, proxies and CA bundle, pacing from
the rate-limit headers, retries and pagination live here (what a failure
means is in :mod:`alegra.http.failures`, what a dry run shows in
:mod:`alegra.http.dryrun`). Commands call :meth:`Client.request`,
:meth:`Client.paginate` and :meth:`Client.count` and never import
``requests`` themselves (importing it costs start-up time, so it happens
only when a request is sent).

What is retried, and why a POST never is, is documented for users in
``doc/source/errors.rst``.
"""

import base64
import logging
import os
import random
import sys
import time
import urllib.parse

from alegra import __version__, errors, jsonio
from alegra.http.dryrun import DryRunRequest
from alegra.http import limits
from alegra.http.failures import (
    CHECK_BEFORE_RESENDING, IDEMPOTENT, READS, asked_wait, deadline_error,
    http_error, is_transient, network_error, never_sent, refused_redirect,
    snippet, too_large_for_memory, too_many_redirects,
)
from alegra.http.ratelimit import (
    DEFAULT_LIMIT, LONGEST_WAIT, TELL_AFTER, Pacer, Pause,
)
from alegra.i18n import _

LOG = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://api.alegra.com/api/v1"
PAGE_LIMIT = 30
# A walk that never meets a short page stops here (300,000 records) with
# a warning, rather than looping for ever on an endpoint that ignores start.
MAX_PAGES = 10_000
# A walk that goes this many pages past the total the server announced
# stops (records may be created while it runs, hence the margin).
PAGES_PAST_TOTAL = 2
# Only reads follow redirects: requests turns a redirected POST into a GET,
# which would "succeed" without creating anything. They follow them one
# hop at a time (see limits.redirect_problem), never to another host or
# down from https.
FOLLOWS_REDIRECTS = READS
LIST_WRAPPERS = ("data", "results", "rows", "subscriptions")
LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain"})


class Unobserved:
    """What an observer returns for a request it does not watch."""

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        return False

    @staticmethod
    def done(response, answer):
        return answer


UNOBSERVED = Unobserved()


def unobserved(client, method, path, payload):
    return UNOBSERVED


def _sleep(seconds):
    # Looked up at call time, so that a patched time.sleep takes effect.
    time.sleep(seconds)


def check_base_url(value):
    """``value`` without its trailing slash, if it is an http(s) URL with a
    host; otherwise a one-line usage error (never a silent fallback)."""
    text = str(value).strip()
    if not text:
        raise errors.UsageError(_("the base URL is empty"), _example())
    try:
        parts = urllib.parse.urlsplit(text)
    except ValueError:  # such as an unclosed [ of an IPv6 address
        raise errors.UsageError(
            _("the base URL {url!r} is not a valid URL").format(url=text),
            _example()) from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise errors.UsageError(
            _("the base URL {url!r} is not an http(s) URL with a "
              "host").format(url=text), _example())
    try:
        _port = parts.port
    except ValueError:
        raise errors.UsageError(
            _("the base URL {url!r} has an invalid port").format(
                url=text)) from None
    return text.rstrip("/")


def _example():
    return _("for example {url}").format(url=DEFAULT_BASE_URL)


def _check_text(values, what):
    for value in values:
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise errors.UsageError(
                    _("{what} holds text that is not valid UTF-8: "
                      "{value!r}").format(what=what, value=value),
                    _("check the encoding of the input")) from None


WALK_WAIT = 300.0


class WalkBudget:
    """The seconds of waiting left to one walk of pages, shared by all."""

    def __init__(self, seconds):
        self.seconds = seconds
        self.waited = 0.0

    # However short the waits (a zero backoff), one page is not tried
    # forever.
    attempts = 100

    def allows(self, wait, attempt=0):
        return (wait is not None and self.seconds > 0
                and attempt + 1 < self.attempts
                and self.waited + wait <= self.seconds)

    def spend(self, wait):
        self.waited += wait


class RetryPolicy:
    """How often and how long to retry, and how to wait in between.

    ``attempts`` counts the first try; ``max_wait`` bounds the seconds
    spent waiting between attempts of one request (pacing is not counted:
    it only spreads requests over the rate-limit window).
    """

    def __init__(self, attempts=4, base=0.5, cap=8.0, max_wait=90.0,
                 sleep=None, jitter=random.uniform, walk_wait=WALK_WAIT):
        self.attempts = attempts
        self.base = base
        self.cap = cap
        self.max_wait = max_wait
        self.sleep = sleep or _sleep
        self.jitter = jitter
        # A walk of every page (--all, export) keeps retrying the page that
        # failed, for up to this many seconds of waiting in all, so that a
        # long read survives a bad minute.
        self.walk_wait = walk_wait

    def backoff(self, attempt):
        """``base * 2**attempt`` (at most ``cap``) plus up to half again.

        The random part keeps many clients that failed together from
        coming back together.
        """
        step = min(self.cap, self.base * (2 ** min(attempt, 32)))
        extra = min(max(self.jitter(0, step / 2), 0.0), step / 2)
        return step + extra

    def allows(self, attempt, waited, wait):
        """Whether to try again after waiting ``wait`` seconds."""
        return (wait is not None and attempt + 1 < self.attempts
                and waited + wait <= self.max_wait)


class Client:
    """A session against one Alegra account (or the sandbox)."""

    # Seconds a request waits before ``note`` tells the user.
    note_after = limits.NOTE_AFTER

    def __init__(self, base_url=DEFAULT_BASE_URL, email=None, token=None, *,
                 timeout=(10.0, 60.0), ca_bundle=None, proxy=None,
                 dry_run=None, retry=None, pacer=None, warn=None,
                 observe=None, max_response=limits.DEFAULT_MAX_RESPONSE,
                 note=None, scheme="basic"):
        self.base_url = check_base_url(base_url or DEFAULT_BASE_URL)
        self.email = email
        self.token = token
        # "basic" (e-mail and token) or "bearer" (the token alone).
        self.scheme = scheme
        # (seconds to connect, seconds for whole answers): the second is
        # the deadline of one request, its attempts' connecting, headers
        # and bodies together (the pauses between retries are bounded by
        # the retry policy).
        self.timeout = timeout
        self.max_response = max_response
        # ``note(text)`` tells the user a request is slow (None: silent).
        self.note = note
        self.ca_bundle = ca_bundle
        self.proxy = proxy
        # ``dry_run`` is a callable that receives each request instead of
        # the network; None sends for real.
        self.dry_run = dry_run
        self.retry = retry or RetryPolicy()
        self.pacer = pacer or Pacer()
        if note is not None:
            # Said on its own line, unless a progress bar, listening
            # later, shows it.
            self.pacer.listeners.append(self._say_pause)
        self.warn = warn or LOG.warning
        # ``observe(client, method, path, payload)`` is entered around each
        # request sent, and its ``done(response, answer)`` sees the answer
        # (the history of writes is such an observer).
        self.observe = observe or unobserved
        self._session = None
        self._warned_plain_http = False

    # -- plumbing ---------------------------------------------------------

    @property
    def session(self):
        if self._session is None:
            import requests

            session = requests.Session()
            session.headers["User-Agent"] = user_agent()
            session.headers["Accept"] = "application/json"
            # requests reads the proxy and CA variables again for every
            # request (a scan of the whole environment each time, a tenth
            # of what a page costs); every request goes to one host, so
            # they are read once, here, with alegra's own settings first.
            session.trust_env = False
            session.verify = (self.ca_bundle
                              or os.environ.get("REQUESTS_CA_BUNDLE")
                              or os.environ.get("CURL_CA_BUNDLE") or True)
            session.proxies = (
                {"http": self.proxy, "https": self.proxy} if self.proxy
                else requests.utils.get_environ_proxies(self.base_url))
            self._session = session
        return self._session

    def url(self, path, params=None):
        url = f"{self.base_url}/{path.lstrip('/')}"
        if params:
            url += "?" + urllib.parse.urlencode(
                [(k, _param_text(v)) for k, v in params.items()
                 if v is not None]
            )
        return url

    def auth_header(self):
        if self.scheme == "bearer":
            return f"Bearer {self.token}" if self.token else None
        if not self.email or not self.token:
            return None
        raw = f"{self.email}:{self.token}".encode()
        return "Basic " + base64.b64encode(raw).decode("ascii")

    def _check_transport(self):
        parts = urllib.parse.urlsplit(self.base_url)
        if (parts.scheme != "https" and not is_loopback(parts.hostname)
                and not self._warned_plain_http):
            self._warned_plain_http = True
            self.warn(
                _("Warning: {url} is not HTTPS; your credentials will "
                  "travel unencrypted").format(url=self.base_url))

    # -- requests ---------------------------------------------------------

    def request(self, method, path, params=None, body=None, budget=None,
                upload=None):
        """Send one request and return its decoded JSON (None if empty).

        ``budget`` (a :class:`WalkBudget`) replaces the per-request limits
        on retries for the pages of a walk. ``upload`` (an
        :class:`alegra.http.upload.Upload`) is sent as multipart/form-data
        instead of a JSON body."""
        from alegra.inputs import body as body_module
        from alegra.inputs.identifiers import check_path

        method = method.upper()
        wrong = check_path(path)
        if wrong:
            raise errors.UsageError(wrong, _("check the ids given"))
        _check_text([path, *(params or {}).keys(), *(params or {}).values()],
                    _("the request"))
        if body is not None:
            body_module.check(body)
        url = self.url(path, params)
        payload = None if body is None else jsonio.dumps(body).encode()
        if self.dry_run is not None:
            self.dry_run(DryRunRequest(method, url, payload, self, upload))
            return None
        auth = self.auth_header()
        if auth is None:
            raise errors.AuthError(
                _("no credentials"),
                _("run 'alegra auth login', set ALEGRA_EMAIL and "
                  "ALEGRA_TOKEN, or try 'alegra --sandbox ...'"),
            )
        self._check_transport()
        headers = {"Authorization": auth}
        if upload is not None:
            # requests writes the multipart Content-Type, with its boundary.
            payload = upload
        elif payload is not None:
            headers["Content-Type"] = "application/json"
        # The history keeps a digest of the bytes sent (the file's).
        recorded = upload.content if upload is not None else payload
        with self.observe(self, method, path, recorded) as seen:
            try:
                response = self._send_with_retries(method, url, headers,
                                                   payload, budget)
                answer = decode(response)
            except MemoryError:
                raise too_large_for_memory(url) from None
            return seen.done(response, answer)

    def _send_with_retries(self, method, url, headers, payload, budget=None):
        import requests

        label = f"{method} {urllib.parse.urlsplit(url).path}"
        waited = 0.0
        attempt = 0
        lost = False  # an earlier attempt reached Alegra, its answer did not
        notes = None
        left = self.timeout[1]
        while True:
            self._pace(label)
            if notes is None:
                # After the pacer's pause, which says itself: the note is
                # for a server slow to answer.
                notes = limits.Notes(urllib.parse.urlsplit(url).netloc,
                                     self.note, self.note_after)
            began = time.monotonic()
            try:
                response = self._send_once(method, url, headers, payload,
                                           left, notes)
            except (requests.RequestException, limits.DeadlinePassed) as exc:
                left -= time.monotonic() - began
                if isinstance(exc, limits.DeadlinePassed) or (
                        left <= 0 and not never_sent(exc)):
                    raise deadline_error(method, url,
                                         self.timeout[1]) from None
                wait = self._network_retry_wait(method, exc, attempt)
                # A refused connection is a server that is not there: the
                # walk's long patience is for answers lost on the way.
                patient = budget is not None and not never_sent(exc)
                if left <= 0 or not self._allows(
                        attempt, waited, wait, budget if patient else None):
                    raise network_error(method, url, exc) from None
                lost = lost or not never_sent(exc)
                reason = type(exc).__name__
            else:
                left -= time.monotonic() - began
                if response.status_code < 300:
                    return response
                if response.status_code == 404 and lost:
                    return self._gone_after_lost_answer(method, label,
                                                        response)
                wait = self._http_retry_wait(method, response, attempt)
                if left <= 0 or not self._allows(attempt, waited, wait,
                                                 budget):
                    LOG.info(_("%s answered HTTP %s: %s"), label,
                             response.status_code, snippet(response))
                    raise http_error(method, response, asked_wait(response))
                reason = f"HTTP {response.status_code}"
                if response.status_code == 429 and wait > TELL_AFTER:
                    # Alegra's own word that the window is spent: said
                    # like any other wait for the rate limit.
                    self.pacer.tell(Pause(
                        wait, self.pacer.limit or DEFAULT_LIMIT))
            LOG.info(_("%s: %s; retrying in %.1f s (attempt %d)"), label,
                     reason, wait, attempt + 2)
            self.retry.sleep(wait)
            waited += wait
            if budget is not None:
                budget.spend(wait)
            attempt += 1

    def _allows(self, attempt, waited, wait, budget):
        if budget is not None:
            return budget.allows(wait, attempt)
        return self.retry.allows(attempt, waited, wait)

    def _gone_after_lost_answer(self, method, label, response):
        """A retry found nothing where an earlier attempt's answer was lost.

        For a DELETE that is the earlier attempt's success: say so and
        carry on. For anything else the record is not there, and the user
        must know an attempt may have done something first.
        """
        if method == "DELETE":
            self.warn(_("Warning: the answer to {request} was lost and "
                        "the retry found the record gone: the first "
                        "attempt deleted it").format(request=label))
            gone = response.__class__()
            gone.status_code, gone._content = 204, b""
            gone.headers, gone.url = response.headers, response.url
            return gone
        error = http_error(method, response)
        error.message = _(
            "{error}; the answer to an earlier attempt was lost, so that "
            "attempt may have changed it").format(error=error.message)
        raise error

    def _say_pause(self, pause):
        from alegra.output.progress import pause_text

        self.note(pause_text(pause))
        return True

    def _pace(self, label):
        pause = self.pacer.pause()
        if pause > 0:
            LOG.log(logging.INFO if pause >= 1 else logging.DEBUG,
                    _("%s: pacing to the rate limit, waiting %.1f s"), label,
                    pause)
            self.retry.sleep(pause)
        self.pacer.spent()

    def _send_once(self, method, url, headers, payload, left, notes):
        """One attempt, its redirects followed and its body read, within
        ``left`` seconds."""
        deadline = time.monotonic() + left
        try:
            with limits.Watch(deadline, notes) as watch:
                response = self._follow(method, url, headers, payload,
                                        left, deadline)
                self.pacer.observe(response.headers)
                return limits.read_body(response, watch, self.max_response)
        except KeyboardInterrupt:
            if method not in IDEMPOTENT:
                path = urllib.parse.urlsplit(url).path
                self.warn(_("Warning: interrupted while {method} {path} was "
                            "in flight; {advice}").format(
                                method=method, path=path,
                                advice=_(CHECK_BEFORE_RESENDING)))
            raise

    def _follow(self, method, url, headers, payload, left, deadline):
        """The answer to ``method url``, body unread; a read follows
        redirects that keep to its host and scheme (or go up to https)."""
        first = url
        for _hop in range(limits.MAX_REDIRECTS + 1):
            if left <= 0:
                raise limits.DeadlinePassed()
            sent = ({"files": payload.files()} if hasattr(payload, "files")
                    else {"data": payload})
            response = self.session.request(
                method, url, headers=headers, stream=True, **sent,
                timeout=(min(self.timeout[0], left), left),
                allow_redirects=False,
            )
            if method not in FOLLOWS_REDIRECTS or not response.is_redirect:
                return response
            target = urllib.parse.urljoin(
                response.url, response.headers["Location"])
            response.close()
            why = limits.redirect_problem(url, target)
            if why:
                raise refused_redirect(method, first, target, why)
            url = target
            left = deadline - time.monotonic()
        raise too_many_redirects(method, first, limits.MAX_REDIRECTS)

    def _network_retry_wait(self, method, exc, attempt):
        """Seconds to wait before retrying after ``exc``, or None."""
        if method in IDEMPOTENT and is_transient(exc):
            return self.retry.backoff(attempt)
        return None

    def _http_retry_wait(self, method, response, attempt):
        """Seconds to wait before retrying an error answer, or None.

        429 is retried for every method: Alegra refused the request before
        doing anything. 5xx only for methods that may safely run twice.
        """
        status = response.status_code
        if status == 429:
            # The wait below is what the server asked for; the window it
            # reported must not make the pacer wait a second time.
            self.pacer.forget()
        elif not (status >= 500 and method in IDEMPOTENT):
            return None
        asked = asked_wait(response)
        if asked is None:
            return self.retry.backoff(attempt)
        return min(asked, LONGEST_WAIT)

    def get(self, path, params=None):
        return self.request("GET", path, params=params)

    def post(self, path, body=None, params=None):
        return self.request("POST", path, params=params, body=body)

    def put(self, path, body=None, params=None):
        return self.request("PUT", path, params=params, body=body)

    def delete(self, path, params=None):
        return self.request("DELETE", path, params=params)

    # -- lists ------------------------------------------------------------

    def paginate(self, path, params=None, start=0, max_items=None):
        """Yield records page by page (30 a request), lazily.

        A short page ends the walk, and so does reaching ``max_items``. A
        page seen before, or pages running well past the total the server
        announced, end it with a partial failure: the server is not
        paging, and would keep the walk going for ever.
        """
        params = dict(params or {})
        count = 0
        guard = WalkGuard()
        # Only a walk of every page is patient; a page of a list is one
        # request like any other.
        budget = WalkBudget(self.retry.walk_wait) if max_items is None \
            else None
        for _page in range(MAX_PAGES):
            limit = PAGE_LIMIT
            if max_items is not None:
                limit = min(PAGE_LIMIT, max_items - count)
            if limit <= 0:
                return
            page = self._page(path, {**params, "start": start,
                                     "limit": limit}, budget, count, start)
            if page is None:
                return
            records = unwrap_list(page)[:limit]
            guard.check(page, records, start, count)
            yield from records
            count += len(records)
            if len(records) < limit:
                return
            start += limit
        self.warn(_("Warning: stopped after {pages} pages; narrow the "
                    "query, or continue with --start {start}").format(
                        pages=MAX_PAGES, start=start))

    def _page(self, path, params, budget, count, start):
        """One page of a walk; a transient failure that outlasts the
        budget ends the walk with where to resume it."""
        try:
            return self.request("GET", path, params=params, budget=budget)
        except (errors.ConnectionFailed, errors.RateLimitError,
                errors.APIError) as exc:
            if budget is None or not (count or budget.waited):
                raise
            if isinstance(exc, errors.APIError) and not (
                    exc.status and exc.status >= 500):
                raise
            raise errors.PartialFailure(
                _("the list stopped after {count} records (waited {waited} "
                  "s in retries): {error}").format(
                      count=count, waited=f"{budget.waited:.0f}",
                      error=exc.message),
                _("continue with --start {start}; raise ALEGRA_RETRY_WAIT "
                  "to wait longer").format(start=start)) from None

    def announced_total(self, path, params=None):
        """The number of records a listing announces, from one
        ``metadata=true`` request; None when the endpoint does not say
        (and in a dry run, which sends nothing)."""
        page = self.get(path, {**(params or {}), "metadata": "true",
                               "start": 0, "limit": 1})
        if page is None:
            return None
        total = total_of(page)
        if total == 0 and _records_in(page):
            return None  # a total contradicted by the page itself
        return total

    def count(self, path, params=None):
        """The number of records a list would return (None in a dry run).

        Reads the announced total; where an endpoint gives none, walks
        the pages and counts.
        """
        total = self.announced_total(path, params)
        if total is not None or self.dry_run is not None:
            return total
        return sum(1 for _ in self.paginate(path, dict(params or {})))


class WalkGuard:
    """What a walk has seen: each page's ids, and the announced total."""

    def __init__(self):
        self.seen = set()
        self.total = None

    def check(self, page, records, start, count):
        """A partial failure if ``records`` (the page at ``start``, after
        ``count`` records) repeat an earlier page or run past the total."""
        if self.total is None:
            self.total = total_of(page)
        if not records:
            return
        mark = page_mark(records)
        if mark in self.seen:
            raise errors.PartialFailure(
                _("the list stopped after {count} records: Alegra sent a "
                  "page seen before at start={start}, so it is not "
                  "paging").format(count=count, start=start),
                _("this list may not support paging; narrow the query"))
        self.seen.add(mark)
        margin = PAGES_PAST_TOTAL * PAGE_LIMIT
        if self.total is not None and \
                start + len(records) > self.total + margin:
            raise errors.PartialFailure(
                _("the list stopped after {count} records: Alegra announced "
                  "{total} but kept sending more (start={start})").format(
                      count=count, total=self.total, start=start),
                _("narrow the query, or count with --count"))


def page_mark(records):
    """What tells a page from another: its ids, or else its content."""
    ids = [record.get("id") if isinstance(record, dict) else None
           for record in records]
    if all(value is not None for value in ids):
        return ("ids", *map(str, ids))
    return ("content", hash(jsonio.dumps(records)))


def user_agent():
    # What the platform module would say, without its import and regexes.
    python = "{}.{}.{}".format(*sys.version_info[:3])
    system = os.uname().sysname if hasattr(os, "uname") else sys.platform
    return f"alegra-python/{__version__} (Python {python}; {system})"


def is_loopback(host):
    """Whether ``host`` is this machine (where plain HTTP is harmless)."""
    import ipaddress

    if not host:
        return False
    host = host.rstrip(".").lower()
    if host in LOOPBACK_NAMES or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _param_text(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def decode(response):
    if not response.content or not response.content.strip():
        return None
    try:
        # Bytes, not response.text: JSON is UTF-8 whatever the
        # Content-Type claims, and accented messages must survive.
        return jsonio.loads(response.content)
    except ValueError:
        kind = response.headers.get("Content-Type")
        if kind is None:
            kind = _("no content type")
        raise errors.APIError(
            _("HTTP {status}: the answer is not JSON ({kind})").format(
                status=response.status_code, kind=kind),
            status=response.status_code,
        ) from None


def unwrap_list(page):
    """The records of a list answer, bare or wrapped."""
    if isinstance(page, list):
        return page
    if isinstance(page, dict):
        for key in LIST_WRAPPERS:
            if isinstance(page.get(key), list):
                return page[key]
    raise errors.APIError(_("the list answer has an unexpected shape"))


def _records_in(page):
    try:
        return unwrap_list(page)
    except errors.APIError:
        return []


def total_of(page):
    """The total of a ``metadata=true`` answer (a number or a string)."""
    if not isinstance(page, dict):
        return None
    for holder in (page.get("metadata"), page):
        if isinstance(holder, dict) and holder.get("total") is not None:
            total = holder["total"]
            if isinstance(total, bool):
                return None
            try:
                return int(str(total).strip())
            except ValueError:
                return None
    return None
