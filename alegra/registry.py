"""Finding plugins: entry points, the distributions behind them, filters.

Listing entry points goes through stevedore's cache and imports nothing.
Knowing which distribution declared an entry point needs a scan of the
installed distributions (about ten milliseconds), so it is done only where
it is needed: ``ALEGRA_PLUGINS`` filtering, ``alegra plugin list``, and error
messages about broken or conflicting plugins.
"""

import functools
import os
import re

from alegra import namespaces
from alegra.i18n import N_

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

    Returns ``[(distribution, version, entry_point), ...]``. Only the
    distributions that declare some are asked for their name: parsing every
    distribution's metadata would cost ten times more than reading the
    entry points.
    """
    from importlib import metadata

    found = []
    seen = set()
    for dist in metadata.distributions():
        entry_points = [ep for ep in dist.entry_points
                        if ep.group in namespaces.ALL]
        if not entry_points:
            continue
        name = dist.metadata["Name"] or "?"
        if canonical(name) in seen:
            continue  # the same distribution twice on sys.path
        seen.add(canonical(name))
        found.extend((name, dist.version, ep) for ep in entry_points)
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


def error_text(exc):
    """``Type: message`` on one line, for one-line plugin errors."""
    lines = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {lines[0]}" if lines else type(exc).__name__


# The kinds of plugin the errors below name (said in the user's language).
KINDS = (N_("command"), N_("plugin command"), N_("alias"),
         N_("output formatter"), N_("validator"))


def conflict(kind, name, entry_points):
    """The error for a name that several plugins claim."""
    from alegra.errors import PluginError
    from alegra.i18n import _

    claimants = _(" and ").join(describe(ep) for ep in entry_points)
    return PluginError(
        _("{kind} '{name}' is claimed by {claimants}").format(
            kind=_(kind), name=name, claimants=claimants),
        _("uninstall one, or limit plugins with {variable}").format(
            variable=PLUGINS_ENV))


def load_failure(kind, name, entry_point, exc):
    """The error for a plugin that cannot be imported or built."""
    from alegra.errors import PluginError
    from alegra.i18n import _

    return PluginError(_("{kind} '{name}' failed to load: {where}: "
                         "{reason}").format(
                             kind=_(kind), name=name,
                             where=describe(entry_point),
                             reason=error_text(exc)))


def allowed_distributions(environ=None):
    """The third-party distributions ``ALEGRA_PLUGINS`` lets load.

    None means every one; an empty set means none (``ALEGRA_PLUGINS=none``).
    """
    environ = os.environ if environ is None else environ
    value = environ.get(PLUGINS_ENV)
    if value is None or value.strip() in ("", "all"):
        return None
    names = {canonical(part.strip()) for part in value.split(",")
             if part.strip()}
    names.discard("none")
    return names


def allows(allowed, distribution):
    """Whether ``ALEGRA_PLUGINS`` lets a distribution's plugins load."""
    name = canonical(distribution)
    return (allowed is None or name == namespaces.BUILTIN_DISTRIBUTION
            or name in allowed)


def is_allowed(entry_point, allowed):
    """Whether ``ALEGRA_PLUGINS`` lets this entry point load.

    Decided by the distribution that declares it: the built-in one always
    loads, including what it declares on other packages' classes (cliff's
    table formatter), and a third party's entry point on an alegra class
    is still the third party's.
    """
    return allowed is None or allows(allowed,
                                     distribution_of(entry_point)[0])


def claims(namespace, environ=None, name_of=None):
    """``{name: [entry points]}``: what claims each name, in install order.

    One entry point seen twice (one distribution on two paths) is one
    claim; a name with more than one claim is a conflict.
    """
    found = {}
    for entry_point in entry_points(namespace, environ):
        name = name_of(entry_point) if name_of else entry_point.name
        found.setdefault(name, {}).setdefault(entry_point.value, entry_point)
    return {name: list(by_value.values())
            for name, by_value in found.items()}


def entry_points(namespace, environ=None):
    """The entry points of ``namespace`` that may load, in install order."""
    allowed = allowed_distributions(environ)
    return [ep for ep in cached_entry_points(namespace)
            if is_allowed(ep, allowed)]
