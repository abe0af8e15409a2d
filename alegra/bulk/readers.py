"""Reading an import's input: CSV with a header, a JSON array, or NDJSON.

The whole file is read and checked before the first row is sent, so that a
ragged CSV row or a broken JSON line costs no request, and so that the
journal can be keyed by a hash of exactly these bytes.

- CSV: UTF-8 with or without a byte-order mark; a file that is not UTF-8
  is read as Latin-1 (what Excel writes in Spanish-speaking locales) with a
  warning. The separator, ``,`` or ``;``, is taken from the header line.
  Blank lines are skipped; every other row must have the header's number
  of cells. Cells are text: :mod:`alegra.bulk.rows` guesses their types.
- JSON: an array of objects.
- NDJSON: one object per line (``.ndjson``, ``.jsonl``); blank lines skipped.

The format is told by the extension, else by the first character.
"""

import csv
import hashlib
import io
import json
from dataclasses import dataclass, field

from alegra.inputs.body import NotANumber, strict_loads
from alegra.errors import UsageError

EXTENSIONS = {".csv": "csv", ".txt": "csv", ".json": "json",
              ".ndjson": "ndjson", ".jsonl": "ndjson"}
# The column (or key) a failures file adds with each row's error; reading
# drops it, so that a failures file can be fed back as it is.
ERROR_FIELD = "_error"
BOM = "\ufeff"


@dataclass
class Row:
    number: int        # 1 is the first row after the header
    values: dict       # column (or key) -> cell text, or JSON value
    line: int = None   # where it starts in the file, for messages


@dataclass
class Input:
    path: str
    format: str
    rows: list
    digest: str
    columns: list = field(default_factory=list)
    delimiter: str = ","
    bom: bool = False
    warnings: list = field(default_factory=list)


def read(path):
    """The :class:`Input` in ``path``, or a one-line UsageError."""
    data = _read_bytes(path)
    digest = hashlib.sha256(data).hexdigest()
    if not data.strip() or data.strip() == BOM.encode():
        raise UsageError(f"{path} is empty", "nothing to import")
    kind = detect_format(path, data)
    if kind == "csv":
        found = read_csv(path, data)
    elif kind == "json":
        found = read_json(path, data)
    else:
        found = read_ndjson(path, data)
    found.digest = digest
    if not found.rows:
        raise UsageError(f"{path} has no rows to import")
    return found


def _read_bytes(path):
    try:
        with open(path, "rb") as stream:
            return stream.read()
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise UsageError(f"{path} is a directory, not a file") from None
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}") from None


def detect_format(path, data):
    import os

    extension = os.path.splitext(str(path))[1].lower()
    if extension in EXTENSIONS:
        return EXTENSIONS[extension]
    start = data.lstrip()[:4].decode("utf-8", "replace").lstrip(BOM)
    start = start.lstrip()
    if start.startswith("["):
        return "json"
    if start.startswith("{"):
        return "ndjson"
    return "csv"


def decode_text(path, data):
    """``(text, had a BOM, warnings)``: UTF-8, else Latin-1 with a warning."""
    bom = data.startswith(BOM.encode())
    try:
        return data.decode("utf-8-sig"), bom, []
    except UnicodeDecodeError:
        return data.decode("latin-1"), False, [
            f"Warning: {path} is not UTF-8; read it as Latin-1 "
            "(ISO-8859-1). Check accented names in the result"]


def guess_delimiter(header_line):
    """``;`` when the header has more of them than commas, else ``,``."""
    return ";" if header_line.count(";") > header_line.count(",") else ","


def read_csv(path, data):
    text, bom, warnings = decode_text(path, data)
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = guess_delimiter(first)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter,
                        strict=True)
    header = None
    rows = []
    try:
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            line = reader.line_num
            if header is None:
                header = _check_header(path, cells)
                continue
            if len(cells) != len(header):
                raise UsageError(
                    f"{path} line {line}: {len(cells)} cells, but the header "
                    f"has {len(header)}",
                    "every row needs one cell per column (quote cells that "
                    f"contain '{delimiter}')")
            values = {name: cell for name, cell in zip(header, cells)
                      if name != ERROR_FIELD}
            rows.append(Row(len(rows) + 1, values, line))
    except csv.Error as exc:
        raise UsageError(
            f"{path} line {reader.line_num}: not valid CSV ({exc})") from None
    return Input(path, "csv", rows, "", columns=header or [],
                 delimiter=delimiter, bom=bom, warnings=warnings)


def _check_header(path, cells):
    header = [cell.strip() for cell in cells]
    seen = set()
    for position, name in enumerate(header, start=1):
        if not name:
            raise UsageError(f"{path}: column {position} of the header has "
                             "no name")
        if name in seen:
            raise UsageError(f"{path}: the header names {name!r} twice")
        seen.add(name)
    return header


def _utf8(path, data):
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(f"{path} is not UTF-8 text") from None


def read_json(path, data):
    text = _utf8(path, data)
    try:
        document = strict_loads(text)
    except NotANumber as exc:
        raise UsageError(f"{path} holds {exc.constant}, which is not a JSON "
                         "number") from None
    except RecursionError:
        raise UsageError(f"{path} is nested too deeply") from None
    except json.JSONDecodeError as exc:
        raise UsageError(
            f"{path} is not valid JSON: {exc.msg} at line {exc.lineno}, "
            f"column {exc.colno}") from None
    if not isinstance(document, list):
        raise UsageError(f"{path}: expected a JSON array of objects, one "
                         "per record")
    rows = []
    for number, entry in enumerate(document, start=1):
        if not isinstance(entry, dict):
            raise UsageError(f"{path}: entry {number} of the array is not "
                             "an object")
        entry.pop(ERROR_FIELD, None)
        rows.append(Row(number, entry))
    return Input(path, "json", rows, "", columns=_keys(rows))


def read_ndjson(path, data):
    text = _utf8(path, data)
    rows = []
    for line_number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            entry = strict_loads(line)
        except NotANumber as exc:
            raise UsageError(f"{path} line {line_number} holds "
                             f"{exc.constant}, which is not a JSON number"
                             ) from None
        except RecursionError:
            raise UsageError(f"{path} line {line_number} is nested too "
                             "deeply") from None
        except json.JSONDecodeError as exc:
            raise UsageError(
                f"{path} line {line_number} is not valid JSON: {exc.msg} at "
                f"column {exc.colno}") from None
        if not isinstance(entry, dict):
            raise UsageError(f"{path} line {line_number} is not a JSON "
                             "object")
        entry.pop(ERROR_FIELD, None)
        rows.append(Row(len(rows) + 1, entry, line_number))
    return Input(path, "ndjson", rows, "", columns=_keys(rows))


def _keys(rows):
    keys = {}
    for row in rows:
        keys.update(dict.fromkeys(row.values))
    return list(keys)
