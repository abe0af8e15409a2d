"""The history of writes: what is recorded, where, and how it is listed."""

import json
import os
import stat
import time

from alegra.history import journal
from tests.unit import base


class TestHistory(base.APITestCase):

    def entries(self):
        return journal.read(self.environ)

    def test_writes_sent_and_refused(self):
        self.mock.post(self.url("contacts"), status_code=201,
                       text='{"id": 12345678901234567891, "name": "A"}')
        self.mock.put(self.url("contacts/7"), text='{"id": 7}')
        self.mock.delete(self.url("contacts/7"), text='{"code": 200}')
        self.mock.delete(self.url("contacts/8"), status_code=400,
                         text='{"code": 1, "message": "in use"}')
        self.mock.get(self.url("contacts/7"), text='{"id": 7}')
        for argv in (("contacts", "create", "--set", "name=A"),
                     ("contacts", "update", "7", "--set", "name=B"),
                     ("contacts", "get", "7"),
                     ("contacts", "delete", "7", "-y"),
                     ("contacts", "delete", "8", "-y"),
                     ("contacts", "delete", "9"),
                     ("contacts", "create", "--set", "name=C",
                      "--dry-run")):
            self.run_cli(*argv)
        found = [(e["method"], e["path"], e["status"], e["id"], e["outcome"],
                  e["exit"]) for e in self.entries()]
        self.assertEqual([
            ("POST", "contacts", 201, "12345678901234567891", "sent", 0),
            ("PUT", "contacts/7", 200, "7", "sent", 0),
            ("DELETE", "contacts/7", 200, "7", "sent", 0),
            ("DELETE", "contacts/8", 400, "8", "refused", 7),
            ("DELETE", "contacts/9", None, "9", "refused", 2),
        ], found)
        self.assertEqual([1, 2, 3, 4, 5], [e["n"] for e in self.entries()])

    def test_a_refused_action_is_recorded_under_its_request_path(self):
        # No terminal to confirm on: refused before anything is sent.
        self.run_cli("bills", "comment-delete", "7", "3")
        self.run_cli("bills", "attachment-delete", "9")
        self.assertEqual([
            ("DELETE", "bills/7/comments/3", "refused"),
            ("DELETE", "bills/attachment/9", "refused"),
        ], [(e["method"], e["path"], e["outcome"])
            for e in self.entries()])

    def test_no_secret_and_no_body(self):
        self.mock.post(self.url("contacts"), status_code=201,
                       text='{"id": 1}')
        self.run_cli("contacts", "create", "--set", "name=Secret Name")
        text = journal.path(self.environ).read_text()
        self.assertNotIn("secret-token", text)
        self.assertNotIn("Secret Name", text)
        entry = self.entries()[0]
        self.assertEqual(64, len(entry["body"]["sha256"]))
        self.assertEqual(len(b'{"name":"Secret Name"}'),
                         entry["body"]["bytes"])

    def test_private_file_in_private_folder(self):
        self.mock.post(self.url("contacts"), status_code=201,
                       text='{"id": 1}')
        self.run_cli("contacts", "create", "--set", "name=A")
        target = journal.path(self.environ)
        self.assertEqual(0o600, stat.S_IMODE(os.stat(target).st_mode))
        self.assertEqual(0o700, stat.S_IMODE(os.stat(target.parent).st_mode))

    def test_the_company_when_the_command_read_it(self):
        from alegra import history

        self.mock.get(self.url("company"), text='{"name": "Acme SAS"}')
        self.mock.post(self.url("contacts"), status_code=201,
                       text='{"id": 1}')
        history.begin(type("App", (), {
            "environ": self.environ, "context": None, "options": None,
            "stderr": None})(), None, None)
        from alegra.http.client import Client

        client = Client(base.BASE, "me@example.com", "secret-token",
                        observe=history.watch)
        client.get("company")
        client.post("contacts", {"name": "A"})
        history.end(0)
        [entry] = self.entries()
        self.assertEqual("Acme SAS", entry["company"])
        self.assertEqual(0, entry["exit"])

    def test_disabled(self):
        self.mock.post(self.url("contacts"), status_code=201,
                       text='{"id": 1}')
        self.run_cli("contacts", "create", "--set", "name=A",
                     env={"ALEGRA_HISTORY": "0"})
        self.assertEqual([], self.entries())

    def test_list_filters_and_show(self):
        for n in range(3):
            journal.append(self.environ, {
                "profile": "a" if n else "b", "resource": "invoices"
                if n == 2 else "contacts", "path": "x", "method": "POST"})
        code, out, err = self.run_cli("history", "--resource", "invoices",
                                      "-o", "json")
        self.assertEqual(0, code, err)
        self.assertEqual([3], [e["n"] for e in json.loads(out)])
        code, out, err = self.run_cli("history", "--profile", "b", "-f",
                                      "value", "-c", "n")
        self.assertEqual("1\n", out)
        code, out, err = self.run_cli("history", "--since", "today",
                                      "-f", "value", "-c", "n")
        self.assertEqual("1\n2\n3\n", out)
        code, out, err = self.run_cli("history", "show", "2", "-o", "json")
        self.assertEqual(2, json.loads(out)["n"])
        code, out, err = self.run_cli("history", "show", "9")
        self.assertEqual(4, code)


class TestJournal(base.TestCase):

    def test_rotation_keeps_numbering(self):
        self.useFixture(base.fixtures.MonkeyPatch(
            "alegra.history.journal.MAX_BYTES", 300))
        for _ in range(12):
            journal.append(self.environ, {"path": "contacts", "pad": "x" * 40})
        self.assertTrue(journal.rotated(self.environ, 1).exists())
        numbers = [e["n"] for e in journal.read(self.environ)]
        self.assertEqual(sorted(numbers), numbers)
        self.assertEqual(12, numbers[-1])
        self.assertLess(len(numbers), 12)  # the oldest generation dropped

    def test_a_cut_line_is_skipped(self):
        journal.append(self.environ, {"path": "a"})
        with open(journal.path(self.environ), "a") as stream:
            stream.write('{"n": 2, "ti')
        journal.append(self.environ, {"path": "b"})
        self.assertEqual(["a", "b"],
                         [e["path"] for e in journal.read(self.environ)])

    def test_never_over_a_fifo_or_a_folder(self):
        from alegra.errors import UsageError

        target = journal.path(self.environ)
        os.makedirs(target.parent)
        os.mkfifo(target)
        error = self.assertRaises(UsageError, journal.append, self.environ,
                                  {"path": "a"})
        self.assertIn("FIFO", str(error))
        os.unlink(target)
        os.mkdir(target)
        self.assertRaises(UsageError, journal.append, self.environ,
                          {"path": "a"})

    def test_append_costs_well_under_two_milliseconds(self):
        journal.append(self.environ, {"path": "warm-up"})
        rounds = 200
        started = time.perf_counter()
        for _ in range(rounds):
            journal.append(self.environ, {"path": "contacts", "id": 1})
            journal.append_exit(self.environ, "run", 0)
        per_command = (time.perf_counter() - started) / rounds
        self.assertLess(per_command, 0.002)
