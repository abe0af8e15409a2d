"""cliff's table, with control characters escaped on a terminal.

Cells and headers come from the server (field names too, in a record's
view), so on a terminal every control character but the line break is
shown as an escape (see :func:`alegra.output.terminal.escape_controls`);
cliff still draws line breaks as extra lines in the cell. Into a pipe or a
file the table is cliff's, unchanged.
"""

from cliff import columns
from cliff.formatters import table

from alegra.output.terminal import escape_controls, is_terminal


def _shown(value):
    if isinstance(value, columns.FormattableColumn):
        value = value.human_readable()
    if isinstance(value, str):
        return escape_controls(value.replace("\r\n", "\n"))
    return value


def _rows(data):
    for row in data:
        yield [_shown(value) for value in row]


class TableFormatter(table.TableFormatter):
    """A table for people."""

    def emit_list(self, column_names, data, stdout, parsed_args):
        if is_terminal(stdout):
            column_names = [_shown(name) for name in column_names]
            data = _rows(data)
        super().emit_list(column_names, data, stdout, parsed_args)

    def emit_one(self, column_names, data, stdout, parsed_args):
        if is_terminal(stdout):
            column_names = [_shown(name) for name in column_names]
            data = [_shown(value) for value in data]
        super().emit_one(column_names, data, stdout, parsed_args)
