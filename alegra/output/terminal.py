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


def discard_stdout():
    """Point standard output at /dev/null, so that the interpreter's own
    flush at exit does not report the broken pipe again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
