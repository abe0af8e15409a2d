"""Turning Alegra's JSON objects into columns and rows.

Every value handed to a formatter is a :class:`Cell`: formatters for people
(table, csv, value) show its text, formatters for programs (json, yaml,
ndjson) take the value exactly as Alegra sent it.
"""

from cliff.columns import FormattableColumn

from alegra import jsonio

_MISSING = object()


def get_path(record, dotted):
    """The value at ``a.b.0.c`` in ``record``, or None where it stops."""
    value = record
    for part in dotted.split("."):
        if isinstance(value, dict):
            value = value.get(part, _MISSING)
        elif isinstance(value, list) and part.isdigit():
            index = int(part)
            value = value[index] if index < len(value) else _MISSING
        else:
            value = _MISSING
        if value is _MISSING:
            return None
    return value


def text_of(value):
    """How a value reads in a table or a CSV cell."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list) and all(
            not isinstance(entry, (dict, list)) for entry in value):
        return ", ".join(text_of(entry) for entry in value)
    if isinstance(value, (dict, list)):
        return jsonio.dumps(value)
    return jsonio.number_text(value) or str(value)


class Cell(FormattableColumn):
    """One value of one column."""

    def human_readable(self):
        return text_of(self._value)

    def machine_readable(self):
        return self._value

    def __str__(self):
        return self.human_readable()


def cell_text(value):
    if isinstance(value, FormattableColumn):
        return value.human_readable()
    return text_of(value)


def split_columns(specs):
    """``['id,name', 'email']`` into ``['id', 'name', 'email']``."""
    columns = []
    for spec in specs or ():
        for name in str(spec).split(","):
            name = name.strip()
            if name and name not in columns:
                columns.append(name)
    return columns


class Records:
    """Rows for cliff formatters that still know the whole objects.

    Iterating gives one tuple of cells per record, for the ``columns``; the
    objects themselves stay available, so that json and yaml print exactly
    what Alegra sent when no columns were asked for.
    """

    def __init__(self, records, columns, explicit=False):
        self.records = records
        self.columns = list(columns)
        self.explicit = explicit

    def __iter__(self):
        for record in self.records:
            yield row_of(record, self.columns)


def row_of(record, columns):
    return tuple(Cell(get_path(record, column)) for column in columns)


def select(record, columns):
    """A copy of ``record`` with only ``columns`` (dotted names kept)."""
    return {column: get_path(record, column) for column in columns}
