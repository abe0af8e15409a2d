"""The only code that speaks HTTP to Alegra.

Auth, base URL, user agent, timeouts, proxies and CA bundle, pacing from
the rate-limit headers, retries, pagination, error mapping and dry runs all
live here; commands call :meth:`Client.request`, :meth:`Client.paginate` and
:meth:`Client.count` and never import ``requests`` themselves.
"""

import base64
import logging
import random
import time
import urllib.parse

from alegra import __version__, errors, jsonio
from alegra.ratelimit import Pacer, retry_after_seconds

LOG = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://api.alegra.com/api/v1"
PAGE_LIMIT = 30
IDEMPOTENT = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})
LIST_WRAPPERS = ("data", "results", "rows", "subscriptions")
LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})


class RetryPolicy:
    """How often and how long to retry, and how to wait in between."""

    def __init__(self, attempts=4, base=0.5, cap=8.0, max_wait=90.0,
                 sleep=time.sleep, jitter=random.uniform):
        self.attempts = attempts
        self.base = base
        self.cap = cap
        self.max_wait = max_wait
        self.sleep = sleep
        self.jitter = jitter

    def backoff(self, attempt):
        """Exponential backoff with full jitter on top of the base step."""
        step = min(self.cap, self.base * (2 ** attempt))
        return step + self.jitter(0, step / 2)


class Client:
    """A session against one Alegra account (or the sandbox)."""

    def __init__(self, base_url=DEFAULT_BASE_URL, email=None, token=None, *,
                 timeout=(10.0, 60.0), ca_bundle=None, proxy=None,
                 dry_run=None, retry=None, pacer=None, warn=None):
        self.base_url = (base_url or DEFAULT_BASE_URL).rstrip("/")
        self.email = email
        self.token = token
        self.timeout = timeout
        self.ca_bundle = ca_bundle
        self.proxy = proxy
        # ``dry_run`` is a callable that receives each request instead of
        # the network; None sends for real.
        self.dry_run = dry_run
        self.retry = retry or RetryPolicy()
        self.pacer = pacer or Pacer()
        self.warn = warn or LOG.warning
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
            if self.ca_bundle:
                session.verify = self.ca_bundle
            if self.proxy:
                session.proxies = {"http": self.proxy, "https": self.proxy}
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
        if not self.email or not self.token:
            return None
        raw = f"{self.email}:{self.token}".encode()
        return "Basic " + base64.b64encode(raw).decode("ascii")

    def _check_transport(self):
        parts = urllib.parse.urlsplit(self.base_url)
        if (parts.scheme != "https" and parts.hostname not in LOOPBACK_HOSTS
                and not self._warned_plain_http):
            self._warned_plain_http = True
            self.warn(
                f"Warning: {self.base_url} is not HTTPS; your credentials "
                "will travel unencrypted"
            )

    # -- requests ---------------------------------------------------------

    def request(self, method, path, params=None, body=None):
        """Send one request and return its decoded JSON (None if empty)."""
        method = method.upper()
        url = self.url(path, params)
        payload = None if body is None else jsonio.dumps(body).encode()
        if self.dry_run is not None:
            self.dry_run(DryRunRequest(method, url, payload, self))
            return None
        auth = self.auth_header()
        if auth is None:
            raise errors.AuthError(
                "no credentials",
                "run 'alegra auth login', set ALEGRA_EMAIL and ALEGRA_TOKEN, "
                "or try 'alegra --sandbox ...'",
            )
        self._check_transport()
        headers = {"Authorization": auth}
        if payload is not None:
            headers["Content-Type"] = "application/json"
        response = self._send_with_retries(method, url, headers, payload)
        return decode(response)

    def _send_with_retries(self, method, url, headers, payload):
        import requests

        policy = self.retry
        waited = 0.0
        attempt = 0
        label = f"{method} {urllib.parse.urlsplit(url).path}"
        while True:
            pause = self.pacer.delay()
            if pause > 0:
                LOG.debug("pacing %s: waiting %.1f s", label, pause)
                policy.sleep(pause)
            self.pacer.spent()
            try:
                response = self.session.request(
                    method, url, headers=headers, data=payload,
                    timeout=self.timeout,
                )
            except requests.RequestException as exc:
                wait = policy.backoff(attempt)
                if (method not in IDEMPOTENT
                        or attempt + 1 >= policy.attempts
                        or waited + wait > policy.max_wait):
                    raise network_error(method, url, exc) from None
                LOG.info("%s failed (%s); retrying in %.1f s", label,
                         type(exc).__name__, wait)
            else:
                self.pacer.observe(response.headers)
                status = response.status_code
                if status < 400:
                    return response
                retriable = status == 429 or (
                    status >= 500 and method in IDEMPOTENT
                )
                wait = self._wait_for(response, attempt)
                if (not retriable or attempt + 1 >= policy.attempts
                        or waited + wait > policy.max_wait):
                    raise http_error(method, response, wait)
                LOG.info("%s answered %s; retrying in %.1f s", label,
                         status, wait)
            policy.sleep(wait)
            waited += wait
            attempt += 1

    def _wait_for(self, response, attempt):
        headers = response.headers
        wait = retry_after_seconds(headers)
        if wait is None and response.status_code == 429:
            wait = self.pacer.reset_seconds(headers)
        if wait is None or wait <= 0:
            wait = self.retry.backoff(attempt)
        return wait

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

        A short page ends the walk, and so does reaching ``max_items``.
        """
        params = dict(params or {})
        count = 0
        while max_items is None or count < max_items:
            limit = PAGE_LIMIT
            if max_items is not None:
                limit = min(PAGE_LIMIT, max_items - count)
            page = self.get(path, {**params, "start": start, "limit": limit})
            if page is None:
                return
            records = unwrap_list(page)
            yield from records
            count += len(records)
            if len(records) < limit:
                return
            start += limit

    def count(self, path, params=None):
        """The number of records a list would return (None in a dry run)."""
        params = dict(params or {})
        page = self.get(path, {**params, "metadata": "true", "limit": 1})
        if page is None:
            return None
        total = total_of(page)
        if total is not None:
            return total
        return sum(1 for _ in self.paginate(path, params))


class DryRunRequest:
    """What a dry run shows instead of sending."""

    def __init__(self, method, url, payload, client):
        self.method = method
        self.url = url
        self.payload = payload
        self.client = client

    @property
    def body(self):
        return None if self.payload is None else jsonio.loads(self.payload)

    def headers(self, show_token=False):
        auth = self.client.auth_header()
        if not show_token or auth is None:
            auth = "Basic <redacted>"
        headers = {"Accept": "application/json", "Authorization": auth}
        if self.payload is not None:
            headers["Content-Type"] = "application/json"
        return headers

    def curl(self, show_token=False):
        import shlex

        words = ["curl", "-X", self.method, self.url]
        for name, value in self.headers(show_token).items():
            words += ["-H", f"{name}: {value}"]
        if self.payload is not None:
            words += ["--data-binary", self.payload.decode()]
        return " ".join(shlex.quote(word) for word in words)


def user_agent():
    import platform

    return (f"alegra-cli/{__version__} (Python {platform.python_version()}; "
            f"{platform.system()})")


def _param_text(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def decode(response):
    if not response.content or not response.content.strip():
        return None
    try:
        return jsonio.loads(response.content.decode(
            response.encoding or "utf-8", errors="replace"))
    except ValueError:
        raise errors.APIError(
            f"HTTP {response.status_code}: the answer is not JSON "
            f"({response.headers.get('Content-Type', 'no content type')})",
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
    raise errors.APIError("the list answer has an unexpected shape")


def total_of(page):
    if not isinstance(page, dict):
        return None
    for holder in (page.get("metadata"), page):
        if isinstance(holder, dict) and holder.get("total") is not None:
            try:
                return int(str(holder["total"]))
            except ValueError:
                return None
    return None


def error_details(response):
    """Alegra's message and code from an error answer, in any of its forms."""
    try:
        body = jsonio.loads(response.content or b"null")
    except ValueError:
        text = (response.text or "").strip().splitlines()
        return (text[0][:200] if text else response.reason or ""), None
    if isinstance(body, dict) and isinstance(body.get("error"), dict):
        body = body["error"]
    if isinstance(body, dict):
        message = body.get("message") or body.get("error") or ""
        return str(message), body.get("code")
    if isinstance(body, list) and body and isinstance(body[0], dict):
        return str(body[0].get("message", "")), body[0].get("code")
    return response.reason or "", None


STATUS_ERRORS = {
    400: (errors.ValidationError,
          "Alegra rejected the body; run with --dry-run to inspect it"),
    401: (errors.AuthError,
          "the email or token was rejected; run 'alegra auth login' again"),
    402: (errors.PlanError,
          "your Alegra plan does not include this feature (or the account is "
          "suspended)"),
    403: (errors.AuthError, "your Alegra user's role does not allow this"),
    404: (errors.NotFoundError,
          "check the id (or whether the account is suspended)"),
    405: (errors.APIError, "this resource does not support that operation"),
    429: (errors.RateLimitError,
          "Alegra allows about 150 requests a minute; prefer --count over "
          "--all, and try again shortly"),
}


def http_error(method, response, wait=None):
    status = response.status_code
    message, code = error_details(response)
    text = f"HTTP {status}"
    if message:
        text += f": {message}"
    if code is not None and str(code) != str(status):
        text += f" (code {code})"
    cls, hint = STATUS_ERRORS.get(status, (errors.APIError, None))
    if status == 429 and wait:
        hint = f"rate limited; try again in {wait:.0f} s"
    if status >= 500:
        hint = "Alegra had a problem; try again later"
        if method not in IDEMPOTENT:
            cls = errors.UnknownOutcome
            hint = ("the request may have been applied: check (for example "
                    "with 'list' or 'get') before sending it again")
    return cls(text, hint, status=status, code=code)


def network_error(method, url, exc):
    import requests

    host = urllib.parse.urlsplit(url).netloc
    never_sent = isinstance(exc, requests.ConnectTimeout) or (
        isinstance(exc, requests.ConnectionError)
        and "NewConnectionError" in repr(exc)
    )
    if never_sent:
        return errors.ConnectionFailed(
            f"could not connect to {host}: nothing was sent",
            "check the network, the proxy settings and --base-url",
        )
    if method in IDEMPOTENT:
        return errors.ConnectionFailed(
            f"the connection to {host} failed ({type(exc).__name__})",
            "check the network and try again",
        )
    return errors.UnknownOutcome(
        f"{method} {urllib.parse.urlsplit(url).path}: the connection failed "
        f"after the request was sent ({type(exc).__name__}); the outcome is "
        "unknown",
        "check whether it was applied (for example with 'list' or 'get') "
        "before sending it again",
    )
