"""The countries the sandbox can be: one module each."""

import importlib

from alegra.i18n import _

CODES = ("co", "mx", "pe", "cr")

NAMES = {
    "colombia": "co", "mexico": "mx", "méxico": "mx", "peru": "pe",
    "perú": "pe", "costarica": "cr", "costa rica": "cr", "costa-rica": "cr",
}


def normalize(value):
    """``co``, ``CO``, ``colombia`` or ``costaRica`` -> a country code."""
    text = str(value).strip().lower()
    code = text if text in CODES else NAMES.get(text.replace("_", "-"))
    if code is None:
        raise ValueError(
            _("the sandbox has no country {value!r}; choose one of "
              "{codes}").format(value=value, codes=", ".join(CODES)))
    return code


def get(code):
    return importlib.import_module(
        f"alegra.sandbox.countries.{normalize(code)}").COUNTRY
