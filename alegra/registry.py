"""Finding plugins: entry points, the distributions behind them, filters.

Listing entry points goes through stevedore's cache and imports nothing.
Knowing which distribution declared an entry point needs a scan of the
installed distributions (tens of milliseconds), so it is done only where it
is needed: ``ALEGRA_PLUGINS`` filtering, ``alegra plugin list``, and error
messages about broken or conflicting plugins.
"""

import functools
import os
import re

from alegra import namespaces

PLUGINS_ENV = "ALEGRA_PLUGINS"


def canonical(name):
    """A distribution name as pip compares them (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def is_builtin(entry_point):
    module = entry_point.value.split(":")[0]
    return module == "alegra" or module.startswith("alegra.")


def cached_entry_points(namespace):
    import stevedore

    manager = stevedore.NamedExtensionManager(namespace, names=[])
    return list(manager.list_entry_points())


@functools.cache
def scan():
    """Every installed distribution's entry points in alegra's namespaces.

    Returns ``[(distribution, version, entry_point), ...]``.
    """
    from importlib import metadata

    found = []
    seen = set()
    for dist in metadata.distributions():
        name = dist.metadata["Name"] or "?"
        if canonical(name) in seen:
            continue  # the same distribution twice on sys.path
        seen.add(canonical(name))
        for entry_point in dist.entry_points:
            if entry_point.group in namespaces.ALL:
                found.append((name, dist.version, entry_point))
    return found


def distribution_of(entry_point):
    """``(name, version)`` of the distribution that declares an entry point."""
    key = (entry_point.group, entry_point.name, entry_point.value)
    for name, version, candidate in scan():
        if (candidate.group, candidate.name, candidate.value) == key:
            return name, version
    if is_builtin(entry_point):
        from alegra import __version__

        return namespaces.BUILTIN_DISTRIBUTION, __version__
    return "unknown distribution", ""


def describe(entry_point):
    """``name = module:attr (distribution version)`` for messages."""
    dist, version = distribution_of(entry_point)
    where = f"{dist} {version}".strip()
    return f"{entry_point.name} = {entry_point.value} ({where})"


def allowed_distributions(environ=None):
    """The third-party distributions ``ALEGRA_PLUGINS`` lets load.

    None means every one; an empty set means none (``ALEGRA_PLUGINS=none``).
    """
    environ = os.environ if environ is None else environ
    value = environ.get(PLUGINS_ENV)
    if value is None or value.strip() in ("", "all"):
        return None
    names = {canonical(part) for part in value.split(",") if part.strip()}
    names.discard("none")
    return names


def is_allowed(entry_point, allowed):
    if allowed is None or is_builtin(entry_point):
        return True
    dist, _ = distribution_of(entry_point)
    return canonical(dist) in allowed


def entry_points(namespace, environ=None):
    """The entry points of ``namespace`` that may load, in install order."""
    allowed = allowed_distributions(environ)
    return [ep for ep in cached_entry_points(namespace)
            if is_allowed(ep, allowed)]
