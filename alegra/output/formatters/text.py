"""csv, value and shell: every cell as text."""

import csv

from cliff.formatters import base, shell, value

from alegra.records import cell_text

# Spreadsheets run cells that start with these as formulas (CWE-1236).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _texts(row):
    return [cell_text(cell) for cell in row]


def neutralise_formula(text):
    """Prefix a quote to cells a spreadsheet would evaluate.

    Negative numbers stay as they are: ``-12.5`` is data, ``-1+A1`` is not.
    """
    if not text.startswith(FORMULA_PREFIXES):
        return text
    if text.startswith("-"):
        try:
            float(text)
            return text
        except ValueError:
            pass
    return "'" + text


class CSVFormatter(base.ListFormatter):
    """Comma-separated values with a header row."""

    QUOTE_MODES = {
        "all": csv.QUOTE_ALL,
        "minimal": csv.QUOTE_MINIMAL,
        "nonnumeric": csv.QUOTE_NONNUMERIC,
    }

    def add_argument_group(self, parser):
        group = parser.add_argument_group("CSV formatter")
        group.add_argument(
            "--quote", choices=sorted(self.QUOTE_MODES), dest="quote_mode",
            default="minimal", help="when to quote cells (default: minimal)",
        )

    def emit_list(self, column_names, data, stdout, parsed_args):
        mode = getattr(parsed_args, "quote_mode", "minimal")
        writer = csv.writer(stdout, quoting=self.QUOTE_MODES[mode],
                            lineterminator="\n")
        writer.writerow(column_names)
        for row in data:
            writer.writerow([neutralise_formula(t) for t in _texts(row)])


class ValueFormatter(value.ValueFormatter):
    """Bare values separated by spaces, no header: for scripts."""

    def emit_list(self, column_names, data, stdout, parsed_args):
        for row in data:
            stdout.write(" ".join(_texts(row)) + "\n")

    def emit_one(self, column_names, data, stdout, parsed_args):
        for cell in _texts(data):
            stdout.write(cell + "\n")


class ShellFormatter(shell.ShellFormatter):
    """``name="value"`` lines for ``eval``."""

    def emit_one(self, column_names, data, stdout, parsed_args):
        names = [name.replace(".", "_") for name in column_names]
        super().emit_one(names, _texts(data), stdout, parsed_args)
