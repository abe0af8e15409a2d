"""JSON that keeps money and ids exact.

Alegra sends amounts such as ``19928.00`` or ``0.0000000000`` and ids above
2**53. ``json.loads`` would turn the first into floats, and ``Decimal``
prints ``0.0000000000`` as ``0E-10``. Here every JSON number with a
fraction or exponent becomes a :class:`Number`, a ``Decimal`` that remembers
the exact text it came from, and :func:`dumps` writes that text back
unchanged. Integers are Python ints, which are exact already.
"""

import decimal
import json
import operator
import secrets
from json.encoder import encode_basestring as _encode_text

# The compact writer is the json module's C encoder. It cannot write a
# number's own text, so each Number hands it, through a C-level attribute
# getter (no Python call per number), its text between two markers that
# are random for the process (data can never forge them); the markers and
# their quotes are then removed with two plain replacements.
_NONCE = secrets.token_hex(8)
_OPEN, _CLOSE = f"\x7f{_NONCE}(", f"){_NONCE}\x7f"
_QUOTED_OPEN, _QUOTED_CLOSE = '"' + _OPEN, _CLOSE + '"'
_COMPACT = json.JSONEncoder(
    ensure_ascii=False, separators=(",", ":"), check_circular=False,
    allow_nan=False, default=operator.attrgetter("marked")).encode


class Number(decimal.Decimal):
    """A decimal that prints exactly as it was written."""

    __slots__ = ("text", "marked")  # no __dict__ for each of many numbers

    def __new__(cls, text):
        number = decimal.Decimal.__new__(cls, text)
        number.text = text
        number.marked = _OPEN + text + _CLOSE
        return number

    def __str__(self):
        return self.text

    def __repr__(self):
        return f"Number({self.text!r})"

    def __reduce__(self):
        return (Number, (self.text,))

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self


def loads(text):
    """Parse JSON text, keeping every number exact."""
    return json.loads(text, parse_float=Number)


def number_text(value):
    """The JSON text of a number, or None when ``value`` is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, Number):
        return value.text
    if isinstance(value, int):
        return str(value)
    if isinstance(value, decimal.Decimal):
        if not value.is_finite():
            raise ValueError(f"{value} is not a JSON number")
        return format(value, "f")
    if isinstance(value, float):
        return repr(value)
    return None


def _dump(value, indent, level, out):
    if value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, str):
        out.append(_encode_text(value))
    elif isinstance(value, dict):
        _dump_container(
            "{", "}", list(value.items()), indent, level, out, keyed=True
        )
    elif isinstance(value, (list, tuple)):
        _dump_container("[", "]", list(value), indent, level, out)
    else:
        text = number_text(value)
        if text is None:
            text = _encode_text(str(value))
        out.append(text)


def _dump_container(opener, closer, entries, indent, level, out, keyed=False):
    if not entries:
        out.append(opener + closer)
        return
    if indent is None:
        newline, pad, inner, colon = "", "", "", ":"
    else:
        newline = "\n"
        pad = " " * (indent * level)
        inner = " " * (indent * (level + 1))
        colon = ": "
    out.append(opener)
    for position, entry in enumerate(entries):
        if position:
            out.append(",")
        out.append(newline + inner)
        if keyed:
            key, entry = entry
            out.append(_encode_text(str(key)) + colon)
        _dump(entry, indent, level + 1, out)
    out.append(newline + pad + closer)


def dumps(value, indent=None):
    """Serialise ``value`` as JSON, writing numbers with their exact text.

    ``indent=None`` gives the compact form (one line, no spaces), which is
    what request bodies and NDJSON use.
    """
    if indent is None:
        try:
            text = _COMPACT(value)
        except (AttributeError, TypeError, ValueError):
            pass  # a plain Decimal, a non-finite number: the careful way
        else:
            if _OPEN in text:
                text = text.replace(_QUOTED_OPEN, "").replace(
                    _QUOTED_CLOSE, "")
            return text
    out = []
    _dump(value, indent, 0, out)
    return "".join(out)
