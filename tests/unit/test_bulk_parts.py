"""Bulk import/export parts: readers, row building, journal, writers."""

import io
import json
import os
import stat

from alegra import jsonio
from alegra.bulk import failures_file, journal, readers, rows, writers
from alegra.errors import UsageError
from alegra.resource import Filter
from tests.unit import base


def write_bytes(test, name, data):
    path = os.path.join(test.home, name)
    with open(path, "wb") as handle:
        handle.write(data)
    return path


class TestReaders(base.TestCase):
    def read(self, name, data):
        return readers.read(write_bytes(self, name, data))

    def test_csv_with_commas(self):
        found = self.read("a.csv", b"Name,NIT\nAcme,900\nBeta,0800\n")
        self.assertEqual("csv", found.format)
        self.assertEqual(["Name", "NIT"], found.columns)
        self.assertEqual([{"Name": "Acme", "NIT": "900"},
                          {"Name": "Beta", "NIT": "0800"}],
                         [row.values for row in found.rows])
        self.assertEqual([1, 2], [row.number for row in found.rows])

    def test_csv_with_semicolons_and_a_bom(self):
        found = self.read("a.csv", "\ufeffNombre;Precio\nCafé;1,5\n"
                          .encode())
        self.assertEqual(";", found.delimiter)
        self.assertTrue(found.bom)
        self.assertEqual({"Nombre": "Café", "Precio": "1,5"},
                         found.rows[0].values)

    def test_latin1_is_read_with_a_warning(self):
        found = self.read("a.csv", "Nombre\nPeña\n".encode("latin-1"))
        self.assertEqual("Peña", found.rows[0].values["Nombre"])
        self.assertIn("Latin-1", found.warnings[0])

    def test_blank_lines_are_skipped(self):
        found = self.read("a.csv", b"A\n\n1\n\n2\n")
        self.assertEqual(["1", "2"], [r.values["A"] for r in found.rows])

    def test_a_ragged_row_is_malformed_and_the_others_are_kept(self):
        found = self.read("a.csv", b"A,B\n1,2\n3\n4,5,6\n7,8\n")
        self.assertEqual([None, "line 3: 1 cells, but the header has 2",
                          "line 4: 3 cells, but the header has 2", None],
                         [row.problem and row.problem.split(" (")[0]
                          for row in found.rows])
        self.assertEqual(["3"], found.rows[1].cells)
        self.assertEqual({"A": "7", "B": "8"}, found.rows[3].values)

    def test_empty_and_header_only_files(self):
        error = self.assertRaises(UsageError, self.read, "a.csv", b"\n \n")
        self.assertIn("is empty", str(error))
        error = self.assertRaises(UsageError, self.read, "b.csv", b"A,B\n")
        self.assertIn("no rows", str(error))

    def test_missing_file(self):
        error = self.assertRaises(UsageError, readers.read,
                                  os.path.join(self.home, "nope.csv"))
        self.assertIn("no such file", str(error))

    def test_duplicate_header(self):
        error = self.assertRaises(UsageError, self.read, "a.csv",
                                  b"A,A\n1,2\n")
        self.assertIn("'A' twice", str(error))

    def test_json_array_keeps_types_and_exact_numbers(self):
        found = self.read("a.json", b'[{"name": "x", "price": 19928.00}]')
        self.assertEqual("json", found.format)
        self.assertEqual("19928.00",
                         jsonio.dumps(found.rows[0].values["price"]))

    def test_bad_json_names_line_and_column(self):
        error = self.assertRaises(UsageError, self.read, "a.json",
                                  b'[{"name": }]')
        self.assertIn("not valid JSON", str(error))
        self.assertIn("line 1, column 11", str(error))

    def test_json_must_be_an_array_of_objects(self):
        self.assertRaises(UsageError, self.read, "a.json", b'{"a": 1}')
        self.assertRaises(UsageError, self.read, "b.json", b'[1, 2]')

    def test_ndjson(self):
        found = self.read("a.ndjson", b'{"a": 1}\n\n{"a": 2}\n')
        self.assertEqual([1, 2], [r.values["a"] for r in found.rows])
        error = self.assertRaises(UsageError, self.read, "b.ndjson",
                                  b'{"a": 1}\n{"a": \n')
        self.assertIn("line 2", str(error))

    def test_format_sniffed_without_an_extension(self):
        self.assertEqual("json", self.read("x", b' [{"a": 1}]').format)
        self.assertEqual("ndjson", self.read("y", b'{"a": 1}\n').format)
        self.assertEqual("csv", self.read("z", b'a\n1\n').format)

    def test_the_error_column_of_a_failures_file_is_dropped(self):
        found = self.read("a.csv", b"A,_error\n1,HTTP 400\n")
        self.assertEqual({"A": "1"}, found.rows[0].values)

    def test_digest_follows_the_bytes(self):
        one = self.read("a.csv", b"A\n1\n").digest
        two = self.read("b.csv", b"A\n1\n").digest
        three = self.read("c.csv", b"A\n2\n").digest
        self.assertEqual(one, two)
        self.assertNotEqual(one, three)


class TestRows(base.TestCase):
    TEXT = frozenset({"identification.number", "phonePrimary"})

    def builder(self, specs=(), columns=("Name", "NIT"), sets=(),
                typed=False):
        mapping = rows.parse_map(specs, list(columns), "in.csv")
        return rows.RowBuilder(mapping,
                               rows.parse_assignments(sets, self.TEXT),
                               self.TEXT, typed=typed)

    def test_map_nests_and_set_applies_to_every_row(self):
        builder = self.builder(
            ["Name=name,NIT=identification.number"],
            sets=["identification.type=NIT", 'type=["client"]'])
        self.assertEqual(
            {"name": "Acme", "identification": {"number": "900123",
                                                "type": "NIT"},
             "type": ["client"]},
            builder.build({"Name": "Acme", "NIT": "900123"}))

    def test_values_are_guessed_like_set(self):
        builder = self.builder(columns=("a", "b", "c", "d", "phonePrimary"))
        self.assertEqual(
            {"a": 12, "b": "007", "c": True, "d": "+573001234567",
             "phonePrimary": "3001234567"},
            builder.build({"a": "12", "b": "007", "c": "true",
                           "d": "+573001234567",
                           "phonePrimary": "3001234567"}))

    def test_money_stays_exact(self):
        body = self.builder(columns=("price",)).build({"price": "19928.00"})
        self.assertEqual('{"price":19928.00}', jsonio.dumps(body))

    def test_empty_cells_are_left_out(self):
        builder = self.builder(columns=("name", "email"))
        self.assertEqual({"name": "x"},
                         builder.build({"name": "x", "email": "  "}))

    def test_unmapped_dotted_headers_nest(self):
        builder = self.builder(columns=("address.city",))
        self.assertEqual({"address": {"city": "Cali"}},
                         builder.build({"address.city": "Cali"}))

    def test_a_column_mapped_to_nothing_is_left_out(self):
        builder = self.builder(["NIT="])
        self.assertEqual({"Name": "x"},
                         builder.build({"Name": "x", "NIT": "1"}))

    def test_bad_map(self):
        for spec, words in (("Name", "expected Column=field.path"),
                            ("Nope=name", "no column 'Nope'"),
                            ("Name=a..b", "empty segment")):
            error = self.assertRaises(UsageError, self.builder, [spec])
            self.assertIn(words, str(error))

    def test_a_clash_fails_the_row_alone(self):
        builder = self.builder(columns=("a", "a.b"))
        self.assertRaises(rows.RowError, builder.build,
                          {"a": "1", "a.b": "2"})

    def test_json_rows_keep_their_values(self):
        builder = self.builder(["Name=name"], columns=("Name", "tax"),
                               typed=True)
        self.assertEqual({"name": "007", "tax": [{"id": 3}]},
                         builder.build({"Name": "007", "tax": [{"id": 3}]}))

    def test_natural_key_reads_the_body_and_matches_the_record(self):
        key = rows.NaturalKey(("identification.number", "identification"),
                              "identification")
        self.assertEqual("900", key.value_of(
            {"identification": {"number": "900", "type": "NIT"}}))
        self.assertEqual("RFC1", key.value_of({"identification": "RFC1"}))
        self.assertIsNone(key.value_of({"name": "x"}))
        self.assertTrue(key.matches(
            {"identification": "900",
             "identificationObject": {"number": "900"}}, "900"))
        self.assertFalse(key.matches({"identification": "9001"}, "900"))

    def test_key_for_a_column_uses_the_resource_filter(self):
        builder = self.builder(["Name=name,NIT=reference"])
        key = rows.key_for_column("NIT", builder,
                                  (Filter("reference"),))
        self.assertEqual(("reference",), key.fields)
        self.assertEqual("reference", key.param)
        key = rows.key_for_column("Name", builder, (Filter("reference"),))
        self.assertIsNone(key.param)


class TestJournal(base.TestCase):
    def path(self):
        return journal.journal_path("default", "contacts", "ab" * 32,
                                    self.environ)

    def test_events_survive_and_the_last_one_wins(self):
        path = self.path()
        with journal.Journal(path) as book:
            self.assertFalse(book.exists)
            book.record(1, journal.SENDING, key="900")
            book.record(1, journal.CREATED, id=7)
            book.record(2, journal.SENDING)
        with journal.Journal(path) as book:
            self.assertEqual(journal.CREATED, book.state(1))
            self.assertEqual(journal.SENDING, book.state(2))
            self.assertEqual("7", book.events[1]["id"])  # ids are text
            self.assertEqual({"created": 1, "sending": 1}, book.counts())

    def test_private_file_in_private_folders(self):
        path = self.path()
        with journal.Journal(path) as book:
            book.record(1, journal.FAILED, message="x")
        self.assertEqual(0o600, stat.S_IMODE(os.stat(path).st_mode))
        self.assertEqual(0o700,
                         stat.S_IMODE(os.stat(path.parent).st_mode))

    def test_a_torn_last_line_is_dropped(self):
        path = self.path()
        with journal.Journal(path) as book:
            book.record(1, journal.CREATED, id=1)
        with open(path, "ab") as handle:
            handle.write(b'{"row": 2, "sta')
        with journal.Journal(path) as book:
            self.assertIsNone(book.state(2))
            book.record(2, journal.CREATED, id=2)
        with journal.Journal(path) as book:
            self.assertEqual(journal.CREATED, book.state(2))

    def test_a_damaged_journal_is_one_error(self):
        path = self.path()
        path.parent.mkdir(parents=True)
        path.write_bytes(b'{"row": 1, "state": "created"}\nnot json\n')
        error = self.assertRaises(UsageError, journal.Journal(path)
                                  .__enter__)
        self.assertIn("damaged at line 2", str(error))

    def test_a_journal_that_is_a_folder(self):
        path = self.path()
        path.mkdir(parents=True)
        self.assertRaises(UsageError, journal.Journal, path)

    def test_keyed_by_profile_resource_and_content(self):
        names = {journal.journal_path(profile, resource, digest).name
                 for profile in ("a", "b") for resource in ("items", "x")
                 for digest in ("0" * 64, "1" * 64)}
        self.assertEqual(8, len(names))


class TestWriters(base.TestCase):
    RECORDS = [
        {"id": 1, "total": jsonio.Number("19928.00"),
         "client": {"name": "=HYPERLINK(1)"},
         "items": [{"id": 5, "price": jsonio.Number("0.50")}],
         "type": ["client", "provider"]},
        {"id": 2, "total": jsonio.Number("-3.10"), "extra": "x"},
    ]

    def written(self, kind, columns, excel=False):
        stream = io.StringIO()
        writer = writers.make_writer(kind, stream, columns, excel)
        for record in self.RECORDS:
            writer.write(record)
        writer.close()
        return stream.getvalue()

    def test_flatten(self):
        self.assertEqual(
            {"id": 1, "total": self.RECORDS[0]["total"],
             "client.name": "=HYPERLINK(1)", "items.0.id": 5,
             "items.0.price": self.RECORDS[0]["items"][0]["price"],
             "type": ["client", "provider"]},
            writers.flatten(self.RECORDS[0]))

    def test_csv_columns_exact_money_and_formula_guard(self):
        text = self.written("csv", ["id", "total", "client.name",
                                    "items.0.price", "type"])
        self.assertEqual(
            "id,total,client.name,items.0.price,type\n"
            "1,19928.00,'=HYPERLINK(1),0.50,\"client, provider\"\n"
            "2,-3.10,,,\n", text)

    def test_all_columns_are_every_field_seen(self):
        text = self.written("csv", writers.ALL)
        self.assertEqual("id,total,client.name,items.0.id,items.0.price,"
                         "type,extra", text.splitlines()[0])
        self.assertEqual("2,-3.10,,,,,x", text.splitlines()[2])

    def test_excel(self):
        text = self.written("csv", ["id", "total"], excel=True)
        self.assertEqual("\ufeffid;total\r\n1;19928.00\r\n2;-3.10\r\n",
                         text)

    def test_json_is_one_array_and_ndjson_one_line_each(self):
        parsed = json.loads(self.written("json", None))
        self.assertEqual([1, 2], [record["id"] for record in parsed])
        self.assertIn('"total":19928.00', self.written("json", None))
        lines = self.written("ndjson", ["id", "client.name"]).splitlines()
        self.assertEqual('{"id":1,"client.name":"=HYPERLINK(1)"}', lines[0])

    def test_an_empty_json_export(self):
        stream = io.StringIO()
        writers.make_writer("json", stream, None).close()
        self.assertEqual([], json.loads(stream.getvalue()))

    def test_atomic_file_appears_only_when_complete(self):
        path = os.path.join(self.home, "out.csv")
        with writers.AtomicFile(path) as stream:
            stream.write("a\n")
            self.assertFalse(os.path.exists(path))
        self.assertEqual("a\n", open(path).read())

        def fail():
            with writers.AtomicFile(path) as stream:
                stream.write("b\n")
                raise KeyboardInterrupt

        self.assertRaises(KeyboardInterrupt, fail)
        self.assertEqual("a\n", open(path).read())
        self.assertEqual(["out.csv"], os.listdir(self.home))


class TestFailuresFile(base.TestCase):
    def test_csv_keeps_header_separator_and_bom(self):
        source_path = write_bytes(self, "in.csv",
                                  "\ufeffA;B\n1;2\n3;4\n".encode())
        source = readers.read(source_path)
        out = failures_file.default_path(source_path)
        self.assertTrue(out.endswith("in.failures.csv"))
        failures_file.write(out, source, [(source.rows[1], "HTTP 400: no")])
        self.assertEqual("\ufeffA;B;_error\n3;4;HTTP 400: no\n",
                         open(out, encoding="utf-8").read())
        again = readers.read(out)
        self.assertEqual([{"A": "3", "B": "4"}],
                         [row.values for row in again.rows])

    def test_json_and_ndjson(self):
        for name, data in (("in.json", b'[{"a": 1}, {"a": 2}]'),
                           ("in.ndjson", b'{"a": 1}\n{"a": 2}\n')):
            source = readers.read(write_bytes(self, name, data))
            out = failures_file.default_path(source.path)
            failures_file.write(out, source, [(source.rows[0], "bad")])
            again = readers.read(out)
            self.assertEqual(source.format, again.format)
            self.assertEqual([{"a": 1}], [r.values for r in again.rows])


class TestProgress(base.TestCase):
    class Pacer:
        def __init__(self, remaining, left, limit=150):
            self.remaining, self.limit = remaining, limit
            self.resets_at = 100.0 + left

        def clock(self):
            return 100.0

    def test_eta_from_the_speed_while_the_budget_lasts(self):
        from alegra.output.progress import budget_eta

        self.assertEqual(10.0, budget_eta(300, 30, 1.0, None))
        self.assertEqual(10.0, budget_eta(300, 30, 1.0, self.Pacer(50, 40)))

    def test_eta_counts_the_wait_for_the_next_window(self):
        from alegra.output.progress import budget_eta

        # 300 requests, 100 left in a window that resets in 40 s: the other
        # 200 need 200/150 of a minute after the reset.
        eta = budget_eta(300, 1, 50.0, self.Pacer(100, 40))
        self.assertAlmostEqual(40 + 80, eta)

    def test_a_line_without_a_terminal_and_no_rich(self):
        import sys

        from alegra.output.progress import Progress

        stream = base.Pipe()
        with Progress(stream, "x", "line", total=3) as watch:
            watch.advance(3)
            watch.finish("Done " + watch.summary("rows"))
        self.assertRegex(stream.getvalue(), r"^Done 3 rows in 0 s \(.*\)\n$")
        code = ("import io, sys; from alegra.output.progress import Progress; "
                "p = Progress(io.StringIO(), 'x', 'line', total=1); "
                "p.__enter__(); p.advance(); p.finish('ok'); "
                "print('rich' in sys.modules)")
        import subprocess

        found = subprocess.run([sys.executable, "-c", code],
                               capture_output=True, text=True, check=True)
        self.assertEqual("False\n", found.stdout)

    def test_a_bar_on_a_terminal(self):
        from alegra.output.progress import Progress

        stream = base.Terminal()
        with Progress(stream, "Importing items", "bar", total=4) as watch:
            watch.advance(4)
            watch.log("row 2: failed")
            watch.finish("Done")
        text = stream.getvalue()
        self.assertIn("Importing items", text)
        self.assertIn("row 2: failed", text)
        self.assertTrue(text.endswith("Done\n"), text)
