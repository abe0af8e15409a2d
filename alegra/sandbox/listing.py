"""List parameters: filters, ordering and pages, turned into SQL.

A filter is a function of the parameter's text returning ``(sql,
params)``; it reads an indexed column of ``records`` where one holds the
field, and the JSON document otherwise. Only names declared by a resource
reach SQL, so parameters are never spliced into the query text.
"""

from alegra.sandbox import errors, ids

MAX_LIMIT = 30


def _values(text):
    return [part.strip() for part in text.split(",") if part.strip()]


def _ints(text, field):
    try:
        values = [_key(part) for part in _values(text)]
        if any(abs(value) > ids.MAX_KEY for value in values):
            raise ValueError("beyond SQLite's integers")
        return values
    except ValueError:
        raise errors.invalid(
            errors.BAD_LIST_PARAMETER,
            f"El parámetro '{field}' debe ser un id o una lista de ids "
            "separados por comas") from None


def _key(text):
    return ids.uuid_key(text) if ids.is_uuid(text) else int(text)


def any_of(column):
    """``status=open,closed`` style: one value or a comma list."""
    def clause(text):
        values = _values(text)
        return (f"{column} IN ({', '.join('?' * len(values))})", values)
    return clause


def ids_in(column):
    def clause(text):
        values = _ints(text, column)
        return (f"{column} IN ({', '.join('?' * len(values))})", values)
    return clause


def equals(column):
    return lambda text: (f"{column} = ?", [text])


def contains(*columns):
    """Case-insensitive substring match on any of ``columns``."""
    def clause(text):
        pattern = "%" + text.replace("\\", "\\\\").replace(
            "%", "\\%").replace("_", "\\_") + "%"
        parts = [f"{column} LIKE ? ESCAPE '\\'" for column in columns]
        return ("(" + " OR ".join(parts) + ")", [pattern] * len(columns))
    return clause


def has_value(column):
    """A comma-joined column (``client,provider``) holds ``text``."""
    return lambda text: (f"(',' || {column} || ',') LIKE ?",
                         [f"%,{text},%"])


def json_path(path):
    return f"json_extract(doc, '$.{path}')"


def compare(column, operator):
    return lambda text: (f"{column} {operator} ?", [text])


def in_lines(array, field="id"):
    """An id among the document's lines (``item_id=5``)."""
    def clause(text):
        values = _ints(text, field)
        return (f"EXISTS (SELECT 1 FROM json_each(doc, '$.{array}') WHERE "
                f"json_extract(value, '$.{field}') IN "
                f"({', '.join('?' * len(values))}))", values)
    return clause


def date_filters(name, column):
    """``date``, ``date_after``, ``date_afterOrNow``, ... for a date field."""
    return {
        name: equals(column),
        f"{name}_after": compare(column, ">"),
        f"{name}_afterOrNow": compare(column, ">="),
        f"{name}_before": compare(column, "<"),
        f"{name}_beforeOrNow": compare(column, "<="),
    }


def where(filters, args):
    """The WHERE clause for the declared filters present in ``args``."""
    parts, params = [], []
    for name, make in filters.items():
        text = args.get(name)
        if text is None or text == "":
            continue
        sql, values = make(text)
        parts.append(sql)
        params.extend(values)
    return " AND ".join(parts), params


def order(order_fields, args):
    field = args.get("order_field") or "id"
    column = order_fields.get(field)
    if column is None:
        raise errors.invalid(
            errors.BAD_LIST_PARAMETER,
            f"No se puede ordenar por '{field}'. Campos permitidos: "
            f"{', '.join(order_fields)}")
    direction = (args.get("order_direction") or "ASC").upper()
    if direction not in ("ASC", "DESC"):
        raise errors.invalid(
            errors.BAD_LIST_PARAMETER,
            "El parámetro 'order_direction' debe ser ASC o DESC")
    if column == "id":
        return f"id {direction}"
    return f"{column} {direction}, id {direction}"


def page(args):
    """``(start, limit)``; a limit above 30 is an error, as in Alegra."""
    start = _natural(args.get("start"), "start", 0)
    limit = _natural(args.get("limit"), "limit", MAX_LIMIT)
    if limit > MAX_LIMIT:
        raise errors.invalid(
            errors.BAD_PAGINATION,
            f"El límite de resultados por página no puede ser mayor a "
            f"{MAX_LIMIT}")
    return start, limit


def _natural(text, field, default):
    if text is None or text == "":
        return default
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= ids.MAX_KEY:
        raise errors.invalid(
            errors.BAD_PAGINATION,
            f"El parámetro '{field}' debe ser un número entero mayor o "
            "igual a 0")
    return value


def wants_metadata(args):
    return str(args.get("metadata", "")).lower() in ("true", "1")
