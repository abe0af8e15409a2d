"""Spreadsheet exports: decimal commas in CSV, the xlsx workbook, labels."""

import datetime
import decimal
import io
import os
import tempfile

import openpyxl

from alegra import errors, jsonio
from alegra.bulk import workbook, writers
from alegra.output import labels
from tests.unit import base

N = jsonio.Number
RECORDS = [
    {"id": 1, "numberTemplate": {"fullNumber": "FE1"},
     "date": "2026-10-07", "dueDate": "2026-02-30",
     "client": {"name": "=HYPERLINK(\"http://x\",\"y\")",
                "identification": "0012345", "phone": "+573001"},
     "total": N("59500.00"), "balance": N("-0.10"), "paid": True},
    {"id": 2, "numberTemplate": {"fullNumber": "FE2"},
     "date": "not a date", "total": N("1234567890123456.78"),
     "balance": N("1E+3"), "client": {"name": "@SUM(A1)"}},
]
COLUMNS = ["id", "numberTemplate.fullNumber", "date", "dueDate",
           "client.name", "client.identification", "client.phone",
           "total", "balance", "paid"]


class TestDecimalComma(base.TestCase):

    def test_locales(self):
        comma = writers.locale_decimal_comma
        self.assertTrue(comma({"LANG": "es_CO.UTF-8"}))
        self.assertTrue(comma({"LC_NUMERIC": "es_ES.utf8", "LANG": "C"}))
        self.assertTrue(comma({"ALEGRA_LANG": "es", "LANG": "C.UTF-8"}))
        self.assertFalse(comma({"LANG": "es_MX.UTF-8"}))
        self.assertFalse(comma({"LC_ALL": "en_US.UTF-8",
                                "LANG": "es_CO.UTF-8"}))
        self.assertFalse(comma({"ALEGRA_LANG": "en", "LANG": "es_CO"}))
        self.assertFalse(comma({}))

    def test_conversion_is_exact_text(self):
        convert = writers.with_decimal_comma
        self.assertEqual("59500,00", convert("59500.00"))
        self.assertEqual("1234567890123456,78",
                         convert("1234567890123456.78"))
        self.assertEqual("0,0000000000", convert("0.0000000000"))
        self.assertEqual("-3,10", convert("-3.10"))
        self.assertEqual("1000", convert("1E+3"))
        self.assertEqual("0,00000015", convert("1.5e-7"))
        self.assertEqual("42", convert("42"))

    def written(self, **options):
        stream = io.StringIO()
        writer = writers.make_writer("csv", stream, COLUMNS, excel=True,
                                     **options)
        for record in RECORDS:
            writer.write(record)
        writer.close()
        return stream.getvalue()

    def test_only_json_numbers_take_the_comma(self):
        lines = self.written(decimal_comma=True).splitlines()
        self.assertEqual(
            "1;FE1;2026-10-07;2026-02-30;\"'=HYPERLINK(\"\"http://x\"\","
            "\"\"y\"\")\";0012345;'+573001;59500,00;-0,10;true", lines[1])
        self.assertEqual("2;FE2;not a date;;'@SUM(A1);;;"
                         "1234567890123456,78;1000;", lines[2])

    def test_a_decimal_point_by_default(self):
        lines = self.written().splitlines()
        self.assertIn(";59500.00;-0.10;", lines[1])

    def test_all_columns_take_the_comma_too(self):
        stream = io.StringIO()
        writer = writers.make_writer("csv", stream, writers.ALL, True,
                                     decimal_comma=True)
        for record in RECORDS:
            writer.write(record)
        writer.close()
        self.assertIn(";59500,00;-0,10;", stream.getvalue())

    def test_labels_in_the_user_language(self):
        header = self.written(
            headers=lambda names: labels.labels(
                names, {"ALEGRA_LANG": "es"})).splitlines()[0]
        self.assertEqual(
            "\ufeffID;Número;Fecha;Vencimiento;Cliente;"
            "client.identification;client.phone;Total;Saldo;paid", header)
        self.assertEqual(
            ["Number", "Client", "Due date", "Balance", "other.path"],
            labels.labels(["numberTemplate.fullNumber", "client.name",
                           "dueDate", "balance", "other.path"],
                          {"LANG": "en_US.UTF-8"}))


class TestWorkbook(base.TestCase):

    def export(self, records=RECORDS, columns=COLUMNS, **options):
        path = os.path.join(self.home, "out.xlsx")
        with writers.AtomicFile(path) as stream:
            writer = writers.make_writer("xlsx", stream, columns, **options)
            for record in records:
                writer.write(record)
            writer.close()
        self.notes = getattr(writer, "notes", [])
        return openpyxl.load_workbook(path).active

    def test_typed_cells(self):
        sheet = self.export()
        first = [cell.value for cell in sheet[2]]
        self.assertEqual(1, first[0])
        self.assertEqual("FE1", first[1])
        self.assertEqual(datetime.datetime(2026, 10, 7), first[2])
        self.assertEqual("yyyy-mm-dd", sheet["C2"].number_format)
        self.assertEqual("2026-02-30", first[3])  # not a real day: text
        self.assertEqual("=HYPERLINK(\"http://x\",\"y\")", first[4])
        self.assertEqual("s", sheet["E2"].data_type)  # text, not a formula
        self.assertEqual(["0012345", "+573001"], first[5:7])
        self.assertEqual(decimal.Decimal("59500.00"),
                         decimal.Decimal(str(first[7])))
        self.assertIsInstance(first[7], (int, float))
        self.assertEqual("0.00", sheet["H2"].number_format)
        self.assertEqual(decimal.Decimal("-0.10"),
                         decimal.Decimal(str(first[8])))
        self.assertIs(True, first[9])

    def test_a_number_a_float_cannot_hold_stays_exact_text(self):
        sheet = self.export()
        second = [cell.value for cell in sheet[3]]
        self.assertEqual("not a date", second[2])
        self.assertEqual("@SUM(A1)", second[4])
        self.assertEqual("s", sheet["E3"].data_type)
        self.assertEqual("1234567890123456.78", second[7])
        self.assertEqual(1000, second[8])
        self.assertEqual(1, len(self.notes))
        self.assertIn("1 numbers have more than 15 significant digits",
                      self.notes[0])

    def test_header_frozen_labelled_and_widths_bounded(self):
        sheet = self.export(
            records=[{"client": {"name": "x" * 200}, "id": 1}],
            columns=["id", "client.name", "numberTemplate.fullNumber"],
            headers=lambda names: labels.labels(names,
                                                {"ALEGRA_LANG": "es"}))
        self.assertEqual("A2", sheet.freeze_panes)
        self.assertEqual(["ID", "Cliente", "Número"],
                         [cell.value for cell in sheet[1]])
        self.assertTrue(sheet["A1"].font.bold)
        width = sheet.column_dimensions["B"].width
        self.assertTrue(55 < width < 62, width)
        self.assertTrue(7 < sheet.column_dimensions["A"].width < 10)

    def test_all_columns(self):
        sheet = self.export(columns=writers.ALL)
        header = [cell.value for cell in sheet[1]]
        self.assertEqual(["id", "numberTemplate.fullNumber", "date"],
                         header[:3])
        total = header.index("total") + 1
        self.assertEqual(59500, sheet.cell(2, total).value)

    def test_an_empty_export_is_a_header(self):
        sheet = self.export(records=[])
        self.assertEqual(1, sheet.max_row)
        self.assertEqual(COLUMNS, [cell.value for cell in sheet[1]])

    def test_exact_float(self):
        self.assertEqual(59500.0, workbook.exact_float("59500.00"))
        self.assertEqual(0.1, workbook.exact_float("0.1"))
        self.assertEqual(123456789012345.0,
                         workbook.exact_float("123456789012345"))
        self.assertIsNone(workbook.exact_float("9007199254740993"))
        self.assertIsNone(workbook.exact_float("1234567890123456.78"))
        self.assertIsNone(workbook.exact_float("1e400"))
        self.assertIsNone(workbook.exact_float("1e-400"))

    def test_no_terminal_or_pipe(self):
        reading, writing = os.pipe()
        self.addCleanup(os.close, reading)
        with os.fdopen(writing, "w") as pipe:
            error = self.assertRaises(errors.UsageError,
                                      workbook.check_target, pipe)
        self.assertIn("xlsx is a binary file", str(error))
        self.assertRaises(errors.UsageError, workbook.check_target,
                          io.StringIO())
        workbook.check_target(io.BytesIO())  # in memory: allowed

    def test_a_failure_leaves_no_file_and_no_temporary_folder(self):
        path = os.path.join(self.home, "out.xlsx")
        before = set(os.listdir(tempfile.gettempdir()))

        def fail():
            with writers.AtomicFile(path) as stream:
                writer = writers.make_writer("xlsx", stream, COLUMNS)
                writer.write(RECORDS[0])
                writer.discard()
                raise KeyboardInterrupt

        self.assertRaises(KeyboardInterrupt, fail)
        self.assertEqual([], os.listdir(self.home))
        after = set(os.listdir(tempfile.gettempdir()))
        self.assertEqual([], [name for name in after - before
                              if name.startswith("alegra-xlsx-")])

    def test_too_many_rows_is_one_line(self):
        stream = io.BytesIO()
        writer = writers.make_writer("xlsx", stream, ["id"])
        writer.count = workbook.MOST_ROWS - 1
        error = self.assertRaises(errors.UsageError, writer.write,
                                  {"id": 1})
        self.assertIn("at most 1048575 rows", str(error))
        writer.discard()
