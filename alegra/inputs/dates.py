"""Natural dates for list filters: ``2026-06-30``, ``today``, ``this-month``,
``7d``, and the same in Spanish: ``hoy``, ``mes-pasado``, ``2s``...

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

from alegra.i18n import SPANISH, _, language

WORDS = ("today", "yesterday", "tomorrow", "this-month", "last-month",
         "this-quarter", "last-quarter", "this-year", "last-year")
# The same words in Spanish, taken in either language (``ñ`` or ``n``:
# ``este-ano`` too); help and errors name the user's language's.
SPANISH_WORDS = {
    "hoy": "today", "ayer": "yesterday", "mañana": "tomorrow",
    "este-mes": "this-month", "mes-pasado": "last-month",
    "este-trimestre": "this-quarter", "trimestre-pasado": "last-quarter",
    "este-año": "this-year", "año-pasado": "last-year",
    "esta-semana": "this-week", "semana-pasada": "last-week",
}
WORDS_ES = tuple(SPANISH_WORDS)
_SPANISH_PLAIN = {word.replace("ñ", "n"): english
                  for word, english in SPANISH_WORDS.items()}
WEEK_WORDS = ("this-week", "last-week")
_AGO = re.compile(r"(\d{1,4})([dwmys])")
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


def words():
    """The date words in the user's language, for help and errors."""
    return WORDS_ES if language() == SPANISH else WORDS


def syntax():
    """Every form a date may take, in the user's language."""
    return _("YYYY-MM-DD, {words}, or N days/weeks/months/years ago as "
             "Nd, Nw, Nm, Ny").format(words=", ".join(words()))


def parse(text, today=None):
    """The :class:`Span` an expression names; ``ValueError`` if none.

    Spanish words are English ones in other words (``mes-pasado`` is
    ``last-month``), and ``Ns`` (semanas) is ``Nw``.
    """
    today = today or _today()
    word = text.strip().lower()
    word = _SPANISH_PLAIN.get(word.replace("ñ", "n"), word)
    if _ISO.fullmatch(word):
        try:
            day = datetime.date.fromisoformat(word)
        except ValueError:
            raise ValueError(_("{text!r} is not a calendar date").format(
                text=text)) from None
        return Span(day, day, text)
    if word in WEEK_WORDS:  # weeks start on Monday
        monday = today - datetime.timedelta(days=today.weekday())
        if word == "last-week":
            monday -= datetime.timedelta(days=7)
        return Span(monday, monday + datetime.timedelta(days=6), text)
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
        if unit in "dws":
            day = today - datetime.timedelta(
                days=count * (1 if unit == "d" else 7))
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
    return _("{text!r} is not a date: use {syntax}").format(
        text=text, syntax=syntax())


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
