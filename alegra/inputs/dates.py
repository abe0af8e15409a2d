"""Natural dates for list filters: ``2026-06-30``, ``today``, ``this-month``,
``7d``...

Every expression names a span of days: a day is a span of one, ``this-month``
runs from its first day to its last, ``7d`` is the single day a week ago. The
list options read a span the way the words do in English:

- ``--since X``: on or after the first day of X;
- ``--until X``: on or before the last day of X (``--until last-month`` takes
  in all of last month);
- ``--date-after X``: after X has ended; ``--date-before X``: before X began.

Alegra's ``date_after`` and ``date_before`` are strict, so ``--since`` and
``--until`` send the day before and the day after their span. Days are the
machine's local days, which is what "today" means to the person typing it.
"""

import argparse
import dataclasses
import datetime
import re

WORDS = ("today", "yesterday", "tomorrow", "this-month", "last-month",
         "this-quarter", "last-quarter", "this-year", "last-year")
SYNTAX = ("YYYY-MM-DD, " + ", ".join(WORDS)
          + ", or N days/weeks/months/years ago as Nd, Nw, Nm, Ny")
_AGO = re.compile(r"(\d{1,4})([dwmy])")
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
ONE_DAY = datetime.timedelta(days=1)


@dataclasses.dataclass(frozen=True)
class Span:
    """The days from ``first`` to ``last``, both included."""

    first: datetime.date
    last: datetime.date
    text: str = ""

    def __str__(self):
        return self.text or self.first.isoformat()


def parse(text, today=None):
    """The :class:`Span` an expression names; ``ValueError`` if none."""
    today = today or _today()
    word = text.strip().lower()
    if _ISO.fullmatch(word):
        try:
            day = datetime.date.fromisoformat(word)
        except ValueError:
            raise ValueError(f"{text!r} is not a calendar date") from None
        return Span(day, day, text)
    days = {"today": today, "yesterday": today - ONE_DAY,
            "tomorrow": today + ONE_DAY}
    if word in days:
        return Span(days[word], days[word], text)
    if word.endswith("-month"):
        month = _month_start(today)
        if word == "last-month":
            month = _month_start(month - ONE_DAY)
        elif word != "this-month":
            raise ValueError(_unknown(text))
        return Span(month, _months_later(month, 1) - ONE_DAY, text)
    if word.endswith("-quarter"):
        quarter = today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1)
        if word == "last-quarter":
            quarter = _months_later(quarter, -3)
        elif word != "this-quarter":
            raise ValueError(_unknown(text))
        return Span(quarter, _months_later(quarter, 3) - ONE_DAY, text)
    if word.endswith("-year"):
        year = today.year - (word == "last-year")
        if word not in ("this-year", "last-year"):
            raise ValueError(_unknown(text))
        return Span(datetime.date(year, 1, 1), datetime.date(year, 12, 31),
                    text)
    ago = _AGO.fullmatch(word)
    if ago:
        count, unit = int(ago.group(1)), ago.group(2)
        if unit in "dw":
            day = today - datetime.timedelta(
                days=count * (7 if unit == "w" else 1))
        else:
            day = _months_later(today, -count * (12 if unit == "y" else 1))
        return Span(day, day, text)
    raise ValueError(_unknown(text))


def argument(text):
    """An argparse ``type``: a bad date is a usage error before any request."""
    try:
        return parse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def day_argument(text):
    """An argparse ``type`` for an option that takes one day: the first day
    of the span, as ``YYYY-MM-DD``."""
    return argument(text).first.isoformat()


# -- list query parameters -------------------------------------------------

def since(span):
    """``date_after`` value that keeps the span's first day."""
    return (span.first - ONE_DAY).isoformat()


def until(span):
    """``date_before`` value that keeps the span's last day."""
    return (span.last + ONE_DAY).isoformat()


def after(span):
    return span.last.isoformat()


def before(span):
    return span.first.isoformat()


def looks_exact(text):
    """Whether ``text`` is a plain ``YYYY-MM-DD`` (or starts as one, a date
    and time), which is sent as written."""
    return bool(_ISO.match(text))


def _today():
    return datetime.date.today()


def _unknown(text):
    return f"{text!r} is not a date: use {SYNTAX}"


def _month_start(day):
    return day.replace(day=1)


def _months_later(day, months):
    """The same day ``months`` later (earlier if negative), kept inside the
    target month (31 March minus one month is 28 or 29 February)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    following = datetime.date(year + (month == 12), month % 12 + 1, 1)
    return day.replace(year=year, month=month,
                       day=min(day.day, (following - ONE_DAY).day))
