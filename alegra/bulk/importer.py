"""The import loop: one create per row, each outcome journaled first.

For every row, in order:

1. a row the journal says exists (created, or found by a lookup) is
   skipped;
2. the row becomes a body (``--map``, ``--set``) and is validated; a row
   that fails here costs no request;
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

from alegra import errors
from alegra.bulk import journal as journals
from alegra.bulk import lookup as lookups
from alegra.bulk.rows import RowError

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
    failures: list = field(default_factory=list)   # (Row, message)
    stopped_by: BaseException = None

    def text(self):
        return (f"{self.created} created, {self.failed} failed, "
                f"{self.skipped} skipped, {self.unknown} unknown")


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
        for row in self.rows:
            self.one(row)
            if self.progress is not None:
                self.progress.advance()
        return self.summary

    def one(self, row):
        summary = self.summary
        state = self.journal.state(row.number) if self.journal else None
        if state in journals.DONE:
            summary.skipped += 1
            return
        try:
            body = self.builder.build(row.values)
        except RowError as exc:
            self.fail(row, str(exc))
            return
        if self.validate is not None:
            problems = self.validate(body)
            if problems:
                self.fail(row, "not valid: " + "; ".join(problems))
                return
        value = self.key.value_of(body) if self.key else None
        if state in journals.IN_DOUBT:
            found = self.lookup.find(value)
            if found == lookups.UNDECIDED:
                summary.unknown += 1
                self.record(row, journals.UNKNOWN, key=value,
                            message="its create may have been applied; "
                                    "it could not be looked up")
                self.report(f"row {row.number}: still unknown (no natural "
                            "key to look it up by)" if value is None else
                            f"row {row.number}: still unknown (the lookup "
                            f"of {value!r} failed)")
                return
            if found != lookups.MISSING:
                summary.skipped += 1
                self.record(row, journals.FOUND, id=found, key=value)
                self.report(f"row {row.number}: already created as id "
                            f"{found} (its answer had been lost)")
                return
        self.send(row, body, value)

    def send(self, row, body, value):
        summary = self.summary
        self.record(row, journals.SENDING, key=value)
        try:
            created = self.client.post(self.path, body)
        except errors.UnknownOutcome as exc:
            summary.unknown += 1
            self.record(row, journals.UNKNOWN, key=value, message=str(exc))
            self.report(f"row {row.number}: unknown: {exc}")
            return
        except STOPS_THE_RUN as exc:
            self.record(row, journals.NOT_SENT, message=str(exc))
            summary.stopped_by = exc
            raise
        except errors.AlegraError as exc:
            if exc.status is not None and 300 <= exc.status < 500:
                # Alegra's message only: the hint is about a single create.
                self.fail(row, " ".join(str(exc.message).split()))
                return
            summary.unknown += 1
            self.record(row, journals.UNKNOWN, key=value, message=str(exc))
            self.report(f"row {row.number}: unknown: {exc}")
            return
        except BaseException as exc:
            # An interrupt (or anything unforeseen) while the request was
            # out: it may have been applied.
            summary.unknown += 1
            self.record(row, journals.UNKNOWN, key=value,
                        message=f"interrupted while sending "
                                f"({type(exc).__name__})")
            raise
        summary.created += 1
        record_id = created.get("id") if isinstance(created, dict) else None
        self.record(row, journals.CREATED, id=record_id, key=value)

    def fail(self, row, message):
        self.summary.failed += 1
        self.summary.failures.append((row, message))
        self.record(row, journals.FAILED, message=message)
        self.report(f"row {row.number}: {message}")

    def record(self, row, state, **details):
        if self.journal is not None:
            self.journal.record(row.number, state, **details)
