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

The table itself is drawn by :mod:`alegra.output.formatters.box`, byte for
byte as cliff's table formatter draws it with prettytable, without
importing prettytable or wcwidth; the rare table box cannot draw exactly
is handed to cliff's formatter.
"""

import os
import sys

from cliff import columns
from cliff.formatters import base

from alegra.i18n import _
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


def _cliff_formatter():
    from cliff.formatters import table

    return table.TableFormatter()


def _emit(stdout, drawn):
    stdout.write(drawn)
    stdout.write("\n")


class TableFormatter(base.ListFormatter, base.SingleFormatter):
    """A table for people."""

    def add_argument_group(self, parser):
        # cliff's options, word for word (alegra-cliff translates them)
        group = parser.add_argument_group("table formatter")
        group.add_argument(
            "--max-width",
            metavar="<integer>",
            default=int(os.environ.get("CLIFF_MAX_TERM_WIDTH", 0)),
            type=int,
            help=("Maximum display width, <1 to disable. You can also "
                  "use the CLIFF_MAX_TERM_WIDTH environment variable, "
                  "but the parameter takes precedence."),
        )
        group.add_argument(
            "--fit-width",
            action="store_true",
            default=bool(int(os.environ.get("CLIFF_FIT_WIDTH", 0))),
            help=("Fit the table to the display width. "
                  "Implied if --max-width greater than 0. "
                  "Set the environment variable CLIFF_FIT_WIDTH=1 "
                  "to always enable"),
        )
        group.add_argument(
            "--print-empty",
            action="store_true",
            help="Print empty table if there is no data to show.",
        )

    def emit_list(self, column_names, data, stdout, parsed_args):
        from alegra.output.formatters import box

        terminal = is_terminal(stdout)
        if terminal:
            column_names = [_shown(name) for name in column_names]
            data = _rows(data)
        room = int(getattr(parsed_args, "max_width", 0) or 0)
        if room <= 0 and terminal:
            from alegra.output import fitting

            room = fitting.terminal_width(stdout)
        if room > 0 and column_names:
            column_names, data = self._fitted(column_names, list(data),
                                              room, parsed_args, terminal)
            # cliff fits again to the terminal it measures; it fits already
            parsed_args.max_width = room
        data = list(data)
        drawn = box.render_list(column_names, data, parsed_args.print_empty,
                                parsed_args.max_width, parsed_args.fit_width)
        if drawn is None:
            _cliff_formatter().emit_list(column_names, data, stdout,
                                         parsed_args)
        else:
            _emit(stdout, drawn)

    def emit_one(self, column_names, data, stdout, parsed_args):
        from alegra.output.formatters import box

        if is_terminal(stdout):
            column_names = [_shown(name) for name in column_names]
            data = [_shown(value) for value in data]
        drawn = box.render_one(column_names, data, parsed_args.max_width,
                               parsed_args.fit_width)
        if drawn is None:
            _cliff_formatter().emit_one(column_names, data, stdout,
                                        parsed_args)
        else:
            _emit(stdout, drawn)

    def _fitted(self, paths, rows, room, parsed_args, terminal):
        from alegra.output import fitting

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
            note(_("Hid {hidden} to fit {room} columns; see them with "
                   "--columns {columns} or -o json").format(
                hidden=", ".join(hidden), room=room,
                columns=shown + "," + ",".join(hidden)))
        headers = [fitting.shorten(headers[i], width)
                   for i, width in zip(kept, widths)]
        rows = [[fitting.shorten(row[i], width)
                 for i, width in zip(kept, widths)] for row in rows]
        return headers, rows
