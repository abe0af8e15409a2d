"""csv, value and shell: every cell as text (escaped on a terminal)."""

import csv

from cliff.formatters import base, shell, value

from alegra.i18n import N_
from alegra.output.terminal import for_terminal
from alegra.records import cell_text


def _texts(row):
    return [cell_text(cell) for cell in row]


class CSVFormatter(base.ListFormatter):
    """Comma-separated values with a header row."""

    QUOTE_MODES = {
        "all": csv.QUOTE_ALL,
        "minimal": csv.QUOTE_MINIMAL,
        "nonnumeric": csv.QUOTE_NONNUMERIC,
    }

    def add_argument_group(self, parser):
        group = parser.add_argument_group(N_("CSV formatter"))
        group.add_argument(
            "--quote", choices=sorted(self.QUOTE_MODES), dest="quote_mode",
            default="minimal",
            help=N_("when to quote cells (default: minimal)"),
        )

    def emit_list(self, column_names, data, stdout, parsed_args):
        from alegra.output.formatters.cells import CellWriter

        mode = getattr(parsed_args, "quote_mode", "minimal")
        writer = CellWriter(stdout, quoting=self.QUOTE_MODES[mode])
        writer.writerow(column_names)
        for row in data:
            writer.writerow(_texts(row))


class ValueFormatter(value.ValueFormatter):
    """Bare values separated by spaces, no header: for scripts."""

    def emit_list(self, column_names, data, stdout, parsed_args):
        shown = for_terminal(stdout)
        for row in data:
            stdout.write(shown(" ".join(_texts(row))) + "\n")

    def emit_one(self, column_names, data, stdout, parsed_args):
        shown = for_terminal(stdout)
        for cell in _texts(data):
            stdout.write(shown(cell) + "\n")


class ShellFormatter(shell.ShellFormatter):
    """``name="value"`` lines for ``eval``."""

    def emit_one(self, column_names, data, stdout, parsed_args):
        shown = for_terminal(stdout)
        names = [shown(name.replace(".", "_")) for name in column_names]
        cells = [shown(cell) for cell in _texts(data)]
        super().emit_one(names, cells, stdout, parsed_args)
