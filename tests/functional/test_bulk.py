"""Bulk import and export through the installed ``alegra``, for real.

The seed lines as written; an import killed (SIGKILL) at random points and
resumed, and one against a sandbox that drops and fails requests, both
ending with every row created exactly once; bad input that costs no
request; an import paced under a 600-a-minute ceiling; export memory that
does not grow with the number of rows.
"""

import json
import os
import random
import signal
import subprocess
import time

from tests.functional import base


def items_csv(path, prefix, count):
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("SKU,Name,price\n")
        for number in range(1, count + 1):
            handle.write(f"{prefix}-{number:04d},Artículo {number},"
                         f"{1000 + number}\n")


class BulkMixin:
    def references(self, prefix):
        """Every item reference starting with ``prefix`` on the sandbox."""
        result = self.ok("items", "export", "--format", "ndjson", "-q",
                         prefix)
        return [json.loads(line)["reference"] for line in
                result.out.splitlines()
                if json.loads(line)["reference"].startswith(prefix)]

    def start_import(self, path, *extra, options=()):
        return subprocess.Popen(
            [base.alegra_executable(), *options, "items", "import", "-f",
             path,
             "--map", "SKU=reference,Name=name", *extra],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True, env=self.environ(),
            cwd=self.home)


class TestSeedLines(base.FunctionalTestCase):
    serve_options = ("--rate-limit", "off", "--quiet")

    def test_contacts_import_seed_000_and_001(self):
        with open(os.path.join(self.home, "clients.csv"), "w") as handle:
            handle.write("Name,NIT\nFerretería Uno,901000001\n"
                         "Comercial Dos,0901000002\n")
        result = self.shell(
            "alegra contacts import -f clients.csv \\\n"
            "--map 'Name=name,NIT=identification.number' \\\n"
            "--set 'identification.type=NIT' --set 'type=[\"client\"]'")
        self.assertEqual(0, result.code, result)
        self.assertIn("2 created, 0 failed", result.err)
        found = self.ok("contacts", "list", "--identification",
                        "0901000002", "-o", "json").json()
        self.assertEqual("Comercial Dos", found[0]["name"])
        with open(os.path.join(self.home, "more.csv"), "w") as handle:
            handle.write("Name,NIT\nDistribuidora Tres,901000003\n")
        result = self.shell(
            "alegra contacts import -f more.csv \\\n"
            "  --map 'Name=name,NIT=identification.number' \\\n"
            "  --set 'identification.type=NIT' --set 'type=[\"client\"]' "
            "--set kindOfPerson=LEGAL_ENTITY")
        self.assertEqual(0, result.code, result)
        # The company's country is known by now (read once by the imports
        # above), so the dry run would check Colombia's rules; this checks
        # the body it prints.
        dry = self.ok("contacts", "import", "-f", "more.csv", "--map",
                      "Name=name,NIT=identification.number", "--dry-run",
                      "--no-validate")
        self.assertEqual({"name": "Distribuidora Tres",
                          "identification": {"number": "901000003"}},
                         json.loads(dry.out))

    def test_items_import_seed_000(self):
        with open(os.path.join(self.home, "catalog.csv"), "w") as handle:
            handle.write("SKU,Name,price\nSEED-1,Tornillo,100\n"
                         "SEED-2,Tuerca,250.50\n")
        result = self.shell("alegra items import -f catalog.csv --map "
                            "'SKU=reference,Name=name'")
        self.assertEqual(0, result.code, result)
        found = self.ok("items", "list", "--reference", "SEED-2", "-o",
                        "json").json()
        self.assertEqual("Tuerca", found[0]["name"])

    def test_export_seed_lines(self):
        script = (
            "alegra invoices export --param status=open > receivables.csv\n"
            "alegra items export --format json --out items.json\n"
            "alegra contacts export --columns id,name,email,status "
            "> contacts-columns.csv\n"
            "alegra items export > items.csv\n"
            "alegra invoices export --param status=open --format json "
            "> open.json\n"
            "alegra contacts export --out contacts.csv\n")
        result = self.shell(script)
        self.assertEqual(0, result.code, result)

        def read(name):
            with open(os.path.join(self.home, name), encoding="utf-8") as f:
                return f.read()

        receivables = read("receivables.csv").splitlines()
        self.assertTrue(receivables[0].startswith("id,numberTemplate."))
        open_invoices = json.loads(read("open.json"))
        self.assertEqual(len(receivables) - 1, len(open_invoices))
        self.assertEqual({"open"}, {i["status"] for i in open_invoices})
        items = json.loads(read("items.json"))
        self.assertEqual(len(items), len(read("items.csv").splitlines()) - 1)
        self.assertEqual("id,name,email,status",
                         read("contacts-columns.csv").splitlines()[0])
        self.assertTrue(read("contacts.csv").startswith("id,name,"))

    def test_export_flattens_and_all_columns(self):
        result = self.ok("invoices", "export", "--columns",
                         "id,client.name,items.0.price", "--status", "open")
        header, first = result.out.splitlines()[:2]
        self.assertEqual("id,client.name,items.0.price", header)
        self.assertEqual(3, len(first.split(",")))
        every = self.ok("invoices", "export", "--columns", "all",
                        "--status", "open").out.splitlines()[0].split(",")
        self.assertIn("client.name", every)
        self.assertIn("items.0.price", every)
        excel = self.ok("items", "export", "--excel").out
        self.assertTrue(excel.startswith("\ufeffid;name;"))


class TestBadInput(BulkMixin, base.FunctionalTestCase):
    serve_options = ("--rate-limit", "off", "--quiet")

    def write(self, name, text):
        path = os.path.join(self.home, name)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
        return path

    def assert_refused(self, words, *argv):
        result = self.alegra("items", "import", *argv)
        self.assertNotEqual(0, result.code, result)
        self.assertEqual(1, len(result.err.splitlines()), result)
        self.assertTrue(result.err.startswith("Error: "), result)
        self.assertIn(words, result.err)

    def test_each_is_one_error_and_nothing_is_sent(self):
        before = len(self.references("BAD-"))
        good = self.write("good.csv", "SKU,Name,price\nBAD-1,x,1\n")
        self.assert_refused("no such file", "-f", "missing.csv")
        self.assert_refused("is empty", "-f", self.write("empty.csv", ""))
        # A ragged row fails alone: the rows around it are sent.
        ragged = self.alegra(
            "items", "import", "-f",
            self.write("ragged.csv", "SKU,Name,price\nBAD-2,x,1\nBAD-3,y\n"
                                     "BAD-5,z,3\n"), "--map",
            "SKU=reference,Name=name")
        self.assertEqual(8, ragged.code, ragged)
        self.assertIn("row 2: line 3: 2 cells, but the header has 3",
                      ragged.err)
        self.assertIn("2 created, 1 failed", ragged.err)
        before += 2
        self.assert_refused(
            "not valid JSON", "-f",
            self.write("bad.json", '[{"reference": "BAD-4", }]'))
        self.assert_refused("no column 'Nope'", "-f", good, "--map",
                            "Nope=reference")
        self.assert_refused("expected Column=field.path", "-f", good,
                            "--map", "SKU")
        self.assert_refused("--key: ", "-f", good, "--key", "Nope")
        self.assertEqual(before, len(self.references("BAD-")))
        # A damaged journal: the import of good.csv is refused, unsent.
        self.ok("items", "import", "-f", good, "--map",
                "SKU=reference,Name=name")
        folder = os.path.join(self.home, "state", "alegra", "imports")
        for name in os.listdir(folder):
            if name.endswith(".jsonl"):
                with open(os.path.join(folder, name), "ab") as handle:
                    handle.write(b"garbage\n{}\n")
        self.assert_refused("is damaged at line", "-f", good, "--map",
                            "SKU=reference,Name=name", "--resume")
        self.assertEqual(before + 1, len(self.references("BAD-")))


class TestKilledAndResumed(BulkMixin, base.FunctionalTestCase):
    # A little latency so that a kill lands while requests are out.
    serve_options = ("--rate-limit", "off", "--quiet", "--latency", "15")

    def test_sigkill_at_random_points_then_resume(self):
        path = os.path.join(self.home, "kill.csv")
        items_csv(path, "KILL", 500)
        rng = random.Random()
        landed = 0
        runs = 0
        while landed < 3 and runs < 10:
            runs += 1
            process = self.start_import(path,
                                        *(("--resume",) if runs > 1 else ()))
            time.sleep(rng.uniform(0.6, 2.5))
            if process.poll() is None:
                process.send_signal(signal.SIGKILL)
                landed += 1
            process.communicate(timeout=60)
        self.assertGreaterEqual(landed, 3)
        process = self.start_import(path, "--resume")
        out, err = process.communicate(timeout=120)
        self.assertEqual(0, process.returncode, err)
        references = self.references("KILL-")
        self.assertEqual(500, len(references))
        self.assertEqual(500, len(set(references)))


class TestDropsAndFailures(BulkMixin, base.FunctionalTestCase):
    serve_options = ("--rate-limit", "off", "--quiet", "--drop-rate",
                     "0.08", "--fail-rate", "0.08", "--seed", "7")

    def test_nothing_lost_nothing_twice_after_resume(self):
        path = os.path.join(self.home, "flaky.csv")
        items_csv(path, "FLAKY", 120)
        process = self.start_import(path)
        out, err = process.communicate(timeout=120)
        self.assertEqual(10, process.returncode, err)
        self.assertRegex(err, r"\d+ created, 0 failed, 0 skipped, [1-9]\d* "
                              r"unknown")
        for _ in range(8):
            process = self.start_import(path, "--resume")
            out, err = process.communicate(timeout=120)
            if process.returncode == 0:
                break
            self.assertEqual(10, process.returncode, err)
        self.assertEqual(0, process.returncode, err)
        for _ in range(5):
            try:
                references = self.references("FLAKY-")
                break
            except AssertionError:  # the export met a drop it cannot retry
                continue
        self.assertEqual(120, len(references))
        self.assertEqual(120, len(set(references)))


class TestPacedImport(BulkMixin, base.FunctionalTestCase):
    serve_options = ("--rate-limit", "600", "--quiet")

    def test_300_rows_under_600_a_minute(self):
        path = os.path.join(self.home, "paced.csv")
        items_csv(path, "PACE", 300)
        started = time.monotonic()
        # -v -v logs every retry, a 429's included.
        process = self.start_import(path, options=("-v", "-v"))
        out, err = process.communicate(timeout=120)
        elapsed = time.monotonic() - started
        self.assertEqual(0, process.returncode, err)
        self.assertIn("300 created", err)
        self.assertNotIn("HTTP 429", err)
        self.assertLessEqual(elapsed, 33.0)


class TestExportMemory(base.FunctionalTestCase):
    """Peak RSS of the export process, 3,000 rows against 30,000."""

    serve_options = ("--rate-limit", "off", "--quiet")
    SMALL = 3000
    LARGE = 30000

    def seed(self, count):
        subprocess.run(
            [base.alegra_executable(), "sandbox", "seed", "--db",
             self.server.db, "--invoices", str(count), "--seed", "1"],
            check=True, capture_output=True, env=self.environ(),
            timeout=300)

    def peak(self, *argv):
        """``(rows written, peak RSS in MB)`` of one export to a file."""
        out = os.path.join(self.home, "export.out")
        code, err, peak = base.peak_rss(
            ["invoices", "export", "--out", out, *argv], self.environ(),
            cwd=self.home)
        self.assertEqual(0, code, err)
        with open(out, encoding="utf-8") as handle:
            lines = sum(1 for _ in handle)
        return lines, peak / 1024

    def test_memory_is_flat_in_the_number_of_rows(self):
        existing = int(self.ok("invoices", "list", "--count").out)
        self.seed(self.SMALL - existing)
        small_csv, small_csv_mb = self.peak()
        small_nd, small_nd_mb = self.peak("--format", "ndjson")
        self.assertEqual(self.SMALL + 1, small_csv)
        self.assertEqual(self.SMALL, small_nd)
        self.seed(self.LARGE - self.SMALL)
        large_csv, large_csv_mb = self.peak()
        large_nd, large_nd_mb = self.peak("--format", "ndjson")
        self.assertEqual(self.LARGE + 1, large_csv)
        self.assertEqual(self.LARGE, large_nd)
        self.addDetail("peak RSS MB", _text(
            f"csv {small_csv_mb:.1f} -> {large_csv_mb:.1f}, ndjson "
            f"{small_nd_mb:.1f} -> {large_nd_mb:.1f}"))
        for small, large in ((small_csv_mb, large_csv_mb),
                             (small_nd_mb, large_nd_mb)):
            self.assertLess(large, 80)
            self.assertLessEqual(large, small * 1.10)


def _text(value):
    from testtools.content import text_content

    return text_content(value)


def spanish_contacts_csv(path, count, short=(), prefix="8",
                         name="Cliente Hoja"):
    """Contacts with a Colombian spreadsheet's headers; the rows numbered
    in ``short`` lack their e-mail cell (two cells for three columns)."""
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("Razón social,NIT,Correo electrónico\n")
        for number in range(1, count + 1):
            cells = [f"{name} {number}", f"{prefix}{number:08d}",
                     f"hoja{number}@ejemplo.co"]
            if number in short:
                cells.pop()
            handle.write(",".join(cells) + "\n")


class TestForgivingImport(base.FunctionalTestCase):
    # Slow enough for a Ctrl-C to land while rows are being sent.
    serve_options = ("--rate-limit", "off", "--quiet", "--latency", "20")

    def start(self, path, *extra):
        return subprocess.Popen(
            [base.alegra_executable(), "contacts", "import", "-f", path,
             *extra],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True, env=self.environ(),
            cwd=self.home)

    def all_contacts(self):
        """Every contact, read from the sandbox's HTTP API page by page."""
        import base64
        import urllib.request

        token = base64.b64encode(b"sandbox@alegra.test:sandbox").decode()
        found = []
        for page in range(1000):
            request = urllib.request.Request(
                f"{self.server.base_url}/contacts?start={page * 30}"
                "&limit=30", headers={"Authorization": f"Basic {token}"})
            with urllib.request.urlopen(request, timeout=30) as answer:
                batch = json.loads(answer.read())
            found.extend(batch)
            if len(batch) < 30:
                return found
        self.fail("more than 30,000 contacts")

    def sheet_contacts(self):
        return [contact["identification"] for contact in self.all_contacts()
                if contact["name"].startswith("Cliente Hoja")]

    def test_spanish_headers_malformed_rows_ctrl_c_resume_and_fix(self):
        path = os.path.join(self.home, "clientes.csv")
        spanish_contacts_csv(path, 200, short=(40, 160))
        process = self.start(path)
        # Interrupt once some rows are in, well before the end.
        for _ in range(100):
            time.sleep(0.1)
            if len(self.sheet_contacts()) >= 20:
                break
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=60)
        self.assertNotEqual(0, process.returncode, err)
        self.assertIn("name <- Razón social", err)
        self.assertIn("identification.number <- NIT", err)
        self.assertIn("email <- Correo electrónico", err)
        self.assertIn("--resume", err)
        self.assertNotIn("Traceback", err)
        interrupted = len(self.sheet_contacts())
        self.assertLess(interrupted, 198)

        # --resume with no options finishes: the short rows fail alone.
        process = self.start(path, "--resume")
        out, err = process.communicate(timeout=120)
        self.assertEqual(8, process.returncode, err)
        self.assertIn("row 40: line 41: 2 cells, but the header has 3", err)
        self.assertIn("row 160: line 161: 2 cells", err)
        self.assertIn("0 rows changed since the last run", err)
        contacts = self.sheet_contacts()
        self.assertEqual(198, len(contacts))
        self.assertEqual(198, len(set(contacts)))
        # Each run's failures file is a new one, never written over.
        failures = err.split("failed rows written to ")[1].split(";")[0]
        failures = failures.split()[0]
        self.assertRegex(failures, r"clientes\.failures(\.\d+)?\.csv$")
        with open(os.path.join(self.home, failures),
                  encoding="utf-8") as handle:
            written = handle.read()
        self.assertEqual(3, len(written.splitlines()), written + err)

        # Fixing the two rows in the file: --resume sends exactly those.
        with open(path, encoding="utf-8") as handle:
            lines = handle.read().splitlines()
        for number in (40, 160):
            lines[number] += f",hoja{number}@ejemplo.co"
        with open(path, "w", encoding="utf-8") as handle:
            handle.write("\n".join(lines) + "\n")
        process = self.start(path, "--resume")
        out, err = process.communicate(timeout=120)
        self.assertEqual(0, process.returncode, err)
        self.assertIn("2 created, 0 failed, 198 skipped, 0 unknown", err)
        self.assertIn("2 rows changed since the last run", err)
        contacts = self.sheet_contacts()
        self.assertEqual(200, len(contacts))
        self.assertEqual(200, len(set(contacts)))

    def test_headers_naming_no_field_are_one_error(self):
        path = os.path.join(self.home, "raro.csv")
        with open(path, "w", encoding="utf-8") as handle:
            handle.write("Columna A,Columna B\nx,y\nz,w\n")
        before = len(self.all_contacts())
        result = self.alegra("contacts", "import", "-f", path)
        self.assertEqual(2, result.code, result)
        self.assertEqual(1, len(result.err.splitlines()), result)
        self.assertIn("its headers are Columna A, Columna B", result.err)
        self.assertIn("--map 'Columna A=FIELD,Columna B=FIELD'", result.err)
        self.assertEqual(before, len(self.all_contacts()))

    def test_resume_with_other_options_is_refused(self):
        path = os.path.join(self.home, "opciones.csv")
        spanish_contacts_csv(path, 1, prefix="7", name="Opciones")
        self.ok("contacts", "import", "-f", path, "--set", "type=client")
        result = self.alegra("contacts", "import", "-f", path, "--resume",
                             "--set", "type=provider")
        self.assertEqual(2, result.code, result)
        self.assertEqual(1, len(result.err.splitlines()), result)
        self.assertIn("--set differs", result.err)
