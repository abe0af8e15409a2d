"""Rules JSON Schema cannot state, named by the schemas' ``x-check``.

Each check takes the value at its node (already known to have the shape
the schema describes) and returns None, or ``(key, params)`` naming a
message in :mod:`alegra.validators.messages`, or ``(key, params, path)``
for a problem in a field below the node.
"""

import datetime
import re

# DIAN's weights for the NIT check digit, from the rightmost digit.
NIT_WEIGHTS = (3, 7, 13, 17, 19, 23, 29, 37, 41, 43, 47, 53, 59, 67, 71)
# SUNAT's weights for the first ten digits of a RUC.
RUC_WEIGHTS = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
RFC = re.compile(r"^([A-ZÑ&]{3,4})(\d{2})(\d{2})(\d{2})[A-Z\d]{3}$")
GENERIC_RFCS = frozenset({"XAXX010101000", "XEXX010101000"})


def nit_check_digit(digits):
    total = sum(int(digit) * weight
                for digit, weight in zip(reversed(digits), NIT_WEIGHTS))
    remainder = total % 11
    return str(11 - remainder if remainder > 1 else remainder)


def ruc_check_digit(digits):
    total = sum(int(digit) * weight
                for digit, weight in zip(digits[:10], RUC_WEIGHTS))
    digit = 11 - total % 11
    return str({10: 0, 11: 1}.get(digit, digit))


def nit(identification):
    """A Colombian NIT's check digit, when one is given (``900123456-7``
    or ``"dv": "7"``); without one Alegra computes it."""
    number = str(identification.get("number", ""))
    digits, _, given = number.replace(".", "").replace(" ", "").partition(
        "-")
    given = given or str(identification.get("dv") or "")
    if not given or not digits.isdigit():
        return None
    expected = nit_check_digit(digits)
    if given != expected:
        return ("nit-check-digit",
                {"number": digits, "expected": expected, "given": given},
                ("number",))
    return None


def ruc(identification):
    number = str(identification.get("number", ""))
    if len(number) != 11 or not number.isdigit():
        return None
    expected = ruc_check_digit(number)
    if number[10] != expected:
        return ("ruc-check-digit", {"number": number, "expected": expected},
                ("number",))
    return None


def rfc(value):
    """The date inside a Mexican RFC (YYMMDD after the letters)."""
    number = value.get("number") if isinstance(value, dict) else value
    number = str(number or "").upper()
    if number in GENERIC_RFCS:
        return None
    found = RFC.match(number)
    if not found:
        return None
    _, year, month, day = found.groups()
    for century in (1900, 2000):
        try:
            datetime.date(century + int(year), int(month), int(day))
            return None
        except ValueError:
            continue
    return ("rfc-date", {"number": number, "date": year + month + day})


def due_after_date(document):
    date, due = document.get("date"), document.get("dueDate")
    if isinstance(date, str) and isinstance(due, str) and due < date:
        return ("due-before-date", {"due": due, "date": date}, ("dueDate",))
    return None


CHECKS = {
    "nit": nit,
    "ruc": ruc,
    "rfc": rfc,
    "due-after-date": due_after_date,
}
