"""Reading values out of request bodies the lenient way Alegra does.

Ids and amounts arrive as numbers or strings (``"id": "12"``), ids as
UUIDs too (see :mod:`alegra.sandbox.ids`), references
as a bare id or an object (``"client": 12`` or ``{"id": 12}``). Every reader
here raises an Alegra-style 400 naming the field when the value is wrong.
"""

import datetime
import decimal

from alegra.sandbox import errors, ids


def to_id(value, field):
    """An integer key from ``12``, ``"12"``, a UUID or ``{"id": 12}``."""
    if isinstance(value, dict):
        if "id" not in value:
            raise errors.required(f"{field}.id")
        value = value["id"]
    if isinstance(value, bool):
        raise _invalid(field, value)
    number = None
    if isinstance(value, int):
        number = value
    elif isinstance(value, decimal.Decimal) and value.is_finite() and \
            value == value.to_integral():
        number = int(value)
    elif isinstance(value, str) and value.strip().isdigit():
        number = int(value.strip())
    elif ids.is_uuid(value.strip() if isinstance(value, str) else None):
        return ids.uuid_key(value.strip())
    if number is None or abs(number) > ids.MAX_KEY:
        raise _invalid(field, value)
    return number


def optional_id(body, field):
    value = body.get(field)
    if value in (None, "", {}):
        return None
    return to_id(value, field)


def to_decimal(value, field, *, minimum=None, maximum=None):
    """An exact Decimal from a JSON number or a numeric string."""
    if isinstance(value, bool) or value is None:
        raise _invalid(field, value)
    if isinstance(value, (int, decimal.Decimal)):
        number = decimal.Decimal(value)
    elif isinstance(value, str):
        try:
            number = decimal.Decimal(value.strip())
        except decimal.InvalidOperation:
            raise _invalid(field, value) from None
    else:
        raise _invalid(field, value)
    if not number.is_finite():
        raise _invalid(field, value)
    if minimum is not None and number < minimum:
        raise errors.invalid(
            errors.INVALID_VALUE,
            f"El campo '{field}' debe ser mayor o igual a {minimum}")
    if maximum is not None and number > maximum:
        raise errors.invalid(
            errors.INVALID_VALUE,
            f"El campo '{field}' debe ser menor o igual a {maximum}")
    return number


def to_date(value, field):
    """A ``yyyy-MM-dd`` date, returned as the same text."""
    if isinstance(value, str):
        try:
            datetime.date.fromisoformat(value.strip())
            return value.strip()
        except ValueError:
            pass
    raise errors.invalid(
        errors.INVALID_VALUE,
        f"El campo '{field}' debe ser una fecha con formato yyyy-MM-dd")


def one_of(value, allowed, field):
    if value not in allowed:
        raise errors.invalid(
            errors.INVALID_VALUE,
            f"El valor '{value}' no es válido para el campo '{field}'. "
            f"Valores permitidos: {', '.join(allowed)}")
    return value


def as_list(value, field):
    """A list from a list, a single object, or nothing."""
    if value is None:
        return []
    if isinstance(value, list):
        return value
    if isinstance(value, (dict, int, str)):
        return [value]
    raise _invalid(field, value)


def is_true(value):
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes")
    return value is True or value == 1


def _invalid(field, value):
    return errors.invalid(
        errors.INVALID_VALUE,
        f"El valor '{value}' no es válido para el campo '{field}'")
