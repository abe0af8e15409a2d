"""Tables that fit the terminal without splitting what must stay whole.

A wrapped table splits a date (``2026-10-`` / ``07``) or an amount across
lines, which reads as two values. Here numbers, dates and ids are never cut:
text cells are shortened with ``…`` first, down to a few characters, and
when that is not enough the least important columns are left out, and the
caller says which.
"""

import os
import re
import shutil
import unicodedata

# Text is never shortened below this many characters (or its own length).
SHORTEST_TEXT = 8
# Headers longer than this may be shortened too.
SHORTEST_HEADER = 10
ELLIPSIS = "…"

_WHOLE = re.compile(
    r"^[-+]?[\d.,]+%?$"                       # 374731.00, 1,234.5, 19%
    r"|^\d{4}-\d{2}-\d{2}([T ][\d:.+\-Z]*)?$"  # dates and times
    r"|^[0-9a-fA-F]{8}-[0-9a-fA-F-]{27}$"      # UUIDs
    r"|^[\w-]{1,12}$"                          # a short word: an id, a code
)


def terminal_width(stream, environ=None):
    """Columns of the terminal ``stream`` shows in (``COLUMNS`` first)."""
    environ = os.environ if environ is None else environ
    given = environ.get("COLUMNS", "")
    if given.isdigit() and int(given) > 0:
        return int(given)
    try:
        return os.get_terminal_size(stream.fileno()).columns
    except (AttributeError, OSError, ValueError):
        return shutil.get_terminal_size().columns


def width(text):
    """Cells ``text`` takes on a terminal (wide characters count two)."""
    total = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        total += 2 if unicodedata.east_asian_width(char) in "WF" else 1
    return total


def _lines_width(text):
    return max((width(line) for line in str(text).split("\n")), default=0)


def shorten(text, limit):
    """``text`` cut to ``limit`` cells, each line, ending in ``…``."""
    if not isinstance(text, str):
        return text
    return "\n".join(_shorten_line(line, limit) for line in text.split("\n"))


def _shorten_line(line, limit):
    if width(line) <= limit:
        return line
    kept, used = [], 0
    for char in line:
        used += width(char)
        if used > limit - 1:
            break
        kept.append(char)
    return "".join(kept) + ELLIPSIS


def is_whole(value):
    """Whether ``value`` must never be cut: a number, a date, an id."""
    if value is None or isinstance(value, (bool, int, float)):
        return True
    text = str(value)
    return "\n" not in text and bool(_WHOLE.match(text.strip()))


def table_width(widths):
    """A cliff table's width for these column widths (borders, padding)."""
    return sum(widths) + 3 * len(widths) + 1


class Column:
    """What one column needs: its natural width and the least it takes."""

    def __init__(self, header, cells):
        self.natural = max([_lines_width(header)]
                           + [_lines_width(cell) for cell in cells])
        whole = [_lines_width(cell) for cell in cells if is_whole(cell)]
        header_least = min(_lines_width(header), SHORTEST_HEADER)
        text_least = min(self.natural, SHORTEST_TEXT)
        if cells and len(whole) == len(cells):
            text_least = 0
        self.least = max([header_least, text_least, 1] + whole)
        self.least = min(self.least, self.natural) or 1


def fit(headers, rows, room, priority=None):
    """``(kept indexes, their widths)`` so that the table fits ``room``
    columns. ``priority`` lists column indexes most important first; the
    last ones are left out first (None: never leave one out)."""
    columns = [Column(header, [row[i] for row in rows])
               for i, header in enumerate(headers)]
    kept = list(range(len(headers)))
    order = list(priority) if priority is not None else []
    while True:
        widths = _share([columns[i] for i in kept], room)
        if widths is not None or len(order) <= 1 or len(kept) <= 1:
            break
        kept.remove(order.pop())
    if widths is None:
        widths = [columns[i].least for i in kept]
    return kept, widths


def _share(columns, room):
    """Widths for ``columns`` within ``room``, or None when even their
    least widths do not fit: every column is capped at one width, the
    largest that fits, and never below its least."""
    if table_width([column.natural for column in columns]) <= room:
        return [column.natural for column in columns]
    if table_width([column.least for column in columns]) > room:
        return None
    low, high = 0, max(column.natural for column in columns)
    while low < high:
        cap = (low + high + 1) // 2
        widths = [max(column.least, min(column.natural, cap))
                  for column in columns]
        if table_width(widths) <= room:
            low = cap
        else:
            high = cap - 1
    return [max(column.least, min(column.natural, low))
            for column in columns]
