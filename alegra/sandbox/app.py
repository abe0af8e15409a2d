"""The sandbox as a WSGI application.

Each request goes through, in order: injected latency, the rate limit (its
headers are on every answer), an injected 5xx, Basic authentication,
routing (404 and 405 with Alegra bodies), plan gating (402, code 907), and
the resource's handler inside one transaction. Webhook events of what the
transaction changed are queued once it has committed. An injected drop
closes the connection after the request has been processed.
"""

import dataclasses
import datetime
import hmac
import logging
import random

from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Request, Response

from alegra import jsonio
from alegra.i18n import _
from alegra.sandbox import (
    DEFAULT_EMAIL, DEFAULT_TOKEN, countries, errors, faults, ids, limits,
    resources as resource_registry, routing, seeding, store as store_module)
from alegra.sandbox.context import Context
from alegra.sandbox.resources.base import Raw
from alegra.sandbox.webhooks import Deliverer

LOG = logging.getLogger(__name__)

MAX_BODY_BYTES = 10 * 1024 * 1024


@dataclasses.dataclass(frozen=True)
class Settings:
    email: str
    token: str
    gated: frozenset


class SandboxRequest(Request):
    max_content_length = MAX_BODY_BYTES


def read_body(request):
    """The JSON body (numbers kept exact), or the form of a multipart
    upload. Whatever the Content-Type says, as curl -d sends form type."""
    if request.mimetype == "multipart/form-data":
        return request.form.to_dict()
    data = request.get_data(cache=True)
    if not data.strip():
        return None
    try:
        return jsonio.loads(data.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise errors.invalid(
            errors.MALFORMED_BODY,
            "El cuerpo de la petición no es un JSON válido") from None


class SandboxApp:
    def __init__(self, store, country, settings, limiter, injected, rng):
        self.store = store
        self.country = country
        self.settings = settings
        self.limiter = limiter
        self.faults = injected
        self.rng = rng
        self.resources = store.resources
        self.router = routing.Router(self.resources)
        self.webhooks = Deliverer(store, self.resources)

    def __call__(self, environ, start_response):
        self.faults.delay()
        drop = self.faults.should_drop()
        request = SandboxRequest(environ)
        try:
            response = self.respond(request)
        finally:
            request.close()
        if drop:
            faults.drop(environ)
        return response(environ, start_response)

    def respond(self, request):
        allowed, headers = self.limiter.hit()
        extra = {}
        try:
            if not allowed:
                raise errors.rate_limited()
            failure = self.faults.failure()
            if failure is not None:
                raise failure
            self.authenticate(request)
            endpoint, arguments = self.router.match(request.method,
                                                    request.path)
            if routing.group_of(request.path) in self.settings.gated:
                raise errors.plan_limit()
            status, payload = self.dispatch(request, endpoint, arguments)
        except errors.ApiError as error:
            status, payload = error.status, error.body()
            if status == 401:
                extra["WWW-Authenticate"] = 'Basic realm="Alegra"'
            elif status == 405:
                extra["Allow"] = ", ".join(error.extra["allowedMethods"])
        except HTTPException as error:
            status = error.code or 400
            payload = {"code": status, "message": error.description}
        except OverflowError:
            # A number in the body beyond SQLite's integers, wherever it is.
            error = errors.invalid(
                errors.INVALID_VALUE,
                "Un valor numérico del cuerpo es demasiado grande")
            status, payload = error.status, error.body()
        except Exception as error:
            LOG.exception("sandbox error on %s %s", request.method,
                          request.path)
            status, payload = 500, {
                "code": 500,
                "message": f"Error interno del sandbox: {error}"}
        text = payload.text if isinstance(payload, Raw) else jsonio.dumps(
            payload)
        response = Response(text, status=status, mimetype="application/json")
        response.headers.update({**headers, **extra})
        return response

    def authenticate(self, request):
        auth = request.authorization
        if auth is None or auth.type != "basic":
            raise errors.unauthorized()
        email = (auth.username or "").strip().lower().encode()
        token = (auth.password or "").encode()
        expected_email = self.settings.email.strip().lower().encode()
        if not (hmac.compare_digest(email, expected_email)
                and hmac.compare_digest(token, self.settings.token.encode())):
            raise errors.unauthorized()

    def dispatch(self, request, endpoint, arguments):
        name, handler = endpoint.split(":")
        resource = self.resources[name]
        write = request.method not in ("GET", "HEAD")
        if write:
            resource.before_write(handler, lambda: read_body(request))
        with self.store.session(write=write) as session:
            token = ids.activate(session)
            try:
                arguments = resolve_ids(resource, session, arguments)
                ctx = Context(session, self.country, self.resources,
                              rng=self.rng, args=request.args,
                              body=lambda: read_body(request),
                              request=request, settings=self.settings)
                status, payload = getattr(resource, handler)(ctx,
                                                             **arguments)
                payload = self.with_ids(payload, session)
            finally:
                ids.deactivate(token)
            owed = self.webhooks.pending(session) if write else ()
        self.webhooks.send(owed)
        return status, payload

    def with_ids(self, payload, session):
        """The answer with its ids in the sandbox's format."""
        policy = self.store.id_policy
        if policy is None:
            return payload
        text = payload.text if isinstance(payload, Raw) else jsonio.dumps(
            payload)
        return Raw(policy.encode(text, session))


def resolve_ids(resource, session, arguments):
    """Path arguments with their UUIDs turned into store keys."""
    resolved = dict(arguments)
    for name, value in arguments.items():
        if isinstance(value, routing.ExternalId):
            key = session.key_of_uuid(value)
            if key is None:
                raise errors.not_found(resource.label, value)
            resolved[name] = key
    return resolved


class SandboxStore(store_module.Store):
    """The store, indexing each object the way its resource says."""

    def __init__(self, path, resources):
        super().__init__(path, index=self._index)
        self.resources = resources

    def _index(self, resource, doc):
        handler = self.resources.get(resource)
        if handler is None:
            return store_module.default_index(doc)
        return handler.index(doc)


def open_store(db_path, country="co"):
    """The store at ``db_path``, created and seeded for ``country`` when
    new; ``(store, country of the database)``."""
    code = countries.normalize(country or "co")
    resources = resource_registry.build()
    store = SandboxStore(db_path, resources)
    store.open(lambda session: seeding.initialize(
        session, countries.get(code), resources))
    with store.session() as session:
        code = session.meta("country")
    return store, countries.get(code)


def make_app(db_path, *, country="co", email=DEFAULT_EMAIL,
             token=DEFAULT_TOKEN, rate_limit=150, gated=(), latency_ms=0,
             fail_rate=0.0, drop_rate=0.0, seed=None,
             rate_window=limits.WINDOW_SECONDS, id_format=None):
    """The sandbox over the database at ``db_path``.

    A new database is created and seeded for ``country``; an existing one
    keeps its own. ``rate_limit`` is requests a window of ``rate_window``
    seconds, a minute as Alegra's unless a test shortens it (None: no limit);
    ``gated`` names endpoint groups answered with 402; ``seed`` makes the
    injected faults and the fiscal codes reproducible; ``id_format`` is
    one of :data:`alegra.sandbox.ids.FORMATS` (None: the default).
    """
    policy = ids.Policy(id_format, None)
    store, country_ = open_store(db_path, country)
    policy.today = lambda: datetime.date.fromisoformat(
        Context(None, country_, {}).today())
    store.id_policy = policy
    gated = frozenset(group.strip().lower() for group in gated
                      if group.strip())
    groups = routing.groups(store.resources)
    unknown = gated - groups
    if unknown:
        raise ValueError(
            _("unknown endpoint group(s) to gate: {unknown}; the groups "
              "are {groups}").format(unknown=", ".join(sorted(unknown)),
                                     groups=", ".join(sorted(groups))))
    rng = random.Random(seed)
    return SandboxApp(
        store, country_, Settings(email=email, token=token, gated=gated),
        limits.RateLimiter(rate_limit, rate_window),
        faults.Faults(rng, latency_ms, fail_rate, drop_rate), rng)
