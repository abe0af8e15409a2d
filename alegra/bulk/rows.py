"""Turning an input row into a request body: ``--map``, ``--set``, types.

A column's name is its field unless ``--map 'Column=field.path'`` renames
it (``--map 'Notes='`` leaves a column out); dotted names build nested
objects. CSV cells are read like ``--set`` values (:func:`alegra.inputs.body.
parse_value`): JSON when they parse, except that text which only looks
numeric (leading zeros, ``+57...``) and every value of a field the resource
declares as text stay strings. Empty cells are left out, so that a blank
cell never sends an empty string. ``--set key=value`` applies to every row,
on top of what the row holds. JSON and NDJSON rows keep their values.
A column matched by the header dictionary may imply a field on the rows
where it has a value (``NIT`` -> ``identification.type=NIT``), unless the
row or ``--set`` gives that field.
"""

from dataclasses import dataclass

from alegra.inputs import body as body_module
from alegra import records
from alegra.errors import UsageError
from alegra.i18n import _


def parse_map(specs, columns, source):
    """``['A=x.y,B=z']`` into ``{'A': 'x.y', 'B': 'z'}``, checked against
    the input's columns (a column mapped to nothing maps to None)."""
    mapping = {}
    for spec in specs or ():
        for part in str(spec).split(","):
            if not part.strip():
                continue
            column, sep, target = part.partition("=")
            column, target = column.strip(), target.strip()
            if not sep or not column:
                raise UsageError(
                    _("--map {part}: expected Column=field.path").format(
                        part=repr(part.strip())))
            if target and any(not piece for piece in target.split(".")):
                raise UsageError(
                    _("--map {part}: empty segment in {target}").format(
                        part=repr(part.strip()), target=repr(target)))
            if column not in columns:
                raise UsageError(
                    _("--map: {path} has no column {column}").format(
                        path=source, column=repr(column)),
                    _("its columns are {columns}").format(
                        columns=", ".join(columns)))
            mapping[column] = target or None
    return mapping


def parse_assignments(assignments, text_fields):
    """``--set`` pairs as ``[(dotted key, value)]``, parsed once."""
    parsed = []
    for assignment in assignments or ():
        key, raw = body_module.split_assignment(assignment)
        parsed.append((key, body_module.parse_value(raw, key in text_fields)))
    return parsed


class RowError(Exception):
    """A row that cannot become a body; it fails alone, with no request."""


class RowBuilder:
    def __init__(self, mapping=None, assignments=(), text_fields=(),
                 typed=False, implied=None):
        self.mapping = mapping or {}
        self.implied = implied or {}
        self.assignments = list(assignments)
        self.text_fields = frozenset(text_fields)
        # JSON rows carry their own types; CSV cells are text to guess.
        self.typed = typed

    def field_of(self, column):
        """The dotted field a column fills (None: left out)."""
        return self.mapping.get(column, column)

    def build(self, values):
        """The body of one row (a new dict), or :class:`RowError`."""
        import copy

        result = {}
        try:
            for column, value in values.items():
                target = self.field_of(column)
                if target is None:
                    continue
                if not self.typed:
                    if value is None or not str(value).strip():
                        continue
                    value = body_module.parse_value(
                        value.strip(), target in self.text_fields)
                elif target == column and column not in self.mapping:
                    # A JSON key is a field name, dots and all.
                    result[column] = value
                    continue
                body_module.set_path(result, target, value)
                for key, implied in self.implied.get(column, ()):
                    if records.get_path(result, key) is None:
                        body_module.set_path(result, key, implied)
            for key, value in self.assignments:
                body_module.set_path(result, key, copy.deepcopy(value))
        except UsageError as exc:
            raise RowError(exc.message.replace("--set ", "")) from None
        return result


@dataclass(frozen=True)
class NaturalKey:
    """What identifies a row's record on the server (to look it up when a
    create's answer was lost): candidate body fields, the first present
    wins, and the list filter that finds it (None: walk the whole list)."""

    fields: tuple
    param: str = None

    def value_of(self, body):
        for dotted in self.fields:
            value = records.get_path(body, dotted)
            if value is not None and not isinstance(value, (dict, list)):
                text = records.text_of(value).strip()
                if text:
                    return text
        return None

    def matches(self, record, value):
        """Whether ``record`` carries ``value`` under the key's field
        (Alegra reads some fields back in another shape: a contact's
        ``identification`` object comes back as its number)."""
        if not isinstance(record, dict):
            return False
        return any(value in _leaves(record.get(dotted.split(".")[0]))
                   for dotted in self.fields)


def _leaves(value):
    if isinstance(value, dict):
        for entry in value.values():
            yield from _leaves(entry)
    elif isinstance(value, list):
        for entry in value:
            yield from _leaves(entry)
    elif value is not None:
        yield records.text_of(value).strip()


def filter_param(filters, fields):
    """The query name of the list filter on one of ``fields`` (dotted:
    ``identification.number`` is found by the ``identification``
    filter), or None when no filter finds them."""
    tops = {name.split(".")[0] for name in fields}
    for spec in filters:
        if spec.query_name in tops or spec.option in tops:
            return spec.query_name
    return None


def key_for_column(column, builder, filters, default=None):
    """The :class:`NaturalKey` of ``--key COLUMN``: the field the column
    fills, found with the resource's filter on that field if it has one."""
    target = builder.field_of(column)
    if target is None:
        raise UsageError(_("--key {column}: that column is mapped to "
                           "nothing").format(column=column))
    param = filter_param(filters, (target,))
    top = target.split(".")[0]
    if param is None and default is not None and top in {
            name.split(".")[0] for name in default.fields}:
        param = default.param
    return NaturalKey((target,), param)
