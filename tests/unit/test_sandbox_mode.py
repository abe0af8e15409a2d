"""``alegra --sandbox``: the embedded sandbox instead of Alegra."""

import json
import os

from tests.unit import base


class TestSandboxMode(base.TestCase):
    def setUp(self):
        super().setUp()
        self.environ["ALEGRA_SANDBOX_DB"] = os.path.join(self.home, "s.db")

    def test_state_persists_between_invocations(self):
        code, out, err = self.run_cli(
            "--sandbox", "contacts", "create", "--set", "name=Zeta Ltda",
            "--set", 'type=["client"]', "-o", "json")
        self.assertEqual(0, code, err)
        created = json.loads(out)["id"]
        code, out, err = self.run_cli("--sandbox", "contacts", "list", "-q",
                                      "zeta", "-f", "value", "-c", "id")
        self.assertEqual(0, code, err)
        self.assertEqual(f"{created}\n", out)

    def test_real_credentials_and_base_url_are_ignored(self):
        code, out, err = self.run_cli(
            "--sandbox", "invoices", "get", "1", "-o", "value", "-c", "id",
            env={"ALEGRA_BASE_URL": "https://api.example.invalid/api/v1",
                 "ALEGRA_EMAIL": "real@example.com",
                 "ALEGRA_TOKEN": "real-token"})
        self.assertEqual(0, code, err)
        self.assertEqual("1\n", out)

    def test_environment_variable_turns_it_on(self):
        code, out, err = self.run_cli("invoices", "list", "--count",
                                      env={"ALEGRA_SANDBOX": "1"})
        self.assertEqual(0, code, err)
        self.assertGreater(int(out), 0)

    def test_a_damaged_database_says_how_to_repair_it(self):
        with open(self.environ["ALEGRA_SANDBOX_DB"], "w") as handle:
            handle.write("garbage")
        code, out, err = self.run_cli("--sandbox", "invoices", "list")
        self.assertEqual(1, code)
        self.assertEqual(1, len(err.strip().splitlines()), err)
        self.assertIn("alegra sandbox reset -y", err)

    def test_validation_uses_the_sandbox_country(self):
        code, out, err = self.run_cli("--sandbox", "invoices", "create",
                                      "-d", '{"items": []}')
        self.assertEqual(7, code)
        self.assertIn("for CO", err)
