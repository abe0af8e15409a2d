"""The SQLite store: schema versions, WAL, concurrency, bulk data."""

import os
import sqlite3
import stat
import threading
import time

import fixtures
import testtools

from alegra.sandbox import app as app_module
from alegra.sandbox import schema, seeding
from tests.unit.sandbox import base


class TestSchema(testtools.TestCase):
    def setUp(self):
        super().setUp()
        self.directory = self.useFixture(fixtures.TempDir()).path
        self.path = os.path.join(self.directory, "nested", "sandbox.db")

    def test_new_database_is_created_seeded_and_in_wal_mode(self):
        started = time.perf_counter()
        store, country = app_module.open_store(self.path, "pe")
        self.assertLess(time.perf_counter() - started, 1.0)
        self.assertEqual("pe", country.code)
        conn = sqlite3.connect(self.path)
        self.addCleanup(conn.close)
        self.assertEqual("wal", conn.execute(
            "PRAGMA journal_mode").fetchone()[0])
        self.assertEqual(schema.SCHEMA_VERSION, schema.version_of(conn))

    def test_database_and_wal_are_private(self):
        store, country = app_module.open_store(self.path, "co")
        with store.session(write=True) as session:
            session.meta("country")
        for suffix in ("", "-wal", "-shm"):
            name = self.path + suffix
            if os.path.exists(name):
                self.assertEqual(0o600, stat.S_IMODE(os.stat(name).st_mode),
                                 name)
        self.assertEqual(0o700, stat.S_IMODE(
            os.stat(os.path.dirname(self.path)).st_mode))
        store.close()

    def test_newer_schema_is_refused(self):
        app_module.open_store(self.path)
        with sqlite3.connect(self.path) as conn:
            conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
        error = self.assertRaises(schema.SchemaError, app_module.open_store,
                                  self.path)
        self.assertIn("newer alegra", str(error))

    def test_older_schema_without_migration_is_refused(self):
        app_module.open_store(self.path)
        self.useFixture(fixtures.MockPatchObject(schema, "SCHEMA_VERSION",
                                                 schema.SCHEMA_VERSION + 1))
        error = self.assertRaises(schema.SchemaError, app_module.open_store,
                                  self.path)
        self.assertIn("sandbox reset", str(error))

    def test_older_schema_is_migrated(self):
        app_module.open_store(self.path)
        version = schema.SCHEMA_VERSION
        self.useFixture(fixtures.MockPatchObject(schema, "SCHEMA_VERSION",
                                                 version + 1))
        self.useFixture(fixtures.MockPatchObject(schema, "MIGRATIONS", {
            version: lambda conn: conn.execute(
                "CREATE TABLE extra (id INTEGER)")}))
        app_module.open_store(self.path)
        with sqlite3.connect(self.path) as conn:
            self.assertEqual(version + 1, schema.version_of(conn))
            conn.execute("SELECT * FROM extra")

    def test_foreign_database_is_refused(self):
        os.makedirs(os.path.dirname(self.path))
        with sqlite3.connect(self.path) as conn:
            conn.execute("CREATE TABLE mine (id INTEGER)")
        error = self.assertRaises(schema.SchemaError, app_module.open_store,
                                  self.path)
        self.assertIn("not a sandbox database", str(error))

    def test_unknown_country_is_refused(self):
        self.assertRaises(ValueError, app_module.open_store, self.path, "ar")


class TestConcurrency(testtools.TestCase):
    def setUp(self):
        super().setUp()
        directory = self.useFixture(fixtures.TempDir()).path
        self.path = base.seeded_copy("co", directory)

    def test_two_stores_write_at_once(self):
        stores = [app_module.open_store(self.path)[0] for _ in range(2)]
        failures = []

        def write(store, prefix):
            try:
                for number in range(40):
                    with store.session(write=True) as session:
                        session.insert("sellers",
                                       {"name": f"{prefix}{number}"})
            except Exception as error:
                failures.append(error)

        threads = [threading.Thread(target=write, args=(store, str(index)))
                   for index, store in enumerate(stores)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual([], failures)
        with stores[0].session() as session:
            self.assertEqual(82, session.count("sellers"))
            ids = [doc["id"] for doc in session.find("sellers")]
        self.assertEqual(len(ids), len(set(ids)))

    def test_failed_request_rolls_back(self):
        store = app_module.open_store(self.path)[0]
        try:
            with store.session(write=True) as session:
                session.insert("sellers", {"name": "rollback"})
                raise RuntimeError("boom")
        except RuntimeError:
            pass
        with store.session() as session:
            self.assertEqual(0, session.count("sellers", "name = ?",
                                              ("rollback",)))


class TestBulk(base.SandboxTestCase):
    def test_bulk_invoices_are_consistent(self):
        progress = []
        seeding.add_bulk(self.app.store, self.app.store.resources,
                         invoices=450, contacts=40, batch=200, seed=5,
                         progress=lambda *args: progress.append(args))
        self.assertEqual(("contacts", 40, 40), progress[0])
        self.assertEqual([("invoices", 200, 450), ("invoices", 400, 450),
                          ("invoices", 450, 450)], progress[1:])
        total = self.ok(self.get("/invoices", metadata="true", limit="1"))
        self.assertEqual(466, total["metadata"]["total"])
        closed = self.ok(self.get("/invoices", status="closed",
                                  order_direction="DESC"))
        for invoice in closed[:10]:
            self.assertEqual("0.00", str(invoice["balance"]))
            self.assertMoney(str(invoice["total"]), invoice["totalPaid"])
        numbers = [int(row["numberTemplate"]["number"])
                   for row in self.ok(self.get(
                       "/invoices", status="open,closed,void",
                       order_direction="DESC"))]
        self.assertEqual(sorted(numbers, reverse=True), numbers)
        # The API keeps working on them: void a generated payment.
        payment = self.ok(self.get("/payments", order_direction="DESC",
                                   limit="1"))[0]
        self.ok(self.post(f"/payments/{payment['id']}/void"))
        invoice = self.ok(self.get(
            f"/invoices/{payment['invoices'][0]['id']}"))
        self.assertEqual("open", invoice["status"])

    def test_pages_are_found_through_the_index(self):
        with self.app.store.session() as session:
            plan = " ".join(row[3] for row in session.conn.execute(
                "EXPLAIN QUERY PLAN SELECT pk FROM records WHERE "
                "resource = 'invoices' AND deleted = 0 ORDER BY id "
                "LIMIT 30 OFFSET 20000"))
        self.assertIn("COVERING INDEX records_live", plan)


class TestDeepPage(base.SandboxTestCase):
    """A walk's last page costs what its first did (counted in SQLite
    virtual-machine steps, which do not depend on the machine's load)."""

    def steps(self, session, start):
        counted = [0]

        def count():
            counted[0] += 1

        session.conn.set_progress_handler(count, 100)
        try:
            session.select("invoices", start=start, limit=30)
        finally:
            session.conn.set_progress_handler(None, 0)
        return counted[0]

    def test_walking_pages_does_not_slow_down(self):
        seeding.add_bulk(self.app.store, self.app.store.resources,
                         invoices=3000, seed=3)
        with self.app.store.session() as session:
            first = self.steps(session, 0)
            for start in range(30, 2970, 30):
                session.select("invoices", start=start, limit=30)
            last = self.steps(session, 2970)
        self.assertLessEqual(last, first * 2 + 5)
