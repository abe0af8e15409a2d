"""The emission ledger: SQLite in the XDG state folder, 0600 in 0700.

One row per (profile, company, resource, document) in one of four states:

- ``sending``: claimed by a running alegra process (``owner``) that is
  about to send it or is waiting for the answer. Written and committed
  *before* the request leaves, so a crash leaves a trace. A ``sending``
  row whose owner is gone (killed, crashed) counts as ``unknown``;
- ``emitted``: the server answered with a stamp;
- ``unknown``: the request may or may not have been applied (no answer,
  a crash); the document's stamp is read from the server before it is
  ever sent again;
- ``failed``: the server refused it (a 4xx); it may be sent again.

Claims are taken inside ``BEGIN IMMEDIATE`` transactions, so two processes
emitting at once serialise on SQLite's write lock and each sees the
other's claims: one sends, the other skips. A file that is not a ledger,
or a damaged one, stops emission (it fails closed) with a one-line error
saying how to recover.
"""

import contextlib
import os
import socket
import sqlite3
import time

from alegra.local import config as config_module
from alegra.local import statefile
from alegra.errors import AlegraError
from alegra.i18n import _

SCHEMA_VERSION = 1
STATES = ("sending", "emitted", "unknown", "failed")
BUSY_TIMEOUT = 60.0

SCHEMA = """
CREATE TABLE IF NOT EXISTS emissions (
    profile TEXT NOT NULL,
    company TEXT NOT NULL,
    resource TEXT NOT NULL,
    record_id TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('sending', 'emitted', 'unknown',
                                         'failed')),
    owner TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    fiscal_code TEXT,
    message TEXT,
    updated_at REAL NOT NULL,
    PRIMARY KEY (profile, company, resource, record_id)
)
"""


class LedgerError(AlegraError):
    """The ledger cannot be trusted: emission stops (fails closed)."""


def default_path(environ=None):
    environ = os.environ if environ is None else environ
    if environ.get("ALEGRA_EMISSION_LEDGER"):
        return os.path.expanduser(environ["ALEGRA_EMISSION_LEDGER"])
    return str(config_module.xdg_dir("XDG_STATE_HOME", environ)
               / "emission.sqlite3")


def this_process():
    return f"{socket.gethostname()}:{os.getpid()}"


def owner_alive(owner):
    """Whether the process that claimed a row still runs (same host)."""
    host, _sep, pid = (owner or "").rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        # Another machine sharing the folder: assume it still works.
        return host != ""
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def effective_state(row):
    """A row's state, with ``sending`` by a dead process as ``unknown``."""
    if row["state"] == "sending" and not owner_alive(row["owner"]):
        return "unknown"
    return row["state"]


class Ledger:
    def __init__(self, path, profile, company):
        self.path = str(path)
        self.profile = profile
        self.company = str(company)
        self.owner = this_process()
        self.conn = None

    # -- opening, and failing closed --------------------------------------

    def damaged(self, reason):
        return LedgerError(
            _("the emission ledger {path} cannot be used ({reason}); "
              "nothing was sent").format(path=self.path, reason=reason),
            _("move it aside (mv {path} {path}.broken) to start a new one, "
              "then check the stamp of recent documents with 'alegra "
              "invoices get <id>' before emitting them again").format(
                  path=self.path))

    def open(self):
        path = statefile.resolve(self.path)
        statefile.make_private_dir(path.parent)
        new = not path.exists()
        if new:
            descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
            os.close(descriptor)
        try:
            self.conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT,
                                        isolation_level=None)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA synchronous = FULL")
            version = self.conn.execute("PRAGMA user_version").fetchone()[0]
            if version == 0:
                with self.transaction():
                    self.conn.execute(SCHEMA)
                    self.conn.execute(
                        f"PRAGMA user_version = {SCHEMA_VERSION}")
            elif version != SCHEMA_VERSION:
                raise self.damaged(_("unknown ledger version "
                                     "{version}").format(version=version))
            check = self.conn.execute("PRAGMA quick_check").fetchone()[0]
            if check != "ok":
                raise self.damaged(check)
            self.conn.execute("SELECT count(*) FROM emissions").fetchone()
        except sqlite3.DatabaseError as exc:
            self.close()
            raise self.damaged(str(exc)) from None
        os.chmod(path, 0o600)
        return self

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    @contextlib.contextmanager
    def transaction(self):
        """``BEGIN IMMEDIATE``: one writer at a time, across processes."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise LedgerError(
                _("the emission ledger {path} stayed locked "
                  "({error})").format(path=self.path, error=exc),
                _("another alegra is emitting; wait for it and try again")
            ) from None
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        try:
            self.conn.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            raise self.damaged(str(exc)) from None

    # -- rows -------------------------------------------------------------

    def _key(self, resource, record_id):
        return (self.profile, self.company, resource, str(record_id))

    def row(self, resource, record_id):
        try:
            return self.conn.execute(
                "SELECT * FROM emissions WHERE profile = ? AND company = ? "
                "AND resource = ? AND record_id = ?",
                self._key(resource, record_id)).fetchone()
        except sqlite3.DatabaseError as exc:
            raise self.damaged(str(exc)) from None

    def state(self, resource, record_id):
        row = self.row(resource, record_id)
        return None if row is None else effective_state(row)

    def put(self, resource, record_id, state, fiscal_code=None,
            message=None, attempt=False):
        """Write a row's state (inside a transaction)."""
        assert state in STATES
        self.conn.execute(
            "INSERT INTO emissions (profile, company, resource, record_id, "
            "state, owner, attempts, fiscal_code, message, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (profile, company, resource, record_id) DO UPDATE "
            "SET state = excluded.state, owner = excluded.owner, "
            "attempts = attempts + ?, "
            "fiscal_code = coalesce(excluded.fiscal_code, fiscal_code), "
            "message = excluded.message, updated_at = excluded.updated_at",
            (*self._key(resource, record_id), state,
             self.owner if state == "sending" else None, int(attempt),
             fiscal_code, message, time.time(), int(attempt)))

    def forget(self, resource, record_id):
        """Drop a row (inside a transaction): the document does not exist,
        so nothing about it needs guarding."""
        self.conn.execute(
            "DELETE FROM emissions WHERE profile = ? AND company = ? AND "
            "resource = ? AND record_id = ?", self._key(resource, record_id))

    def record(self, resource, outcomes):
        """Write ``{id: (state, fiscal_code, message)}`` in one commit (a
        state of None forgets the document)."""
        with self.transaction():
            for record_id, (state, code, message) in outcomes.items():
                if state is None:
                    self.forget(resource, record_id)
                else:
                    self.put(resource, record_id, state, code, message)

    def summary(self):
        """``{state: count}`` of this profile's and company's documents,
        and ``{resource: [ids]}`` of those whose outcome is unknown (for
        doctor)."""
        counts = dict.fromkeys(STATES, 0)
        unknown = {}
        for row in self.conn.execute(
                "SELECT resource, record_id, state, owner FROM emissions "
                "WHERE profile = ? AND company = ? ORDER BY resource, "
                "record_id", (self.profile, self.company)):
            state = effective_state(row)
            counts[state] += 1
            if state == "unknown":
                unknown.setdefault(row["resource"], []).append(
                    row["record_id"])
        return counts, unknown


def open_ledger(profile, company, environ=None):
    return Ledger(default_path(environ), profile, company).open()
