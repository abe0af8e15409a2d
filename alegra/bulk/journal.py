"""The per-import journal: every row's outcome, on disk before moving on.

One JSON-lines file per (profile and account, resource, input content) under
``$XDG_STATE_HOME/alegra/imports/``, mode 0600 in 0700 folders. Each line
is one event, appended and fsynced before the import goes on::

    {"row": 7, "state": "sending", "key": "900123456"}
    {"row": 7, "state": "created", "id": 1042}
    {"row": 8, "state": "failed", "message": "HTTP 400: ..."}
    {"row": 9, "state": "unknown", "message": "POST /contacts: ..."}

A row's state is its last event. ``sending`` with nothing after it means
the process died while the request was out: like ``unknown``, the record
may or may not exist, and ``--resume`` looks it up before sending again.
An append-only log (rather than a rewritten file) keeps each record to one
small write: a crash can at most tear the last line, which is ignored.
The journal is locked while an import runs, so two imports of one file
never interleave.
"""

import contextlib
import hashlib
import json
import os

from alegra.local import config, statefile
from alegra import jsonio
from alegra.errors import UsageError

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


def journal_path(account, resource, digest, environ=None):
    """Where the journal of importing ``digest`` into ``resource`` for
    ``account`` (the profile and the e-mail) lives."""
    label = hashlib.sha256(account.encode()).hexdigest()[:12]
    return journal_dir(environ) / f"{resource}-{label}-{digest[:24]}.jsonl"


class Journal:
    """An open, locked journal. Use as a context manager."""

    def __init__(self, path):
        self.path = statefile.resolve(path)
        self.states = {}
        self.events = {}
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
                f"cannot open the import journal {self.path}: "
                f"{exc.strerror}") from None
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
        return bool(self.states)

    def _load(self):
        try:
            with open(self.path, "rb") as stream:
                data = stream.read()
        except FileNotFoundError:
            return
        except OSError as exc:
            raise UsageError(
                f"cannot read the import journal {self.path}: "
                f"{exc.strerror}") from None
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
        if (not isinstance(event, dict) or event.get("state") not in STATES
                or not isinstance(event.get("row"), int)):
            raise UsageError(
                f"the import journal {self.path} is damaged at line "
                f"{number}", "move it away to start this import afresh (rows "
                "it recorded as created would then be created again)")
        return event

    def _replay(self, event):
        self.states[event["row"]] = event["state"]
        self.events[event["row"]] = event

    def state(self, row):
        return self.states.get(row)

    def record(self, row, state, **details):
        """Append one event and make it durable before returning."""
        event = {"row": row, "state": state, **{
            key: value for key, value in details.items() if value is not None}}
        data = (jsonio.dumps(event) + "\n").encode("utf-8")
        while data:
            data = data[os.write(self._descriptor, data):]
        os.fsync(self._descriptor)
        self._replay(event)

    def counts(self):
        counted = {}
        for state in self.states.values():
            counted[state] = counted.get(state, 0) + 1
        return counted
