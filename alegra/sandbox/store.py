"""The SQLite store: one connection per request, WAL, short transactions.

WAL lets readers run beside one writer, and the busy timeout makes a
second process (another ``serve``, a ``seed`` in progress, the embedded
sandbox of another command) wait its turn instead of failing. Writes take
the lock up front (``BEGIN IMMEDIATE``): a read transaction that later
tries to write cannot be given the lock without a deadlock, so SQLite would
fail it at once whatever the timeout.

A request borrows a connection from a small pool and gives it back: each
connection keeps its page cache, so a deep page of a long list does not
read the index from the start again on every request. SQLite notices
writes made by other connections and processes, so a cache is never stale.
"""

import collections
import contextlib
import decimal
import os
import sqlite3
import threading

from alegra import jsonio
from alegra.sandbox import ids, schema

BUSY_TIMEOUT_SECONDS = 10.0
POOL_SIZE = 8
# Every write gives the database a new random generation: the bookmarks of
# the previous one no longer apply, whichever process wrote.
NEW_GENERATION = ("INSERT INTO meta (key, value) VALUES ('generation', "
                  "random()) ON CONFLICT (key) DO UPDATE SET value = random()")
ID_ORDERS = {"id": ">", "id ASC": ">", "id DESC": "<"}

COLUMNS = ("status", "date", "due_date", "party_id", "name", "number",
           "kind", "code")


def default_index(doc):
    """The indexed columns of an object, read from its usual fields."""
    party = doc.get("client") or doc.get("provider")
    template = doc.get("numberTemplate")
    number = template.get("fullNumber") if isinstance(template, dict) else None
    kind = doc.get("type")
    if isinstance(kind, list):
        kind = ",".join(str(value) for value in kind)
    name = doc.get("name")
    return {
        "status": doc.get("status"),
        "date": doc.get("date"),
        "due_date": doc.get("dueDate"),
        "party_id": party.get("id") if isinstance(party, dict) else None,
        "name": name if isinstance(name, str) else None,
        "number": number if number is not None else _text(doc.get("number")),
        "kind": kind if isinstance(kind, str) else None,
        "code": _text(doc.get("identification") or doc.get("reference")
                      or doc.get("code")),
    }


def _text(value):
    if value is None or isinstance(value, (dict, list)):
        return None
    return str(value)


class Bookmarks:
    """Where the pages of lists in id order begin.

    With ``OFFSET`` SQLite steps over every row before the page, so the
    last page of 30,000 invoices would cost a thousand times the first.
    A walk remembers the id that ends each page it reads; the next page
    then starts after that id and needs no offset at all.
    """

    MAX_LISTS = 256
    MAX_MARKS = 4096

    def __init__(self):
        self._lists = collections.OrderedDict()
        self._lock = threading.Lock()

    def find(self, key, start):
        """``(offset, id)`` of the nearest mark at or before ``start``."""
        with self._lock:
            marks = self._lists.get(key)
            if not marks:
                return 0, None
            self._lists.move_to_end(key)
            offset = max((mark for mark in marks if mark <= start),
                         default=None)
            return (0, None) if offset is None else (offset, marks[offset])

    def add(self, key, offset, last_id):
        with self._lock:
            marks = self._lists.setdefault(key, {})
            self._lists.move_to_end(key)
            if len(marks) < self.MAX_MARKS:
                marks[offset] = last_id
            while len(self._lists) > self.MAX_LISTS:
                self._lists.popitem(last=False)


class Store:
    """A sandbox database file."""

    def __init__(self, path, index=None):
        self.path = path
        # index(resource, doc) -> indexed columns; the resources provide it.
        self.index = index or (lambda resource, doc: default_index(doc))
        self._idle = []
        self._lock = threading.Lock()
        self.bookmarks = Bookmarks()
        # How new records get their ids (alegra.sandbox.ids.Policy); the
        # seeder's records, written without one, keep numeric ids.
        self.id_policy = None

    def connect(self):
        conn = sqlite3.connect(
            self.path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None,
            check_same_thread=False)
        conn.execute("PRAGMA synchronous = NORMAL")
        return conn

    def _borrow(self):
        with self._lock:
            if self._idle:
                return self._idle.pop()
        return self.connect()

    def _give_back(self, conn):
        with self._lock:
            if len(self._idle) < POOL_SIZE and not conn.in_transaction:
                self._idle.append(conn)
                return
        conn.close()

    def close(self):
        """Close the idle connections (those in use close when done)."""
        with self._lock:
            idle, self._idle = self._idle, []
        for conn in idle:
            conn.close()

    def open(self, initialize):
        """Create, migrate or check the database; True when it is new.

        ``initialize(session)`` fills a new database, in the same
        transaction that creates it.
        """
        self._prepare_file()
        conn = self.connect()
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("BEGIN IMMEDIATE")
            try:
                created = schema.prepare(conn, self.path)
                if created:
                    initialize(Session(conn, self.index))
                    conn.execute(NEW_GENERATION)
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        finally:
            conn.close()
        return created

    def _prepare_file(self):
        """Create the database 0600 in a 0700 folder, like every state file.

        SQLite gives its -wal and -shm files the mode of the database, so
        creating the database private first keeps them private too.
        """
        from alegra.local import statefile

        path = statefile.resolve(self.path)
        statefile.make_private_dir(path.parent)
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL,
                             0o600))
        except FileExistsError:
            for suffix in ("", "-wal", "-shm"):
                with contextlib.suppress(OSError):
                    os.chmod(f"{path}{suffix}", 0o600)

    @contextlib.contextmanager
    def session(self, write=False):
        """A transaction; committed on success, rolled back on error."""
        conn = self._borrow()
        try:
            conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            session = Session(conn, self.index, self.bookmarks,
                              self.id_policy)
            try:
                yield session
                if write:
                    conn.execute(NEW_GENERATION)
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        except BaseException:
            conn.close()
            raise
        else:
            self._give_back(conn)


class Session:
    """What one transaction can do with the records."""

    def __init__(self, conn, index, bookmarks=None, id_policy=None):
        self.conn = conn
        self.index = index
        self.bookmarks = bookmarks
        self.id_policy = id_policy
        # (resource, id) -> (change, doc), for webhook deliveries.
        self.changes = {}

    # -- meta and sequences ---------------------------------------------

    def meta(self, key, default=None):
        row = self.conn.execute(
            "SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_meta(self, key, value):
        self.conn.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) "
            "DO UPDATE SET value = excluded.value", (key, str(value)))

    def next_value(self, name, count=1):
        """Reserve ``count`` values of a sequence; the first is returned."""
        row = self.conn.execute(
            "INSERT INTO sequences (name, value) VALUES (?, ?) "
            "ON CONFLICT (name) DO UPDATE SET value = value + excluded.value "
            "RETURNING value", (name, count)).fetchone()
        return row[0] - count + 1

    def raise_sequence(self, name, at_least):
        self.conn.execute(
            "INSERT INTO sequences (name, value) VALUES (?, ?) "
            "ON CONFLICT (name) DO UPDATE SET value = max(value, "
            "excluded.value)", (name, at_least))

    # -- records ----------------------------------------------------------

    def get(self, resource, key, *, deleted=False):
        row = self.conn.execute(
            "SELECT doc FROM records WHERE resource = ? AND id = ? "
            "AND deleted = ?", (resource, key, int(deleted))).fetchone()
        return jsonio.loads(row[0]) if row else None

    def internal(self, resource, key):
        row = self.conn.execute(
            "SELECT internal FROM records WHERE resource = ? AND id = ?",
            (resource, key)).fetchone()
        return jsonio.loads(row[0]) if row else {}

    def insert(self, resource, doc, *, key=None, internal=None):
        """Store a new object; it gets the next id unless ``key`` is set."""
        if key is None:
            key = self._new_key(resource)
        else:
            self.raise_sequence(f"id:{resource}", key)
        doc = {"id": key, **{k: v for k, v in doc.items() if k != "id"}}
        columns = self.index(resource, doc)
        self.conn.execute(
            f"INSERT INTO records (resource, id, doc, internal, "
            f"{', '.join(COLUMNS)}) VALUES (?, ?, ?, ?, "
            f"{', '.join('?' * len(COLUMNS))})",
            (resource, key, jsonio.dumps(doc), jsonio.dumps(internal or {}),
             *(columns.get(column) for column in COLUMNS)))
        self._changed(resource, key, "new", doc)
        return doc

    def _new_key(self, resource):
        policy = self.id_policy
        if policy is None or not policy.takes_uuid(resource):
            return self.next_value(f"id:{resource}")
        key = ids.UUID_BASE + self.next_value(ids.UUID_SEQUENCE)
        self.conn.execute(
            "INSERT INTO external_ids (key, uuid, resource) VALUES (?, ?, ?)",
            (key, ids.uuid7(), resource))
        return key

    def key_of_uuid(self, uuid):
        row = self.conn.execute(
            "SELECT key FROM external_ids WHERE uuid = ?", (uuid,)).fetchone()
        return row[0] if row else None

    def uuids_of(self, keys):
        """``{key: uuid}`` for those of ``keys`` that have a UUID."""
        keys = list(keys)
        found = {}
        for start in range(0, len(keys), 500):
            chunk = keys[start:start + 500]
            found.update(self.conn.execute(
                f"SELECT key, uuid FROM external_ids WHERE key IN "
                f"({', '.join('?' * len(chunk))})", chunk).fetchall())
        return found

    def save(self, resource, doc, *, internal=None):
        columns = self.index(resource, doc)
        assignments = ", ".join(f"{column} = ?" for column in COLUMNS)
        params = [jsonio.dumps(doc),
                  *(columns.get(column) for column in COLUMNS)]
        if internal is not None:
            assignments += ", internal = ?"
            params.append(jsonio.dumps(internal))
        self.conn.execute(
            f"UPDATE records SET doc = ?, {assignments} "
            "WHERE resource = ? AND id = ?",
            (*params, resource, doc["id"]))
        self._changed(resource, doc["id"], "edit", doc)
        return doc

    def remove(self, resource, doc):
        self.conn.execute(
            "DELETE FROM records WHERE resource = ? AND id = ?",
            (resource, doc["id"]))
        self._changed(resource, doc["id"], "delete", doc)

    def set_deleted(self, resource, doc, deleted):
        self.conn.execute(
            "UPDATE records SET deleted = ? WHERE resource = ? AND id = ?",
            (int(deleted), resource, doc["id"]))
        self._changed(resource, doc["id"], "delete" if deleted else "edit",
                      doc)

    def select(self, resource, where="", params=(), *, order="id",
               start=0, limit=None, deleted=False):
        """Objects of a resource as JSON texts, one page of them.

        The page's keys are found through the indexes alone and only then
        are the documents read, so an offset skips index entries, not
        whole JSON documents; in id order, bookmarks skip even those.
        """
        clause = "resource = ? AND deleted = ?" + (
            f" AND {where}" if where else "")
        values = [resource, int(deleted), *params]
        page, offset = "", start
        marked = self.bookmarks is not None and limit is not None and \
            order in ID_ORDERS
        if marked:
            key = (self.meta("generation"), resource, where, tuple(params),
                   order, deleted)
            mark, last_id = self.bookmarks.find(key, start)
            if last_id is not None:
                clause += f" AND id {ID_ORDERS[order]} ?"
                values.append(last_id)
                offset = start - mark
        if limit is not None:
            page = " LIMIT ? OFFSET ?"
            values += [limit, offset]
        rows = self.conn.execute(
            f"SELECT id, doc FROM records WHERE pk IN (SELECT pk FROM "
            f"records WHERE {clause} ORDER BY {order}{page}) "
            f"ORDER BY {order}", values).fetchall()
        if marked and rows:
            self.bookmarks.add(key, start + len(rows), rows[-1][0])
        return [row[1] for row in rows]

    def find(self, resource, where="", params=(), **kwargs):
        return [jsonio.loads(text)
                for text in self.select(resource, where, params, **kwargs)]

    def count(self, resource, where="", params=(), *, deleted=False):
        clause = "resource = ? AND deleted = ?" + (
            f" AND {where}" if where else "")
        return self.conn.execute(
            f"SELECT count(*) FROM records WHERE {clause}",
            (resource, int(deleted), *params)).fetchone()[0]

    def _changed(self, resource, key, change, doc):
        previous = self.changes.get((resource, key))
        if previous and previous[0] == "new" and change == "edit":
            change = "new"
        self.changes[(resource, key)] = (change, doc)

    # -- money moving between records -------------------------------------

    def set_ledger(self, source, source_id, entries):
        """Replace what ``source`` moves: ``[(target, id, amount), ...]``.

        Returns every target touched before or after, so that their
        balances can be recomputed.
        """
        touched = set(self.ledger_targets(source, source_id))
        self.conn.execute(
            "DELETE FROM ledger WHERE source = ? AND source_id = ?",
            (source, source_id))
        self.append_ledger(source, source_id, entries)
        touched.update((target, target_id) for target, target_id, _ in entries)
        return sorted(touched)

    def append_ledger(self, source, source_id, entries):
        """Add rows for a source that has none yet (bulk loading)."""
        self.conn.executemany(
            "INSERT INTO ledger (source, source_id, target, target_id, "
            "amount) VALUES (?, ?, ?, ?, ?)",
            [(source, source_id, target, target_id, str(amount))
             for target, target_id, amount in entries])

    def ledger_targets(self, source, source_id):
        return [tuple(row) for row in self.conn.execute(
            "SELECT DISTINCT target, target_id FROM ledger WHERE source = ? "
            "AND source_id = ?", (source, source_id))]

    def ledger_sources(self, target, target_id):
        """``{source resource: total moved into the target}``."""
        totals = {}
        for source, amount in self.conn.execute(
                "SELECT source, amount FROM ledger WHERE target = ? AND "
                "target_id = ?", (target, target_id)):
            totals[source] = totals.get(source, decimal.Decimal(0)) + \
                decimal.Decimal(amount)
        return totals

    def ledger_entries(self, target, target_id, source):
        """``[(source id, amount)]`` that ``source`` moves into the
        target, oldest first."""
        return [(source_id, decimal.Decimal(amount))
                for source_id, amount in self.conn.execute(
                    "SELECT source_id, amount FROM ledger WHERE target = ? "
                    "AND target_id = ? AND source = ? ORDER BY source_id",
                    (target, target_id, source))]

    def record_fiscal_document(self, resource, key, code, issued_at):
        self.conn.execute(
            "INSERT INTO fiscal_documents (resource, record_id, code, "
            "issued_at) VALUES (?, ?, ?, ?)", (resource, key, code, issued_at))
