"""--profile a,b and --all-profiles: one read command, many companies."""

import json
import os

from alegra.app import fanout as profiles_fanout
from tests.unit import base

A = "https://a.example/api/v1"
B = "https://b.example/api/v1"
C = "https://c.example/api/v1"


class TestFanOut(base.TestCase):

    def setUp(self):
        super().setUp()
        self.mock = self.useFixture(base.RequestsMock()).mock
        self.useFixture(base.fixtures.MockPatch("time.sleep"))
        folder = os.path.join(self.environ["XDG_CONFIG_HOME"], "alegra")
        os.makedirs(folder, mode=0o700)
        with open(os.path.join(folder, "config.yaml"), "w") as stream:
            stream.write(
                "profiles:\n"
                f"  a: {{email: a@x.co, base_url: '{A}'}}\n"
                f"  b: {{email: b@x.co, base_url: '{B}'}}\n"
                f"  c: {{email: c@x.co, base_url: '{C}'}}\n")
        with open(os.path.join(folder, "credentials.yaml"), "w") as stream:
            stream.write("a: ta\nb: tb\nc: tc\n")

    def lists(self):
        self.mock.get(f"{A}/invoices", text='[{"id": 1, "total": 10.50}]')
        self.mock.get(f"{B}/invoices", text='[{"id": 2, "total": 19928.00}]')
        self.mock.get(f"{C}/invoices", status_code=401,
                      text='{"code": 401, "message": "no"}')

    def test_table_gains_a_profile_column(self):
        self.lists()
        code, out, err = self.run_cli("--profile", "a,b", "invoices", "list",
                                      "-o", "csv", "--columns", "id,total")
        self.assertEqual(0, code, err)
        self.assertEqual("profile,id,total\na,1,10.50\nb,2,19928.00\n", out)

    def test_json_gains_a_profile_field_and_a_failure_is_partial(self):
        self.lists()
        code, out, err = self.run_cli("--all-profiles", "invoices", "list",
                                      "-o", "ndjson")
        self.assertEqual(8, code, err)
        self.assertEqual(
            '{"profile":"a","id":1,"total":10.50}\n'
            '{"profile":"b","id":2,"total":19928.00}\n', out)
        [line] = err.splitlines()
        self.assertTrue(line.startswith("Error: [c] HTTP 401"), err)

    def test_export_is_one_file_with_a_profile_column(self):
        self.lists()
        code, out, err = self.run_cli("--profile", "a,b", "invoices",
                                      "export", "--columns", "id,total")
        self.assertEqual(0, code, err)
        self.assertEqual("profile,id,total\na,1,10.50\nb,2,19928.00\n", out)
        target = os.path.join(self.home, "all.ndjson")
        code, out, err = self.run_cli("--profile", "a,b", "invoices",
                                      "export", "--format", "ndjson",
                                      "--out", target)
        self.assertEqual(0, code, err)
        with open(target) as stream:
            self.assertEqual(
                '{"profile":"a","id":1,"total":10.50}\n'
                '{"profile":"b","id":2,"total":19928.00}\n', stream.read())

    def test_count(self):
        for url, total in ((A, 3), (B, 4)):
            self.mock.get(f"{url}/invoices",
                          text=json.dumps({"metadata": {"total": total},
                                           "data": [{"id": 1}]}))
        code, out, err = self.run_cli("--profile", "a,b", "invoices", "list",
                                      "--count")
        self.assertEqual("a\t3\nb\t4\n", out)
        code, out, err = self.run_cli("--profile", "a,b", "invoices", "list",
                                      "--count", "-o", "json")
        self.assertEqual({"a": 3, "b": 4}, json.loads(out))

    def test_count_follows_the_shared_output_setting(self):
        for url, total in ((A, 3), (B, 4)):
            self.mock.get(f"{url}/invoices",
                          text=json.dumps({"metadata": {"total": total},
                                           "data": [{"id": 1}]}))
        path = os.path.join(self.environ["XDG_CONFIG_HOME"], "alegra",
                            "config.yaml")
        with open(path, "a") as stream:
            stream.write("settings: {output: json}\n")
        code, out, err = self.run_cli("--profile", "a,b", "invoices", "list",
                                      "--count")
        self.assertEqual(0, code, err)
        self.assertEqual({"a": 3, "b": 4}, json.loads(out))

    def test_each_profile_uses_its_own_credentials(self):
        self.lists()
        self.run_cli("--profile", "a,b", "invoices", "list",
                     env={"ALEGRA_TOKEN": "one-for-all"})
        sent = {request.url.split("/")[2]: request.headers["Authorization"]
                for request in self.mock.request_history}
        self.assertNotEqual(sent["a.example"], sent["b.example"])

    def test_writes_refuse_several_profiles(self):
        code, out, err = self.run_cli("--all-profiles", "contacts", "delete",
                                      "1", "-y")
        self.assertEqual(2, code)
        self.assertIn("--yes-all-profiles", err)
        self.assertFalse(self.mock.called)

    def test_a_bad_jq_expression_stops_before_any_request(self):
        code, out, err = self.run_cli("--all-profiles", "invoices", "list",
                                      "--jq", "{")
        self.assertEqual(2, code)
        self.assertFalse(self.mock.called)

    def test_exit_codes(self):
        def codes(*values):
            outcomes = [profiles_fanout.ProfileResult(str(n)) for n in values]
            for outcome, value in zip(outcomes, values):
                outcome.code = value
            return profiles_fanout.exit_code(outcomes)
        self.assertEqual(0, codes(0, 0))
        self.assertEqual(8, codes(0, 3))
        self.assertEqual(3, codes(3, 3))
        self.assertEqual(8, codes(3, 4))

    def test_a_dry_run_prints_each_profile_request(self):
        code, out, err = self.run_cli("--profile", "a,b", "invoices",
                                      "export", "--dry-run")
        self.assertEqual(0, code, err)
        self.assertIn("a\tGET https://a.example/api/v1/invoices", out)
        self.assertIn("b\tGET https://b.example/api/v1/invoices", out)
        self.assertFalse(self.mock.called)
