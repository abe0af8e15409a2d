"""What a person sees: records, formats, empty lists, help, suggestions."""

import decimal
import json
import os
import sys

import testtools
import yaml

from alegra.output import examples
from alegra import jsonio, records, registry
from alegra.output.formatters import yamltext
from tests.unit import base

INVOICE = {
    "id": 12, "status": "open", "total": jsonio.Number("19928.00"),
    "client": {"id": 3, "name": "Acme S.A.S"},
    "items": [{"id": 5, "price": jsonio.Number("50000.00")},
              {"id": 6, "price": 7}],
    "stamp": {"cufe": "ab12"}, "type": ["client", "provider"],
    "payments": [{"id": 1}, {"id": 2}, {"id": 3}], "warnings": [],
}


class TestFlatten(testtools.TestCase):
    def test_nested_fields_get_dotted_names(self):
        names = [name for name, _ in records.flatten(INVOICE)]
        self.assertEqual(
            ["id", "status", "total", "client.id", "client.name",
             "items.0.id", "items.0.price", "items.1.id", "items.1.price",
             "stamp.cufe", "type", "payments", "warnings"], names)

    def test_long_lists_are_counted(self):
        values = dict(records.flatten(INVOICE))
        self.assertEqual("3 lines", records.text_of(values["payments"]))
        self.assertEqual("client, provider", records.text_of(values["type"]))
        self.assertEqual("19928.00", records.text_of(values["total"]))

    def test_columns_name_fields_a_record_lacks(self):
        self.assertEqual(["id", "client.name"], records.present(
            INVOICE, ["id", "client.name", "nmae", "items.9.price"]))


class TestExactJSON(testtools.TestCase):
    def test_compact_writer_keeps_number_text(self):
        parsed = jsonio.loads('[{"a": 0.0000000000, "b": 1.5E+3, "c": '
                              '"x\\"y", "d": 9007199254740993}]')
        self.assertEqual('[{"a":0.0000000000,"b":1.5E+3,"c":"x\\"y",'
                         '"d":9007199254740993}]', jsonio.dumps(parsed))

    def test_a_string_cannot_pass_for_a_number(self):
        text = '{"a": "\\u007f(19)\\u007f", "b": 2.50}'
        self.assertEqual('{"a":"\\u007f(19)\\u007f","b":2.50}'.replace(
            "\\u007f", "\x7f"), jsonio.dumps(jsonio.loads(text)))

    def test_plain_decimals_and_floats_still_work(self):
        self.assertEqual('{"a":1.5,"b":0.0000000000}', jsonio.dumps(
            {"a": 1.5, "b": decimal.Decimal("0E-10")}))


class TestYAMLText(testtools.TestCase):
    TRICKY = ["yes", "No", "on", "null", "~", "1e5", "0x1F", "2026-01-01",
              "1:30", "- a", "a: b", "a #b", " a", "a ", "", "=", "<<",
              "\x7f", "\u2028", "line\nbreak", "Bogotá", "'q'", '"q"',
              "@x", "`x", "*a", "&a", "!t", "%x", "|", ">", "?", "[]",
              "{}", "😀"]

    def test_every_string_reads_back_as_itself(self):
        for text in self.TRICKY:
            doc = {text: [text, {"k": text}], "v": text}
            self.assertEqual(doc, yaml.safe_load(yamltext.dumps(doc)),
                             repr(text))

    def test_numbers_keep_their_text(self):
        out = yamltext.dumps({"total": jsonio.Number("19928.00"),
                              "zero": jsonio.Number("0.0000000000"),
                              "id": 9007199254740993})
        self.assertEqual("total: 19928.00\nzero: 0.0000000000\n"
                         "id: 9007199254740993\n", out)

    def test_layout_matches_pyyaml(self):
        doc = {"a": [1, {"b": None, "c": [True, []]}], "d": {}, "e": {"f": 2}}
        self.assertEqual(
            yaml.safe_dump(doc, sort_keys=False, default_flow_style=False),
            yamltext.dumps(doc))


class TestShow(base.APITestCase):
    def setUp(self):
        super().setUp()
        self.mock.get(self.url("invoices/12"), text=jsonio.dumps(INVOICE))

    def test_table_is_one_row_per_field(self):
        code, out, err = self.run_cli("invoices", "get", "12")
        self.assertEqual(0, code, err)
        self.assertRegex(out, r"\| client\.name +\| Acme S\.A\.S +\|")
        self.assertRegex(out, r"\| items\.0\.price +\| 50000\.00 +\|")
        self.assertRegex(out, r"\| payments +\| 3 lines +\|")
        self.assertRegex(out, r"\| total +\| 19928\.00 +\|")
        self.assertNotIn('{"', out)

    def test_csv_and_ndjson_give_one_row(self):
        code, out, err = self.run_cli("invoices", "get", "12", "-f", "csv",
                                      "--columns", "id,client.name,total")
        self.assertEqual(0, code, err)
        self.assertEqual("id,client.name,total\n12,Acme S.A.S,19928.00\n",
                         out)
        code, out, err = self.run_cli("invoices", "get", "12", "-o",
                                      "ndjson")
        self.assertEqual(0, code, err)
        self.assertEqual(1, len(out.splitlines()))
        self.assertIn('"total":19928.00', out)

    def test_global_csv_never_breaks_a_show(self):
        code, out, err = self.run_cli("invoices", "get", "12",
                                      env={"ALEGRA_OUTPUT": "csv"})
        self.assertEqual(0, code, err)
        header, row = out.splitlines()
        self.assertTrue(header.startswith("id,status,total,client.id"))
        self.assertTrue(row.startswith("12,open,19928.00,3"))

    def test_unknown_column_is_a_warning_listing_the_fields(self):
        code, out, err = self.run_cli("invoices", "get", "12", "-f",
                                      "value", "--columns", "id,nmae")
        self.assertEqual(0, code, err)
        self.assertEqual("12\n\n", out)
        self.assertIn("Warning: no invoice has the field nmae; its fields "
                      "are: id, status, total, client", err)


class TestWrites(base.APITestCase):
    def test_created_record_id_is_printed_with_unknown_columns(self):
        self.mock.post(self.url("contacts"), json={"id": 41, "name": "A"})
        code, out, err = self.run_cli(
            "contacts", "create", "--no-validate", "-d", '{"name":"A"}',
            "-o", "csv", "--columns", "nmae")
        self.assertEqual(0, code, err)
        self.assertEqual("id,nmae\n41,\n", out)
        self.assertIn("no contact has the field nmae", err)

    def test_an_answer_holding_a_list_is_rows(self):
        self.mock.post(self.url("invoices/12/email"),
                       json=[{"id": 12, "status": "sent"},
                             {"id": 13, "status": "failed"}])
        code, out, err = self.run_cli(
            "invoices", "email", "12", "--set", 'emails=["a@b.co"]',
            "-o", "csv")
        self.assertEqual(0, code, err)
        self.assertEqual("id,status\n12,sent\n13,failed\n", out)
        code, out, err = self.run_cli(
            "invoices", "email", "12", "--set", 'emails=["a@b.co"]')
        self.assertEqual(0, code, err)
        self.assertRegex(out, r"\| id +\| status +\|")
        code, out, err = self.run_cli(
            "invoices", "email", "12", "--set", 'emails=["a@b.co"]',
            "-o", "json")
        self.assertEqual(0, code, err)
        self.assertEqual(2, len(json.loads(out)))


class TestEmptyAndUnknownColumns(base.APITestCase):
    def test_empty_table_is_said_on_stderr(self):
        self.mock.get(self.url("invoices"), json=[])
        code, out, err = self.run_cli("invoices", "list")
        self.assertEqual(0, code, err)
        self.assertEqual("", out)
        self.assertEqual("No invoices match.\n", err)

    def test_empty_json_and_yaml(self):
        self.mock.get(self.url("invoices"), json=[])
        for fmt, empty in (("json", "[]\n"), ("yaml", "[]\n"),
                           ("ndjson", "")):
            code, out, err = self.run_cli("invoices", "list", "-o", fmt)
            self.assertEqual(0, code, err)
            self.assertEqual(empty, out, fmt)
            self.assertEqual("", err)

    def test_list_with_unknown_column_warns_once_after_the_rows(self):
        self.mock.get(self.url("invoices"), json=[{"id": 1}, {"id": 2}])
        code, out, err = self.run_cli("invoices", "list", "-f", "csv",
                                      "--columns", "id,bogus")
        self.assertEqual(0, code, err)
        self.assertEqual("id,bogus\n1,\n2,\n", out)
        self.assertEqual("Warning: no invoice has the field bogus; its "
                         "fields are: id\n", err)

    def test_json_list_is_a_record_a_line_when_piped(self):
        self.mock.get(self.url("invoices"),
                      text='[{"id": 1, "total": 2.50}, {"id": 2}]')
        code, out, err = self.run_cli("invoices", "list", "-o", "json")
        self.assertEqual('[\n{"id":1,"total":2.50},\n{"id":2}\n]\n', out)
        code, out, err = self.run_cli("invoices", "list", "-o", "json",
                                      "--indent")
        self.assertEqual([{"id": 1, "total": 2.5}, {"id": 2}],
                         json.loads(out))
        self.assertIn('\n    "total": 2.50\n', out)

    def test_table_of_every_page_is_printed_in_blocks(self):
        rows = [{"id": n, "status": "open"} for n in range(65)]
        self.mock.get(self.url("invoices"), [
            {"json": rows[:30]}, {"json": rows[30:60]}, {"json": rows[60:]}])
        self.useFixture(base.fixtures.MonkeyPatch(
            "alegra.command.Lister.TABLE_BLOCK", 40))
        code, out, err = self.run_cli("invoices", "list", "--all",
                                      "--columns", "id")
        self.assertEqual(0, code, err)
        self.assertEqual(2, out.count("| id |"))  # 40 rows, then 25
        self.assertEqual(65, sum(1 for line in out.splitlines()
                                 if line.startswith("| ")
                                 and line != "| id |"))


class TestHelp(base.TestCase):
    def test_bare_group_lists_its_commands(self):
        for argv in (["invoices"], ["invoices", "--help"],
                     ["help", "invoices"], ["sandbox", "--help"]):
            code, out, err = self.run_cli(*argv)
            self.assertEqual(0, code, (argv, err))
            self.assertIn("Commands:\n", out, argv)
            self.assertEqual("", err, argv)
        self.assertRegex(out, r"\n  alegra sandbox serve +Serve a local "
                              r"Alegra sandbox over HTTP\n")

    def test_help_frob_is_a_usage_error(self):
        code, out, err = self.run_cli("help", "frob")
        self.assertEqual(2, code)
        self.assertEqual("Error: 'frob' is not an alegra command (see "
                         "'alegra --help')\n", err)

    def test_suggestions_are_close_or_none(self):
        for typed, hint in ((["invoics", "list"], "alegra invoices list"),
                            (["invoices", "lst"], "alegra invoices list"),
                            (["itms", "get"], "alegra items get"),
                            (["paymnts"], "alegra payments")):
            code, out, err = self.run_cli(*typed)
            self.assertEqual(2, code, typed)
            self.assertIn(f"did you mean: {hint}", err)
        code, out, err = self.run_cli("zzzz")
        self.assertEqual(2, code)
        self.assertNotIn("did you mean", err)
        self.assertNotIn("contacts create", err)

    def test_suggestions_work_without_aliases(self):
        from alegra.app.help import suggest
        from alegra.app.application import AlegraApp

        app = AlegraApp(environ=self.environ)
        app.command_manager.aliases = {}
        self.assertEqual(["invoices list"], suggest(app, ["invoice", "list"]))

    def test_help_ends_with_examples(self):
        code, out, err = self.run_cli("help", "invoices", "list")
        self.assertEqual(0, code, err)
        self.assertTrue(out.rstrip().endswith(
            "Examples:\n  alegra invoices list --status open --count\n"
            "  alegra invoices list --param client_name=\"Acme\""), out)
        code, out, err = self.run_cli("help", "payments", "get")
        self.assertTrue(out.rstrip().endswith(
            "Examples:\n  alegra payments get 1 -o json"), out)

    def test_every_example_names_a_command(self):
        from alegra.app.application import AlegraApp

        names = {name for name, _ in AlegraApp(
            environ=self.environ).command_manager}
        for name in examples.EXAMPLES:
            self.assertIn(name, names)


class TestBuiltInEpilog(base.TestCase):
    def test_bound_commands_belong_to_their_resource_module(self):
        from alegra.plugins import contacts, payments

        self.assertEqual("alegra.plugins.contacts", contacts.Create.__module__)
        self.assertEqual("alegra.plugins.payments",
                         payments.Payments.Void.__module__)
        self.assertEqual("alegra.plugins.payments",
                         payments.Payments.Import.__module__)

    def test_built_in_help_scans_no_distribution(self):
        calls = []
        real = registry.scan
        self.useFixture(base.fixtures.MonkeyPatch(
            "alegra.registry.scan",
            lambda *a, **k: calls.append(1) or real(*a, **k)))
        code, out, err = self.run_cli("help", "contacts", "create")
        self.assertEqual(0, code, err)
        self.assertEqual([], calls)


class TestHelpDescriptionCache(base.TestCase):
    def test_second_help_imports_no_command_module(self):
        code, first, err = self.run_cli("--help")
        self.assertEqual(0, code, err)
        loaded = []
        from alegra.app import commandmanager

        real = commandmanager.load_command_class
        self.useFixture(base.fixtures.MonkeyPatch(
            "alegra.app.commandmanager.load_command_class",
            lambda *a: loaded.append(a[0]) or real(*a)))
        code, second, err = self.run_cli("--help")
        self.assertEqual(0, code, err)
        self.assertEqual(first, second)
        self.assertEqual([], loaded)

    def test_a_changed_module_is_read_again(self):
        from alegra.app.helpcache import DescriptionCache

        cache = DescriptionCache(self.environ)

        class Entry:
            entry_point = object()
            value = "alegra.plugins.contacts:List"

        cache.put(Entry, "List contacts")
        self.assertEqual("List contacts", cache.get(Entry))
        cache.entries[Entry.value][1] -= 1  # as if the file had changed
        self.assertIsNone(cache.get(Entry))


class TestSavedHelp(base.TestCase):
    """The whole text of ``alegra --help``, answered before cliff loads."""

    def saved(self, **env):
        from alegra.app import helpcache

        environ = dict(self.environ, **env)
        with base.fixtures.MonkeyPatch("os.environ", environ):
            return helpcache.saved_help(environ)

    def test_help_is_saved_and_answered_until_something_changes(self):
        from alegra.app import helpcache

        self.assertIsNone(self.saved())
        code, out, err = self.run_cli("--help")
        self.assertEqual(0, code, err)
        self.assertEqual(out, self.saved())
        self.assertIsNone(self.saved(ALEGRA_PLUGINS="none"))
        self.assertIsNone(self.saved(COLUMNS="61"))
        path = helpcache.cache_path(helpcache.HELP_TEXT, self.environ)
        with open(path) as stream:
            data = json.load(stream)
        self.assertIn(helpcache.__file__, data["files"])
        self.assertTrue(any(name.endswith(os.path.join("plugins",
                                                       "invoices.py"))
                            for name in data["files"]))
        data["files"][helpcache.__file__][1] -= 1  # as if edited since
        with open(path, "w") as stream:
            json.dump(data, stream)
        self.assertIsNone(self.saved())

    def test_a_folder_on_the_path_that_changed_is_a_new_install(self):
        from alegra.app import helpcache

        self.run_cli("--help")
        folder = os.path.join(self.home, "site")
        os.mkdir(folder)
        self.useFixture(base.fixtures.MonkeyPatch(
            "sys.path", [*sys.path, folder]))
        self.assertIsNone(self.saved())
        self.run_cli("--help")
        self.assertIsNotNone(self.saved())
        os.mkdir(os.path.join(folder, "alegra_pos-1.0.dist-info"))
        os.utime(folder, ns=(1, 1))  # whatever the clock's resolution
        self.assertIsNone(self.saved())
        self.assertIsNotNone(helpcache.fingerprint(self.environ))

    def test_a_damaged_file_is_only_a_miss(self):
        from alegra.app import helpcache

        path = helpcache.cache_path(helpcache.HELP_TEXT, self.environ)
        os.makedirs(os.path.dirname(path))
        for junk in ("{", "[]", '{"text": 3, "files": []}', "\x00" * 10):
            with open(path, "w") as stream:
                stream.write(junk)
            self.assertIsNone(self.saved())
        code, out, err = self.run_cli("--help")
        self.assertEqual((0, ""), (code, err))
        self.assertEqual(out, self.saved())
