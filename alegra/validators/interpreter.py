"""A small interpreter for the part of JSON Schema the validators use.

Why not ``jsonschema``: importing it and building a validator costs about
a hundred milliseconds, on every ``create``; this walks a document in well
under one. The ``.json`` documents stay standard JSON Schema (draft
2020-12, checked against ``jsonschema`` in the tests) and remain the source
of truth. Supported keywords: ``type``, ``enum``, ``const``, ``pattern``,
``minLength``, ``maxLength``, ``minimum``, ``exclusiveMinimum``,
``maximum``, ``required``, ``properties``, ``minProperties``, ``items``,
``minItems``, ``maxItems``, ``anyOf``, ``allOf``, ``if``/``then``/
``else``, ``format: date`` and local ``$ref`` (``#/$defs/...``).

Three annotations of alegra's own (ignored by other JSON Schema tools):

- ``x-catalog``: the value is one of a category's codes in the country's
  offline catalog (:mod:`alegra.catalogs`), the one place code lists live;
- ``x-check``: a rule JSON Schema cannot say (a check digit, a date order),
  a function in :mod:`alegra.validators.checks`, run once the node's type,
  enum, pattern and bounds pass;
- ``x-message``: ``{"en": ..., "es": ...}``, what to say when this node's
  own pattern, length or enum fails (the shape rule, in words).

A problem is ``(path, key, params)``; :mod:`alegra.validators.messages`
words it in the user's language.
"""

import datetime
import decimal
import functools
import re

from alegra import catalogs


class Problem(tuple):
    """``(path, key, params)``; ``message`` overrides the wording."""

    __slots__ = ()

    def __new__(cls, path, key, params=None, message=None):
        return super().__new__(cls, (tuple(path), key, params or {},
                                     message))

    path = property(lambda self: self[0])
    key = property(lambda self: self[1])
    params = property(lambda self: self[2])
    message = property(lambda self: self[3])


@functools.cache
def _pattern(text):
    return re.compile(text)


def json_type(value):
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "integer" if value.is_integer() else "number"
    if isinstance(value, decimal.Decimal):
        # Never int(value): 1e999999999 would be a billion digits, built
        # in C for hours, deaf to Ctrl-C. A positive exponent is whole
        # already; to_integral_value only rounds the fraction away.
        if not value.is_finite():
            return "number"
        whole = (value.as_tuple().exponent >= 0
                 or value == value.to_integral_value())
        return "integer" if whole else "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def has_type(value, wanted):
    actual = json_type(value)
    return actual == wanted or (wanted == "number" and actual == "integer")


class Schema:
    """One compiled document: ``problems(body)`` lists what is wrong."""

    def __init__(self, document, country=None, checks=None):
        self.document = document
        self.country = document.get("x-country", country)
        if checks is None:
            from alegra.validators import checks as checks_module

            checks = checks_module.CHECKS
        self.checks = checks

    def problems(self, value):
        found = []
        self._walk(self.document, value, (), found)
        return found

    def is_valid(self, node, value):
        found = []
        self._walk(node, value, (), found)
        return not found

    def resolve(self, reference):
        if not reference.startswith("#/"):
            raise ValueError(f"only local references are supported: "
                             f"{reference}")
        node = self.document
        for part in reference[2:].split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        return node

    # -- the walk ---------------------------------------------------------

    def _walk(self, node, value, path, found):
        if node is True or node == {}:
            return
        if node is False:
            found.append(Problem(path, "false"))
            return
        if "$ref" in node:
            self._walk(self.resolve(node["$ref"]), value, path, found)
        wanted = node.get("type")
        if wanted is not None:
            types = [wanted] if isinstance(wanted, str) else wanted
            if not any(has_type(value, kind) for kind in types):
                custom = node.get("x-message")
                found.append(Problem(path, "custom", {"type": False},
                                     message=custom) if custom else
                             Problem(path, "type", {"types": types}))
                return
        before = len(found)
        self._own(node, value, path, found)
        custom = node.get("x-message")
        if custom and len(found) > before:
            found[before:] = [Problem(path, "custom", message=custom)]
        check = node.get("x-check")
        if check and len(found) == before:
            problem = self.checks[check](value)
            if problem is not None:
                key, params, *within = problem
                found.append(Problem(path + tuple(*within), key, params))
        for keyword in ("properties", "required", "minProperties"):
            if keyword in node and isinstance(value, dict):
                self._object(node, value, path, found)
                break
        if isinstance(value, list):
            self._array(node, value, path, found)
        for part in node.get("allOf", ()):
            self._walk(part, value, path, found)
        if "anyOf" in node:
            self._any_of(node, value, path, found)
        if "if" in node:
            branch = (node.get("then") if self.is_valid(node["if"], value)
                      else node.get("else"))
            if branch is not None:
                self._walk(branch, value, path, found)

    def _own(self, node, value, path, found):
        if "const" in node and not _equal(value, node["const"]):
            found.append(Problem(path, "const", {"value": node["const"]}))
        if "enum" in node and not any(_equal(value, option)
                                      for option in node["enum"]):
            found.append(Problem(path, "enum", {"given": value,
                                                "allowed": node["enum"]}))
        if "x-catalog" in node:
            name = node["x-catalog"]
            codes = catalogs.codes(self.country, name)
            if codes and (not isinstance(value, str) or value not in codes):
                found.append(Problem(path, "catalog", {
                    "given": value, "catalog": name,
                    "country": self.country,
                    "allowed": catalogs.ordered_codes(self.country, name)}))
        if isinstance(value, str):
            if len(value) < node.get("minLength", 0):
                found.append(Problem(path, "minLength",
                                     {"limit": node["minLength"]}))
            if "maxLength" in node and len(value) > node["maxLength"]:
                found.append(Problem(path, "maxLength",
                                     {"limit": node["maxLength"]}))
            if "pattern" in node and not _pattern(node["pattern"]).search(
                    value):
                found.append(Problem(path, "pattern",
                                     {"pattern": node["pattern"]}))
            if node.get("format") == "date" and not _is_date(value):
                found.append(Problem(path, "date", {"given": value}))
        elif json_type(value) in ("integer", "number"):
            if "minimum" in node and value < node["minimum"]:
                found.append(Problem(path, "minimum",
                                     {"limit": node["minimum"]}))
            if ("exclusiveMinimum" in node
                    and value <= node["exclusiveMinimum"]):
                found.append(Problem(path, "exclusiveMinimum",
                                     {"limit": node["exclusiveMinimum"]}))
            if "maximum" in node and value > node["maximum"]:
                found.append(Problem(path, "maximum",
                                     {"limit": node["maximum"]}))

    def _object(self, node, value, path, found):
        for name in node.get("required", ()):
            if name not in value:
                found.append(Problem(path + (name,), "required"))
        if len(value) < node.get("minProperties", 0):
            found.append(Problem(path, "minProperties"))
        for name, child in node.get("properties", {}).items():
            if name in value:
                self._walk(child, value[name], path + (name,), found)

    def _array(self, node, value, path, found):
        if len(value) < node.get("minItems", 0):
            found.append(Problem(path, "minItems",
                                 {"limit": node["minItems"]}))
        if "maxItems" in node and len(value) > node["maxItems"]:
            found.append(Problem(path, "maxItems",
                                 {"limit": node["maxItems"]}))
        child = node.get("items")
        if child is not None:
            for index, item in enumerate(value):
                self._walk(child, item, path + (index,), found)

    def _any_of(self, node, value, path, found):
        outcomes = []
        for option in node["anyOf"]:
            problems = []
            self._walk(option, value, path, problems)
            if not problems:
                return
            outcomes.append(problems)
        # Report the branch whose type fits; when none or several do, say
        # what the value may be.
        fitting = [problems for problems in outcomes
                   if not (len(problems) == 1 and problems[0].path == path
                           and (problems[0].key == "type"
                                or "type" in problems[0].params))]
        if len(fitting) == 1:
            found.extend(fitting[0])
            return
        custom = node.get("x-message")
        if custom:
            found.append(Problem(path, "custom", message=custom))
            return
        types = []
        for option in node["anyOf"]:
            wanted = option.get("type", [])
            for kind in [wanted] if isinstance(wanted, str) else wanted:
                if kind not in types:
                    types.append(kind)
        found.append(Problem(path, "type", {"types": types}) if types
                     else Problem(path, "anyOf"))


def _equal(value, expected):
    if isinstance(value, bool) or isinstance(expected, bool):
        return value is expected
    if isinstance(value, str) or isinstance(expected, str):
        return (isinstance(value, str) and isinstance(expected, str)
                and value == expected)
    return value == expected


def _is_date(text):
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return False
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True
