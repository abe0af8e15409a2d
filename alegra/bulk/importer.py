"""The import loop: one create per row, each outcome journaled first.

Every row first becomes a body (``--map``, ``--set``) and is matched to
the journal's entries by its natural key and content (see
:meth:`alegra.bulk.journal.Journal.match`). Then, in order:

1. a row the journal says exists (created, or found by a lookup) is
   skipped; if it was edited since, that is reported and it is still not
   sent (it would be created twice);
2. a malformed row, or one that cannot become a body or is not valid,
   fails alone and costs no request;
3. a row in doubt from an earlier run (its answer was lost, or the process
   died while it was out) is looked up by its natural key: found, it is
   recorded and skipped; missing, it is sent; undecidable, it stays
   unknown and is not sent;
4. ``sending`` is journaled, the POST goes out, and its outcome (created
   with the id, failed with Alegra's message, unknown) is journaled before
   the next row.

Errors about one row (a 4xx answer) fail that row and the import goes on.
Errors about the whole run (credentials, plan, quota exhausted, Alegra
unreachable) stop it: the row is recorded as not sent (Alegra did nothing
with it) and ``--resume`` continues from there.
"""

from dataclasses import dataclass, field
from typing import Any

from alegra import errors
from alegra.bulk import journal as journals
from alegra.bulk import lookup as lookups
from alegra.bulk.rows import RowError
from alegra.i18n import _

# Errors that say nothing about the row and would hit every row after it.
STOPS_THE_RUN = (errors.AuthError, errors.PlanError, errors.RateLimitError,
                 errors.ConnectionFailed, errors.UsageError)


@dataclass
class Summary:
    total: int = 0
    created: int = 0
    failed: int = 0
    skipped: int = 0
    unknown: int = 0
    edited: int = 0       # created before, changed in the file since
    failures: list = field(default_factory=list)   # (Row, message)
    stopped_by: BaseException = None

    def text(self):
        return _("{created} created, {failed} failed, {skipped} skipped, "
                 "{unknown} unknown").format(
            created=self.created, failed=self.failed,
            skipped=self.skipped, unknown=self.unknown)


def row_note(row, message):
    """``row 7: message``."""
    return _("row {number}: {message}").format(number=row.number,
                                               message=message)


def not_valid(problems):
    """Why a row's body is refused before sending it."""
    return _("not valid: {problems}").format(problems="; ".join(problems))


@dataclass
class Prepared:
    """A row with what the run needs to know about it."""

    row: Any
    digest: str
    body: dict = None
    error: str = None
    key: str = None
    entry: int = None


class Importer:
    def __init__(self, *, client, path, rows, builder, validate=None,
                 journal=None, key=None, progress=None, report=None):
        self.client = client
        self.path = path
        self.rows = rows
        self.builder = builder
        self.validate = validate
        self.journal = journal
        self.key = key
        self.lookup = lookups.Lookup(client, path, key)
        self.progress = progress
        self.report = report or (lambda text: None)
        self.summary = Summary(total=len(rows))

    def run(self):
        prepared = [self.prepare(row) for row in self.rows]
        if self.journal is not None:
            entries = self.journal.match(
                [(item.row.number, item.key, item.digest)
                 for item in prepared])
            for item, entry in zip(prepared, entries):
                item.entry = entry
            self._next_entry = self.journal.new_entry()
        for item in prepared:
            self.one(item)
            if self.progress is not None:
                self.progress.advance()
        return self.summary

    def prepare(self, row):
        item = Prepared(row, row.digest(), error=row.problem)
        if item.error is None:
            try:
                item.body = self.builder.build(row.values)
            except RowError as exc:
                item.error = str(exc)
        if item.body is not None and self.key is not None:
            item.key = self.key.value_of(item.body)
        return item

    def one(self, item):
        summary = self.summary
        row = item.row
        previous = None
        if self.journal is not None:
            if item.entry is None:
                item.entry = self._next_entry
                self._next_entry += 1
            previous = self.journal.events.get(item.entry)
        state = previous["state"] if previous else None
        if state in journals.DONE:
            summary.skipped += 1
            if previous.get("digest") not in (None, item.digest):
                summary.edited += 1
                self.report(row_note(row, _(
                    "changed in the file since it was created as id {id}; "
                    "not sent again (update that record to change "
                    "it)").format(id=previous.get("id"))))
            return
        if item.error is not None:
            self.fail(item, item.error)
            return
        body, value = item.body, item.key
        if self.validate is not None:
            problems = self.validate(body)
            if problems:
                self.fail(item, not_valid(problems))
                return
        if state in journals.IN_DOUBT:
            found = self.lookup.find(value)
            if found == lookups.UNDECIDED:
                summary.unknown += 1
                self.record(item, journals.UNKNOWN,
                            message="its create may have been applied; "
                                    "it could not be looked up")
                self.report(row_note(row, _(
                    "still unknown (no natural key to look it up by)")
                    if value is None else _(
                        "still unknown (the lookup of {value} "
                        "failed)").format(value=repr(value))))
                return
            if found != lookups.MISSING:
                summary.skipped += 1
                self.record(item, journals.FOUND, id=found)
                self.report(row_note(row, _(
                    "already created as id {id} (its answer had been "
                    "lost)").format(id=found)))
                return
        self.send(item)

    def send(self, item):
        summary = self.summary
        row = item.row
        self.record(item, journals.SENDING)
        try:
            created = self.client.post(self.path, item.body)
        except errors.UnknownOutcome as exc:
            summary.unknown += 1
            self.record(item, journals.UNKNOWN, message=str(exc))
            self.report(row_note(row, _("unknown: {error}").format(
                error=exc)))
            return
        except STOPS_THE_RUN as exc:
            self.record(item, journals.NOT_SENT, message=str(exc))
            summary.stopped_by = exc
            raise
        except errors.AlegraError as exc:
            if exc.status is not None and 300 <= exc.status < 500:
                # Alegra's message only: the hint is about a single create.
                self.fail(item, " ".join(str(exc.message).split()))
                return
            summary.unknown += 1
            self.record(item, journals.UNKNOWN, message=str(exc))
            self.report(row_note(row, _("unknown: {error}").format(
                error=exc)))
            return
        except BaseException as exc:
            # An interrupt (or anything unforeseen) while the request was
            # out: it may have been applied.
            summary.unknown += 1
            self.record(item, journals.UNKNOWN,
                        message=f"interrupted while sending "
                                f"({type(exc).__name__})")
            raise
        summary.created += 1
        record_id = created.get("id") if isinstance(created, dict) else None
        self.record(item, journals.CREATED, id=record_id)

    def fail(self, item, message):
        self.summary.failed += 1
        self.summary.failures.append((item.row, message))
        self.record(item, journals.FAILED, message=message)
        self.report(row_note(item.row, message))

    def record(self, item, state, **details):
        if self.journal is not None:
            self.journal.record(item.row.number, state, entry=item.entry,
                                key=item.key, digest=item.digest, **details)
