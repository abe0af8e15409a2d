"""json, yaml and ndjson: data for programs, with numbers kept exact."""

from cliff.formatters import base

from alegra import jsonio
from alegra.i18n import N_
from alegra.output.terminal import CONTROLS, is_terminal


# JSON escapes C0 controls itself; C1 controls, DEL and bidi overrides are
# legal raw in a string, so on a terminal they are written as \u escapes
# (the same JSON value, nothing for the terminal to act on).
_TERMINAL_ESCAPES = {code: f"\\u{code:04x}" for code in CONTROLS
                     if code >= 0x20}


def _writer(stdout):
    if not is_terminal(stdout):
        return stdout.write
    return lambda text: stdout.write(text.translate(_TERMINAL_ESCAPES))


def _raw(value):
    machine = getattr(value, "machine_readable", None)
    return machine() if machine else value


def _objects(column_names, data):
    for row in data:
        yield {name: _raw(value) for name, value in zip(column_names, row)}


class _closed:
    """Writes an array's end whether its records all came or the walk
    that fetched them failed midway (the error then says so on stderr and
    in the exit code): stdout always holds one whole JSON document."""

    def __init__(self, close, started=lambda: True):
        self.close = close
        self.started = started

    def __enter__(self):
        return self

    def __exit__(self, kind, exc, traceback):
        if kind is None:
            self.close()
        elif (not issubclass(kind, (BrokenPipeError, KeyboardInterrupt))
              and self.started()):
            self.close()
        return False


class DocumentFormatter(base.ListFormatter, base.SingleFormatter):
    """Prints whole objects; rows are turned back into objects first."""

    def add_argument_group(self, parser):
        pass

    def emit_list(self, column_names, data, stdout, parsed_args):
        self.emit_documents(_objects(column_names, data), stdout, parsed_args)

    def emit_one(self, column_names, data, stdout, parsed_args):
        record = {name: _raw(value) for name, value in zip(column_names, data)}
        self.emit_document(record, stdout, parsed_args)


class JSONFormatter(DocumentFormatter):
    """JSON; a list is one array, streamed as it is fetched.

    On a terminal a list is indented for reading. Into a pipe or a file it
    is written one record a line (still one JSON array, as ``gh`` does):
    that costs no more than NDJSON, however many pages ``--all`` walks.
    ``--indent`` and ``--noindent`` choose either way.
    """

    def add_argument_group(self, parser):
        group = parser.add_argument_group(N_("JSON formatter"))
        group.add_argument(
            "--noindent", action="store_true", dest="noindent",
            help=N_("print the JSON on one line"),
        )
        group.add_argument(
            "--indent", action="store_true", dest="indent",
            help=N_("indent a list even when not printing to a terminal"),
        )

    @staticmethod
    def _indent(parsed_args):
        return None if getattr(parsed_args, "noindent", False) else 2

    def emit_documents(self, records, stdout, parsed_args):
        indent = self._indent(parsed_args)
        if indent and not (getattr(parsed_args, "indent", False)
                           or is_terminal(stdout)):
            return self._emit_lines(records, stdout)
        count = 0
        write = _writer(stdout)
        write("[")
        with _closed(lambda: write("\n]\n" if indent and count else "]\n")):
            for record in records:
                text = jsonio.dumps(record, indent)
                if indent:
                    text = "\n" + "\n".join(
                        " " * indent + line for line in text.splitlines()
                    )
                write(("," if count else "") + text)
                count += 1

    @staticmethod
    def _emit_lines(records, stdout):
        write, dumps = stdout.write, jsonio.dumps
        separator = "[\n"
        with _closed(lambda: write("[]\n" if separator == "[\n"
                                   else "\n]\n"),
                     started=lambda: separator != "[\n"):
            for record in records:
                write(separator + dumps(record))
                separator = ",\n"

    def emit_document(self, record, stdout, parsed_args):
        _writer(stdout)(jsonio.dumps(record, self._indent(parsed_args))
                        + "\n")


class NDJSONFormatter(DocumentFormatter):
    """One compact JSON object per line, for streams and ``jq -c``."""

    def emit_documents(self, records, stdout, parsed_args):
        write, dumps = _writer(stdout), jsonio.dumps
        for record in records:
            write(dumps(record) + "\n")

    def emit_document(self, record, stdout, parsed_args):
        _writer(stdout)(jsonio.dumps(record) + "\n")


class YAMLFormatter(DocumentFormatter):
    """YAML, with amounts written exactly as Alegra sent them.

    A list is one block sequence written a record at a time as the pages
    arrive, so memory stays flat however many records ``--all`` walks
    (see :mod:`alegra.output.formatters.yamltext` for why not PyYAML).
    """

    def emit_documents(self, records, stdout, parsed_args):
        from alegra.output.formatters import yamltext

        count = 0
        for record in records:
            out = []
            yamltext.dump([record], out)
            stdout.write("".join(out))
            count += 1
        if not count:
            stdout.write("[]\n")

    def emit_document(self, record, stdout, parsed_args):
        from alegra.output.formatters import yamltext

        stdout.write(yamltext.dumps(record))
