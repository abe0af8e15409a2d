"""URL rules under ``/api/v1``, built from the resources' declarations.

A small router rather than werkzeug's: werkzeug compiles a URL builder
for every rule, which for the ~250 rules here costs nearly half a second
at start-up, and every ``alegra --sandbox`` command would pay it. Rules
are paths whose segments are literals or ``<int:name>`` (an id: digits,
or a UUID, left as :class:`ExternalId` for the application to resolve),
``<code:name>`` (a currency code) or a final ``<path:name>`` (the rest).
"""

import collections

from alegra.sandbox import errors, ids

PREFIX = "/api/v1"


def _matcher(segment):
    if not (segment.startswith("<") and segment.endswith(">")):
        return None, segment
    kind, _, name = segment[1:-1].partition(":")
    if kind not in ("int", "code", "path"):
        raise ValueError(f"unknown converter in {segment!r}")
    return name, kind


class ExternalId(str):
    """A UUID in a path, resolved to a store key by the application."""


def _convert(kind, text):
    if kind == "int" and ids.is_uuid(text):
        return ExternalId(text.lower())
    if kind == "int":
        # A key beyond SQLite's names nothing (404, as in Alegra),
        # instead of overflowing the query (500).
        if not (text.isascii() and text.isdigit()) or \
                int(text) > ids.MAX_KEY:
            return None
        return int(text)
    if kind == "code":
        return text.upper() if len(text) == 3 and text.isalpha() else None
    return text


class Router:
    def __init__(self, resources):
        # first path segment -> [(segments, methods, endpoint)]
        self._rules = collections.defaultdict(list)
        for resource in resources.values():
            for path, methods, handler in resource.rules():
                if isinstance(methods, str):
                    methods = (methods,)
                segments = [_matcher(part) for part in
                            path.strip("/").split("/")]
                self._rules[segments[0][1]].append(
                    (segments, frozenset(methods),
                     f"{resource.name}:{handler}"))

    def match(self, method, path):
        """``(endpoint, arguments)``; raise 404 or 405 Alegra errors."""
        if not path.startswith(PREFIX + "/"):
            raise errors.path_not_found()
        parts = path[len(PREFIX):].strip("/").split("/")
        allowed = set()
        for segments, methods, endpoint in self._rules.get(parts[0], ()):
            arguments = self._match(segments, parts)
            if arguments is None:
                continue
            if method in methods or (method == "HEAD" and "GET" in methods):
                return endpoint, arguments
            allowed |= methods
        if allowed:
            if "GET" in allowed:
                allowed.add("HEAD")
            raise errors.method_not_allowed(allowed)
        raise errors.path_not_found()

    @staticmethod
    def _match(segments, parts):
        arguments = {}
        for position, (name, expected) in enumerate(segments):
            if name is not None and expected == "path":
                rest = "/".join(parts[position:])
                if not rest:
                    return None
                arguments[name] = rest
                return arguments
            if position >= len(parts):
                return None
            if name is None:
                if parts[position] != expected:
                    return None
                continue
            value = _convert(expected, parts[position])
            if value is None:
                return None
            arguments[name] = value
        return arguments if len(segments) == len(parts) else None


def groups(resources):
    """Endpoint groups for plan gating: the first segment of each path
    (``invoices``, ``reports``, ``webhooks``, ...)."""
    return {resource.url.strip("/").split("/")[0]
            for resource in resources.values()}


def group_of(path):
    rest = path[len(PREFIX):] if path.startswith(PREFIX) else path
    return rest.strip("/").split("/")[0]
