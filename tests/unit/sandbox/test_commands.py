"""``alegra sandbox serve|reset|seed|status`` and ``python -m``."""

import io
import os
import signal
import subprocess
import sys
import threading
import urllib.request
from unittest import mock

import fixtures
import testtools

from alegra.errors import AlegraError, UsageError
from alegra.sandbox import app as app_module
from alegra.sandbox import commands
from tests.unit.sandbox import base


class Stream(io.StringIO):
    def __init__(self, text="", tty=False):
        super().__init__(text)
        self.tty = tty

    def isatty(self):
        return self.tty


class CommandTestCase(testtools.TestCase):
    def setUp(self):
        super().setUp()
        self.directory = self.useFixture(fixtures.TempDir()).path
        self.useFixture(fixtures.EnvironmentVariable(
            "XDG_DATA_HOME", os.path.join(self.directory, "xdg")))
        self.db_path = os.path.join(self.directory, "env.db")
        self.useFixture(fixtures.EnvironmentVariable("ALEGRA_SANDBOX_DB",
                                                     self.db_path))

    def run_command(self, cls, *argv, stdin=""):
        app = mock.Mock()
        app.stdout, app.stderr = io.StringIO(), io.StringIO()
        app.stdin = stdin if isinstance(stdin, Stream) else Stream(stdin)
        command = cls(app, None)
        parsed = command.get_parser("alegra sandbox").parse_args(list(argv))
        code = command.take_action(parsed)
        return code, app.stdout.getvalue(), app.stderr.getvalue()

    def counts(self, resource):
        store, _ = app_module.open_store(self.db_path)
        with store.session() as session:
            return session.count(resource)


class TestDescriptions(testtools.TestCase):
    def test_one_line_descriptions_without_a_period(self):
        for cls in (commands.Serve, commands.Reset, commands.Seed,
                    commands.Status):
            self.assertNotIn("\n", cls._description)
            self.assertFalse(cls._description.endswith("."))

    def test_module_imports_nothing_heavy(self):
        code = ("import sys; from alegra.sandbox import commands; "
                "[cls(None, None).get_parser('x') for cls in "
                "(commands.Serve, commands.Reset, commands.Seed, "
                "commands.Status)]; "
                "print(sorted(m for m in ('werkzeug', 'sqlite3', "
                "'alegra.sandbox.app') if m in sys.modules))")
        output = subprocess.run([sys.executable, "-c", code],
                                capture_output=True, text=True, check=True)
        self.assertEqual("[]", output.stdout.strip())


class TestServeParser(CommandTestCase):
    def test_options(self):
        command = commands.Serve(mock.Mock(), None)
        parsed = command.get_parser("serve").parse_args([
            "--host", "0.0.0.0", "--port", "0", "--country", "mx", "--db",
            "x.db", "--rate-limit", "off", "--gated", "reports,conciliations",
            "--latency", "20", "--fail-rate", "0.1", "--drop-rate", "0.2",
            "--email", "a@b.c", "--token", "t"])
        self.assertEqual(("0.0.0.0", 0, "mx", "x.db"),
                         (parsed.host, parsed.port, parsed.country,
                          parsed.db))
        self.assertIsNone(commands.rate_limit(parsed.rate_limit))
        self.assertEqual(20, parsed.latency)
        self.assertEqual((0.1, 0.2), (parsed.fail_rate, parsed.drop_rate))

    def test_defaults(self):
        parsed = commands.Serve(mock.Mock(), None).get_parser(
            "serve").parse_args([])
        self.assertEqual(("127.0.0.1", 8765), (parsed.host, parsed.port))
        self.assertEqual(150, commands.rate_limit(parsed.rate_limit))

    def test_bad_rate_limit(self):
        self.assertRaises(UsageError, commands.rate_limit, "fast")
        self.assertRaises(UsageError, commands.rate_limit, "-3")

    def test_bad_options_are_one_line_errors(self):
        for argv in (["--gated", "nothing"], ["--fail-rate", "2"],
                     ["--country", "ar"], ["--rate-limit", "x"],
                     ["--rate-window", "0"], ["--rate-window", "x"]):
            error = self.assertRaises(UsageError, self.run_command,
                                      commands.Serve, "--port", "0", *argv)
            self.assertNotIn("\n", str(error))

    def test_port_in_use_is_an_error(self):
        with base.LiveSandbox(self.db_path).__class__(self.db_path) as live:
            port = live.base_url.split(":")[2].split("/")[0]
            error = self.assertRaises(UsageError, self.run_command,
                                      commands.Serve, "--port", port)
        self.assertIn(port, str(error))


class TestServeProcess(CommandTestCase):
    def start(self, *argv):
        process = subprocess.Popen(
            [sys.executable, "-m", "alegra.sandbox", "--port", "0",
             "--db", self.db_path, "--quiet", *argv],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.addCleanup(self._stop, process)
        line = process.stdout.readline()
        self.assertTrue(line.startswith("Sandbox serving http://127.0.0.1:"),
                        line + process.stderr.read() if not line else line)
        return process, line.split()[-1]

    @staticmethod
    def _stop(process):
        if process.poll() is None:
            process.kill()
        process.wait()
        process.stdout.close()
        process.stderr.close()

    def get(self, url, path):
        request = urllib.request.Request(url + path, headers=base.basic())
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        with opener.open(request, timeout=10) as response:
            return response.status

    def test_prints_url_and_credentials_then_serves(self):
        process, url = self.start("--country", "cr")
        self.assertIn("email: sandbox@alegra.test", process.stdout.readline())
        self.assertIn("token: sandbox", process.stdout.readline())
        self.assertIn("Costa Rica", process.stdout.readline())
        self.assertEqual(200, self.get(url, "/company"))
        process.send_signal(signal.SIGTERM)
        self.assertEqual(0, process.wait(timeout=10))

    def test_ctrl_c_exits_zero(self):
        process, url = self.start()
        self.assertEqual(200, self.get(url, "/taxes"))
        process.send_signal(signal.SIGINT)
        self.assertEqual(0, process.wait(timeout=10))

    def test_two_processes_write_one_database(self):
        _, url = self.start()
        other = self.useFixture(base.LiveSandbox(self.db_path))
        served = base.LiveSandbox(self.db_path)
        served.base_url = url
        failures = []

        def create(live, prefix):
            for number in range(10):
                status, _, body = live.request(
                    "POST", "/contacts", {"name": f"{prefix}-{number}"})
                if status != 201:
                    failures.append(body)

        threads = [threading.Thread(target=create, args=pair) for pair in
                   ((served, "proceso-a"), (other, "proceso-b"))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual([], failures)
        for live in (served, other):
            _, _, page = live.request(
                "GET", "/contacts?query=proceso-&metadata=true")
            self.assertEqual(20, page["metadata"]["total"])

    def test_error_is_one_line(self):
        process = subprocess.run(
            [sys.executable, "-m", "alegra.sandbox", "--port", "0", "--db",
             self.db_path, "--gated", "nope"],
            capture_output=True, text=True, timeout=30)
        self.assertEqual(2, process.returncode)
        self.assertEqual(1, len(process.stderr.strip().splitlines()))
        self.assertTrue(process.stderr.startswith("Error: "))


class TestReset(CommandTestCase):
    def test_refuses_without_confirmation_off_a_terminal(self):
        error = self.assertRaises(UsageError, self.run_command,
                                  commands.Reset)
        self.assertIn("-y", str(error))

    def test_asks_on_a_terminal(self):
        app_module.open_store(self.db_path)
        error = self.assertRaises(UsageError, self.run_command,
                                  commands.Reset,
                                  stdin=Stream("n\n", tty=True))
        self.assertIn("nothing was changed", str(error))
        code, out, _ = self.run_command(commands.Reset,
                                        stdin=Stream("y\n", tty=True))
        self.assertIn("Sandbox reset", out)

    def test_yes_restores_the_demo_company(self):
        store, _ = app_module.open_store(self.db_path)
        with store.session(write=True) as session:
            session.insert("sellers", {"name": "Borrame"})
        self.run_command(commands.Reset, "-y")
        self.assertEqual(2, self.counts("sellers"))

    def test_reset_can_change_the_country(self):
        self.run_command(commands.Reset, "-y", "--country", "mx")
        self.assertEqual("mx", app_module.open_store(self.db_path)[1].code)
        self.run_command(commands.Reset, "-y")
        self.assertEqual("mx", app_module.open_store(self.db_path)[1].code)

    def test_reset_replaces_an_unreadable_file(self):
        with open(self.db_path, "w") as handle:
            handle.write("not a database at all" * 100)
        self.run_command(commands.Reset, "-y", "--db", self.db_path)
        self.assertEqual("co", app_module.open_store(self.db_path)[1].code)

    def test_reset_while_a_server_runs(self):
        with base.LiveSandbox(self.db_path) as live:
            live.request("POST", "/sellers", {"name": "Efímero"})
            self.run_command(commands.Reset, "-y")
            _, _, sellers = live.request("GET", "/sellers")
        self.assertEqual(2, len(sellers))


class TestSeed(CommandTestCase):
    def test_adds_invoices_and_contacts(self):
        code, out, err = self.run_command(
            commands.Seed, "--invoices", "120", "--contacts", "15",
            "--seed", "1")
        self.assertEqual(0, code)
        self.assertIn("Added 120 invoices and 15 contacts", out)
        self.assertEqual("", err)
        self.assertEqual(136, self.counts("invoices"))

    def test_large_seed_reports_progress_on_stderr(self):
        _, _, err = self.run_command(commands.Seed, "--invoices", "1001")
        self.assertIn("invoices: 1000/1001", err)
        self.assertIn("invoices: 1001/1001", err)

    def test_new_database_takes_the_country(self):
        self.run_command(commands.Seed, "--country", "pe", "--invoices",
                         "5")
        self.assertEqual("pe", app_module.open_store(self.db_path)[1].code)

    def test_negative_counts_are_refused(self):
        self.assertRaises(UsageError, self.run_command, commands.Seed,
                          "--invoices", "-1")

    def test_seed_while_a_server_answers(self):
        with base.LiveSandbox(self.db_path) as live:
            self.run_command(commands.Seed, "--invoices", "300")
            _, _, page = live.request("GET", "/invoices?metadata=true")
        self.assertEqual(316, page["metadata"]["total"])


class TestStatus(CommandTestCase):
    def test_prints_path_country_schema_and_counts(self):
        app_module.open_store(self.db_path, "mx")
        code, out, _ = self.run_command(commands.Status)
        self.assertEqual(0, code)
        self.assertIn(f"database: {self.db_path}", out)
        self.assertIn("country: México (mx", out)
        self.assertIn("schema version: 2", out)
        self.assertIn("invoices: 16 (", out)
        self.assertIn("fiscal documents issued:", out)

    def test_missing_database_is_an_error(self):
        error = self.assertRaises(AlegraError, self.run_command,
                                  commands.Status, "--db",
                                  os.path.join(self.directory, "none.db"))
        self.assertIn("no sandbox database", str(error))
        self.assertFalse(os.path.exists(os.path.join(self.directory,
                                                     "none.db")))
