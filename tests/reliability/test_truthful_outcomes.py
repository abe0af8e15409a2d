"""Emission outcomes that tell the truth, through the installed executable.

An id Alegra does not have is "not found" (exit 4) and leaves nothing in
the ledger; doctor's warning about documents in doubt names the command
that settles them, and that command does; a reset sandbox (or another
sandbox database with the same demo NIT) never shares ledger entries.
"""

import os
import sqlite3

from tests.functional import base
from tests.functional.test_emission import EmissionCase, stamps


def ledger_rows(home):
    path = os.path.join(home, "state", "alegra", "emission.sqlite3")
    if not os.path.exists(path):
        return []
    conn = sqlite3.connect(path)
    try:
        return conn.execute(
            "SELECT resource, record_id, state FROM emissions").fetchall()
    finally:
        conn.close()


class TestTruthfulOutcomes(EmissionCase):

    def test_missing_ids_are_not_found_and_leave_no_trace(self):
        before = ledger_rows(self.home)
        result, outcomes = self.emit("987654", "987655")
        self.assertEqual(4, result.code, result)
        self.assertEqual({"987654": "not-found", "987655": "not-found"},
                         outcomes)
        self.assertIn("Error: no invoice 987654, 987655 in Alegra",
                      result.err)
        self.assertNotIn("may or may not", result.err)
        self.assertEqual(before, ledger_rows(self.home))
        doctor = self.alegra("doctor")
        self.assertNotIn("987654", doctor.out + doctor.err)

    def test_a_missing_id_beside_a_real_one_is_partial(self):
        [draft] = self.drafts(1)
        result, outcomes = self.emit(draft, "987656")
        self.assertEqual(8, result.code, result)
        self.assertEqual({draft: "emitted", "987656": "not-found"},
                         outcomes)
        self.assertEqual({draft: 1}, stamps(self.server.db, [draft]))

    def test_doctor_names_the_command_that_clears_its_warning(self):
        [draft] = self.drafts(1)
        path = os.path.join(self.home, "state", "alegra",
                            "emission.sqlite3")
        self.alegra("invoices", "emit", "987657")  # creates the ledger
        company = self.company_key()
        conn = sqlite3.connect(path)
        with conn:
            conn.execute(
                "INSERT INTO emissions (profile, company, resource, "
                "record_id, state, attempts, updated_at) VALUES "
                "('default', ?, 'invoices', ?, 'unknown', 1, 0)",
                (company, draft))
        conn.close()
        doctor = self.alegra("doctor")
        self.assertIn(f"'alegra invoices emit {draft}'", doctor.out)
        self.ok("invoices", "emit", draft)
        self.assertEqual({draft: 1}, stamps(self.server.db, [draft]))
        doctor = self.alegra("doctor")
        self.assertNotIn("alegra invoices emit", doctor.out)
        self.assertIn("0 unknown", doctor.out)

    def company_key(self):
        company = self.ok("company", "get", "-o", "json").json()
        number = company["identificationObject"]["number"]
        return f"{number}@sandbox:{company['sandboxInstance']}"


class TestResetSandbox(base.FunctionalTestCase):
    """The embedded sandbox, reset between two emits of one draft."""

    def test_a_reset_draft_is_emitted_again(self):
        environ = base.isolated_environ(self.home)
        first = self.alegra("--sandbox", "invoices", "emit", "10", "-o",
                            "json", env=environ)
        self.assertEqual(0, first.code, first)
        self.assertEqual("emitted", first.json()[0]["result"])
        self.assertEqual(0, self.alegra("--sandbox", "sandbox", "reset",
                                        "-y", env=environ).code)
        again = self.alegra("--sandbox", "invoices", "emit", "10", "-o",
                            "json", env=environ)
        self.assertEqual(0, again.code, again)
        self.assertEqual("emitted", again.json()[0]["result"])

    def test_two_sandbox_databases_share_no_entries(self):
        other = SecondServer(self.home)
        self.addCleanup(other.stop)
        for base_url in (self.server.base_url, other.base_url):
            result = self.alegra("invoices", "emit", "10", "-o", "json",
                                 env=self.environ(
                                     ALEGRA_BASE_URL=base_url))
            self.assertEqual(0, result.code, result)
            self.assertEqual("emitted", result.json()[0]["result"])


def SecondServer(home):
    folder = os.path.join(home, "second")
    os.makedirs(folder, exist_ok=True)
    return base.SandboxServer(folder, "--quiet", "--rate-limit", "off")
