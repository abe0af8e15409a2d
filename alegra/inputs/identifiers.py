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

FORBIDDEN = set("/\\?#%")


def problem(text):
    """Why ``text`` cannot be an id, or None when it can."""
    stripped = text.strip()
    if not stripped:
        return "an id cannot be empty"
    if stripped in (".", ".."):
        return f"{text!r} is not an id"
    bad = sorted(FORBIDDEN.intersection(text))
    if bad:
        return f"an id cannot hold {' '.join(bad)} (got {text!r})"
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in text):
        return f"an id cannot hold control characters (got {text!r})"
    if any(0xD800 <= ord(ch) <= 0xDFFF for ch in text):
        return "the id is not valid UTF-8 text"
    return None


def identifier(text):
    """argparse ``type=``: the id itself, or a usage error saying why not."""
    why = problem(text)
    if why:
        raise argparse.ArgumentTypeError(why)
    return text


def check_path(path):
    """A request path without empty, ``.`` or ``..`` segments, or why not."""
    bare = path.split("?", 1)[0].strip("/")
    for segment in bare.split("/"):
        if segment in ("", ".", ".."):
            return (f"the request path {path!r} has an empty, '.' or '..' "
                    "segment")
    return None
