"""Streaming writers for ``export``: CSV, a JSON array, NDJSON.

Each record is written as it arrives, so memory stays flat whatever the
number of rows. CSV cells are the dotted paths of nested fields
(``client.name``, ``items.0.price``), read as in tables (money exactly as
Alegra sent it, lists of plain values as ``a, b``), with cells a
spreadsheet would run as formulas neutralised (header cells too; see
:mod:`alegra.output.formatters.cells`). ``--columns all`` needs
every field of every record before the header can be written: the records
are spooled to an unnamed temporary file (deleted on close, whatever
happens) while the names are gathered, then written out, so memory stays
flat there too and the cost is one extra pass over the disk.
"""

import tempfile

from alegra import jsonio, records
from alegra.local import userfiles
from alegra.output.formatters.cells import CellWriter

ALL = "all"
BOM = "\ufeff"


def flatten(value, prefix="", out=None):
    """``{"client": {"name": "x"}}`` into ``{"client.name": "x"}``.

    Objects and lists of objects are walked (``items.0.price``); a list of
    plain values, an empty list or object, and every other value is a leaf.
    """
    out = {} if out is None else out
    if isinstance(value, dict) and value:
        for key, entry in value.items():
            flatten(entry, f"{prefix}{key}.", out)
    elif (isinstance(value, list) and value
          and any(isinstance(entry, (dict, list)) for entry in value)):
        for position, entry in enumerate(value):
            flatten(entry, f"{prefix}{position}.", out)
    elif prefix:
        out[prefix[:-1]] = value
    return out


def cell(value):
    return records.text_of(value)


class CSVWriter:
    """Rows of the given columns (dotted names), a header first."""

    def __init__(self, stream, columns, excel=False):
        self.stream = stream
        self.columns = list(columns)
        self.excel = excel
        self.count = 0
        self.writer = CellWriter(stream, delimiter=";" if excel else ",",
                                 lineterminator="\r\n" if excel else "\n")
        if excel:
            stream.write(BOM)
        self.writer.writerow(self.columns)

    def write(self, record):
        self.writer.writerow(
            [cell(records.get_path(record, column))
             for column in self.columns])
        self.count += 1

    def close(self):
        pass


class AllColumnsCSVWriter:
    """CSV with every field any record has, in order of first appearance."""

    def __init__(self, stream, excel=False):
        self.stream = stream
        self.excel = excel
        self.count = 0
        self.columns = {}
        self.spool = tempfile.TemporaryFile("w+", encoding="utf-8")

    def write(self, record):
        flat = flatten(record)
        self.columns.update(dict.fromkeys(flat))
        self.spool.write(jsonio.dumps(flat) + "\n")
        self.count += 1

    def close(self):
        try:
            writer = CSVWriter(self.stream, self.columns, self.excel)
            self.spool.seek(0)
            for line in self.spool:
                flat = jsonio.loads(line)
                writer.writer.writerow(
                    [cell(flat.get(column)) for column in writer.columns])
        finally:
            self.spool.close()

    def discard(self):
        self.spool.close()


class NDJSONWriter:
    """One compact JSON object per line."""

    def __init__(self, stream, columns=None):
        self.stream = stream
        self.columns = columns
        self.count = 0

    def document(self, record):
        if self.columns:
            record = records.select(record, self.columns)
        return jsonio.dumps(record)

    def write(self, record):
        self.stream.write(self.document(record) + "\n")
        self.count += 1

    def close(self):
        pass


class JSONWriter(NDJSONWriter):
    """A JSON array, one record a line, opened before the first record and
    closed after the last (an empty export is ``[]``)."""

    def __init__(self, stream, columns=None):
        super().__init__(stream, columns)
        stream.write("[")

    def write(self, record):
        self.stream.write(("," if self.count else "") + "\n"
                          + self.document(record))
        self.count += 1

    def close(self):
        self.stream.write("\n]\n" if self.count else "]\n")


def make_writer(kind, stream, columns, excel=False):
    """The writer for ``kind``; ``columns`` is a list, ``ALL`` or None
    (None: whole objects for JSON, which CSV never gets)."""
    if kind == "csv":
        if columns == ALL:
            return AllColumnsCSVWriter(stream, excel)
        return CSVWriter(stream, columns, excel)
    if columns == ALL:
        columns = None  # JSON keeps every field anyway
    if kind == "json":
        return JSONWriter(stream, columns)
    return NDJSONWriter(stream, columns)


# A text file that appears under its name only when complete; the one
# safe way to write a user's file, under the name this module gave it.
AtomicFile = userfiles.writing
