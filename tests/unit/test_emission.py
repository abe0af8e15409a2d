"""The emission ledger and the emit flow, with a fake server."""

import os
import socket
import stat
import subprocess
import sys

from alegra import errors
from alegra.emission import flow
from alegra.http import hints
from alegra.emission import ledger as ledger_module
from tests.unit import base


class FakeServer:
    """Stamps what it is sent, counting fiscal documents per id."""

    def __init__(self, fail=None, drop=False):
        self.stamped = {}
        self.sent = []
        self.fail = fail or set()
        self.drop = drop

    def send(self, ids):
        self.sent.append(list(ids))
        if self.fail & set(ids):
            raise errors.ValidationError("HTTP 400: refused (code 3010)")
        for key in ids:
            self.stamped[key] = self.stamped.get(key, 0) + 1
        if self.drop:
            raise errors.UnknownOutcome("the connection failed")
        return [self.fetch(key) for key in ids]

    def fetch(self, key):
        if key in self.stamped:
            return {"id": key, "stamp": {
                "cufe": f"CUFE-{key}", "legalStatus": "STAMPED_AND_ACCEPTED"}}
        return {"id": key, "status": "draft"}


class TestLedger(base.TestCase):
    def setUp(self):
        super().setUp()
        self.path = os.path.join(self.home, "state", "alegra",
                                 "emission.sqlite3")
        self.ledger = ledger_module.Ledger(self.path, "default",
                                           "900123450").open()
        self.addCleanup(self.ledger.close)

    def emitter(self, server, **kwargs):
        return flow.Emitter(self.ledger, "invoices", server.send,
                            server.fetch, environ={}, **kwargs)

    def results(self, report):
        return {o.record_id: o.result for o in report.outcomes}

    def test_private_file_in_a_private_folder(self):
        self.assertEqual(0o600, stat.S_IMODE(os.stat(self.path).st_mode))
        self.assertEqual(0o700, stat.S_IMODE(
            os.stat(os.path.dirname(self.path)).st_mode))

    def test_a_damaged_ledger_fails_closed(self):
        with open(self.path + ".bad", "w") as stream:
            stream.write("garbage" * 100)
        error = self.assertRaises(
            ledger_module.LedgerError,
            ledger_module.Ledger(self.path + ".bad", "p", "c").open)
        self.assertIn("move it aside", str(error))
        self.assertEqual(1, len(str(error).splitlines()))

    def test_a_ledger_of_another_version_fails_closed(self):
        self.ledger.conn.execute("PRAGMA user_version = 99")
        error = self.assertRaises(
            ledger_module.LedgerError,
            ledger_module.Ledger(self.path, "p", "c").open)
        self.assertIn("unknown ledger version 99", str(error))

    def test_batches_of_at_most_ten(self):
        server = FakeServer()
        ids = [str(n) for n in range(1, 24)]
        report = self.emitter(server).run(ids)
        self.assertEqual([10, 10, 3], [len(batch) for batch in server.sent])
        self.assertEqual(23, report.count("emitted"))

    def test_emitted_invoices_are_skipped_unless_forced(self):
        server = FakeServer()
        self.emitter(server).run(["1", "2"])
        report = self.emitter(server).run(["1", "2", "3"])
        self.assertEqual({"1": "skipped", "2": "skipped", "3": "emitted"},
                         self.results(report))
        self.emitter(server, force=True).run(["1"])
        self.assertEqual({"1": 2, "2": 1, "3": 1}, server.stamped)

    def test_an_unknown_outcome_is_checked_before_sending_again(self):
        dropping = FakeServer(drop=True)
        report = self.emitter(dropping).run(["1", "2"])
        self.assertEqual({"1": "unknown", "2": "unknown"},
                         self.results(report))
        self.assertEqual("unknown", self.ledger.state("invoices", "1"))
        dropping.drop = False
        del dropping.stamped["2"]  # as if the server never got it
        report = self.emitter(dropping).run(["1", "2"])
        self.assertEqual({"1": "skipped", "2": "emitted"},
                         self.results(report))
        self.assertEqual({"1": 1, "2": 1}, dropping.stamped)
        self.assertEqual([["1", "2"], ["2"]], dropping.sent)
        # Even --force reads the stamp of one in doubt first.
        self.ledger.record("invoices", {"1": ("unknown", None, None)})
        self.emitter(dropping, force=True).run(["1"])
        self.assertEqual(1, dropping.stamped["1"])

    def test_new_ids_can_be_checked_against_the_server_first(self):
        server = FakeServer()
        server.stamped["1"] = 1  # stamped elsewhere (on creation)
        report = self.emitter(server, check_new=True).run(["1", "2"])
        self.assertEqual({"1": "skipped", "2": "emitted"},
                         self.results(report))
        self.assertEqual([["2"]], server.sent)

    def test_a_refused_batch_is_tried_one_by_one(self):
        server = FakeServer(fail={"2"})
        report = self.emitter(server).run(["1", "2", "3"])
        self.assertEqual({"1": "emitted", "2": "failed", "3": "emitted"},
                         self.results(report))
        self.assertEqual("failed", self.ledger.state("invoices", "2"))

    def test_a_claim_by_a_live_process_is_skipped(self):
        owner = f"{socket.gethostname()}:{os.getppid()}"
        with self.ledger.transaction():
            self.ledger.put("invoices", "1", "sending")
        self.ledger.conn.execute("UPDATE emissions SET owner = ?", (owner,))
        server = FakeServer()
        report = self.emitter(server).run(["1"])
        self.assertEqual({"1": "skipped"}, self.results(report))
        self.assertEqual([], server.sent)

    def test_a_claim_by_a_dead_process_counts_as_unknown(self):
        finished = subprocess.run([sys.executable, "-c", "import os; "
                                   "print(os.getpid())"],
                                  capture_output=True, text=True)
        owner = f"{socket.gethostname()}:{finished.stdout.strip()}"
        with self.ledger.transaction():
            self.ledger.put("invoices", "1", "sending")
        self.ledger.conn.execute("UPDATE emissions SET owner = ?", (owner,))
        self.assertEqual("unknown", self.ledger.state("invoices", "1"))
        server = FakeServer()
        server.stamped["1"] = 1  # the dead process did stamp it
        report = self.emitter(server).run(["1"])
        self.assertEqual({"1": "skipped"}, self.results(report))
        self.assertEqual([], server.sent)
        self.assertEqual("emitted", self.ledger.state("invoices", "1"))

    def test_a_dry_run_writes_nothing(self):
        server = FakeServer()
        report = self.emitter(server, dry_run=True).run(["1", "2"])
        self.assertEqual({"1": "would-stamp", "2": "would-stamp"},
                         self.results(report))
        self.assertEqual([], server.sent)
        self.assertIsNone(self.ledger.row("invoices", "1"))

    def test_rows_are_keyed_by_profile_and_company(self):
        self.emitter(FakeServer()).run(["1"])
        other = ledger_module.Ledger(self.path, "default", "other").open()
        self.addCleanup(other.close)
        self.assertIsNone(other.state("invoices", "1"))


class TestHints(base.TestCase):
    def test_provider_codes(self):
        self.assertIn("numbering", hints.stamping_hint(
            "Error AEP6009: numeración no válida"))
        self.assertIn("before retrying", hints.stamping_hint(
            "EPR503 timeout"))
        self.assertIn("not idempotent", hints.stamping_hint("AEP9999 x"))

    def test_sandbox_codes(self):
        self.assertIn("electronic numbering",
                      hints.stamping_hint("La numeración...", 3010))
        self.assertIn("taxes", hints.stamping_hint("", "3051"))
        self.assertIsNone(hints.stamping_hint("nothing", 2006))


class TestRawStampBody(base.TestCase):
    def test_only_what_the_ledger_lets_through_is_sent(self):
        from alegra.emission.commands import only, stamp_ids

        body = {"invoices": [{"id": 12}, {"id": 13}], "x": 1}
        self.assertEqual(["12", "13"], stamp_ids(body))
        self.assertEqual({"invoices": [{"id": 13}], "x": 1},
                         only(body, ["13"]))
        self.assertEqual({"ids": [12]}, only({"ids": [12, "13"]}, ["12"]))


class TestIdsOnTheCommandLine(base.APITestCase):
    """An id that cannot be one is a usage error before any request: a
    path-changing id must not reach the ledger as an unknown outcome."""

    def test_emit_refuses_an_id_that_is_no_invoice_id(self):
        for bad in ("../1", "1/2", "abc"):
            with self.subTest(id=bad):
                code, out, err = self.run_cli("invoices", "emit", bad)
                self.assertEqual(errors.USAGE, code, err)
                self.assertEqual("", out)
                self.assertEqual(1, len(err.splitlines()), err)
                self.assertTrue(err.startswith("Error: "), err)
        self.assertEqual([], self.mock.request_history)

    def test_payments_stamp_refuses_a_path_as_its_id(self):
        code, out, err = self.run_cli("payments", "stamp", "../x")
        self.assertEqual(errors.USAGE, code, err)
        self.assertIn("an id cannot hold /", err)
        self.assertEqual([], self.mock.request_history)
        self.assertFalse(os.path.exists(os.path.join(
            self.home, "state", "alegra", "emission.sqlite3")))
