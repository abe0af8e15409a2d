"""Ids typed by the user, checked before they become part of a URL.

An id goes into a request path (``contacts/<id>``). ``.`` and ``..`` are
path segments with a meaning of their own (``contacts/..`` is the API
root), a ``/`` or ``\\`` adds segments, ``?`` and ``#`` end the path, and
an empty id names the whole collection: each would send the request
somewhere the user did not mean. They are refused here, as argparse types
(``type=identifier``) so that the error is a one-line usage error, and in
the client (:func:`check_path`) for ids that arrive from anywhere else.
"""

import argparse
import re

from alegra.i18n import N_, _

FORBIDDEN = set("/\\?#%")

# The kinds of id a resource may declare (``Resource.id_kinds``), each a
# pattern and how to say it. Alegra's ids are numeric text ("1") or, for
# new records of more and more resources, UUIDs (v7); currencies go by
# their ISO 4217 code. Digits are capped: no record count has 30 of them.
KINDS = {
    "number": (re.compile(r"[0-9]{1,30}"), N_("a number")),
    "uuid": (re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-"
                        r"[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"), N_("a UUID")),
    "code": (re.compile(r"[A-Za-z]{3}"), N_("a three-letter code")),
}
DEFAULT_KINDS = ("number", "uuid")


def problem(text):
    """Why ``text`` cannot be an id, or None when it can."""
    stripped = text.strip()
    if not stripped:
        return _("an id cannot be empty")
    if stripped in (".", ".."):
        return _("{text!r} is not an id").format(text=text)
    bad = sorted(FORBIDDEN.intersection(text))
    if bad:
        return _("an id cannot hold {characters} (got {text!r})").format(
            characters=" ".join(bad), text=text)
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in text):
        return _("an id cannot hold control characters (got "
                 "{text!r})").format(text=text)
    if any(0xD800 <= ord(ch) <= 0xDFFF for ch in text):
        return _("the id is not valid UTF-8 text")
    return None


def identifier(text):
    """argparse ``type=``: the id itself, or a usage error saying why not."""
    why = problem(text)
    if why:
        raise argparse.ArgumentTypeError(why)
    return text


def kind_problem(text, kinds, what="id"):
    """Why ``text`` is none of ``kinds`` (see KINDS), or None."""
    if any(KINDS[kind][0].fullmatch(text) for kind in kinds):
        return None
    said = [_(KINDS[kind][1]) for kind in kinds]
    either = said[0] if len(said) == 1 else (
        ", ".join(said[:-1]) + _(" or ") + said[-1])
    shown = text if len(text) <= 40 else text[:37] + "..."
    return _("{shown!r} is not {what} ({either})").format(
        shown=shown, what=what, either=either)


def of_kinds(kinds, what="id"):
    """argparse ``type=`` for ids of these kinds: ``what`` names the id
    (``a contact id``) in the error."""

    def typed(text):
        why = problem(text) or kind_problem(text, kinds, what)
        if why:
            raise argparse.ArgumentTypeError(why)
        return text

    typed.__name__ = "identifier"
    return typed


def check_path(path):
    """A request path without empty, ``.`` or ``..`` segments, or why not."""
    bare = path.split("?", 1)[0].strip("/")
    for segment in bare.split("/"):
        if segment in ("", ".", ".."):
            return (f"the request path {path!r} has an empty, '.' or '..' "
                    "segment")
    return None
