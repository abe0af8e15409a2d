"""Option values checked before anything is sent.

Alegra answers a filter value it does not know with an empty list, which
reads as "nothing matches". Here a value outside an option's choices is a
usage error naming them, and the Spanish words people type for them are
taken where they name one choice only (``abiertas`` is ``open``).
"""

import argparse
import unicodedata

from alegra.i18n import _

# A Spanish word (singular, without accents) and the English values it may
# stand for; the option's own choices decide which one it is.
SPANISH = {
    "abierta": ("open",), "abierto": ("open",),
    "cerrada": ("closed",), "cerrado": ("closed",),
    "pagada": ("closed",), "pagado": ("closed",),
    "borrador": ("draft",),
    "anulada": ("void",), "anulado": ("void",),
    "activa": ("active",), "activo": ("active", "asset"),
    "inactiva": ("inactive",), "inactivo": ("inactive",),
    "eliminada": ("deleted",), "eliminado": ("deleted",),
    "cliente": ("client",), "proveedor": ("provider",),
    "ingreso": ("in", "income"), "egreso": ("out", "expense"),
    "gasto": ("expense",),
    "pasivo": ("liability",), "patrimonio": ("equity",),
    "texto": ("text",), "numero": ("int",), "fecha": ("date",),
}


def _plain(text):
    text = unicodedata.normalize("NFKD", text.strip().lower())
    return "".join(char for char in text if not unicodedata.combining(char))


def _singulars(word):
    yield word
    if word.endswith("es"):
        yield word[:-2]
    if word.endswith("s"):
        yield word[:-1]


def canonical(value, choices):
    """The choice ``value`` names, or None."""
    lowered = value.strip().lower()
    for choice in choices:
        if lowered == choice.lower():
            return choice
    for word in _singulars(_plain(value)):
        meant = [choice for choice in SPANISH.get(word, ())
                 if choice in choices]
        if len(meant) == 1:
            return meant[0]
    return None


def checker(name, choices, comma_list=False):
    """An argparse ``type`` for ``--name``: the canonical choice (or a
    comma list of them), else a one-line refusal listing the choices."""
    choices = tuple(choices)

    def check(text):
        parts = text.split(",") if comma_list else [text]
        found = []
        for part in parts:
            choice = canonical(part, choices)
            if choice is None:
                raise argparse.ArgumentTypeError(refusal(part, choices))
            found.append(choice)
        return ",".join(found)

    check.__name__ = name.replace("-", "_")
    return check


def refusal(value, choices):
    import difflib  # only a refused value needs it

    text = _("{value!r} is not one of: {choices}").format(
        value=value.strip(), choices=", ".join(choices))
    close = difflib.get_close_matches(value.strip().lower(), choices, n=1)
    return text + (_(" (did you mean {choice}?)").format(choice=close[0])
                   if close else "")
