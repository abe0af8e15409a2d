"""The SQLite schema, its version, and the migrations between versions.

Every resource lives in one ``records`` table: the object exactly as the
API returns it (``doc``, JSON text), hidden state the API does not show
(``internal``), and a few columns copied out of the object so that lists
can filter and order through an index instead of parsing JSON. Money that
moves between records (payments, credit notes, transfers) is kept as rows
of ``ledger``, from which balances are recomputed, never incremented.

The version is SQLite's ``user_version``. A database from an older schema
is migrated when a migration exists for each step, and refused otherwise;
one from a newer alegra is always refused.
"""

from alegra.i18n import _

SCHEMA_VERSION = 2

TABLES = (
    """CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL)""",
    """CREATE TABLE sequences (
        name TEXT PRIMARY KEY,
        value INTEGER NOT NULL)""",
    """CREATE TABLE records (
        pk INTEGER PRIMARY KEY,
        resource TEXT NOT NULL,
        id INTEGER NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0,
        status TEXT,
        date TEXT,
        due_date TEXT,
        party_id INTEGER,
        name TEXT COLLATE NOCASE,
        number TEXT,
        kind TEXT,
        code TEXT,
        doc TEXT NOT NULL,
        internal TEXT NOT NULL DEFAULT '{}')""",
    "CREATE UNIQUE INDEX records_key ON records (resource, id)",
    "CREATE INDEX records_live ON records (resource, deleted, id)",
    "CREATE INDEX records_status ON records (resource, deleted, status, id)",
    "CREATE INDEX records_date ON records (resource, deleted, date, id)",
    "CREATE INDEX records_due ON records (resource, deleted, due_date, id)",
    "CREATE INDEX records_party ON records (resource, deleted, party_id, id)",
    "CREATE INDEX records_name ON records (resource, deleted, name, id)",
    "CREATE INDEX records_number ON records (resource, number)",
    "CREATE INDEX records_code ON records (resource, code)",
    """CREATE TABLE ledger (
        source TEXT NOT NULL,
        source_id INTEGER NOT NULL,
        target TEXT NOT NULL,
        target_id INTEGER NOT NULL,
        amount TEXT NOT NULL)""",
    "CREATE INDEX ledger_target ON ledger (target, target_id)",
    "CREATE INDEX ledger_source ON ledger (source, source_id)",
    """CREATE TABLE fiscal_documents (
        id INTEGER PRIMARY KEY,
        resource TEXT NOT NULL,
        record_id INTEGER NOT NULL,
        code TEXT NOT NULL,
        issued_at TEXT NOT NULL)""",
)
# Version 2: the UUIDs of records that have one (see alegra.sandbox.ids).
UUID_TABLE = """CREATE TABLE external_ids (
        key INTEGER PRIMARY KEY,
        uuid TEXT NOT NULL UNIQUE,
        resource TEXT NOT NULL)"""
TABLES += (UUID_TABLE,)

# MIGRATIONS[n] upgrades a database at version n to version n + 1.
MIGRATIONS = {1: lambda conn: conn.execute(UUID_TABLE)}


class SchemaError(Exception):
    """The database cannot be used by this version of the sandbox."""


def version_of(conn):
    return conn.execute("PRAGMA user_version").fetchone()[0]


def prepare(conn, path):
    """Create or migrate the schema; True when the database is new.

    Runs inside the caller's write transaction, so two processes opening
    one new file do not both create it.
    """
    version = version_of(conn)
    if version == SCHEMA_VERSION:
        return False
    if version == 0:
        if conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone():
            raise SchemaError(
                _("{path} is not a sandbox database; pass another --db or "
                  "remove the file").format(path=path))
        for statement in TABLES:
            conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        return True
    if version > SCHEMA_VERSION:
        raise SchemaError(
            _("{path} was written by a newer alegra (sandbox schema "
              "{version}, this one knows {known}); upgrade alegra or run "
              "'alegra sandbox reset'").format(
                path=path, version=version, known=SCHEMA_VERSION))
    while version < SCHEMA_VERSION:
        migration = MIGRATIONS.get(version)
        if migration is None:
            raise SchemaError(
                _("{path} uses sandbox schema {version}, which cannot be "
                  "migrated to {known}; run 'alegra sandbox reset' to "
                  "start again").format(path=path, version=version,
                                        known=SCHEMA_VERSION))
        migration(conn)
        version += 1
        conn.execute(f"PRAGMA user_version = {version}")
    return False
