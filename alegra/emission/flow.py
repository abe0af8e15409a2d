"""Claim, check, send, record: emitting documents without ever repeating one.

For each batch (at most ten documents, Alegra's cap per stamp call):

1. in one ``BEGIN IMMEDIATE`` transaction, decide for every document:
   already emitted (skipped unless forced), being sent by another live
   process (skipped), or ours to send, claimed as ``sending``; a document
   whose last outcome is unknown is claimed too, marked to be checked;
2. for the documents to check, read their stamp from the server: one that
   turns out stamped is recorded as emitted and not sent again;
3. send the rest in one request;
4. record what came back (a success answer: emitted; a refusal: failed)
   or that nothing did (unknown), in one commit, before the next batch.

A crash between 3 and 4 leaves the batch ``sending`` under a dead owner,
which the next run treats as unknown, so step 2 catches it.
"""

import os
import signal
from dataclasses import dataclass, field

from alegra.errors import AlegraError, NotFoundError, UnknownOutcome
from alegra.i18n import N_, _

BATCH = 10
# The ledger outcome of a document the server does not have: no row.
FORGOTTEN = (None, None, None)
FISCAL_FIELDS = ("cufe", "uuid", "key", "hash")
ANSWER_LISTS = ("invoices", "data", "results")
UNSHOWN_STAMP = N_("accepted; the answer did not show its stamp")
# Test hook: kill this process after the server answered a stamp request
# and before the ledger records the answer (the crash the ledger must
# survive). Never set outside tests.
KILL_HOOK = "ALEGRA_TEST_HOOK_KILL_BEFORE_LEDGER"


def fiscal_code(document):
    stamp = document.get("stamp") if isinstance(document, dict) else None
    if not isinstance(stamp, dict):
        return None
    for name in FISCAL_FIELDS:
        if stamp.get(name):
            return str(stamp[name])
    return None


def answered_documents(answer):
    """The documents of a stamp answer: Alegra's sources show both a bare
    array and an object, either one document or a list under a key
    (``invoices``, ``data``, ``results``)."""
    if isinstance(answer, dict):
        for key in ANSWER_LISTS:
            if isinstance(answer.get(key), list):
                return answer[key]
        return [answer]
    return answer if isinstance(answer, list) else []


def is_stamped(document):
    """Whether the server's copy of a document carries a fiscal stamp."""
    stamp = document.get("stamp") if isinstance(document, dict) else None
    if not isinstance(stamp, dict):
        return False
    status = str(stamp.get("legalStatus") or "").upper()
    return bool(fiscal_code(document)) or status.startswith(
        ("STAMPED", "ACCEPTED"))


@dataclass
class DocumentOutcome:
    record_id: str
    # emitted, skipped, failed, unknown, not-found, would-stamp
    result: str
    batch: int = 0
    fiscal_code: str = None
    detail: str = ""


@dataclass
class Report:
    outcomes: list = field(default_factory=list)
    errors: list = field(default_factory=list)

    def add(self, outcome):
        self.outcomes.append(outcome)

    def count(self, result):
        return sum(1 for outcome in self.outcomes
                   if outcome.result == result)


class Emitter:
    """Emit documents of one resource through the ledger.

    ``send(ids)`` posts one batch and returns the documents the server
    answered with; ``fetch(id)`` reads one document.
    """

    def __init__(self, ledger, resource, send, fetch, force=False,
                 dry_run=False, progress=None, environ=None,
                 check_new=False):
        self.ledger = ledger
        # Read the stamp of documents the ledger has never seen, too (ids
        # named by the user may have been stamped elsewhere: on creation,
        # in Alegra's web app, from another machine).
        self.check_new = check_new
        self.resource = resource
        self.send = send
        self.fetch = fetch
        self.force = force
        self.dry_run = dry_run
        self.progress = progress or (lambda text: None)
        self.environ = os.environ if environ is None else environ

    def run(self, ids, batch_size=BATCH):
        report = Report()
        pending = list(dict.fromkeys(str(i) for i in ids))
        number = 0
        while pending:
            number += 1
            if self.dry_run:
                claimed, pending = self.preview(pending, batch_size, report,
                                                number)
            else:
                claimed, pending = self.claim(pending, batch_size, report,
                                              number)
                if claimed:
                    self.emit_batch(claimed, report, number)
        return report

    # -- 1. claiming ------------------------------------------------------

    def decide(self, record_id):
        """``(action, detail)``: skip, claim or check."""
        row = self.ledger.row(self.resource, record_id)
        if row is None:
            return ("check" if self.check_new and not self.force
                    else "claim"), ""
        from alegra.emission.ledger import effective_state

        state = effective_state(row)
        if state == "sending":
            return "skip", _("being emitted by another alegra process")
        if state == "emitted" and not self.force:
            if row["fiscal_code"]:
                return "skip", _("already emitted ({code}); --force sends "
                                 "it again").format(code=row["fiscal_code"])
            return "skip", _("already emitted; --force sends it again")
        if state == "unknown":
            return "check", ""
        return "claim", ""

    def next_one(self, pending, report, number):
        """``(id, action)`` of the next document of ``pending`` not
        skipped (the skipped ones go to ``report``), or None."""
        while pending:
            record_id = pending.pop(0)
            action, detail = self.decide(record_id)
            if action != "skip":
                return record_id, action
            report.add(DocumentOutcome(record_id, "skipped", number,
                                       detail=detail))
        return None

    def claim(self, pending, size, report, number):
        """Claim up to ``size`` documents; returns ``(claimed, rest)``."""
        claimed = []
        with self.ledger.transaction():
            while len(claimed) < size:
                found = self.next_one(pending, report, number)
                if found is None:
                    break
                record_id, action = found
                self.ledger.put(self.resource, record_id, "sending",
                                attempt=True)
                claimed.append((record_id, action == "check"))
        return claimed, pending

    def preview(self, pending, size, report, number):
        for _count in range(size):
            found = self.next_one(pending, report, number)
            if found is None:
                break
            record_id, action = found
            report.add(DocumentOutcome(
                record_id, "would-stamp", number,
                detail=(_("its stamp would be read first")
                        if action == "check" else "")))
        return [], pending

    # -- 2 to 4 -----------------------------------------------------------

    def emit_batch(self, claimed, report, number):
        to_send, outcomes = [], {}
        for record_id, check in claimed:
            if not check:
                to_send.append(record_id)
                continue
            document = self.read(record_id, report, number, outcomes)
            if document is not None and not self.found_stamped(
                    record_id, document, report, number, outcomes):
                to_send.append(record_id)
        if to_send:
            outcomes.update(self.send_batch(to_send, report, number))
        self.ledger.record(self.resource, outcomes)

    def read(self, record_id, report, number, outcomes):
        """The server's copy of a document, or None when it cannot be read
        (then its outcome is in ``outcomes`` and ``report``). A document
        the server does not have is forgotten by the ledger: nothing was
        or will be sent for it."""
        try:
            return self.fetch(record_id)
        except NotFoundError:
            outcomes[record_id] = FORGOTTEN
            report.add(DocumentOutcome(
                record_id, "not-found", number,
                detail=_("Alegra has no such document; nothing was "
                         "sent")))
        except AlegraError as exc:
            outcomes[record_id] = ("unknown", None, exc.message)
            report.add(DocumentOutcome(
                record_id, "unknown", number,
                detail=_("could not read its stamp: {error}").format(
                    error=exc.message)))
        return None

    def found_stamped(self, record_id, document, report, number, outcomes):
        """Whether the document is stamped already (then recorded so)."""
        if not is_stamped(document):
            return False
        code = fiscal_code(document)
        outcomes[record_id] = ("emitted", code, "found stamped")
        report.add(DocumentOutcome(
            record_id, "skipped", number, code,
            _("already stamped (read from the server)")))
        return True

    def one_by_one(self, ids, report, number):
        outcomes = {}
        for record_id in ids:
            document = self.read(record_id, report, number, outcomes)
            if document is None or self.found_stamped(
                    record_id, document, report, number, outcomes):
                continue
            outcomes.update(self.send_batch([record_id], report, number))
        return outcomes

    def none_stamped(self, ids, state, exc, report, number, said):
        """Every document of a batch in ``state`` (``unknown``: no answer;
        ``failed``: refused) because of ``exc``; ``said`` is the progress
        line, with ``{number}``, ``{ids}`` and ``{error}``."""
        outcomes = {}
        for record_id in ids:
            outcomes[record_id] = (state, None, exc.message)
            report.add(DocumentOutcome(record_id, state, number,
                                       detail=str(exc)))
        report.errors.append(exc)
        self.progress(said.format(number=number, ids=", ".join(ids),
                                  error=exc))
        return outcomes

    def send_batch(self, ids, report, number):
        outcomes = {}
        try:
            answer = self.send(ids)
        except UnknownOutcome as exc:
            return self.none_stamped(
                ids, "unknown", exc, report, number,
                _("Batch {number}: outcome unknown for {ids}: {error}"))
        except AlegraError as exc:
            if len(ids) > 1:
                # The server refused the whole batch, perhaps for one bad
                # document: try them one by one, each checked first.
                self.progress(_("Batch {number}: refused ({error}); "
                                "sending its invoices one by one").format(
                                    number=number, error=exc))
                return self.one_by_one(ids, report, number)
            return self.none_stamped(
                ids, "failed", exc, report, number,
                _("Batch {number}: failed for {ids}: {error}"))
        if self.environ.get(KILL_HOOK):
            os.kill(os.getpid(), signal.SIGKILL)
        answered = {}
        for document in answered_documents(answer):
            if isinstance(document, dict) and document.get("id") is not None:
                answered[str(document["id"])] = document
        # A success answer means the server took the batch: each document
        # is emitted (the authority may still be deciding, as the stamp's
        # legalStatus says), whether or not the answer shows its stamp.
        for record_id in ids:
            document = answered.get(record_id)
            code = fiscal_code(document)
            shown = is_stamped(document)
            # The ledger keeps its notes in English; people read the report
            outcomes[record_id] = ("emitted", code, None if shown else
                                   UNSHOWN_STAMP)
            report.add(DocumentOutcome(record_id, "emitted", number, code,
                                       "" if shown else _(UNSHOWN_STAMP)))
        self.progress(_("Batch {number}: stamped {ids}").format(
            number=number, ids=", ".join(ids)))
        return outcomes
