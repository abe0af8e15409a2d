"""Usage errors in one line, like every other alegra error."""

import difflib
import re
import sys

_UNRECOGNIZED = re.compile(r"unrecognized arguments: (.*)")


def one_line_errors(parser):
    """Make ``parser`` report a usage error as one ``Error:`` line.

    argparse prints the whole usage summary first; here the message names
    the command and where its help is, and the exit code stays 2. A
    mistyped option is named with the closest one the command has.
    """

    def error(message):
        message = unknown_options(parser, message) or message
        sys.stderr.write(
            f"Error: {parser.prog}: {message} (see '{parser.prog} "
            "--help')\n")
        sys.exit(2)

    parser.error = error
    return parser


def unknown_options(parser, message):
    """``unknown option --stauts (did you mean --status?)`` for argparse's
    "unrecognized arguments", or None when the message is another one."""
    found = _UNRECOGNIZED.fullmatch(message)
    if not found:
        return None
    words = found.group(1).split()
    options = [word for word in words if word.startswith("-")]
    if not options:
        return f"unexpected argument{'s' if len(words) > 1 else ''} " + (
            " ".join(words))
    known = [option for option in parser._option_string_actions
             if option.startswith("--")]
    parts = []
    for option in options:
        name = option.split("=", 1)[0]
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        parts.append(f"{name} (did you mean {close[0]}?)" if close
                     else name)
    plural = "s" if len(parts) > 1 else ""
    return f"unknown option{plural} " + ", ".join(parts)
