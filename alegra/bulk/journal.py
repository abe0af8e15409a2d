"""The per-import journal: every row's outcome, on disk before moving on.

One JSON-lines file per (profile and account, resource, input file: its
resolved path) under ``$XDG_STATE_HOME/alegra/imports/``, mode 0600 in 0700
folders. Keyed by the path rather than the content, so that a file fixed
or extended after a run resumes instead of starting a new import. Each
line is one event, appended and fsynced before the import goes on::

    {"options": {"map": ["NIT=identification.number"], ...}, "rows": [...]}
    {"entry": 7, "row": 7, "state": "sending", "key": "900123456",
     "digest": "3f1c..."}
    {"entry": 7, "row": 7, "state": "created", "id": "1042", ...}
    {"entry": 8, "row": 8, "state": "failed", "message": "HTTP 400: ..."}

An entry is one record-to-be; its state is its last event. Its ``key`` (the
row's natural key: identification number, reference) and ``digest`` (a
hash of the row's cells) find it again in a later run, wherever the row has
moved in the file (:meth:`Journal.match`). The options event remembers
``--map``, ``--set``, ``--key`` and ``--country`` for ``--resume``.

``sending`` with nothing after it means the process died while the request
was out: like ``unknown``, the record may or may not exist, and
``--resume`` looks it up before sending again. An append-only log (rather
than a rewritten file) keeps each record to one small write: a crash can at
most tear the last line, which is ignored. The journal is locked while an
import runs, so two imports of one file never interleave.
"""

import collections
import contextlib
import hashlib
import json
import os

from alegra.local import config, statefile
from alegra import jsonio
from alegra.errors import UsageError
from alegra.i18n import _

CREATED = "created"      # the record exists on the server (id known)
FOUND = "found"          # looked up after a lost answer: it exists
FAILED = "failed"        # Alegra (or the pre-flight check) refused it
UNKNOWN = "unknown"      # sent, answer lost: it may exist
SENDING = "sending"      # the request is out (a crash leaves it so)
NOT_SENT = "not-sent"    # the run stopped before sending it
DONE = frozenset({CREATED, FOUND})
IN_DOUBT = frozenset({UNKNOWN, SENDING})
STATES = frozenset({CREATED, FOUND, FAILED, UNKNOWN, SENDING, NOT_SENT})


def journal_dir(environ=None):
    return config.xdg_dir("XDG_STATE_HOME", environ) / "imports"


def journal_path(account, resource, source, environ=None):
    """Where the journal of importing ``source`` (the input's resolved
    path) into ``resource`` for ``account`` (the profile and the e-mail)
    lives."""
    label = hashlib.sha256(account.encode()).hexdigest()[:12]
    where = hashlib.sha256(
        str(source).encode("utf-8", "surrogateescape")).hexdigest()[:24]
    return journal_dir(environ) / f"{resource}-{label}-{where}.jsonl"


class Journal:
    """An open, locked journal. Use as a context manager."""

    def __init__(self, path):
        self.path = statefile.resolve(path)
        self.events = {}     # entry -> its last event (its state's)
        self.options = None  # the options of the last run, as remembered
        self.input_rows = None  # the digests of that run's rows
        self._descriptor = None
        self._lock = None

    def __enter__(self):
        self._lock = contextlib.ExitStack()
        self._lock.enter_context(statefile.locked(self.path, timeout=1.0))
        try:
            self._load()
            statefile.make_private_dir(self.path.parent)
            new = not self.path.exists()
            self._descriptor = os.open(
                self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            if new:
                statefile.sync_directory(self.path.parent)
        except OSError as exc:
            self._lock.close()
            raise UsageError(
                _("cannot open the import journal {path}: {reason}").format(
                    path=self.path, reason=exc.strerror)) from None
        except BaseException:
            self._lock.close()
            raise
        return self

    def __exit__(self, *exc_info):
        if self._descriptor is not None:
            os.close(self._descriptor)
            self._descriptor = None
        self._lock.close()

    @property
    def exists(self):
        return bool(self.events)

    def _load(self):
        try:
            with open(self.path, "rb") as stream:
                data = stream.read()
        except FileNotFoundError:
            return
        except OSError as exc:
            raise UsageError(
                _("cannot read the import journal {path}: {reason}").format(
                    path=self.path, reason=exc.strerror)) from None
        lines = data.split(b"\n")
        torn = lines.pop()  # after the last newline: empty, or torn
        for number, line in enumerate(lines, start=1):
            if line.strip():
                self._replay(self._parse(line, number))
        if torn.strip():
            # The last write was cut short by a crash: drop it, so that the
            # next append starts on a line of its own.
            os.truncate(self.path, len(data) - len(torn))

    def _parse(self, line, number):
        try:
            event = jsonio.loads(line.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            event = None
        if isinstance(event, dict) and isinstance(event.get("options"),
                                                  dict):
            return event
        if (not isinstance(event, dict) or event.get("state") not in STATES
                or not isinstance(event.get("row"), int)
                or not isinstance(event.get("entry", 0), int)):
            raise UsageError(
                _("the import journal {path} is damaged at line "
                  "{line}").format(path=self.path, line=number),
                _("move it away to start this import afresh (rows it "
                  "recorded as created would then be created again)"))
        return event

    def _replay(self, event):
        if "options" in event:
            self.options = event["options"]
            self.input_rows = event.get("rows")
            return
        self.events[event.get("entry", event["row"])] = event

    def state(self, entry):
        return self.events.get(entry, {}).get("state")

    def new_entry(self):
        """An entry number no event uses yet."""
        return max(self.events, default=0) + 1

    def remember(self, options, rows):
        """Record the options this run uses, for ``--resume``, and its
        rows' digests, to tell the next run how many rows changed."""
        self._append({"options": options, "rows": list(rows)})

    def changed_since(self, rows):
        """How many of ``rows`` (digests) the last run did not have, or
        None when no run was remembered."""
        if not isinstance(self.input_rows, list):
            return None
        added = collections.Counter(rows) - collections.Counter(
            self.input_rows)
        return sum(added.values())

    def record(self, row, state, entry=None, **details):
        """Append one event about ``entry`` (by default numbered like the
        row) and make it durable before returning."""
        entry = row if entry is None else entry
        event = {"entry": entry, "row": row, "state": state, **{
            key: value for key, value in details.items() if value is not None}}
        if "id" in event:  # ids are text, as Alegra gives them since 2025
            event["id"] = str(event["id"])
        self._append(event)

    def _append(self, event):
        data = (jsonio.dumps(event) + "\n").encode("utf-8")
        while data:
            data = data[os.write(self._descriptor, data):]
        os.fsync(self._descriptor)
        self._replay(event)

    def match(self, rows):
        """The entry each of ``rows`` (``(row number, key, digest)``)
        continues, or None for a row the journal has not seen.

        A row is its entry of the same natural key; failing that, of the
        same content; failing that, of the same row number, if that entry
        was created (or may have been) and no other row is it: so a
        created row edited in place is known again, never sent twice.
        Each entry goes to one row at most."""
        by_key, by_digest, by_row = {}, {}, {}
        for entry, event in self.events.items():
            if event.get("key") is not None:
                by_key.setdefault(event["key"], []).append(entry)
            if event.get("digest"):
                by_digest.setdefault(event["digest"], []).append(entry)
            if event["state"] in DONE | IN_DOUBT:
                by_row.setdefault(event["row"], []).append(entry)
        found = [None] * len(rows)
        claimed = set()
        passes = ((by_key, 1), (by_digest, 2), (by_row, 0))
        for index_of, position in passes:
            for number, row in enumerate(rows):
                if found[number] is not None or row[position] is None:
                    continue
                for entry in index_of.get(row[position], ()):
                    if entry not in claimed:
                        found[number] = entry
                        claimed.add(entry)
                        break
        return found

    def counts(self):
        return collections.Counter(
            event["state"] for event in self.events.values())
