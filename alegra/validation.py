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
    return found


def check(resource, country, body):
    """Raise :class:`ValidationError` listing the problems, if any."""
    found = problems(resource, country, body)
    if found:
        where = f" for {country.upper()}" if country else ""
        raise ValidationError(
            f"{resource} body is not valid{where}: " + "; ".join(found),
            "fix the body, or send it anyway with --no-validate",
        )


def schema_validator(schema_name):
    """A validator function backed by a JSON Schema shipped with alegra."""

    def validate(resource, country, body):
        import json
        from importlib import resources

        import jsonschema

        text = resources.files("alegra.schemas").joinpath(
            f"{schema_name}.json").read_text(encoding="utf-8")
        schema = json.loads(text)
        checker = jsonschema.Draft202012Validator(schema)
        return [describe_error(error) for error in sorted(
            checker.iter_errors(body), key=lambda e: list(e.absolute_path))]

    return validate


def describe_error(error):
    where = ".".join(str(part) for part in error.absolute_path)
    message = error.message
    if error.validator == "required":
        return message.replace(" is a required property", " is required")
    return f"{where}: {message}" if where else message
