"""Imports that forgive: header dictionary, journal keying, failures files."""

import os

from alegra.bulk import failures_file, headers, journal, readers, rows
from alegra.errors import UsageError
from alegra.plugins.contacts import CONTACTS
from alegra.plugins.items import ITEMS
from tests.unit import base


class TestHeaderDictionary(base.TestCase):
    COLUMNS = ["Razón social", "NIT", "Correo electrónico", "Teléfono",
               "Dirección", "Ciudad"]

    def test_spanish_contact_headers_in_colombia(self):
        found = headers.match(CONTACTS, self.COLUMNS, {}, "co")
        self.assertEqual({"Razón social": "name",
                          "NIT": "identification.number",
                          "Correo electrónico": "email",
                          "Teléfono": "phonePrimary",
                          "Dirección": "address.address",
                          "Ciudad": "address.city"}, found.mapping)
        self.assertEqual({"NIT": [("identification.type", "NIT")]},
                         found.implied)
        self.assertEqual("name <- Razón social", found.lines[0])
        self.assertEqual(6, len(found.lines))

    def test_case_accents_and_spaces_do_not_matter(self):
        found = headers.match(CONTACTS, ["RAZON  SOCIAL", "correo_electronico",
                                         "Cedula"], {}, "co")
        self.assertEqual(["name", "email", "identification.number"],
                         list(found.mapping.values()))
        self.assertEqual([("identification.type", "CC")],
                         found.implied["Cedula"])

    def test_identification_follows_the_country(self):
        mexico = headers.match(CONTACTS, ["Nombre", "RFC"], {}, "mx")
        self.assertEqual("identification", mexico.mapping["RFC"])
        self.assertEqual({}, mexico.implied)
        peru = headers.match(CONTACTS, ["Nombre", "RUC"], {}, "pe")
        self.assertEqual([("identification.type", "RUC")],
                         peru.implied["RUC"])
        unknown = headers.match(CONTACTS, ["Identificación"], {}, None)
        self.assertEqual({"Identificación": "identification.number"},
                         unknown.mapping)
        self.assertEqual({}, unknown.implied)

    def test_the_country_is_asked_only_when_needed(self):
        asked = []

        def country():
            asked.append(1)
            return "co"

        headers.match(CONTACTS, ["Nombre", "Correo"], {}, country)
        self.assertEqual([], asked)
        headers.match(CONTACTS, ["Nombre", "NIT"], {}, country)
        self.assertEqual([1], asked)

    def test_map_and_field_names_win(self):
        found = headers.match(ITEMS, ["Nombre", "Precio", "name"],
                              {"Nombre": "description"})
        self.assertEqual({"Nombre": "description", "Precio": "price"},
                         found.mapping)
        self.assertEqual(["price <- Precio"], found.lines)

    def test_item_headers(self):
        found = headers.match(ITEMS, ["SKU", "Referencia", "Descripción"],
                              {})
        self.assertEqual(["reference", "reference", "description"],
                         list(found.mapping.values()))

    def test_headers_that_name_no_field_are_one_error(self):
        error = self.assertRaises(
            UsageError, headers.match, CONTACTS, ["Foo", "Bar"], {}, "co",
            "x.csv")
        text = str(error)
        self.assertNotIn("\n", text)
        self.assertIn("its headers are Foo, Bar", text)
        self.assertIn("name, identification.number, email", text)
        self.assertIn("--map 'Foo=FIELD,Bar=FIELD'", text)
        # A --map that names a field, or a dotted column, is enough.
        headers.match(CONTACTS, ["Foo", "Bar"], {"Foo": "name"}, "co")
        headers.match(CONTACTS, ["identification.number"], {}, "co")

    def test_resources_without_a_dictionary_keep_their_columns(self):
        class Other:
            name = "invoices"

        found = headers.match(Other, ["Foo"], {})
        self.assertEqual({}, found.mapping)

    def test_implied_fields_only_where_the_column_has_a_value(self):
        builder = rows.RowBuilder(
            {"NIT": "identification.number"}, (), CONTACTS.text_fields,
            implied={"NIT": [("identification.type", "NIT")]})
        self.assertEqual({"identification": {"number": "900", "type": "NIT"}},
                         builder.build({"NIT": "900"}))
        self.assertEqual({}, builder.build({"NIT": ""}))
        kept = rows.RowBuilder(
            {"NIT": "identification.number", "Tipo": "identification.type"},
            (), CONTACTS.text_fields,
            implied={"NIT": [("identification.type", "NIT")]})
        self.assertEqual("CC", kept.build(
            {"Tipo": "CC", "NIT": "1"})["identification"]["type"])


class TestMalformedRows(base.TestCase):
    def read(self, data):
        path = base.temporary_file(self, "in.csv", "")
        with open(path, "wb") as handle:
            handle.write(data)
        return readers.read(path)

    def test_bytes_that_are_not_utf8_fail_their_row_only(self):
        found = self.read("Nombre,NIT\nPeña,1\n".encode() + b"Mu\xf1oz,2\n")
        self.assertEqual([], found.warnings)
        self.assertIsNone(found.rows[0].problem)
        self.assertIn("line 3: bytes that are not UTF-8",
                      found.rows[1].problem)

    def test_a_latin1_file_is_still_read_whole(self):
        found = self.read("Nombre\nPeña\n".encode("latin-1"))
        self.assertIsNone(found.rows[0].problem)
        self.assertIn("Latin-1", found.warnings[0])

    def test_failures_file_gets_the_row_as_it_came_padded(self):
        source = self.read(b"A,B,C\n1,2,3\n4\n5,6,7,8\n")
        out = failures_file.default_path(source.path)
        failures_file.write(out, source, [(row, row.problem)
                                          for row in source.rows[1:]])
        with open(out, encoding="utf-8") as handle:
            lines = handle.read().splitlines()
        self.assertEqual("A,B,C,_error", lines[0])
        self.assertTrue(lines[1].startswith('4,,,"line 3: 1 cells'))
        self.assertTrue(lines[2].startswith('5,6,7,8,"line 4: 4 cells'))

    def test_failures_files_are_numbered_not_replaced(self):
        source = base.temporary_file(self, "contacts.csv", "")
        folder = os.path.dirname(source)
        first = failures_file.default_path(source)
        self.assertEqual(os.path.join(folder, "contacts.failures.csv"),
                         first)
        open(first, "w").close()
        second = failures_file.default_path(source)
        self.assertEqual(os.path.join(folder, "contacts.failures.2.csv"),
                         second)
        open(second, "w").close()
        self.assertTrue(failures_file.default_path(source).endswith(
            "contacts.failures.3.csv"))


class TestJournalKeying(base.TestCase):
    def path(self, source="/data/clientes.csv", account="default"):
        return journal.journal_path(account, "contacts", source,
                                    self.environ)

    def test_keyed_by_the_input_path_not_its_content(self):
        self.assertEqual(self.path(), self.path())
        self.assertNotEqual(self.path(), self.path("/data/otros.csv"))
        self.assertNotEqual(self.path(), self.path(account="other"))

    def test_rows_are_found_by_key_then_content_then_place(self):
        with journal.Journal(self.path()) as book:
            book.record(1, journal.CREATED, entry=1, key="900", digest="a")
            book.record(2, journal.FAILED, entry=2, digest="b")
            book.record(3, journal.CREATED, entry=3, key="902", digest="c")
            book.record(4, journal.FAILED, entry=4, key="903", digest="d")
        with journal.Journal(self.path()) as book:
            found = book.match([
                (1, "999", "x"),   # a new row in row 1's place
                (2, "900", "a2"),  # row 1, moved and edited: by its key
                (3, None, "c9"),   # row 3 edited, key lost: by its place
                (4, None, "b"),    # row 2, moved: by its content
                (5, "904", "d2"),  # row 4 fixed with a new key: new
            ])
        self.assertEqual([None, 1, 3, 2, None], found)

    def test_an_entry_goes_to_one_row_only(self):
        with journal.Journal(self.path()) as book:
            book.record(1, journal.CREATED, entry=1, digest="a")
        with journal.Journal(self.path()) as book:
            self.assertEqual([1, None], book.match([(1, None, "a"),
                                                    (2, None, "a")]))

    def test_a_failed_row_is_not_matched_by_place(self):
        with journal.Journal(self.path()) as book:
            book.record(1, journal.FAILED, entry=1, digest="a")
        with journal.Journal(self.path()) as book:
            self.assertEqual([None], book.match([(1, "900", "b")]))

    def test_options_and_changed_rows_are_remembered(self):
        options = {"map": ["A=name"], "set": [], "key": None,
                   "country": "co"}
        with journal.Journal(self.path()) as book:
            self.assertIsNone(book.changed_since(["a"]))
            book.remember(options, ["a", "b", "c"])
            book.record(1, journal.CREATED, entry=1, digest="a")
        with journal.Journal(self.path()) as book:
            self.assertEqual(options, book.options)
            self.assertEqual(2, book.changed_since(["a", "b2", "c2"]))
            self.assertEqual(1, book.new_entry() - 1)
            self.assertEqual({"created": 1}, book.counts())
