"""JSON that keeps money and ids exact.

Alegra sends amounts such as ``19928.00`` or ``0.0000000000`` and ids above
2**53. ``json.loads`` would turn the first into floats, and ``Decimal``
prints ``0.0000000000`` as ``0E-10``. Here every JSON number with a
fraction or exponent becomes a :class:`Number`, a ``Decimal`` that remembers
the exact text it came from, and :func:`dumps` writes that text back
unchanged. Integers are Python ints, which are exact already, up to
:data:`MAX_DIGITS` digits; longer ones are Numbers too (``int()`` of
thousands of digits is quadratic, and refused past 4300).

Nothing here materialises a number's magnitude: ``1e999999999`` is twenty
characters and a Decimal of one digit, but ``int()`` of it, or Decimal
arithmetic on it, runs in C for hours and ignores every signal.
:func:`number_problem` says, from the text alone, when a number is one no
JSON reader could hold, so that it is refused before it is sent.
"""

import decimal
import json
import math
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
# No quantity, amount or id has more digits; more is a mistake or an
# attack, and no JSON reader keeps it.
MAX_DIGITS = 100
# The largest finite double is about 1.8e308.
MAX_EXPONENT = 308
# Below the smallest double (about 4.9e-324) a number reads as zero.
MIN_EXPONENT = -325
_DIGITS_LIMIT = 10 ** MAX_DIGITS


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


def parse_int(text):
    """A JSON integer: an int, or a Number past MAX_DIGITS digits."""
    if len(text) > MAX_DIGITS + 1:  # a sign, then at most MAX_DIGITS
        return Number(text)
    return int(text)


def loads(text):
    """Parse JSON text, keeping every number exact."""
    return json.loads(text, parse_float=Number, parse_int=parse_int)


def number_problem(value):
    """Why the number ``value`` cannot travel in JSON, or None.

    Past MAX_DIGITS digits, or beyond a double's range (non-finite for
    every JSON reader that uses doubles): decided from the digits and the
    exponent, never by computing the value.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        # bit_length is O(1); past 333 bits there are 101 digits or more.
        if value.bit_length() > 333 or abs(value) >= _DIGITS_LIMIT:
            return f"has more than {MAX_DIGITS} digits"
        return None
    if isinstance(value, float):
        return None if math.isfinite(value) else "is not a JSON number"
    if not isinstance(value, decimal.Decimal):
        return None
    if not value.is_finite():
        return "is not a JSON number"
    if isinstance(value, Number):
        digits = sum(ch.isdigit() for ch in value.text)
    else:
        digits = len(value.as_tuple().digits)
    if digits > MAX_DIGITS:
        return f"has more than {MAX_DIGITS} digits"
    if not value:
        return None
    adjusted = value.adjusted()
    # Within the exponents a double spans, float() of at most MAX_DIGITS
    # digits is cheap, and settles the edges (1.8e308, 1e-324).
    near = MIN_EXPONENT <= adjusted <= MAX_EXPONENT
    if adjusted > MAX_EXPONENT or near and math.isinf(float(value)):
        return "is too large for a JSON number (beyond a double's range)"
    if adjusted < MIN_EXPONENT or near and float(value) == 0:
        return "is too small for a JSON number (a double reads it as 0)"
    return None


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
        if abs(value.as_tuple().exponent) > MAX_DIGITS:
            # Plain notation would write every zero of the exponent.
            return str(value)
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
