"""Hostile cells: spreadsheet formulas in CSV, control characters on a
terminal."""

import argparse
import csv
import io
import json
import re
import types

import testtools

from alegra import jsonio, records
from alegra.app.application import AlegraApp
from alegra.app.context import Context
from alegra.bulk import failures_file, readers, writers
from alegra.errors import NotFoundError
from alegra.output.formatters.cells import CellWriter, neutralise_formula
from alegra.output.formatters.table import TableFormatter
from alegra.output.formatters.text import CSVFormatter, ValueFormatter
from alegra.output.terminal import escape_controls, for_terminal
from tests.unit import base

FORMULAS = ["=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1)",
            "=cmd|' /C calc'!A0", "-", "@", "+57 300 123 4567", "-inf"]
NUMBERS = ["-5", "-19928.00", "-0.50", "-.5", "-1e5", "-1E-3", "0", "12"]
HOSTILE = "\x1b]0;pwned\x07\x1b[2J\rover\x08\x08\x9b31m\u202eevil\u2066"
RAW = ["\x1b", "\x07", "\r", "\x08", "\x9b", "\u202e", "\u2066"]


def pieces(text):
    """Where a spreadsheet or a splitting program may start a cell."""
    return re.split(r"[\n\r\t]", text)


class CellAssertions:
    def assertInert(self, text):
        for piece in pieces(text):
            if piece[:1] in ("=", "+", "-", "@"):
                self.assertIn(piece, NUMBERS, repr(text))


class TestNeutraliseFormula(testtools.TestCase, CellAssertions):
    def test_formula_leads_get_a_quote(self):
        for text in FORMULAS:
            self.assertEqual("'" + text, neutralise_formula(text))

    def test_exact_negative_numbers_stay_numbers(self):
        for text in NUMBERS:
            self.assertEqual(text, neutralise_formula(text))

    def test_plain_text_is_unchanged(self):
        for text in ("", "Acme", "a-b", "a=b", "x@y.com", "'q'", "a b"):
            self.assertEqual(text, neutralise_formula(text))

    def test_after_every_break_carriage_return_and_tab(self):
        cases = {
            "a\n=1+1": "a\n'=1+1",
            "x\r@SUM(A1)": "x\r'@SUM(A1)",
            "a\r\n+1": "a\r\n'+1",
            "a\t-2+3": "a\t'-2+3",
            "=1\n=2\n=3": "'=1\n'=2\n'=3",
            "a\n\n@b": "a\n\n'@b",
        }
        for text, expected in cases.items():
            self.assertEqual(expected, neutralise_formula(text), text)

    def test_a_leading_tab_or_carriage_return_gets_a_quote(self):
        self.assertEqual("'\t'-2+3", neutralise_formula("\t-2+3"))
        self.assertEqual("'\r'=1", neutralise_formula("\r=1"))
        self.assertEqual("'\tplain", neutralise_formula("\tplain"))

    def test_numbers_after_a_break_stay_numbers(self):
        self.assertEqual("total\n-5", neutralise_formula("total\n-5"))
        self.assertEqual("-5\n'=1", neutralise_formula("-5\n=1"))
        self.assertEqual("a\t-19928.00", neutralise_formula("a\t-19928.00"))

    def test_every_result_is_inert(self):
        for text in FORMULAS + ["a\n=1", "x\r@S", "\t-2+3", "q\t+1\r-a"]:
            self.assertInert(neutralise_formula(text))


class TestCellWriter(testtools.TestCase, CellAssertions):
    def written(self, rows, **options):
        stream = io.StringIO()
        writer = CellWriter(stream, **options)
        for row in rows:
            writer.writerow(row)
        return stream.getvalue()

    def test_header_and_cells_are_neutralised(self):
        text = self.written([["id", "=cmd|' /C calc'!A0"],
                             ["1", "a\n=1+1"], ["-5", "x\r@SUM(A1)"]])
        parsed = list(csv.reader(io.StringIO(text, newline="")))
        self.assertEqual([["id", "'=cmd|' /C calc'!A0"],
                          ["1", "a\n'=1+1"], ["-5", "x\r'@SUM(A1)"]],
                         parsed)
        for row in parsed:
            for cell in row:
                self.assertInert(cell)

    def test_a_lone_carriage_return_is_quoted(self):
        self.assertEqual('"a\rb","c\nd",e\n',
                         self.written([["a\rb", "c\nd", "e"]],
                                      neutralise=False))

    def test_numbers_are_not_quoted(self):
        self.assertEqual("-5,-19928.00,12\n",
                         self.written([["-5", "-19928.00", "12"]]))

    def test_terminator_and_separator(self):
        self.assertEqual("a;'=b\r\n",
                         self.written([["a", "=b"]], delimiter=";",
                                      lineterminator="\r\n"))


class TestCSVWriters(testtools.TestCase, CellAssertions):
    RECORD = {"id": "1", "name": "a\n=1+1", "=cmd|' /C calc'!A0": "x",
              "balance": jsonio.Number("-19928.00"), "note": "\t-2+3"}

    def parsed(self, columns, excel=False):
        stream = io.StringIO()
        writer = writers.make_writer("csv", stream, columns, excel)
        writer.write(self.RECORD)
        writer.close()
        text = stream.getvalue().lstrip("\ufeff")
        return list(csv.reader(io.StringIO(text, newline=""),
                               delimiter=";" if excel else ","))

    def test_every_column(self):
        for excel in (False, True):
            header, row = self.parsed(writers.ALL, excel)
            self.assertIn("'=cmd|' /C calc'!A0", header)
            self.assertEqual(["1", "a\n'=1+1", "x", "-19928.00",
                              "'\t'-2+3"], row)
            for cell in header + row:
                self.assertInert(cell)

    def test_named_columns(self):
        header, row = self.parsed(["id", "=cmd|' /C calc'!A0", "balance"])
        self.assertEqual(["id", "'=cmd|' /C calc'!A0", "balance"], header)
        self.assertEqual(["1", "x", "-19928.00"], row)

    def test_csv_formatter(self):
        stream = io.StringIO()
        for mode in ("minimal", "all", "nonnumeric"):
            stream = io.StringIO()
            CSVFormatter().emit_list(
                ["name", "@head"], [("x\r@SUM(A1)", "-5")], stream,
                argparse.Namespace(quote_mode=mode))
            parsed = list(csv.reader(io.StringIO(stream.getvalue(),
                                                 newline="")))
            self.assertEqual([["name", "'@head"], ["x\r'@SUM(A1)", "-5"]],
                             parsed, mode)


class TestFailuresFile(base.TestCase):
    def test_the_message_is_neutralised_and_the_input_kept(self):
        source = readers.Input(
            path="in.csv", format="csv", digest="", delimiter=",",
            columns=["name", "phone"],
            rows=[readers.Row(1, {"name": "=A1", "phone": "+573001234567"})])
        out = f"{self.home}/in.failures.csv"
        failures_file.write(out, source, [(source.rows[0],
                                           "bad\r=HYPERLINK(1)")])
        with open(out, encoding="utf-8", newline="") as stream:
            parsed = list(csv.reader(stream))
        self.assertEqual([["name", "phone", "_error"],
                          ["=A1", "+573001234567", "bad\r'=HYPERLINK(1)"]],
                         parsed)


class TestEscapeControls(testtools.TestCase):
    def test_every_control_is_shown(self):
        shown = escape_controls(HOSTILE)
        self.assertEqual(
            "\\x1b]0;pwned\\x07\\x1b[2J\\x0dover\\x08\\x08\\x9b31m"
            "\\u202eevil\\u2066", shown)
        for raw in RAW:
            self.assertNotIn(raw, shown)

    def test_c1_del_and_every_bidi_control(self):
        for code in [*range(0x80, 0xa0), 0x7f, *range(0x202a, 0x202f),
                     *range(0x2066, 0x206a), *range(0x20)]:
            if code != 0x0a:
                self.assertTrue(escape_controls(chr(code)).startswith("\\"))

    def test_line_breaks_kept_unless_asked(self):
        self.assertEqual("a\nb\\x09c", escape_controls("a\nb\tc"))
        self.assertEqual("a\\x0ab", escape_controls("a\nb", False))

    def test_ordinary_text_is_untouched(self):
        text = "Bogotá – Ñandú 日本 \\x1b ' \" \u200b"
        self.assertEqual(text, escape_controls(text))

    def test_only_on_a_terminal(self):
        self.assertEqual("\\x1b", for_terminal(base.Terminal())("\x1b"))
        self.assertEqual("\x1b", for_terminal(base.Pipe())("\x1b"))
        self.assertEqual("\x1b", for_terminal(None)("\x1b"))


class TestTerminalOutput(testtools.TestCase):
    ARGS = argparse.Namespace(print_empty=False, max_width=0,
                              fit_width=False, sort_columns=None,
                              sort_direction="asc")

    def assertClean(self, text):
        for raw in RAW:
            self.assertNotIn(raw, text)

    def table(self, stream, show=False):
        formatter = TableFormatter()
        row = (records.Cell(HOSTILE), 7, "a\nb")
        names = ["\x1b[2Jname", "n", "multi"]
        if show:
            formatter.emit_one(names, row, stream, self.ARGS)
        else:
            formatter.emit_list(names, [row], stream, self.ARGS)
        return stream.getvalue()

    def test_table_on_a_terminal(self):
        for show in (False, True):
            text = self.table(base.Terminal(), show)
            self.assertClean(text)
            self.assertIn("\\x1b[2Jname", text)
            self.assertIn("\\u202eevil", text)
            self.assertIn("| a ", text)  # cliff's line break, kept
            self.assertIn("| b ", text)

    def test_table_into_a_pipe_is_cliffs(self):
        self.assertIn("\x1b]0;pwned", self.table(base.Pipe()))

    def test_value(self):
        terminal, pipe = base.Terminal(), base.Pipe()
        for stream in (terminal, pipe):
            ValueFormatter().emit_list(["a"], [(records.Cell(HOSTILE),)],
                                       stream, None)
            ValueFormatter().emit_one(["a"], (HOSTILE,), stream, None)
        self.assertClean(terminal.getvalue())
        self.assertEqual((HOSTILE + "\n") * 2, pipe.getvalue())


class TestMessages(base.TestCase):
    def app(self, stderr):
        return AlegraApp(stdin=base.Pipe(), stdout=base.Pipe(),
                         stderr=stderr, environ=self.environ)

    def test_error_line_on_a_terminal(self):
        stderr = base.Terminal()
        self.app(stderr).report_error(NotFoundError("\x1b[2Jbad\u202e"))
        self.assertEqual("Error: \\x1b[2Jbad\\u202e\n", stderr.getvalue())

    def test_error_line_into_a_file_is_exact(self):
        stderr = base.Pipe()
        self.app(stderr).report_error(NotFoundError("\x1b[2Jbad"))
        self.assertEqual("Error: \x1b[2Jbad\n", stderr.getvalue())

    def test_context_warning(self):
        stderr = base.Terminal()
        Context(None, {}, stderr).warn("Warning: \x1b]0;t\x07")
        self.assertEqual("Warning: \\x1b]0;t\\x07\n", stderr.getvalue())

    def test_command_note(self):
        from alegra.command import Command

        stderr = base.Terminal()
        app = types.SimpleNamespace(
            stderr=stderr, options=types.SimpleNamespace(verbose_level=1))
        Command.note(types.SimpleNamespace(app=app), "note \x9b2J")
        self.assertEqual("note \\x9b2J\n", stderr.getvalue())


class TestJSONOnATerminal(testtools.TestCase):
    RECORD = {"name": "\x1b[2J\x9b31m\u202eevil\x7f", "n": 1}

    def emitted(self, formatter, stream, many):
        args = argparse.Namespace(noindent=False, indent=False)
        if many:
            formatter.emit_documents(iter([self.RECORD]), stream, args)
        else:
            formatter.emit_document(self.RECORD, stream, args)
        return stream.getvalue()

    def test_same_value_nothing_raw(self):
        from alegra.output.formatters import structured

        for formatter in (structured.JSONFormatter(),
                          structured.NDJSONFormatter()):
            for many in (False, True):
                text = self.emitted(formatter, base.Terminal(), many)
                for raw in ("\x1b", "\x9b", "\u202e", "\x7f"):
                    self.assertNotIn(raw, text)
                value = json.loads(text)  # one record: one line of NDJSON
                if isinstance(value, list):
                    value = value[0]
                self.assertEqual(self.RECORD, value)

    def test_into_a_pipe_strings_are_exact(self):
        from alegra.output.formatters import structured

        text = self.emitted(structured.NDJSONFormatter(), base.Pipe(), True)
        self.assertIn("\x9b31m\u202eevil\x7f", text)
        self.assertEqual(self.RECORD, json.loads(text))
