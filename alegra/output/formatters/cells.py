"""CSV cells a spreadsheet cannot run, written by every CSV writer.

A spreadsheet evaluates a cell that starts with ``=``, ``+``, ``-`` or
``@`` (CWE-1236). Quoting alone is not enough: a program that splits the
text on line breaks or tabs (a paste, a sniffer that picks the tab, a
naive importer) turns ``a\\n=1+1`` into a cell that starts with ``=``. So
a single quote is put wherever a piece of a cell would start with one of
those characters: at the start of the cell and right after every line
break, carriage return and tab (``a\\n'=1+1``). A cell that starts with a
tab or a carriage return gets a leading quote as well, as OWASP advises.
A piece that is exactly a negative number (``-5``, ``-19928.00``) is data
and is left alone, so spreadsheets still sum it. Every cell holding a line
break or a carriage return is quoted.
"""

import csv
import io
import re

FORMULA_LEADS = frozenset("=+-@")
# Where a spreadsheet, or a program splitting the text, may start a cell.
_PIECE_START = re.compile(r"(?:(?<=[\n\r\t])|\A)[=+\-@]")
_NEGATIVE_NUMBER = re.compile(r"-(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_BREAKS = re.compile(r"[\n\r\t]")


def neutralise_formula(text):
    """``text`` with a ``'`` before every piece a spreadsheet would run.

    >>> neutralise_formula("a\\n=1+1")
    "a\\n'=1+1"
    >>> neutralise_formula("-19928.00")
    '-19928.00'
    """
    if not text:
        return text
    if text[0] in FORMULA_LEADS and _NEGATIVE_NUMBER.fullmatch(text):
        return text
    if not (text[0] in FORMULA_LEADS or _BREAKS.search(text)):
        return text
    lead = "'" if text[0] in "\t\r" else ""
    return lead + _PIECE_START.sub(lambda found: _guard(text, found), text)


def _guard(text, found):
    start = found.start()
    end = _BREAKS.search(text, start)
    piece = text[start:end.start() if end else len(text)]
    if _NEGATIVE_NUMBER.fullmatch(piece):
        return found.group()
    return "'" + found.group()


class CellWriter:
    """``csv.writer`` whose cells (and header) are neutralised, and which
    quotes every cell holding a line break or a carriage return.

    Python's writer quotes only the characters of its line terminator, so
    with ``\\n`` lines a lone ``\\r`` would go out bare: each row is
    written with ``\\r\\n`` (both characters then force quotes) and given
    the terminator asked for.
    """

    def __init__(self, stream, delimiter=",", lineterminator="\n",
                 quoting=csv.QUOTE_MINIMAL, neutralise=True):
        self.stream = stream
        self.lineterminator = lineterminator
        self.neutralise = neutralise
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer, delimiter=delimiter,
                                  quoting=quoting, lineterminator="\r\n")

    def writerow(self, cells):
        if self.neutralise:
            cells = [neutralise_formula(cell) for cell in cells]
        self._writer.writerow(cells)
        line = self._buffer.getvalue()
        self._buffer.seek(0)
        self._buffer.truncate()
        self.stream.write(line[:-2] + self.lineterminator)
