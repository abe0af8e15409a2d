"""Spreadsheets that add up: xlsx and --excel exports through the
installed executable, summed and compared with the invoices' exact totals.

The memory test seeds and exports 3,000 then 30,000 invoices (about 25 s
on the 2-core development machine).
"""

import csv
import decimal
import json
import os
import shutil
import subprocess
import sys
import tempfile

import openpyxl
import testtools

from tests.functional import base

SPANISH = {"LANG": "es_CO.UTF-8"}


class TestSpreadsheets(base.FunctionalTestCase):

    serve_options = ("--rate-limit", "off", "--quiet")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        subprocess.run(
            [base.alegra_executable(), "sandbox", "seed", "--db",
             cls.server.db, "--invoices", "75", "--seed", "7"],
            check=True, capture_output=True, timeout=base.TIMEOUT,
            env=base.isolated_environ(cls.home), stdin=subprocess.DEVNULL)

    def exact_totals(self):
        listed = self.ok("invoices", "list", "--all", "-o", "json")
        invoices = json.loads(listed.out, parse_float=decimal.Decimal)
        self.assertGreater(len(invoices), 60)
        return len(invoices), sum(decimal.Decimal(str(invoice["total"]))
                                  for invoice in invoices)

    def test_xlsx_totals_add_up(self):
        count, expected = self.exact_totals()
        path = os.path.join(self.home, "invoices.xlsx")
        self.ok("invoices", "export", "--format", "xlsx", "--out", path,
                "--headers", "labels", env=self.environ(**SPANISH))
        sheet = openpyxl.load_workbook(path, read_only=True).active
        rows = list(sheet.iter_rows(values_only=True))
        header = list(rows[0])
        self.assertEqual(["ID", "Número", "Fecha", "Vencimiento",
                          "Cliente", "Estado", "Total", "Saldo"], header)
        totals = [row[header.index("Total")] for row in rows[1:]]
        self.assertEqual(count, len(totals))
        for total in totals:
            self.assertIsInstance(total, (int, float))
        self.assertEqual(expected,
                         sum(decimal.Decimal(repr(total))
                             for total in totals))
        self.assertEqual("datetime", type(rows[1][2]).__name__)

    def test_excel_csv_in_spanish_totals_add_up(self):
        count, expected = self.exact_totals()
        path = os.path.join(self.home, "invoices.csv")
        self.ok("invoices", "export", "--excel", "--out", path,
                env=self.environ(**SPANISH))
        with open(path, "rb") as stream:
            data = stream.read()
        self.assertTrue(data.startswith(b"\xef\xbb\xbf"))
        rows = list(csv.reader(data.decode("utf-8-sig").splitlines(),
                               delimiter=";"))
        header = rows[0]
        self.assertIn("total", header)
        cells = [row[header.index("total")] for row in rows[1:]]
        self.assertEqual(count, len(cells))
        for cell in cells:
            self.assertRegex(cell, r"^-?\d+(,\d+)?$")
        self.assertEqual(expected, sum(decimal.Decimal(cell.replace(",", "."))
                                       for cell in cells))
        self.assertRegex(rows[1][header.index("date")],
                         r"^\d{4}-\d{2}-\d{2}$")

    @testtools.skipUnless(
        shutil.which("soffice"),
        "LibreOffice is not installed (libreoffice-calc-nogui)")
    def test_libreoffice_in_es_co_reads_numbers_that_add_up(self):
        count, expected = self.exact_totals()
        folder = os.path.join(self.home, "libreoffice")
        os.makedirs(folder, exist_ok=True)
        path = os.path.join(folder, "facturas.csv")
        self.ok("invoices", "export", "--excel", "--out", path,
                env=self.environ(**SPANISH))
        # Opened as Calc opens it in Colombia: ';', '"', UTF-8, from line
        # 1, the es-CO locale (9226) for numbers.
        converted = subprocess.run(
            ["soffice", "--headless", "--norestore",
             "-env:UserInstallation=file://" + os.path.join(folder, "user"),
             "--infilter=CSV:59,34,76,1,,9226", "--convert-to", "xlsx",
             "--outdir", folder, path],
            capture_output=True, text=True, timeout=300,
            stdin=subprocess.DEVNULL, env=base.isolated_environ(folder))
        workbook = os.path.join(folder, "facturas.xlsx")
        self.assertTrue(os.path.exists(workbook), converted)
        rows = list(openpyxl.load_workbook(workbook, read_only=True)
                    .active.iter_rows(values_only=True))
        header = list(rows[0])
        totals = [row[header.index("total")] for row in rows[1:]]
        self.assertEqual(count, len(totals))
        for total in totals:  # numbers, not text: a SUM adds them
            self.assertIsInstance(total, (int, float), total)
        self.assertEqual(expected, sum(
            decimal.Decimal(repr(total)) for total in totals).quantize(
                decimal.Decimal("0.01")))

    def test_decimal_point_forced_and_the_point_by_default(self):
        forced = self.ok("invoices", "export", "--excel", "--decimal-point",
                         env=self.environ(**SPANISH))
        english = self.ok("invoices", "export", "--excel")
        for result in (forced, english):
            first = result.out.splitlines()[1].split(";")
            self.assertRegex(first[6], r"^\d+\.\d\d$")

    def test_xlsx_to_a_pipe_is_refused_before_any_request(self):
        result = self.shell("alegra invoices export --format xlsx | cat")
        self.assertEqual(2, result.code, result)
        self.assertEqual(1, len(result.err.splitlines()), result)
        self.assertIn("Error: xlsx is a binary file", result.err)
        self.assertEqual("", result.out)

    def test_xlsx_to_standard_output_redirected_to_a_file(self):
        result = self.shell("alegra invoices export -o xlsx > out.xlsx")
        self.assertEqual(0, result.code, result)
        sheet = openpyxl.load_workbook(
            os.path.join(self.home, "out.xlsx")).active
        self.assertEqual("A2", sheet.freeze_panes)
        self.assertEqual("numberTemplate.fullNumber", sheet["B1"].value)

    def test_options_for_another_format_are_refused(self):
        for argv in (("--format", "json", "--decimal-comma"),
                     ("--format", "ndjson", "--headers", "labels"),
                     ("--format", "xlsx", "--excel")):
            result = self.alegra("invoices", "export", *argv)
            self.assertEqual(2, result.code, result)
            self.assertEqual(1, len(result.err.splitlines()), result)


class TestXlsxMemory(testtools.TestCase):
    """Peak RSS of an xlsx export stays flat with the number of rows."""

    serve_options = ("--rate-limit", "off", "--quiet")

    def peak_kib(self, invoices):
        home = tempfile.mkdtemp(prefix="alegra-xlsx-memory-")
        self.addCleanup(shutil.rmtree, home, ignore_errors=True)
        environ = base.isolated_environ(home)
        subprocess.run(
            [base.alegra_executable(), "sandbox", "seed", "--db",
             os.path.join(home, "sandbox.db"), "--invoices", str(invoices),
             "--seed", "3"],
            check=True, capture_output=True, timeout=300, env=environ,
            stdin=subprocess.DEVNULL)
        server = base.SandboxServer(home, *self.serve_options)
        self.addCleanup(server.stop)
        environ.update({"ALEGRA_BASE_URL": server.base_url,
                        "ALEGRA_EMAIL": "sandbox@alegra.test",
                        "ALEGRA_TOKEN": "sandbox"})
        out = os.path.join(home, "invoices.xlsx")
        code, err, peak = base.peak_rss(
            ["invoices", "export", "--format", "xlsx", "--out", out],
            environ)
        self.assertEqual(0, code, err)
        sheet = openpyxl.load_workbook(out, read_only=True).active
        # The demo company's own invoices come first.
        self.assertGreater(sheet.max_row, invoices)
        return peak

    def test_flat_memory(self):
        small = self.peak_kib(3000)
        large = self.peak_kib(30000)
        sys.stderr.write(f"\nxlsx export peak RSS: {small / 1024:.1f} MB at "
                         f"3,000 rows, {large / 1024:.1f} MB at 30,000\n")
        self.assertLess(large, 80 * 1024)
        self.assertLess(large, small * 1.15)
