"""Streaming writers for ``export``: CSV, a JSON array, NDJSON, xlsx.

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

With a decimal comma (``--excel`` in a Spanish locale), the cells that
hold a JSON number are written with a comma (``59500,00``), converted
from the number's exact text, never through a float; text that only
looks numeric (an identification, a phone) is left as it is. The xlsx
writer is in :mod:`alegra.bulk.workbook`.
"""

import decimal
import tempfile

from alegra import i18n, jsonio, records
from alegra.local import userfiles
from alegra.output.formatters.cells import CellWriter, neutralise_formula

ALL = "all"
BOM = "\ufeff"
# Spanish locales whose numbers take a decimal point, as glibc has them.
POINT_LOCALES = frozenset(("es_mx", "es_us", "es_pr", "es_do", "es_gt",
                           "es_hn", "es_ni", "es_pa", "es_sv"))


def locale_decimal_comma(environ):
    """Whether the user's spreadsheet reads ``59500,00`` as a number:
    ``ALEGRA_LANG``, else ``LC_ALL``, ``LC_NUMERIC``, ``LANG``, in that
    order; Spanish takes a comma except where its locale takes a point
    (``es_MX``)."""
    value = i18n.locale_name(environ, "LC_NUMERIC").lower()
    country = value.replace("-", "_").split(".")[0].split("@")[0]
    return (i18n.language_of(value) == i18n.SPANISH
            and country not in POINT_LOCALES)


def with_decimal_comma(text):
    """``59500.00`` as ``59500,00``; an exponent is written out in full
    (``1E+3`` as ``1000``), exactly."""
    if "e" in text or "E" in text:
        text = format(decimal.Decimal(text), "f")
    return text.replace(".", ",")


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


class CSVWriter:
    """Rows of the given columns (dotted names), a header first
    (``headers``, one a column, else the columns' names)."""

    def __init__(self, stream, columns, excel=False, decimal_comma=False,
                 headers=None):
        self.columns = list(columns)
        self.decimal_comma = decimal_comma
        self.count = 0
        # Cells are neutralised here (number cells need not be: a JSON
        # number is digits, a sign, a point or comma and an exponent).
        self.writer = CellWriter(stream, delimiter=";" if excel else ",",
                                 lineterminator="\r\n" if excel else "\n",
                                 neutralise=False)
        if excel:
            stream.write(BOM)
        self.writer.writerow([neutralise_formula(str(name)) for name in
                              (headers or self.columns)])

    def cell(self, value):
        number = jsonio.number_text(value) if self.decimal_comma else None
        if number is not None:
            return with_decimal_comma(number)
        return neutralise_formula(records.text_of(value))

    def write_row(self, values):
        self.writer.writerow([self.cell(value) for value in values])

    def write(self, record):
        self.write_row(records.get_path(record, column)
                       for column in self.columns)
        self.count += 1

    def close(self):
        pass


class AllColumnsWriter:
    """Every field any record has, in order of first appearance: the
    records are spooled, then ``make(columns)`` gives the writer that
    writes them."""

    def __init__(self, make):
        self.make = make
        self.count = 0
        self.notes = []
        self.columns = {}
        self.spool = tempfile.TemporaryFile("w+", encoding="utf-8")

    def write(self, record):
        flat = flatten(record)
        self.columns.update(dict.fromkeys(flat))
        self.spool.write(jsonio.dumps(flat) + "\n")
        self.count += 1

    def close(self):
        try:
            writer = self.make(list(self.columns))
            self.spool.seek(0)
            try:
                for line in self.spool:
                    flat = jsonio.loads(line)
                    writer.write_row(flat.get(column)
                                     for column in writer.columns)
            except BaseException:
                getattr(writer, "discard", _nothing)()
                raise
            writer.close()
            self.notes = getattr(writer, "notes", [])
        finally:
            self.spool.close()

    def discard(self):
        self.spool.close()


def _nothing():
    pass


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


def make_writer(kind, stream, columns, excel=False, decimal_comma=False,
                headers=None, date_columns=()):
    """The writer for ``kind``; ``columns`` is a list, ``ALL`` or None
    (None: whole objects for JSON, which CSV and xlsx never get).

    ``headers(columns)`` gives the header row (default: the columns);
    ``date_columns`` are the columns whose ISO dates xlsx writes as dates.
    """
    headers = headers or list

    def tabular(names):
        if kind == "xlsx":
            from alegra.bulk import workbook

            return workbook.XLSXWriter(stream, names, headers(names),
                                       date_columns)
        return CSVWriter(stream, names, excel, decimal_comma,
                         headers(names))

    if kind in ("csv", "xlsx"):
        if columns == ALL:
            return AllColumnsWriter(tabular)
        return tabular(columns)
    if columns == ALL:
        columns = None  # JSON keeps every field anyway
    if kind == "json":
        return JSONWriter(stream, columns)
    return NDJSONWriter(stream, columns)


# A text file that appears under its name only when complete; the one
# safe way to write a user's file, under the name this module gave it.
AtomicFile = userfiles.writing
