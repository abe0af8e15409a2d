"""Pre-flight validation of request bodies, before anything is sent.

Validators are plugins in the ``alegra.validators`` namespace, named
``<resource>.<cc>`` (an ISO 3166 alpha-2 code in lower case) or
``<resource>.any``. Each points at a function ``(resource, country, body)
-> list of problems`` (strings), with no network. For a country ``co``,
``invoices.any`` and then ``invoices.co`` run; only those entry points are
imported. Two distributions declaring the same validator name is an error
that names both.
"""

from alegra import namespaces, registry
from alegra.errors import ValidationError


def validators_for(resource, country):
    wanted = [f"{resource}.any"]
    if country:
        wanted.append(f"{resource}.{country}")
    claims = registry.claims(namespaces.VALIDATORS)
    found = []
    for name in wanted:
        entry_points = claims.get(name, [])
        if len(entry_points) > 1:
            raise registry.conflict("validator", name, entry_points)
        if entry_points:
            found.append(entry_points[0])
    return found


def load(entry_point):
    try:
        return entry_point.load()
    except Exception as exc:
        raise registry.load_failure("validator", entry_point.name,
                                    entry_point, exc) from exc


def problems(resource, country, body):
    """Every problem the validators for ``resource`` and ``country`` see."""
    found = []
    for entry_point in validators_for(resource, country):
        found.extend(load(entry_point)(resource, country, body))
    # The validators of one resource may see the same problem (a body that
    # is not an object); it is said once.
    return list(dict.fromkeys(found))


def check(resource, country, body, hint="hint"):
    """Raise :class:`ValidationError` listing every problem, if any, in
    the user's language (``ALEGRA_LANG`` or the locale)."""
    found = problems(resource, country, body)
    if found:
        raise failure(resource, country, found, hint)


def failure(resource, country, found, hint="hint"):
    from alegra.validators import messages

    lang = messages.language()
    where = (messages.text("where", lang, country=country.upper())
             if country else "")
    heading = messages.text("heading", lang, resource=resource, where=where)
    return ValidationError(heading + ": " + "; ".join(map(str, found)),
                           messages.text(hint, lang))
