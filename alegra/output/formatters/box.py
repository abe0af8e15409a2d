"""Tables drawn byte for byte as cliff's table formatter draws them.

cliff draws with prettytable, which measures text with wcwidth, and
wcwidth builds its tables when imported: 8-25 ms on every table printed.
This module draws the same table (borders ``+---+``, one space of padding,
alignment from the types of the first row, cliff's shrinking to a width,
and the wrapping and multi-line cells prettytable makes of it) with the
standard library only.

Widths come from :mod:`unicodedata`: East Asian Wide and Fullwidth take
two columns, combining marks none, anything else one. That is what wcwidth
says only for *plain* text (:func:`plain`): printable characters of the
Latin, Greek, Cyrillic and CJK scripts, common punctuation and symbols,
and combining accents. A character whose width depends on its neighbours
or on the terminal (emoji and their sequences, variation selectors, skin
tones, flags, Hangul jamo, Indic spacing marks, format and control
characters other than the tab, unassigned code points), duplicate column
names, a row of the wrong length, or a width cliff cannot share out
make :func:`render_list` and :func:`render_one` return None: the caller
then draws that one table with cliff's prettytable path.

Sorting (``--sort-column``) is not drawing: cliff's ``Lister`` sorts the
rows before any formatter sees them.
"""

import functools
import os
import sys
import textwrap
import unicodedata

from cliff import columns

# cliff's TableFormatter.ALIGNMENTS: looked up by exact type.
ALIGNMENTS = {int: "r", str: "l", float: "r"}

# Where unicodedata's widths are wcwidth's, character by character.
_BLOCKS = ((0x00A0, 0x052F), (0x1E00, 0x1FFF), (0x2010, 0x2027),
           (0x2030, 0x205E), (0x2070, 0x20C0), (0x2100, 0x23FF),
           (0x2460, 0x25FF), (0x2E80, 0x303F), (0x3041, 0x3163),
           (0x3165, 0x33FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF),
           (0xA000, 0xA4CF), (0xAC00, 0xD7A3), (0xF900, 0xFAFF),
           (0xFE30, 0xFE4F), (0xFF01, 0xFF9D), (0xFFE0, 0xFFEE),
           (0x20000, 0x3FFFD))
_UNSURE = frozenset(("Cc", "Cf", "Cs", "Co", "Cn", "Mc", "Zl", "Zp"))


@functools.lru_cache(maxsize=4096)
def _char_width(char):
    """Columns of one plain character, or None when it is not plain."""
    if " " <= char <= "~":
        return 1
    code = ord(char)
    if not any(low <= code <= high for low, high in _BLOCKS):
        return None
    category = unicodedata.category(char)
    if category in _UNSURE:
        return None
    if category in ("Mn", "Me"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def plain(text):
    """Whether every character of ``text`` (line breaks aside) is one
    whose width this module knows as wcwidth does."""
    if text.isascii() and text.replace("\n", "").isprintable():
        return True
    return all(char == "\n" or _char_width(char) is not None
               for char in text)


def width(line):
    """Columns one line of plain text takes on a terminal."""
    if line.isascii():
        return len(line)
    return sum(_char_width(char) for char in line)


def _size(text):
    lines = text.split("\n")
    return max(width(line) for line in lines), len(lines)


def _justify(text, room, align):
    pad = max(0, room - width(text))
    if align == "l":
        return text + " " * pad
    if align == "r":
        return " " * pad + text
    # str.center's odd split, as wcwidth keeps it
    left = pad // 2 + (pad & room & 1)
    return " " * left + text + " " * (pad - left)


def cell_text(value):
    """What prettytable prints for a value cliff hands it."""
    if isinstance(value, columns.FormattableColumn):
        value = value.human_readable()
    if isinstance(value, str):
        value = value.replace("\r\n", "\n").replace("\r", " ")
    return str(value).expandtabs()


class _Table:
    """One table: field names, alignments, rows of text, width limits."""

    def __init__(self, names, aligns, rows, print_empty):
        self.names = names
        self.aligns = aligns
        self.rows = rows
        self.print_empty = print_empty
        self.max_width = {}

    def widths(self):
        widths = [_size(name)[0] for name in self.names]
        for row in self.rows:
            for index, value in enumerate(row):
                limit = self.max_width.get(index)
                size = _size(value)[0]
                if limit is not None:
                    size = min(size, limit)
                widths[index] = max(widths[index], size)
        return widths

    def draw(self):
        if not self.rows and not self.print_empty:
            return ""
        widths = self.widths()
        rule = "+" + "+".join("-" * (w + 2) for w in widths) + "+"
        header = "|" + "".join(
            " " + _justify(name, w, align) + " |"
            for name, w, align in zip(self.names, widths, self.aligns))
        lines = [rule, header, rule]
        for row in self.rows:
            lines.extend(self._row_lines(row, widths))
        lines.append(rule)
        return "\n".join(lines)

    def _row_lines(self, row, widths):
        cells = []
        for value, room in zip(row, widths):
            lines = []
            for line in value.split("\n"):
                if width(line) > room:
                    lines.extend(wrap(line, room) or [""])
                else:
                    lines.append(line)
            cells.append(lines)
        height = max(len(lines) for lines in cells)
        drawn = []
        for y in range(height):
            drawn.append("|" + "".join(
                " " + _justify(lines[y] if y < len(lines) else "", room,
                               align) + " |"
                for lines, room, align in zip(cells, widths, self.aligns)))
        return drawn


class _Wrapper(textwrap.TextWrapper):
    """textwrap measured in columns, breaking long words as wcwidth does
    (a word is cut after its last hyphen that fits, else where it stops
    fitting; combining marks stay with their letter)."""

    def _wrap_chunks(self, chunks):
        lines = []
        chunks = list(reversed(chunks))
        while chunks:
            current, used = [], 0
            if lines and chunks[-1] and not chunks[-1].strip():
                del chunks[-1]
            while chunks and used + width(chunks[-1]) <= self.width:
                used += width(chunks[-1])
                current.append(chunks.pop())
            if chunks and width(chunks[-1]) > self.width:
                self._handle_long_word(chunks, current, used, self.width)
                used = width("".join(current))
                while chunks and not chunks[-1]:
                    del chunks[-1]
            if current and current[-1] and not current[-1].strip():
                used -= width(current[-1])
                del current[-1]
            if current:
                line = "".join(current).rstrip()
                if line:
                    lines.append(line)
        return lines

    def _handle_long_word(self, chunks, current, used, room):
        space_left = room - used if room >= 1 else 1
        chunk = chunks[-1]
        end = _fitting_prefix(chunk, space_left)
        hyphen = chunk[:end].rfind("-")
        if hyphen > 0 and any(c != "-" for c in chunk[:hyphen]):
            end = hyphen + 1
        elif not current and (end == 0 or (end < len(chunk)
                                           and width(chunk[:end]) == 0)):
            end = _grapheme_end(chunk, 0)
        current.append(chunk[:end])
        chunks[-1] = chunk[end:]


def _grapheme_end(text, start):
    """Where the letter at ``start`` and its combining marks end."""
    end = start + 1
    while end < len(text) and _char_width(text[end]) == 0:
        end += 1
    return end


def _fitting_prefix(text, room):
    index = used = 0
    while index < len(text):
        end = _grapheme_end(text, index)
        size = width(text[index:end])
        if used + size > room:
            break
        used += size
        index = end
    return index


def wrap(line, room):
    """``line`` cut into lines of at most ``room`` columns, as wcwidth's
    ``wrap`` (with prettytable's options) cuts plain text."""
    return _Wrapper(room, break_on_hyphens=True).wrap(line)


def _do_fit(fit_width):
    if os.name == "nt":
        return fit_width
    return sys.stdout.isatty() or fit_width


def _terminal_width():
    from cliff import utils

    return utils.terminal_width()


def _shrink(table, max_width, min_width, fit_width):
    """cliff's ``_assign_max_widths``; False when it cannot share out."""
    if max_width > 0:
        term_width = max_width
    elif not _do_fit(fit_width):
        return True
    else:
        term_width = _terminal_width()
        if not term_width:
            return True
    if not table.rows and not table.print_empty:
        return True
    # cliff draws the table to measure its first line; its widths say it
    widths = table.widths()
    count = len(widths)
    if sum(widths) + 3 * count + 1 <= term_width:
        return True
    usable = max(0, term_width - 1 - 3 * count)
    optimal = max(0, usable // count)
    shrink = [i for i, w in enumerate(widths) if w > optimal]
    remaining = usable - sum(w for w in widths if w <= optimal)
    if not shrink:
        return False
    share = remaining // len(shrink)
    for index in shrink[:-1]:
        table.max_width[index] = max(min_width, share)
        remaining -= share
    table.max_width[shrink[-1]] = max(min_width, remaining)
    return True


def _drawable(names, rows):
    if not names or len(set(names)) != len(names):
        return False
    if any(len(row) != len(names) for row in rows):
        return False
    if any("\n" in name or not plain(name) for name in names):
        return False
    return all(plain(value) for row in rows for value in row)


def render_list(column_names, rows, print_empty, max_width, fit_width):
    """cliff's ``emit_list`` table for ``rows`` (a list of sequences of
    values as cliff receives them), without its final line break; None
    when it must be drawn by cliff."""
    names = [str(name) for name in column_names]
    aligns = ["c"] * len(names)
    if rows:
        aligns = [ALIGNMENTS.get(type(value), "l")
                  for value, _ in zip(rows[0], names)]
        aligns += ["c"] * (len(names) - len(aligns))
    texts = [[cell_text(value) for value in row] for row in rows]
    if not _drawable(names, texts):
        return None
    table = _Table(names, aligns, texts, print_empty)
    if not _shrink(table, int(max_width), 8, fit_width):
        return None
    return table.draw()


def render_one(column_names, data, max_width, fit_width):
    """cliff's ``emit_one`` table (Field | Value), as :func:`render_list`
    draws a list."""
    texts = [[cell_text(name), cell_text(value)]
             for name, value in zip(column_names, data)]
    if not all(plain(text) for row in texts for text in row):
        return None
    table = _Table(["Field", "Value"], ["l", "l"], texts, False)
    if not _shrink(table, int(max_width), 16, fit_width):
        return None
    return table.draw()
