"""cliff's table, fitted to the terminal, with control characters escaped.

On a terminal (or with ``--max-width N``) the table is made to fit (see
:mod:`alegra.output.fitting`): text is shortened with ``…``, numbers, dates
and ids are never split, and when the resource's default columns still do
not fit, its least important ones are left out with one note on stderr
naming them. Default columns are headed by short labels in the user's
language (:mod:`alegra.output.labels`); ``--columns`` takes the paths.

Cells and headers come from the server (field names too, in a record's
view), so on a terminal every control character but the line break is
shown as an escape (see :func:`alegra.output.terminal.escape_controls`);
cliff still draws line breaks as extra lines in the cell. Into a pipe or a
file the table is cliff's, unchanged.
"""

import sys

from cliff import columns
from cliff.formatters import table

from alegra.output import fitting
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


def _note(text):
    sys.stderr.write(escape_controls(text) + "\n")
    sys.stderr.flush()


class TableFormatter(table.TableFormatter):
    """A table for people."""

    def emit_list(self, column_names, data, stdout, parsed_args):
        terminal = is_terminal(stdout)
        if terminal:
            column_names = [_shown(name) for name in column_names]
            data = _rows(data)
        room = int(getattr(parsed_args, "max_width", 0) or 0)
        if room <= 0 and terminal:
            room = fitting.terminal_width(stdout)
        if room > 0 and column_names:
            column_names, data = self._fitted(column_names, list(data),
                                              room, parsed_args, terminal)
            # cliff fits again to the terminal it measures; it fits already
            parsed_args.max_width = room
        super().emit_list(column_names, data, stdout, parsed_args)

    def emit_one(self, column_names, data, stdout, parsed_args):
        if is_terminal(stdout):
            column_names = [_shown(name) for name in column_names]
            data = [_shown(value) for value in data]
        super().emit_one(column_names, data, stdout, parsed_args)

    def _fitted(self, paths, rows, room, parsed_args, terminal):
        priority = getattr(parsed_args, "column_priority", None)
        defaults = priority is not None and set(priority) == set(paths)
        headers = list(paths)
        if defaults and terminal:
            from alegra.output import labels

            headers = labels.labels(paths)
        order = None
        if defaults:
            order = [paths.index(path) for path in priority]
        kept, widths = fitting.fit(headers, rows, room, order)
        hidden = [path for i, path in enumerate(paths) if i not in kept]
        if hidden and not getattr(parsed_args, "table_noted", False):
            parsed_args.table_noted = True
            note = getattr(parsed_args, "table_note", None) or _note
            shown = ",".join(paths[i] for i in kept)
            note(f"Hid {', '.join(hidden)} to fit {room} columns; see "
                 f"them with --columns {shown},{','.join(hidden)} or "
                 "-o json")
        headers = [fitting.shorten(headers[i], width)
                   for i, width in zip(kept, widths)]
        rows = [[fitting.shorten(row[i], width)
                 for i, width in zip(kept, widths)] for row in rows]
        return headers, rows
