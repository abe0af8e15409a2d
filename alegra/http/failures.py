"""What a failed request means for the user.

Alegra's error answers come in several shapes (``{"code", "message"}``,
``{"error": {...}}``, ``{"error": "..."}``, a list, an HTML page); each
becomes one line, an exit code (the classes in :mod:`alegra.errors`) and a
hint. Network failures are told apart by whether the request could have
reached the server: a POST that may have been applied is reported as an
unknown outcome, never as a plain failure.
"""

import math
import urllib.parse

from alegra import errors, jsonio
from alegra.http.ratelimit import server_wait
from alegra.i18n import N_, _

IDEMPOTENT = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})
# Requests that change nothing: a failure of one has no outcome to check.
READS = frozenset({"GET", "HEAD", "OPTIONS"})
LONGEST_MESSAGE = 300
CHECK_BEFORE_RESENDING = N_(
    "check whether it was applied (for example with 'get' or 'list') "
    "before sending it again"
)


def _one_line(text, limit=LONGEST_MESSAGE):
    text = " ".join(str(text).split())
    if len(text) > limit:
        text = text[:limit - 1].rstrip() + "…"
    return text


def _message_of(value):
    if isinstance(value, str):
        return value
    if isinstance(value, (dict, list)):
        return jsonio.dumps(value)
    return "" if value is None else str(value)


def _html_title(text):
    import re

    found = re.search(r"<title[^>]*>(.*?)</title>", text, re.I | re.S)
    return found.group(1) if found else None


def _details_of(body):
    """``(message, code)`` from a decoded error body, in any of its forms."""
    if isinstance(body, dict) and isinstance(body.get("error"), dict):
        body = body["error"]
    if isinstance(body, dict):
        message = body.get("message") or body.get("error")
        if not message and isinstance(body.get("errors"), list):
            return _details_of(body["errors"])
        return _message_of(message), body.get("code")
    if isinstance(body, list):
        parts = [_details_of(item) for item in body]
        message = "; ".join(text for text, _ in parts if text)
        codes = [code for _, code in parts if code is not None]
        return message, (codes[0] if codes else None)
    return _message_of(body), None


def error_details(response):
    """Alegra's message and code from an error answer, in any of its forms.

    The message is one line, whatever the server sent (an HTML page gives
    its title).
    """
    message, code = _error_parts(response)[:2]
    return message, code


def _error_parts(response):
    """``(message, code, whether the body was JSON)``."""
    try:
        body = jsonio.loads(response.content or b"null")
    except ValueError:
        text = response.content.decode("utf-8", "replace")
        if text.lstrip().startswith("<"):
            message = _html_title(text) or ""
        else:
            message = text
        return _one_line(message or response.reason or ""), None, False
    message, code = _details_of(body)
    return _one_line(message or response.reason or ""), code, True


def snippet(response, limit=2000):
    return _one_line(response.content.decode("utf-8", "replace"), limit)


def asked_wait(response):
    return server_wait(response.headers,
                       rate_limited=response.status_code == 429)


# The hints are translated where the error is made.
STATUS_ERRORS = {
    400: (errors.ValidationError,
          N_("Alegra rejected the request; --dry-run shows what would be "
             "sent")),
    401: (errors.AuthError,
          N_("the email or token was rejected; log in again with 'alegra "
             "auth login', or check ALEGRA_EMAIL and ALEGRA_TOKEN")),
    402: (errors.PlanError,
          N_("not in your Alegra plan, or the account is suspended")),
    403: (errors.AuthError,
          N_("your Alegra user's role does not allow this; ask an "
             "administrator of the account")),
    404: (errors.NotFoundError,
          N_("check the id; a suspended account also answers 404")),
    405: (errors.APIError,
          N_("this resource does not support that operation")),
    422: (errors.ValidationError,
          N_("Alegra rejected the request; --dry-run shows what would be "
             "sent")),
    429: (errors.RateLimitError,
          N_("Alegra allows about 150 requests a minute; prefer --count "
             "over --all, and try again shortly")),
}


# What a status means, for an answer that is not Alegra's JSON (from a
# proxy, a load balancer or a web server, whose own text is often only
# "Error response" or the status's name).
PLAIN_MEANINGS = {
    408: (N_("the server gave up waiting for the request"),
          N_("check the network and try again")),
    413: (N_("the request body is too large for the server"),
          N_("send fewer or smaller records at a time")),
    414: (N_("the request is too long for the server"),
          N_("use fewer or shorter filters and ids")),
    431: (N_("the request's headers are too large for the server"),
          N_("check the credentials and any proxy settings")),
    502: (N_("a proxy in front of Alegra got no valid answer from it"),
          None),
    503: (N_("Alegra is unavailable for now"), None),
    504: (N_("a proxy in front of Alegra gave up waiting for it"), None),
}
GENERIC_TEXTS = frozenset({"", "error response", "error"})


def _plain_text(status, message, reason):
    """``the request is too long ... (HTTP 414)``, with the server's own
    words only when they say more than the status's name."""
    meaning = _(PLAIN_MEANINGS[status][0])
    if message.lower() not in GENERIC_TEXTS | {(reason or "").lower()}:
        return _("{meaning} (HTTP {status}): {message}").format(
            meaning=meaning, status=status, message=message)
    return _("{meaning} (HTTP {status})").format(meaning=meaning,
                                                  status=status)


def _about_a_draft(message):
    """Whether Alegra refused something because a document is a draft
    (the fix is emitting it, not looking at the request)."""
    words = (message or "").lower()
    return any(word in words for word in ("borrador", "draft"))


def http_error(method, response, wait=None):
    """The :class:`~alegra.errors.AlegraError` for an error answer.

    ``wait`` is how long the server asked to wait (a 429's Retry-After or
    window reset), for the hint.
    """
    status = response.status_code
    if 300 <= status < 400:
        return _redirect_error(method, response)
    message, code, is_json = _error_parts(response)
    # Alegra's own message (Spanish already) is shown as it came.
    text = _status_text(status, message, code)
    cls, hint = STATUS_ERRORS.get(status, (errors.APIError, None))
    if not is_json and status in PLAIN_MEANINGS:
        text = _plain_text(status, message, response.reason)
        hint = PLAIN_MEANINGS[status][1] or hint
    hint = _(hint) if hint else hint
    if status in (400, 422) and _about_a_draft(message):
        hint = _("a draft cannot be paid, sent or stamped: emit it first "
                 "('alegra invoices emit <id>'), then try again")
    if status == 429 and wait:
        hint = _("Alegra allows about 150 requests a minute; try again in "
                 "{seconds} s").format(seconds=math.ceil(wait))
    if status >= 500:
        hint = _("Alegra had a problem; try again later")
        if method not in IDEMPOTENT:
            cls = errors.UnknownOutcome
            path = urllib.parse.urlsplit(response.url or "").path
            text = _("{method} {path}: {error}; the outcome is "
                     "unknown").format(method=method, path=path,
                                       error=text)
            hint = _(CHECK_BEFORE_RESENDING)
    from alegra.http.hints import stamping_hint

    stamping = stamping_hint(message, code)
    if stamping:
        hint = f"{stamping}; {hint}" if status >= 500 else stamping
    return cls(text, hint, status=status, code=code)


def _status_text(status, message, code):
    """``HTTP 404: <Alegra's message> (code 1234)``."""
    shown_code = code is not None and str(code) != str(status)
    if message and shown_code:
        return _("HTTP {status}: {message} (code {code})").format(
            status=status, message=message, code=code)
    if message:
        return f"HTTP {status}: {message}"
    if shown_code:
        return _("HTTP {status} (code {code})").format(status=status,
                                                       code=code)
    return f"HTTP {status}"


def _redirect_error(method, response):
    where = response.headers.get("Location")
    if where is None:
        where = _("another address")
    return errors.APIError(
        _("HTTP {status}: {method} was redirected to {where}; nothing was "
          "changed").format(status=response.status_code, method=method,
                            where=where),
        _("set --base-url (or the profile's base_url) to the new address"),
        status=response.status_code,
    )


def is_transient(exc):
    """Whether a failure to talk to Alegra may go away by itself."""
    import requests

    if isinstance(exc, requests.exceptions.SSLError):
        return False
    return isinstance(exc, (requests.ConnectionError, requests.Timeout,
                            requests.exceptions.ChunkedEncodingError))


def never_sent(exc):
    """Whether the request certainly did not reach Alegra."""
    import requests
    from urllib3.exceptions import ConnectTimeoutError

    if isinstance(exc, (requests.ConnectTimeout, requests.exceptions.SSLError,
                        requests.exceptions.ProxyError)):
        return True
    # requests wraps urllib3's MaxRetryError, whose reason says whether a
    # connection was ever made (NewConnectionError is a ConnectTimeoutError).
    reasons = [getattr(arg, "reason", arg) for arg in exc.args]
    return any(isinstance(reason, ConnectTimeoutError) for reason in reasons)


def network_error(method, url, exc):
    import requests

    parts = urllib.parse.urlsplit(url)
    host = parts.netloc
    failure = type(exc).__name__
    if isinstance(exc, (requests.exceptions.InvalidURL,
                        requests.exceptions.MissingSchema,
                        requests.exceptions.InvalidSchema)):
        return errors.UsageError(
            _("cannot send a request to {address}: not a valid URL").format(
                address=f"{parts.scheme}://{host}"),
            _("check --base-url (or the profile's base_url)"))
    if isinstance(exc, requests.exceptions.InvalidHeader):
        return errors.AuthError(
            _("the email or token contains characters that cannot be sent "
              "(a line break?); nothing was sent"),
            _("log in again with 'alegra auth login'"))
    if isinstance(exc, requests.exceptions.SSLError):
        return errors.ConnectionFailed(
            _("the secure connection to {host} failed ({failure}): nothing "
              "was sent").format(host=host, failure=failure),
            _("if a proxy or private CA is in the way, set ALEGRA_CA_BUNDLE "
              "(or the ca_bundle setting) to its certificate"))
    if never_sent(exc):
        return errors.ConnectionFailed(
            _("could not connect to {host} ({failure}): nothing was "
              "sent").format(host=host, failure=failure),
            _("check the network, the proxy settings and --base-url"),
        )
    if method in READS:
        return errors.ConnectionFailed(
            _("the connection to {host} failed ({failure})").format(
                host=host, failure=failure),
            _("check the network and try again"),
        )
    return errors.UnknownOutcome(
        _("{method} {path}: the connection failed after the request was "
          "sent ({failure}); the outcome is unknown").format(
              method=method, path=parts.path, failure=failure),
        _resend_hint(method),
    )


def deadline_error(method, url, seconds):
    """No whole answer within ``seconds``; for a write, an unknown
    outcome (it may have been applied)."""
    parts = urllib.parse.urlsplit(url)
    waited = f"{seconds:g} s"
    raise_it = _("raise --timeout (or ALEGRA_TIMEOUT) to wait longer")
    if method in READS:
        return errors.ConnectionFailed(
            _("no whole answer from {host} within {waited} ({method} "
              "{path})").format(host=parts.netloc, waited=waited,
                                method=method, path=parts.path),
            raise_it)
    return errors.UnknownOutcome(
        _("{method} {path}: no whole answer from {host} within {waited} "
          "after the request was sent; the outcome is unknown").format(
              method=method, path=parts.path, host=parts.netloc,
              waited=waited),
        f"{_resend_hint(method)}; {raise_it}")


def _resend_hint(method):
    """What to do about a write whose outcome is unknown."""
    if method in IDEMPOTENT:
        return _("running it again is safe")
    return _(CHECK_BEFORE_RESENDING)


def refused_redirect(method, url, target, why):
    """A redirect a read does not follow: the credentials stay put."""
    parts = urllib.parse.urlsplit(url)
    return errors.APIError(
        _("{method} {path} was redirected {why} ({target}); not followed, "
          "so the credentials were not sent there").format(
              method=method, path=parts.path, why=why,
              target=_one_line(target)),
        _("if the address really moved, set --base-url (or the profile's "
          "base_url) to the new one"))


def too_many_redirects(method, url, hops):
    parts = urllib.parse.urlsplit(url)
    return errors.APIError(
        _("{method} {path} was redirected more than {hops} times; "
          "stopped").format(method=method, path=parts.path, hops=hops),
        _("check --base-url (or the profile's base_url)"))


def too_large_for_memory(url):
    host = urllib.parse.urlsplit(url).netloc
    return errors.APIError(
        _("the answer from {host} is too large to hold in memory").format(
            host=host),
        _("lower ALEGRA_MAX_RESPONSE, or ask for fewer records at a time"))
