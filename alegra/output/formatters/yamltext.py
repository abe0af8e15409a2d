"""YAML for JSON-shaped data, written directly.

PyYAML builds a node per value and resolves each scalar's tag with regular
expressions; for 30,000 invoices that is minutes. Alegra's answers are only
objects, lists, strings, numbers, booleans and nulls, so they are written
here in PyYAML's block layout, with one rule for strings: a string is left
plain only when no YAML reader could take it for anything else (a number,
a date, a boolean, a null, an alias, a comment...); every other string is
double-quoted with JSON's escapes, which YAML's double-quoted style reads
the same. Numbers keep the exact text Alegra sent.
"""

import functools
import json
import re

from alegra import jsonio

# First character of a plain string: a letter (any script) or underscore;
# then no character that YAML treats specially inside a plain scalar.
_PLAIN = re.compile(r"[^\W\d][^:#\"'\\]*\Z")
# YAML 1.1 booleans and nulls (PyYAML reads ``yes`` as true).
_RESERVED = frozenset(
    "y n yes no on off true false null".split())

_json_text = json.JSONEncoder(ensure_ascii=False).encode


def _quote(value):
    """A double-quoted scalar; characters YAML does not allow raw (DEL,
    NEL, line separators...) become escapes."""
    text = _json_text(value)
    if text.isprintable():
        return text
    return "".join(
        char if char.isprintable()
        else f"\\u{ord(char):04x}" if ord(char) < 0x10000
        else f"\\U{ord(char):08x}" for char in text)


def scalar(value):
    """The YAML text of a scalar."""
    if value.__class__ is str:
        return _string(value)
    if value.__class__ is jsonio.Number:
        return value.text
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return _string(str(value))
    text = jsonio.number_text(value)
    return _quote(str(value)) if text is None else text


@functools.lru_cache(maxsize=4096)  # keys and codes repeat in every record
def _string(value):
    if (_PLAIN.match(value) and value.isprintable()
            and value == value.strip() and value.lower() not in _RESERVED):
        return value
    return _quote(value)


def dump(value, out, indent=""):
    """Append the lines of ``value`` (an object or a list) to ``out``."""
    if isinstance(value, dict):
        for key, entry in value.items():
            head = f"{indent}{_string(str(key))}:"
            if isinstance(entry, dict) and entry:
                out.append(head + "\n")
                dump(entry, out, indent + "  ")
            elif isinstance(entry, list) and entry:
                out.append(head + "\n")
                dump(entry, out, indent)  # PyYAML's indentless sequences
            else:
                out.append(f"{head} {_leaf(entry)}\n")
    else:
        for entry in value:
            if isinstance(entry, (dict, list)) and entry:
                inner = []
                dump(entry, inner, indent + "  ")
                first = inner[0]
                inner[0] = f"{indent}- {first[len(indent) + 2:]}"
                out += inner
            else:
                out.append(f"{indent}- {_leaf(entry)}\n")


def _leaf(value):
    if isinstance(value, dict):
        return "{}"
    if isinstance(value, (list, tuple)):
        return "[]"
    return scalar(value)


def dumps(value):
    """A whole YAML document for ``value``."""
    if isinstance(value, (dict, list, tuple)) and value:
        out = []
        dump(value, out)
        return "".join(out)
    return _leaf(value) + "\n"
