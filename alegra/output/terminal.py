"""What alegra asks of the streams it writes to."""

import os
import sys


def is_terminal(stream):
    """Whether a stream is a terminal (closed or missing streams are not)."""
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False


# C0 controls, DEL, C1 controls (0x9b is a one-byte CSI on some terminals)
# and the Unicode bidi embeddings, overrides and isolates ("Trojan Source").
CONTROLS = (*range(0x20), 0x7f, *range(0x80, 0xa0),
            *range(0x202a, 0x202f), *range(0x2066, 0x206a))
_ESCAPES = {code: (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
            for code in CONTROLS}
_KEEP_NEWLINES = {code: escape for code, escape in _ESCAPES.items()
                  if code != ord("\n")}


def escape_controls(text, keep_newlines=True):
    """``text`` with every control character shown as a hexadecimal escape
    (``\\x1b``, ``\\x0d``, ``\\x9b``, ``\\u202e``), so that text
    from a server or a record cannot move the cursor, clear the screen,
    set the window title or reorder what is shown. Line breaks are kept
    unless ``keep_newlines`` is false; a backslash is left as it is."""
    return text.translate(_KEEP_NEWLINES if keep_newlines else _ESCAPES)


def _unchanged(text):
    return text


def for_terminal(stream):
    """The function that makes text safe for ``stream``: escaping on a
    terminal, nothing anywhere else (files and pipes get the exact data)."""
    return escape_controls if is_terminal(stream) else _unchanged


def discard_stdout():
    """Point standard output at /dev/null, so that the interpreter's own
    flush at exit does not report the broken pipe again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
