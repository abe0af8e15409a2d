"""Usage errors in one line, like every other alegra error, and parsers
in the user's language."""

import argparse
import re
import sys

from alegra.i18n import ENGLISH, N_, _, language, ngettext

UNRECOGNIZED = "unrecognized arguments: %s"
# argparse's error messages, as its source writes them: the message ids of
# the alegra-argparse catalog. argparse says them in English (its gettext
# reads the environment's language, not alegra's); error() says them again
# in the user's language.
ARGPARSE_ERRORS = (
    N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("unexpected option string: %s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("argument \"-\" with mode %r"),
    N_("can't open '%(filename)s': %(error)s"),
    UNRECOGNIZED,
)
_FIELD = re.compile(r"%(?:\((\w+)\))?[sr]")


def one_line_errors(parser):
    """Make ``parser`` report a usage error as one ``Error:`` line.

    argparse prints the whole usage summary first; here the message names
    the command and where its help is, and the exit code stays 2. A
    mistyped option is named with the closest one the command has.
    """

    def error(message):
        message = unknown_options(parser, message) or said_again(message)
        # "Error" is also the Spanish word: only what follows is translated
        sys.stderr.write("Error: " + _("{prog}: {message} (see '{prog} "
                                       "--help')").format(
            prog=parser.prog, message=message) + "\n")
        sys.exit(2)

    parser.error = error
    return parser


def translate(parser):
    """Say ``parser``'s texts in the user's language: its description,
    epilog, usage, group titles and descriptions and every option's help,
    those cliff and argparse add included (their English texts are the
    catalogs' message ids; a text no catalog holds stays as it is)."""
    if language() == ENGLISH:
        return parser
    if not issubclass(parser.formatter_class, UsageInLanguage):
        parser.formatter_class = type(
            parser.formatter_class.__name__,
            (UsageInLanguage, parser.formatter_class), {})
    for name in ("description", "epilog", "usage"):
        text = getattr(parser, name, None)
        if text:
            setattr(parser, name, _(text))
    for group in parser._action_groups:
        if group.title:
            group.title = _(group.title)
        if group.description:
            group.description = _(group.description)
    for action in parser._actions:
        if action.help and action.help != "==SUPPRESS==":
            text = " ".join(action.help.split())
            if _(text) != text:
                action.help = _(text)
    return parser


class UsageInLanguage(argparse.HelpFormatter):
    """A help formatter whose ``usage:`` is in the user's language."""

    def add_usage(self, usage, actions, groups, prefix=None):
        if prefix is None:
            prefix = _("usage: ")
        super().add_usage(usage, actions, groups, prefix)


def said_again(message):
    """One of argparse's English error messages in the user's language
    (an argument's error, which quotes another, all of it); a message it
    does not know as it is."""
    if language() == ENGLISH:
        return message
    for template in ARGPARSE_ERRORS:
        pattern, names = _pattern(template)
        found = pattern.fullmatch(message)
        if not found:
            continue
        values = list(found.groups())
        if "message" in names:
            values[names.index("message")] = said_again(
                values[names.index("message")])
        return _fill(_(template), names, values)
    return message


def _fill(template, names, values):
    """``template`` with its fields replaced by the texts ``values`` as
    they are (a ``%r`` field was quoted already)."""
    unnamed = iter(values)
    by_name = dict(zip(names, values))
    return _FIELD.sub(lambda field: by_name[field.group(1)]
                      if field.group(1) else next(unnamed), template)


def _pattern(template):
    """A template as a regular expression, and its fields' names in
    order (``None`` for an unnamed ``%s``)."""
    names, parts, position = [], [], 0
    for field in _FIELD.finditer(template):
        parts.append(re.escape(template[position:field.start()]))
        parts.append("(.*?)")
        names.append(field.group(1))
        position = field.end()
    parts.append(re.escape(template[position:]))
    return re.compile("".join(parts), re.DOTALL), names


def unknown_options(parser, message):
    """``unknown option --stauts (did you mean --status?)`` for argparse's
    "unrecognized arguments", or None when the message is another one."""
    prefix = UNRECOGNIZED.replace("%s", "")
    if not message.startswith(prefix):
        return None
    words = message[len(prefix):].split()
    options = [word for word in words if word.startswith("-")]
    if not options:
        return ngettext("unexpected argument {words}",
                        "unexpected arguments {words}",
                        len(words)).format(words=" ".join(words))
    import difflib  # only a mistyped option needs it

    known = [option for option in parser._option_string_actions
             if option.startswith("--")]
    parts = []
    for option in options:
        name = option.split("=", 1)[0]
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        parts.append(_("{option} (did you mean {close}?)").format(
            option=name, close=close[0]) if close else name)
    return ngettext("unknown option {options}", "unknown options {options}",
                    len(parts)).format(options=", ".join(parts))
