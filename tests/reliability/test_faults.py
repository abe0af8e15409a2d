"""The fault matrix: every kind of fault against every kind of request.

Two ``alegra sandbox serve`` processes share one database: a clean one to
set up and a faulty one that alegra talks to. The sandbox's own table is
the count: reads must be 100 % complete, writes never duplicated or lost,
every write whose answer was lost reported as unknown, and an emission run
again until it succeeds never issues two fiscal documents for one invoice.
"""

import base64
import json
import os
import re
import shutil
import tempfile
import urllib.request

import testtools

from tests.functional.base import SandboxServer, alegra_executable
from tests.functional.test_emission import DRAFT, stamps
from tests.reliability import base as reliability
from tests.unit.base import isolated_environ

FAULTS = {
    "fail": ("--fail-rate", "0.4"),
    "drop": ("--drop-rate", "0.3"),
    "fail_and_drop": ("--fail-rate", "0.4", "--drop-rate", "0.3"),
    "storm_429": ("--rate-limit", "8", "--rate-window", "1"),
    "latency": ("--latency", "150"),
}
SEEDED = 75  # three pages at least, with the demo contacts
WRITES = 4  # creates, updates and deletes per fault
EMIT_ATTEMPTS = 15  # runs of one emit until every invoice is stamped


class Matrix:
    """The database, a clean server and one faulty server per fault."""

    def __init__(self):
        self.home = tempfile.mkdtemp(prefix="alegra-faults-")
        self.clean = SandboxServer(self.home, "--quiet", "--rate-limit",
                                   "off", "--seed", "11")
        self.faulty = {}
        for number, (name, options) in enumerate(FAULTS.items()):
            self.faulty[name] = SandboxServer(
                self.home, "--quiet", "--seed", str(number), *(
                    options if "--rate-limit" in options
                    else ("--rate-limit", "off", *options)))
        for number in range(SEEDED):
            self.call("POST", "contacts", {"name": f"Seed {number}"})

    def call(self, method, path, body=None):
        token = base64.b64encode(b"sandbox@alegra.test:sandbox").decode()
        request = urllib.request.Request(
            f"{self.clean.base_url}/{path}", method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={"Authorization": f"Basic {token}",
                     "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as answer:
            return json.loads(answer.read() or b"null")

    def rows(self, sql, *args):
        return reliability.sandbox_state(self.clean.db, sql, *args)

    def live_ids(self, resource="contacts"):
        # Ids come back as text (Alegra's form since 2025), numbers inside.
        return [str(row[0]) for row in self.rows(
            "SELECT id FROM records WHERE resource = ? AND deleted = 0 "
            "ORDER BY id", resource)]

    def named(self, name):
        return self.rows(
            "SELECT id, deleted FROM records WHERE resource = 'contacts' "
            "AND name = ?", name)

    def stop(self):
        for server in (self.clean, *self.faulty.values()):
            server.stop()
        shutil.rmtree(self.home, ignore_errors=True)


class TestFaultMatrix(testtools.TestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.matrix = Matrix()

    @classmethod
    def tearDownClass(cls):
        cls.matrix.stop()
        super().tearDownClass()

    def alegra(self, fault, *argv, cwd=None):
        import subprocess

        environ = isolated_environ(self.matrix.home)
        environ.update({
            "ALEGRA_BASE_URL": self.matrix.faulty[fault].base_url,
            "ALEGRA_EMAIL": "sandbox@alegra.test", "ALEGRA_TOKEN": "sandbox",
            "ALEGRA_RETRY_BACKOFF": "0.02", "ALEGRA_RETRY_WAIT": "120"})
        completed = subprocess.run(
            [alegra_executable(), *argv], capture_output=True, text=True,
            env=environ, timeout=180, cwd=cwd or self.matrix.home,
            stdin=subprocess.DEVNULL)
        self.assertNotIn("Traceback", completed.stderr)
        return completed

    # -- reads ------------------------------------------------------------

    def check_list_all(self, fault):
        done = self.alegra(fault, "contacts", "list", "--all", "-o", "json")
        self.assertEqual(0, done.returncode, done.stderr)
        ids = [record["id"] for record in json.loads(done.stdout)]
        self.assertEqual(self.matrix.live_ids(), sorted(ids, key=int))
        self.assertEqual(len(ids), len(set(ids)))

    def check_export(self, fault):
        out = os.path.join(self.matrix.home, f"export-{fault}.json")
        done = self.alegra(fault, "contacts", "export", "--format", "json",
                           "--out", out)
        self.assertEqual(0, done.returncode, done.stderr)
        with open(out, encoding="utf-8") as stream:
            ids = [record["id"] for record in json.load(stream)]
        self.assertEqual(self.matrix.live_ids(), sorted(ids, key=int))

    # -- writes ------------------------------------------------------------

    def check_outcome(self, done, applied, what):
        """Exit 0 means applied; exit 10 means reported unknown; never
        anything else, never applied twice."""
        if done.returncode == 0:
            self.assertTrue(applied, f"{what}: said done, not applied: "
                                     f"{done.stderr}")
        else:
            self.assertEqual(10, done.returncode, f"{what}: {done.stderr}")
            self.assertIn("unknown", done.stderr.lower(), what)

    def check_create(self, fault):
        for number in range(WRITES):
            name = f"Created {fault} {number}"
            done = self.alegra(fault, "contacts", "create", "-d",
                               json.dumps({"name": name}), "-o", "json")
            found = self.matrix.named(name)
            self.assertLessEqual(len(found), 1, f"{name} duplicated")
            self.check_outcome(done, bool(found), name)
            if done.returncode == 0:
                self.assertEqual(str(found[0][0]),
                                 json.loads(done.stdout)["id"])

    def check_update(self, fault):
        target = self.matrix.call("POST", "contacts",
                                  {"name": f"Update {fault}"})["id"]
        for number in range(WRITES):
            note = f"note {fault} {number}"
            done = self.alegra(fault, "contacts", "update", str(target),
                               "-d", json.dumps({"observations": note}))
            doc = json.loads(self.matrix.rows(
                "SELECT doc FROM records WHERE resource = 'contacts' AND "
                "id = ?", target)[0][0])
            self.check_outcome(done, doc.get("observations") == note, note)

    def check_delete(self, fault):
        for number in range(WRITES):
            name = f"Delete {fault} {number}"
            target = self.matrix.call("POST", "contacts", {"name": name})
            done = self.alegra(fault, "contacts", "delete",
                               str(target["id"]), "-y")
            found = self.matrix.named(name)
            self.check_outcome(done, found[0][1] == 1, name)

    def check_delete_many(self, fault):
        """``contacts delete A B C``: one request for all three."""
        names = [f"Many {fault} {number}" for number in range(3)]
        targets = [str(self.matrix.call("POST", "contacts",
                                        {"name": name})["id"])
                   for name in names]
        done = self.alegra(fault, "contacts", "delete", *targets, "-y")
        gone = [self.matrix.named(name)[0][1] == 1 for name in names]
        self.assertIn(gone, ([True] * 3, [False] * 3), done.stderr)
        self.check_outcome(done, all(gone), " ".join(names))

    def check_attach(self, fault):
        """An upload (multipart POST) is never sent twice."""
        upload = os.path.join(self.matrix.home, f"attach-{fault}.txt")
        with open(upload, "w", encoding="utf-8") as stream:
            stream.write("factura escaneada\n")
        for number in range(WRITES):
            name = f"Attach {fault} {number}"
            target = self.matrix.call("POST", "contacts", {"name": name})
            done = self.alegra(fault, "contacts", "attach",
                               str(target["id"]), upload)
            [(doc,)] = self.matrix.rows(
                "SELECT doc FROM records WHERE resource = 'contacts' AND "
                "id = ?", target["id"])
            attached = json.loads(doc).get("attachments") or []
            self.assertLessEqual(len(attached), 1,
                                 f"{name} attached twice: {done.stderr}")
            self.check_outcome(done, len(attached) == 1, name)

    def check_import(self, fault):
        folder = os.path.join(self.matrix.home, f"import-{fault}")
        os.makedirs(folder)
        names = [f"Imported {fault} {number}" for number in range(6)]
        with open(os.path.join(folder, "rows.csv"), "w") as stream:
            stream.write("name\n" + "\n".join(names) + "\n")
        done = self.alegra(fault, "contacts", "import", "-f", "rows.csv",
                           cwd=folder)
        summary = re.search(
            r"(\d+) created, (\d+) failed, (\d+) skipped, (\d+) unknown",
            done.stderr)
        self.assertIsNotNone(summary, done.stderr)
        created, failed, skipped, unknown = map(int, summary.groups())
        present = [name for name in names if self.matrix.named(name)]
        for name in names:
            self.assertLessEqual(len(self.matrix.named(name)), 1,
                                 f"{name} duplicated")
        self.assertEqual(len(names), created + failed + skipped + unknown,
                         done.stderr)
        self.assertGreaterEqual(len(present), created, done.stderr)
        self.assertLessEqual(len(present), created + unknown, done.stderr)

    def check_emit(self, fault):
        """The guarded emission: run again until it succeeds, and count the
        fiscal documents after every run: never two for one invoice."""
        ids = [str(self.matrix.call("POST", "invoices", DRAFT)["id"])
               for _ in range(2)]
        codes = []
        for _ in range(EMIT_ATTEMPTS):
            done = self.alegra(fault, "invoices", "emit", *ids, "-o", "json")
            codes.append(done.returncode)
            counts = stamps(self.matrix.clean.db, ids)
            self.assertLessEqual(max(counts.values()), 1,
                                 f"stamped twice: {counts}: {done.stderr}")
            if done.returncode == 0:
                break
            self.assertNotIn("Traceback", done.stderr)
            self.assertTrue(done.stderr.splitlines()[-1].startswith("Error:"),
                            done.stderr)
        self.assertEqual(0, codes[-1], f"never emitted: {codes}")
        self.assertEqual(dict.fromkeys(ids, 1),
                         stamps(self.matrix.clean.db, ids))


OPERATIONS = ("list_all", "export", "create", "update", "delete",
              "delete_many", "attach", "import", "emit")


def _cell(fault, operation):
    def test(self):
        getattr(self, f"check_{operation}")(fault)
    return test


for _fault in FAULTS:
    for _operation in OPERATIONS:
        setattr(TestFaultMatrix, f"test_{_operation}_under_{_fault}",
                _cell(_fault, _operation))
