"""What a resource sees of one request: the transaction, the company, time."""

import datetime
import random

from alegra.sandbox import errors

try:
    import zoneinfo
except ImportError:  # pragma: no cover - Python < 3.9
    zoneinfo = None


class Context:
    """One unit of work against the store.

    Built by the application for each request, and by the seeder, which
    has no request. References looked up while building a document (items,
    taxes, contacts) are cached for the life of the context.
    """

    def __init__(self, session, country, resources, *, rng=None,
                 args=None, body=None, request=None, settings=None):
        self.session = session
        self.country = country
        self.resources = resources
        self.rng = rng or random.Random()
        self.args = args if args is not None else {}
        self.request = request
        self.settings = settings
        self._body = body
        self._company = None
        self._cache = {}

    def body(self):
        """The request body as an object (parsed once)."""
        if callable(self._body):
            self._body = self._body()
        if self._body is None:
            return {}
        if not isinstance(self._body, dict):
            raise errors.invalid(
                errors.MALFORMED_BODY,
                "El cuerpo de la petición debe ser un objeto JSON")
        return self._body

    def raw_body(self):
        if callable(self._body):
            self._body = self._body()
        return self._body

    def resource(self, name):
        return self.resources[name]

    def company(self):
        if self._company is None:
            self._company = self.session.get("company", 1) or {}
        return self._company

    @property
    def precision(self):
        return int(self.company().get("decimalPrecision") or 2)

    def now(self):
        timezone = None
        if zoneinfo is not None:
            try:
                timezone = zoneinfo.ZoneInfo(self.country.timezone)
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone = None
        return datetime.datetime.now(timezone).replace(tzinfo=None)

    def today(self):
        return self.now().date().isoformat()

    def lookup(self, resource, key):
        """A referenced object, cached; None when it does not exist."""
        cache_key = (resource, key)
        if cache_key not in self._cache:
            self._cache[cache_key] = self.session.get(resource, key)
        return self._cache[cache_key]

    def preload(self, resource, docs):
        for doc in docs:
            self._cache[(resource, doc["id"])] = doc
