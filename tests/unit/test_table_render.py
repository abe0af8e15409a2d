"""alegra's own table drawing against cliff's prettytable one, byte for
byte."""

import argparse
import io
import random

import fixtures
import testtools
import wcwidth
from cliff import lister
from cliff.formatters import table as cliff_table

from alegra import jsonio, records
from alegra.output.formatters import box
from alegra.output.formatters.table import TableFormatter
from tests.unit import base

WORDS = [
    "", " ", "Acme", "José Pérez Ñúñez", "Bogotá D.C.", "Ñandú S.A.S.",
    "María-José Gutiérrez-Castaño", "Peñalolén", "façade", "über",
    "中文字符", "株式会社テスト", "한국어 회사", "ＦＵＬＬ", "ｶﾀｶﾅ",
    "e\u0301le\u0300ve", "Cafe\u0301 co\u0303n leche", "\u0301lead",
    "19928.00", "0.0000000000", "1234567890123456.78", "-0.50",
    "2026-10-07", "0190b8a2-7c1e-7c3e-9f55-0a1b2c3d4e5f",
    "Servicio de consultoría en facturación electrónica",
    "a-very-long-hyphenated-reference-code-that-never-ends",
    "x" * 45, "línea uno\nlínea dos más larga\n", "tab\there",
    "win\r\nbreak", "lone\rreturn", "  spaced  out  ", "Ω ± × °",
    "“comillas” — guion – …", "€ 1.000,00", "中文 mixed ascii 字符字符字符",
]


def namespace(**options):
    values = dict(max_width=0, fit_width=False, print_empty=False)
    values.update(options)
    return argparse.Namespace(**values)


def cliff_list(names, rows, **options):
    stream = io.StringIO()
    cliff_table.TableFormatter().emit_list(names, list(rows), stream,
                                           namespace(**options))
    return stream.getvalue()


def cliff_one(names, values, **options):
    stream = io.StringIO()
    cliff_table.TableFormatter().emit_one(names, values, stream,
                                          namespace(**options))
    return stream.getvalue()


def ours_list(names, rows, **options):
    options = namespace(**options)
    drawn = box.render_list(names, list(rows), options.print_empty,
                            options.max_width, options.fit_width)
    return None if drawn is None else drawn + "\n"


def ours_one(names, values, **options):
    options = namespace(**options)
    drawn = box.render_one(names, values, options.max_width,
                           options.fit_width)
    return None if drawn is None else drawn + "\n"


def money(text):
    """A money value as alegra hands it to a table: a Cell of a Number."""
    return records.Cell(jsonio.Number(text))


class TestWidths(testtools.TestCase):

    def test_every_plain_character_measures_as_wcwidth(self):
        checked = 0
        for code in range(0x20, 0x40000):
            char = chr(code)
            size = box._char_width(char)
            if size is None:
                continue
            checked += 1
            self.assertEqual(wcwidth.width(char), size, hex(code))
            if size == 0:
                self.assertEqual(1, wcwidth.width("a" + char), hex(code))
        self.assertGreater(checked, 100000)

    def test_plain_text_measures_as_wcwidth(self):
        pool = [chr(c) for c in range(0x20, 0x3000)
                if box._char_width(chr(c)) is not None]
        pool += list("中文字符한국テスト\u0301\u0300\u0303")
        rng = random.Random(7)
        for _ in range(2000):
            text = "".join(rng.choice(pool)
                           for _ in range(rng.randint(0, 12)))
            self.assertEqual(wcwidth.width(text), box.width(text), text)

    def test_unsure_characters_are_not_plain(self):
        for text in ("👍", "👍🏻", "🇨🇴", "a\u200db", "x\ufe0f", "\x1b[31m",
                     "\x07", "\u00ad", "\u1161", "\u3164", "\u0915\u093e",
                     "\u0378", "☀"):
            self.assertFalse(box.plain(text), repr(text))
        self.assertTrue(box.plain("José\n中文 e\u0301"))

    def test_wrap_as_wcwidth(self):
        rng = random.Random(11)
        pool = WORDS + ["-", "--", "a-b", "中-文", "ab" * 9]
        for _ in range(1500):
            line = " ".join(rng.choice(pool) for _ in range(
                rng.randint(1, 6))).replace("\n", " ").replace("\r", " ")
            line = line.expandtabs()
            room = rng.randint(1, 30)
            self.assertEqual(wcwidth.wrap(line, room),
                             box.wrap(line, room), (line, room))


class TestSameAsCliff(testtools.TestCase):
    """box draws exactly what cliff's TableFormatter draws."""

    def assertSameList(self, names, rows, **options):
        expected = cliff_list(names, rows, **options)
        self.assertEqual(expected, ours_list(names, rows, **options),
                         (names, rows, options))

    def assertSameOne(self, names, values, **options):
        expected = cliff_one(names, values, **options)
        self.assertEqual(expected, ours_one(names, values, **options),
                         (names, values, options))

    def test_words_one_per_cell(self):
        for word in WORDS:
            self.assertSameList(["name"], [[word]])
            self.assertSameList(["id", "name", "n"], [[1, word, 2.5],
                                                      ["2", word, None]])

    def test_types_set_the_alignment_from_the_first_row(self):
        rows = [[7, 1.25, "t", None, True, money("19928.00")],
                ["8", 3, 4.0, "x", False, money("0.0000000000")]]
        self.assertSameList(list("abcdef"), rows)
        self.assertSameList(list("abcdef"), rows[::-1])

    def test_money_and_ids_are_exact(self):
        rows = [[records.Cell("1"), money("1234567890123456.78")],
                [records.Cell("12345678901234567890"), money("-0.50")]]
        out = ours_list(["id", "total"], rows)
        self.assertIn("| 1234567890123456.78 |", out)
        self.assertSameList(["id", "total"], rows)

    def test_headers_longer_and_shorter_than_values(self):
        self.assertSameList(["a very long header name", "b"],
                            [["x", "much longer than its header"]])
        self.assertSameList(["número", "中文"], [["1", "ñ"], ["22", ""]])

    def test_multi_line_cells(self):
        rows = [["uno\ndos\ntres", "a"], ["", "b\n\nc"],
                ["x\r\ny", "tab\tbed\nline"]]
        self.assertSameList(["first", "second"], rows)
        self.assertSameList(["first", "second"], rows, max_width=20)

    def test_empty_lists(self):
        for print_empty in (False, True):
            self.assertSameList(["id", "name"], [], print_empty=print_empty)
            self.assertSameList(["a"], [], print_empty=print_empty,
                                max_width=5)

    def test_max_width_wraps(self):
        rows = [[str(n), WORDS[n % len(WORDS)], WORDS[-n % len(WORDS)],
                 n * 1000] for n in range(1, len(WORDS))]
        names = ["id", "name", "other", "amount"]
        for room in (1, 10, 20, 30, 41, 57, 80, 120, 400):
            self.assertSameList(names, rows, max_width=room)

    def test_fit_width_uses_the_terminal(self):
        rows = [["1", "x" * 90, "Servicio de consultoría " * 4]]
        for columns in (None, 40, 80, 200):
            self.useFixture(fixtures.MockPatch(
                "cliff.utils.terminal_width", return_value=columns))
            self.assertSameList(["id", "a", "b"], rows, fit_width=True)
            self.assertSameOne(["id", "a", "b"], rows[0], fit_width=True)

    def test_single_record(self):
        names = ["id", "client.name", "items.0.description", "total",
                 "stamp.cufe", "notes", "empty", "none"]
        values = ["1", "José Pérez", "Servicio de consultoría " * 5,
                  money("19928.00"), "f" * 96, "uno\ndos", "", None]
        for room in (0, 20, 40, 80, 200):
            self.assertSameOne(names, values, max_width=room)
        self.assertSameOne([], [])

    def test_sorted_rows(self):
        # cliff's Lister sorts before any formatter sees the rows
        rows = [["b", 2, None], ["a", 10, "z"], ["c", 1, "y"],
                ["á", 3, None]]
        drawn = []

        class Capture:
            def emit_list(self, names, data, stdout, parsed_args):
                drawn.append((names, list(data)))

        class Sorted(lister.Lister):
            def take_action(self, parsed_args):
                raise AssertionError("not run")

        command = Sorted(argparse.Namespace(stdout=io.StringIO()), None)
        command.formatter = Capture()
        for column in ("name", "n", "x"):
            for direction in ("asc", "desc"):
                args = argparse.Namespace(
                    sort_columns=[column], sort_direction=direction,
                    columns=[], formatter="table")
                command.produce_output(args, ["name", "n", "x"], rows)
                names, data = drawn[-1]
                self.assertNotEqual(rows, data)
                self.assertSameList(names, data)

    def test_many_random_tables(self):
        rng = random.Random(2026)
        values = WORDS + [0, 7, -3, 10 ** 20, 1.5, None, True]
        for _ in range(300):
            count = rng.randint(1, 5)
            names = rng.sample(["id", "name", "total", "Descripción",
                                "中文", "a", "x" * 14, "date"], count)
            rows = [[rng.choice(values) for _ in names]
                    for _ in range(rng.randint(0, 5))]
            options = {"max_width": rng.choice([0, 0, 15, 30, 50, 79]),
                       "print_empty": rng.random() < 0.5}
            self.assertSameList(names, rows, **options)
            if rows:
                self.assertSameOne(names, rows[0],
                                   max_width=options["max_width"])

    def test_what_box_cannot_draw_goes_to_cliff(self):
        self.assertIsNone(ours_list(["a", "a"], [["1", "2"]]))
        self.assertIsNone(ours_list(["a"], [["1", "2"]]))
        self.assertIsNone(ours_list(["a"], [["👍🏻"]]))
        self.assertIsNone(ours_list(["a\nb"], [["1"]]))
        self.assertIsNone(ours_one(["a"], ["\x1b[31mred"]))
        # cliff cannot share 1 column out (it divides by zero)
        self.assertRaises(ZeroDivisionError, cliff_list, [""], [[""]],
                          max_width=1)
        self.assertIsNone(ours_list([""], [[""]], max_width=1))


class TestFormatter(testtools.TestCase):
    """alegra's formatter (fitting, labels, escaping) draws as it did with
    cliff's prettytable underneath."""

    def both(self, emit, names, rows, stream_type, **options):
        outputs = []
        for forced in (False, True):
            if forced:
                self.useFixture(fixtures.MockPatch(
                    "alegra.output.formatters.box.render_list",
                    return_value=None))
                self.useFixture(fixtures.MockPatch(
                    "alegra.output.formatters.box.render_one",
                    return_value=None))
            stream = stream_type()
            getattr(TableFormatter(), emit)(names, rows, stream,
                                            namespace(**options))
            outputs.append(stream.getvalue())
        return outputs

    def test_lists_and_records_as_before(self):
        self.useFixture(fixtures.EnvironmentVariable("COLUMNS", "80"))
        rows = [[records.Cell("1"), records.Cell("José Pérez " * 6),
                 money("19928.00"), records.Cell("中文字符" * 8)],
                [records.Cell("2"), records.Cell("a\nb\x1b[2J"),
                 money("0.0000000000"), records.Cell(None)]]
        names = ["id", "client.name", "total", "notes"]
        for stream_type in (base.Terminal, base.Pipe):
            for room in (0, 30, 60, 200):
                new, old = self.both("emit_list", names, rows, stream_type,
                                     max_width=room)
                self.assertEqual(old, new)
                new, old = self.both("emit_one", names, rows[0],
                                     stream_type, max_width=room)
                self.assertEqual(old, new)

    def test_fallback_draws_what_box_cannot(self):
        stream = base.Pipe()
        TableFormatter().emit_list(["a"], [["👍🏻 ok"]], stream, namespace())
        self.assertEqual(cliff_list(["a"], [["👍🏻 ok"]]), stream.getvalue())

    def test_cliffs_options(self):
        parser = argparse.ArgumentParser()
        TableFormatter().add_argument_group(parser)
        cliffs = argparse.ArgumentParser()
        cliff_table.TableFormatter().add_argument_group(cliffs)
        self.assertEqual(cliffs.format_help(), parser.format_help())
        self.assertEqual(vars(cliffs.parse_args([])),
                         vars(parser.parse_args([])))

