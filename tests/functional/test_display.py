"""What a person sees, through the installed executable: records, formats,
help, empty lists, quiet pipes and signals, and the sandbox's own words."""

import os
import signal
import subprocess
import tempfile
import time

from tests.functional.base import (
    TIMEOUT, FunctionalTestCase, SandboxServer, alegra_executable)
from tests.unit.base import isolated_environ

CONTACT = ('{{"name": "Display S.A.S.", "kindOfPerson": "PERSON_ENTITY", '
           '"regime": "SIMPLIFIED_REGIME", "identification": {{"type": "CC", '
           '"number": "{}"}}, "address": {{"address": "Calle 1", "city": '
           '"Bogotá"}}, "type": ["client"]}}')


class TestRecordsAndFormats(FunctionalTestCase):

    def test_get_reads_like_a_record(self):
        result = self.ok("invoices", "get", "1")
        self.assertRegex(result.out, r"\| client\.name +\| \S")
        self.assertRegex(result.out, r"\| items\.0\.price +\| \d+\.\d\d +\|")
        self.assertRegex(result.out, r"\| stamp\.cufe +\| [0-9a-f]{20,}")
        self.assertNotIn('[{"', result.out)

    def test_every_format_on_a_single_record(self):
        result = self.ok("invoices", "get", "1", "-o", "csv", "--columns",
                         "id,client.name,total")
        header, row = result.out.splitlines()
        self.assertEqual("id,client.name,total", header)
        self.assertTrue(row.startswith("1,"))
        result = self.ok("invoices", "get", "1", "-o", "ndjson")
        self.assertEqual(1, len(result.out.splitlines()))
        self.assertEqual("1", result.json()["id"])  # ids are text

    def test_global_csv_never_breaks_get_create_or_an_action(self):
        env = self.environ(ALEGRA_OUTPUT="csv")
        self.assertTrue(self.ok("contacts", "get", "1", env=env)
                        .out.startswith("id,name,"))
        created = self.ok("contacts", "create", "-d", CONTACT.format(71000001),
                          env=env)
        header, row = created.out.splitlines()
        self.assertTrue(header.startswith("id,"), created)
        emailed = self.ok("invoices", "email", "1", "--set",
                          'emails=["a@b.co"]', env=env)
        self.assertEqual(2, len(emailed.out.splitlines()), emailed)

    def test_unknown_column_on_create_warns_and_prints_the_id(self):
        created = self.ok("contacts", "create", "-d", CONTACT.format(71000002),
                          "-o", "csv", "--columns", "nmae")
        header, row = created.out.splitlines()
        self.assertEqual("id,nmae", header)
        self.assertRegex(row, r"^\d+,$")
        self.assertIn("Warning: no contact has the field nmae; its fields "
                      "are: id, name", created.err)

    def test_empty_list_is_said(self):
        result = self.ok("invoices", "list", "-q", "no-such-invoice-zz")
        self.assertEqual("", result.out)
        self.assertEqual("No invoices match.\n", result.err)
        result = self.ok("invoices", "list", "-q", "no-such-invoice-zz",
                         "-o", "json")
        self.assertEqual("[]\n", result.out)

    def test_tables_import_neither_prettytable_nor_wcwidth(self):
        # wcwidth builds its tables when imported: 8-25 ms on every table
        env = self.environ(PYTHONPROFILEIMPORTTIME="1")
        for argv in (("invoices", "list"), ("invoices", "get", "1"),
                     ("invoices", "get", "1", "--max-width", "40")):
            result = self.ok(*argv, env=env)
            self.assertTrue(result.out.startswith("+---"), result.out)
            imported = [line.rsplit("|", 1)[-1].strip()
                        for line in result.err.splitlines()
                        if line.startswith("import time:")]
            self.assertIn("alegra.output.formatters.box", imported)
            for name in imported:
                self.assertFalse(name.startswith(("prettytable", "wcwidth")),
                                 (argv, name))

    def test_yaml_list_is_a_sequence_with_exact_numbers(self):
        import yaml

        result = self.ok("invoices", "list", "--limit", "3", "-o", "yaml")
        records = yaml.safe_load(result.out)
        self.assertEqual(3, len(records))
        as_json = self.ok("invoices", "list", "--limit", "3", "-o", "ndjson")
        first_total = as_json.out.split('"total":')[1].split(",")[0]
        self.assertIn(f"  total: {first_total}\n", result.out)


class TestHelp(FunctionalTestCase):

    def test_group_alone_or_with_help_lists_its_verbs(self):
        for argv in (("invoices",), ("invoices", "--help"),
                     ("sandbox", "--help")):
            result = self.ok(*argv)
            self.assertIn("Commands:\n", result.out)
            self.assertEqual("", result.err)
        self.assertRegex(result.out, r"\n  alegra sandbox serve +Serve ")

    def test_unknown_commands(self):
        result = self.alegra("help", "frob")
        self.assertEqual(2, result.code)
        result = self.alegra("invoics", "list")
        self.assertEqual(2, result.code)
        self.assertIn("did you mean: alegra invoices list", result.err)
        result = self.alegra("qqqq")
        self.assertNotIn("did you mean", result.err)

    def test_command_help_ends_with_examples(self):
        result = self.ok("contacts", "list", "--help")
        self.assertTrue(result.out.rstrip().endswith(
            "  alegra contacts list -o csv --columns id,name,email"),
            result.out[-300:])


class TestPipesAndSignals(FunctionalTestCase):

    def pipe_into_head(self, *argv, lines=1):
        """``alegra ARGV | head -N`` in a real shell pipeline."""
        import shlex

        command = shlex.join([alegra_executable(), *argv])
        done = subprocess.run(
            ["bash", "-c", f"{command} | head -{lines} >/dev/null; "
                           "echo ${PIPESTATUS[0]}"],
            capture_output=True, text=True, env=self.environ(),
            timeout=TIMEOUT)
        return int(done.stdout.strip()), done.stderr

    def test_help_into_head_is_quiet(self):
        code, err = self.pipe_into_head("--help")
        self.assertIn(code, (0, 141))
        self.assertEqual("", err)

    def test_every_page_into_head_is_quiet(self):
        self.ok("sandbox", "seed", "--db", self.server.db, "--invoices",
                "200", "--seed", "3")
        for fmt in ("table", "json", "ndjson", "yaml", "csv"):
            code, err = self.pipe_into_head("invoices", "list", "--all",
                                            "-o", fmt)
            self.assertIn(code, (0, 141), (fmt, err))
            self.assertNotIn("Traceback", err, fmt)
            self.assertNotIn("Exception ignored", err, fmt)

    def test_closed_stdout_is_one_line(self):
        done = subprocess.run(
            ["bash", "-c", f"'{alegra_executable()}' contacts list >&-"],
            capture_output=True, text=True, env=self.environ(),
            timeout=TIMEOUT)
        self.assertEqual(2, done.returncode)
        self.assertEqual(1, len(done.stderr.splitlines()), done.stderr)
        self.assertIn("standard output is closed", done.stderr)
        self.assertNotIn("NoneType", done.stderr)

    def test_ctrl_c_is_one_line_and_130(self):
        # A slow sandbox keeps the walk busy long enough to interrupt it.
        home = tempfile.mkdtemp(prefix="alegra-display-")
        slow = SandboxServer(home, "--latency", "3000", "--quiet")
        try:
            env = self.environ(ALEGRA_BASE_URL=slow.base_url)
            process = subprocess.Popen(
                [alegra_executable(), "invoices", "list", "--all", "-o",
                 "json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                stdin=subprocess.DEVNULL, env=env, text=True)
            time.sleep(1.5)
            process.send_signal(signal.SIGINT)
            out, err = process.communicate(timeout=TIMEOUT)
        finally:
            slow.stop()
        self.assertEqual(130, process.returncode, err)
        self.assertEqual(["Interrupted"], [
            line for line in err.splitlines()
            if not line.startswith("Fetch")], err)


class TestSandboxWords(FunctionalTestCase):

    def test_dry_run_against_the_embedded_sandbox_says_so(self):
        result = self.ok("--sandbox", "--dry-run", "contacts", "list",
                         env=isolated_environ(self.home))
        self.assertTrue(result.out.startswith("GET http://127.0.0.1:"))
        self.assertIn("temporary sandbox", result.err)
        self.assertIn("alegra sandbox serve", result.err)
        result = self.ok("--dry-run", "contacts", "list")
        self.assertNotIn("temporary sandbox", result.err)

    def test_serve_logs_requests_and_stops_within_a_second(self):
        home = tempfile.mkdtemp(prefix="alegra-serve-")
        for stop in (signal.SIGTERM, signal.SIGINT):
            process = subprocess.Popen(
                [alegra_executable(), "sandbox", "serve", "--port", "0",
                 "--db", os.path.join(home, "s.db")],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                stdin=subprocess.DEVNULL, env=isolated_environ(home))
            url = None
            for line in process.stdout:
                if "http://" in line:
                    url = line.split()[-1]
                    break
            env = self.environ(ALEGRA_BASE_URL=url)
            self.ok("contacts", "list", "--limit", "1", env=env)
            started = time.monotonic()
            process.send_signal(stop)
            process.wait(timeout=10)
            elapsed = time.monotonic() - started
            err = process.stderr.read()
            process.stdout.close()
            process.stderr.close()
            self.assertLess(elapsed, 1.0, stop)
            self.assertEqual(0, process.returncode, err)
            self.assertRegex(err, r'"GET /api/v1/contacts\?[^"]*" 200')
            self.assertNotIn("Traceback", err)
