"""Country validators and their JSON Schema documents (package data).

``schemas/<resource>.<cc>.json`` (or ``.any``) is the source of truth for
each validator's shapes and enums; :mod:`.interpreter` walks it (cheaply:
no ``jsonschema`` import on the command path), :mod:`.checks` holds the
few rules a schema cannot state (check digits), :mod:`.messages` words
the problems in Spanish or English, and :mod:`.builtin` is what the
``alegra.validators`` entry points name.
"""

import functools
import json
import os

SCHEMAS = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                       "schemas")


def schema_path(name):
    """A built-in document by name (``contacts.co``), or any ``.json``
    path (a plugin's own schema)."""
    if name.endswith(".json"):
        return name
    return os.path.join(SCHEMAS, f"{name}.json")


def schema_document(name):
    with open(schema_path(name), encoding="utf-8") as stream:
        return json.load(stream)


@functools.cache
def compiled(name, country=None):
    from alegra.validators.interpreter import Schema

    return Schema(schema_document(name), country)


def schema_validator(name):
    """A validator ``(resource, country, body) -> [problems]`` backed by
    the schema document ``name`` (``contacts.co``)."""

    def validate(resource, country, body):
        from alegra.validators import messages

        lang = messages.language()
        if not isinstance(body, dict):
            return [messages.text("not-object", lang)]
        return [messages.describe(problem, lang)
                for problem in compiled(name, country).problems(body)]

    validate.schema_name = name
    return validate
