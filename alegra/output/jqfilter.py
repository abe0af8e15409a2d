"""``--jq EXPR``: a jq expression over the JSON a command prints.

The expression runs over exactly what ``-o json`` prints: the array of a
list, each record of an ``--all`` walk as it streams (or the whole array
with ``--jq-slurp``), the object of a get. Strings print raw, as with
``jq -r``; other values print as jq prints them (indented, or on one line
with ``--noindent``).

The jq binding parses numbers as 64-bit floats, which would turn
``19928.00`` into ``19928`` and round ids above 2**53. So every number of
the input is remembered by its float value, and a number in a result
whose float value belongs to exactly one number of the input is printed
with that number's original text. What passes through untouched (a field
picked, an object rebuilt) is therefore byte-exact; a number computed by
the expression prints as jq computes it. Two different numbers of one
input that are the same as floats (ids above 2**53 that differ only in
their last digits) cannot be told apart after jq: such a number prints as
jq rounds it.

The binding is imported only when ``--jq`` is given, and the expression
is compiled while the arguments are parsed, so a bad one is a usage error
before any request is sent.
"""

import argparse
import decimal

from alegra import jsonio
from alegra.i18n import N_, _
from alegra.output.formatters.structured import DocumentFormatter

_AMBIGUOUS = object()


class Expression:
    """A compiled jq program and the text it was written as."""

    def __init__(self, text, program):
        self.text = text
        self.program = program

    def results(self, value):
        """The results of the program over ``value``, as printable
        values (numbers restored to their original text where known)."""
        literals = {}
        _collect(value, literals)
        outputs = self.program.input_text(jsonio.dumps(value)).all()
        return [_restore(output, literals) for output in outputs]


def compile_expression(text):
    """An :class:`Expression`, or an argparse error naming what is wrong
    (argparse turns it into one ``Error:`` line, exit code 2)."""
    try:
        import jq
    except ImportError:  # pragma: no cover - jq is a dependency
        raise argparse.ArgumentTypeError(
            _("the jq module is not installed (pip install jq)")) from None
    try:
        program = jq.compile(text)
    except ValueError as exc:
        reason = " ".join(str(exc).split())
        reason = reason.removeprefix("jq: error: ").split(" jq: ")[0]
        raise argparse.ArgumentTypeError(
            _("invalid jq expression {text!r}: {reason}").format(
                text=text, reason=reason)) from None
    return Expression(text, program)


def add_arguments(group):
    """``--jq`` and ``--jq-slurp`` in a command's output options."""
    group.add_argument(
        "--jq", metavar="EXPR", type=compile_expression, default=None,
        help=N_("filter the JSON output with a jq expression; strings "
                "print raw (as jq -r)"))
    group.add_argument(
        "--jq-slurp", action="store_true", default=False,
        help=N_("with --all, run --jq once over the whole array instead "
                "of over each record as it arrives"))


def formatter(parsed_args, chosen):
    """The formatter to print with: a :class:`JqFormatter` when ``--jq``
    was given, else ``chosen``."""
    expression = getattr(parsed_args, "jq", None)
    if expression is None:
        return chosen
    parsed_args.formatter = "json"
    return JqFormatter(expression)


def write_results(expression, value, stdout, compact=False):
    """Run ``expression`` over ``value`` and print each result."""
    for result in expression.results(value):
        if isinstance(result, str):
            stdout.write(result + "\n")
        else:
            stdout.write(jsonio.dumps(result, None if compact else 2) + "\n")
    stdout.flush()


class JqFormatter(DocumentFormatter):
    """Prints the results of a jq expression over the documents."""

    def __init__(self, expression):
        self.expression = expression

    def _write(self, value, stdout, parsed_args):
        try:
            write_results(self.expression, value, stdout,
                          getattr(parsed_args, "noindent", False))
        except ValueError as exc:  # a runtime error of the expression
            from alegra.errors import UsageError

            raise UsageError(
                f"jq: {' '.join(str(exc).split())}",
                f"the expression was {self.expression.text!r}") from None

    def emit_documents(self, records, stdout, parsed_args):
        streaming = (getattr(parsed_args, "all", False)
                     or getattr(parsed_args, "jq_each", False))
        if streaming and not getattr(parsed_args, "jq_slurp", False):
            for record in records:
                self._write(record, stdout, parsed_args)
            return
        self._write(list(records), stdout, parsed_args)

    def emit_document(self, record, stdout, parsed_args):
        self._write(record, stdout, parsed_args)


# -- keeping numbers exact ---------------------------------------------------

def _collect(value, literals):
    """Map the float value of every number in ``value`` to its exact form
    (or to _AMBIGUOUS when two different texts share one float)."""
    if isinstance(value, dict):
        for item in value.values():
            _collect(item, literals)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _collect(item, literals)
    elif isinstance(value, (int, decimal.Decimal)) and not isinstance(
            value, bool):
        text = jsonio.number_text(value)
        key = _float_key(value)
        known = literals.get(key)
        if known is None:
            literals[key] = value
        elif known is not _AMBIGUOUS and jsonio.number_text(known) != text:
            # 19928.00 and 19928 are one value: keep the first text. Two
            # different values rounded to one float cannot be told apart.
            if decimal.Decimal(text) != decimal.Decimal(
                    jsonio.number_text(known)):
                literals[key] = _AMBIGUOUS


def _float_key(number):
    try:
        return float(number)
    except OverflowError:
        return float("inf") if number > 0 else float("-inf")


def _restore(value, literals):
    if isinstance(value, dict):
        return {key: _restore(item, literals) for key, item in value.items()}
    if isinstance(value, list):
        return [_restore(item, literals) for item in value]
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        known = literals.get(_float_key(value))
        if known is not None and known is not _AMBIGUOUS:
            return known
        if isinstance(value, float) and value.is_integer() \
                and abs(value) < 1e17:
            return int(value)
    return value
