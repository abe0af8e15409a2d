"""Reading an import's input: CSV with a header, a JSON array, or NDJSON.

The whole file is read before the first row is sent, so that a broken
file costs no request. Rows are independent: a CSV row with more or fewer
cells than the header, or with bytes that are not text, is kept as a
malformed row (its ``problem`` says what, with its line) that fails alone
while the others are sent.

- CSV: UTF-8 with or without a byte-order mark; a file with no UTF-8 in
  it at all is read as Latin-1 (what Excel writes in Spanish-speaking
  locales) with a warning, while in a UTF-8 file a row holding other bytes
  is malformed. The separator, ``,`` or ``;``, is taken from the header
  line. Blank lines are skipped. Cells are text: :mod:`alegra.bulk.rows`
  guesses their types.
- JSON: an array of objects.
- NDJSON: one object per line (``.ndjson``, ``.jsonl``); blank lines skipped.

The format is told by the extension, else by the first character.
"""

import csv
import hashlib
import io
import json
from dataclasses import dataclass, field

from alegra import jsonio
from alegra.inputs.body import NotANumber, strict_loads
from alegra.errors import UsageError
from alegra.i18n import _

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
    problem: str = None  # why a malformed row cannot be sent
    cells: list = None   # a malformed CSV row's cells, as they came

    def digest(self):
        """A hash of the row's content, to know it again in a later run."""
        content = self.cells
        if content is None:
            content = dict(sorted(self.values.items()))
        text = jsonio.dumps(content)
        return hashlib.sha256(
            text.encode("utf-8", "surrogateescape")).hexdigest()[:32]


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
        raise UsageError(_("{path} is empty").format(path=path),
                         _("nothing to import"))
    kind = detect_format(path, data)
    if kind == "csv":
        found = read_csv(path, data)
    elif kind == "json":
        found = read_json(path, data)
    else:
        found = read_ndjson(path, data)
    found.digest = digest
    if not found.rows:
        raise UsageError(_("{path} has no rows to import").format(
            path=path))
    return found


def _read_bytes(path):
    try:
        with open(path, "rb") as stream:
            return stream.read()
    except FileNotFoundError:
        raise UsageError(_("{path}: no such file").format(
            path=path)) from None
    except IsADirectoryError:
        raise UsageError(_("{path} is a directory, not a file").format(
            path=path)) from None
    except OSError as exc:
        raise UsageError(_("cannot read {path}: {reason}").format(
            path=path, reason=exc.strerror)) from None


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
    """``(text, had a BOM, warnings)``: UTF-8, else Latin-1 with a warning.

    A UTF-8 file with a few stray bytes keeps them as surrogate escapes
    (see :func:`undecodable`): those rows are malformed, not the file."""
    bom = data.startswith(BOM.encode())
    try:
        return data.decode("utf-8-sig"), bom, []
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8-sig", "surrogateescape")
    if any(ord(char) > 0x7F and not undecodable(char) for char in text):
        return text, bom, []
    return data.decode("latin-1"), False, [
        _("Warning: {path} is not UTF-8; read it as Latin-1 "
          "(ISO-8859-1). Check accented names in the result").format(
            path=path)]


def undecodable(text):
    """Whether ``text`` holds bytes that were not UTF-8."""
    return any("\udc80" <= char <= "\udcff" for char in text)


def readable(text):
    """``text`` with its undecodable bytes read as Latin-1, for writing
    back to a failures file (where they can be fixed)."""
    if not undecodable(text):
        return text
    return "".join(
        char.encode("utf-8", "surrogateescape").decode("latin-1")
        if undecodable(char) else char for char in text)


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
            values = {name: cell for name, cell in zip(header, cells)
                      if name != ERROR_FIELD}
            row = Row(len(rows) + 1, values, line)
            row.problem = _malformed(header, cells, line, delimiter)
            if row.problem:
                row.cells = list(cells)
            rows.append(row)
    except csv.Error as exc:
        raise UsageError(
            _("{path} line {line}: not valid CSV ({reason})").format(
                path=path, line=reader.line_num, reason=exc)) from None
    return Input(path, "csv", rows, "", columns=header or [],
                 delimiter=delimiter, bom=bom, warnings=warnings)


def _malformed(header, cells, line, delimiter):
    """What is wrong with one CSV row, or None."""
    if len(cells) != len(header):
        return _("line {line}: {cells} cells, but the header has "
                 "{columns} (quote cells that contain '{delimiter}')").format(
            line=line, cells=len(cells), columns=len(header),
            delimiter=delimiter)
    if any(undecodable(cell) for cell in cells):
        return _("line {line}: bytes that are not UTF-8 text (save the "
                 "file as UTF-8)").format(line=line)
    return None


def _check_header(path, cells):
    header = [cell.strip() for cell in cells]
    if any(undecodable(name) for name in header):
        raise UsageError(_("{path}: the header holds bytes that are not "
                           "UTF-8 text").format(path=path),
                         _("save the file as UTF-8"))
    seen = set()
    for position, name in enumerate(header, start=1):
        if not name:
            raise UsageError(_("{path}: column {position} of the header "
                               "has no name").format(path=path,
                                                     position=position))
        if name in seen:
            raise UsageError(_("{path}: the header names {name} "
                               "twice").format(path=path, name=repr(name)))
        seen.add(name)
    return header


def _utf8(path, data):
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(_("{path} is not UTF-8 text").format(
            path=path)) from None


def read_json(path, data):
    text = _utf8(path, data)
    try:
        document = strict_loads(text)
    except NotANumber as exc:
        raise UsageError(_("{path} holds {constant}, which is not a JSON "
                           "number").format(path=path,
                                            constant=exc.constant)) from None
    except RecursionError:
        raise UsageError(_("{path} is nested too deeply").format(
            path=path)) from None
    except json.JSONDecodeError as exc:
        raise UsageError(
            _("{path} is not valid JSON: {reason} at line {line}, column "
              "{column}").format(path=path, reason=exc.msg,
                                 line=exc.lineno,
                                 column=exc.colno)) from None
    if not isinstance(document, list):
        raise UsageError(_("{path}: expected a JSON array of objects, one "
                           "per record").format(path=path))
    rows = []
    for number, entry in enumerate(document, start=1):
        if not isinstance(entry, dict):
            raise UsageError(_("{path}: entry {number} of the array is "
                               "not an object").format(path=path,
                                                       number=number))
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
            raise UsageError(_("{path} line {line} holds {constant}, "
                               "which is not a JSON number").format(
                path=path, line=line_number,
                constant=exc.constant)) from None
        except RecursionError:
            raise UsageError(_("{path} line {line} is nested too "
                               "deeply").format(path=path,
                                                line=line_number)) from None
        except json.JSONDecodeError as exc:
            raise UsageError(
                _("{path} line {line} is not valid JSON: {reason} at column "
                  "{column}").format(path=path, line=line_number,
                                     reason=exc.msg,
                                     column=exc.colno)) from None
        if not isinstance(entry, dict):
            raise UsageError(_("{path} line {line} is not a JSON "
                               "object").format(path=path, line=line_number))
        entry.pop(ERROR_FIELD, None)
        rows.append(Row(len(rows) + 1, entry, line_number))
    return Input(path, "ndjson", rows, "", columns=_keys(rows))


def _keys(rows):
    keys = {}
    for row in rows:
        keys.update(dict.fromkeys(row.values))
    return list(keys)
