"""``export --format xlsx``: a real workbook, written row by row.

xlsxwriter in ``constant_memory`` mode keeps one row in memory and the
rest in a temporary file, so 30,000 invoices cost what 3,000 do; its
temporary files live in a private folder removed whatever happens. Every
cell is written with its typed method, never ``write()``, which would
turn ``=HYPERLINK(...)`` from a record into a live formula:

- a JSON number is a number when a float holds it exactly to 15
  significant digits (what a spreadsheet keeps), shown with as many
  decimals as Alegra sent (``59500.00``); otherwise it is written as
  text, exactly, and a note says so;
- an ISO date (``YYYY-MM-DD``) in a date column (one named ``date`` or
  ``...Date``, such as ``dueDate``, or a date the resource declares) is a
  date, shown as ``yyyy-mm-dd``;
- everything else is text (``write_string``), whatever it looks like.

The header row is frozen and bold; column widths follow the content
(8 to 60 characters).
"""

import datetime
import decimal
import io
import os
import re
import stat
import tempfile

from alegra import errors, jsonio, records
from alegra.i18n import _, ngettext

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
SIGNIFICANT_DIGITS = 15
NARROWEST, WIDEST = 8, 60
MOST_ROWS = 1048576  # a worksheet's limit, the header included
LONGEST_TEXT = 32767  # a cell's limit
MOST_PLACES = 15


def check_target(stream):
    """Refuse, in one line, a stream that is not a regular file (a
    terminal, a pipe): an xlsx file is binary."""
    try:
        regular = stat.S_ISREG(os.fstat(stream.fileno()).st_mode)
    except io.UnsupportedOperation:
        regular = isinstance(stream, io.BytesIO)  # bytes in memory
    except (AttributeError, OSError, ValueError):
        regular = False
    if not regular:
        raise errors.UsageError(
            _("xlsx is a binary file, not for a terminal or a pipe"),
            _("give --out FILE, or redirect standard output to a file"))


def exact_float(text):
    """The float that stands for the JSON number ``text``, or None when
    a float cannot hold it exactly to 15 significant digits."""
    exact = decimal.Decimal(text)
    try:
        near = float(exact)
        back = decimal.Decimal(format(near, f".{SIGNIFICANT_DIGITS}g"))
    except (OverflowError, decimal.InvalidOperation):
        return None
    return near if back == exact else None


def places(text):
    exponent = decimal.Decimal(text).as_tuple()[2]
    return min(MOST_PLACES, max(0, -exponent))


def is_date_column(column, date_fields=()):
    last = column.rsplit(".", 1)[-1]
    return (column in date_fields or last == "date"
            or last.endswith("Date"))


def iso_date(text):
    if not ISO_DATE.fullmatch(text):
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


class XLSXWriter:
    """One worksheet: a header row, then a row a record."""

    def __init__(self, stream, columns, headers=None, date_columns=()):
        try:
            import xlsxwriter
        except ImportError:
            raise errors.UsageError(
                _("xlsx export needs the xlsxwriter package"),
                "pip install xlsxwriter") from None
        check_target(stream)
        if hasattr(stream, "buffer"):  # a text file: write its bytes
            stream.flush()
            stream = stream.buffer
        self.columns = list(columns)
        self.dates = [is_date_column(column, date_columns)
                      for column in self.columns]
        self.count = 0
        self.notes = []
        self.as_text = 0
        self.cut = 0
        self.folder = tempfile.TemporaryDirectory(prefix="alegra-xlsx-")
        self.book = xlsxwriter.Workbook(stream, {
            "constant_memory": True, "tmpdir": self.folder.name,
            "strings_to_numbers": False, "strings_to_formulas": False,
            "strings_to_urls": False})
        self.sheet = self.book.add_worksheet()
        self.formats = {}
        self.date_format = self.book.add_format(
            {"num_format": "yyyy-mm-dd"})
        bold = self.book.add_format({"bold": True})
        headers = [str(name) for name in (headers or self.columns)]
        self.widths = [len(header) for header in headers]
        for position, header in enumerate(headers):
            self.sheet.write_string(0, position, header, bold)
        self.sheet.freeze_panes(1, 0)

    def number_format(self, text):
        count = places(text)
        if count not in self.formats:
            pattern = "0." + "0" * count if count else "0"
            self.formats[count] = self.book.add_format(
                {"num_format": pattern})
        return self.formats[count]

    def write_cell(self, row, position, value):
        """Write ``value`` with its typed method; the width it takes."""
        sheet = self.sheet
        if value is None:
            return 0
        if isinstance(value, bool):
            sheet.write_boolean(row, position, value)
            return 5
        number = jsonio.number_text(value)
        if number is not None:
            near = exact_float(number)
            if near is not None:
                sheet.write_number(row, position, near,
                                   self.number_format(number))
                return len(number)
            self.as_text += 1
            value = number
        text = records.text_of(value)
        when = iso_date(text) if self.dates[position] else None
        if when is not None:
            sheet.write_datetime(row, position, when, self.date_format)
            return len(text)
        if len(text) > LONGEST_TEXT:
            self.cut += 1
        sheet.write_string(row, position, text[:LONGEST_TEXT])
        return max(map(len, text.splitlines() or [""]))

    def write_row(self, values):
        row = self.count + 1
        if row >= MOST_ROWS:
            raise errors.UsageError(
                _("an xlsx worksheet holds at most {count} rows").format(
                    count=MOST_ROWS - 1),
                _("export to --format csv, or narrow the export with "
                  "filters"))
        for position, value in enumerate(values):
            width = self.write_cell(row, position, value)
            self.widths[position] = max(self.widths[position], width)
        self.count += 1

    def write(self, record):
        self.write_row(records.get_path(record, column)
                       for column in self.columns)

    def close(self):
        from xlsxwriter.exceptions import FileCreateError

        for position, width in enumerate(self.widths):
            self.sheet.set_column(position, position,
                                  min(WIDEST, max(NARROWEST, width + 1)))
        try:
            self.book.close()
        except FileCreateError as exc:
            raise exc.args[0] from None  # the OSError: a full disk, say
        finally:
            self.folder.cleanup()
        if self.as_text:
            # English says it in the plural even of one; Spanish need not.
            self.notes.append(ngettext(
                "{count} numbers have more than {digits} significant "
                "digits, more than a spreadsheet keeps: written as text, "
                "exactly",
                "{count} numbers have more than {digits} significant "
                "digits, more than a spreadsheet keeps: written as text, "
                "exactly", self.as_text).format(
                    count=self.as_text, digits=SIGNIFICANT_DIGITS))
        if self.cut:
            self.notes.append(ngettext(
                "{count} cells were longer than {length} characters, an "
                "xlsx cell's limit, and were cut",
                "{count} cells were longer than {length} characters, an "
                "xlsx cell's limit, and were cut", self.cut).format(
                    count=self.cut, length=LONGEST_TEXT))

    def discard(self):
        self.folder.cleanup()
