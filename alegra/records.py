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
    value = _lookup(record, dotted)
    return None if value is _MISSING else value


def text_of(value):
    """How a value reads in a table or a CSV cell."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Summary):
        return str(value)
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
    what Alegra sent when no columns were asked for. Columns the user named
    that no record has are passed, with the fields that do exist, to
    ``on_unknown`` once the rows are done.
    """

    def __init__(self, records, columns, explicit=False, on_unknown=None):
        self.records = records
        self.columns = list(columns)
        self.explicit = explicit
        self.on_unknown = on_unknown

    def __iter__(self):
        columns = self.columns
        if not (self.explicit and self.on_unknown):
            for record in self.records:
                yield row_of(record, columns)
            return
        unseen, fields = set(columns), []
        for record in self.records:
            if unseen:
                unseen.difference_update(present(record, unseen))
                if not fields and isinstance(record, dict):
                    fields = list(record)
            yield row_of(record, columns)
        if unseen and fields:
            self.on_unknown([c for c in columns if c in unseen], fields)


def present(record, columns):
    """Those of ``columns`` that name a field of ``record``."""
    return [column for column in columns
            if _lookup(record, column) is not _MISSING]


def _lookup(record, dotted):
    value = record
    for part in dotted.split("."):
        if isinstance(value, dict):
            value = value.get(part, _MISSING)
        elif isinstance(value, list) and part.isdigit():
            index = int(part)
            value = value[index] if index < len(value) else _MISSING
        else:
            return _MISSING
        if value is _MISSING:
            return _MISSING
    return value


# A list of more objects than this reads as a count ("items: 3 lines");
# ``--columns items.2.price`` still reaches inside it.
LIST_IN_FULL = 2


def flatten(record, prefix=""):
    """``[(dotted name, value)]`` for every leaf of ``record``.

    Nested objects give ``client.name``; a short list of objects gives
    ``items.0.price``; a longer one is summarised as ``"3 lines"``, and a
    list of plain values stays one field (``type: client, provider``).
    """
    pairs = []
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and value:
            pairs += flatten(value, name + ".")
        elif (isinstance(value, list) and value
              and any(isinstance(entry, (dict, list)) for entry in value)):
            if len(value) > LIST_IN_FULL:
                pairs.append((name, Summary(len(value))))
                continue
            for index, entry in enumerate(value):
                if isinstance(entry, dict) and entry:
                    pairs += flatten(entry, f"{name}.{index}.")
                else:
                    pairs.append((f"{name}.{index}", entry))
        else:
            pairs.append((name, value))
    return pairs


class Summary(int):
    """How many entries a list holds, shown as ``3 lines``."""

    def __str__(self):
        return f"{int(self)} line" + ("" if self == 1 else "s")


def record_view(record, columns=None):
    """``(names, cells)``: a record's fields flattened, or ``columns``."""
    if columns:
        return list(columns), row_of(record, columns)
    pairs = flatten(record) if isinstance(record, dict) else [
        ("result", record)]
    return ([name for name, _ in pairs],
            tuple(Cell(value) for _, value in pairs))


def row_of(record, columns):
    return tuple(Cell(get_path(record, column)) for column in columns)


def select(record, columns):
    """A copy of ``record`` with only ``columns`` (dotted names kept)."""
    return {column: get_path(record, column) for column in columns}
