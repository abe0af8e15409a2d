"""MCP tools: schemas read from the commands' parsers, names, annotations
and the guards that do not depend on the agent's host."""

import argparse

import jsonschema

from alegra.errors import UsageError
from alegra.mcp import schema as schema_module
from alegra.mcp import catalog as catalog_module
from alegra.mcp import tools as tools_module
from alegra.mcp.schema import ToolSchema
from alegra.app.application import AlegraApp
from tests.unit import base


def sample_parser():
    parser = argparse.ArgumentParser(prog="alegra things do")
    parser.add_argument("identifier", metavar="<id>", help="the thing's id")
    parser.add_argument("more", nargs="*", metavar="<other-id>")
    parser.add_argument("--status", choices=("open", "closed"),
                        help="only things in this state")
    parser.add_argument("--tag", action="append", default=[],
                        help="a tag (repeatable)")
    parser.add_argument("--limit", type=int, default=30, help="at most N")
    parser.add_argument("--draft", action="store_true", help="a draft")
    parser.add_argument("-v", "--verbose", action="count", default=0)
    parser.add_argument("-y", "--yes", action="store_true")
    parser.add_argument("--force", action="store_true")
    group = parser.add_argument_group("request options")
    group.add_argument("--dry-run", action="store_true")
    body = parser.add_argument_group("request body")
    body.add_argument("-f", "--file")
    body.add_argument("-d", "--data")
    body.add_argument("--set", action="append", default=[],
                      dest="assignments")
    return parser


class TestSchema(base.TestCase):

    def setUp(self):
        super().setUp()
        self.parser = sample_parser()
        self.schema = ToolSchema(self.parser, body=True, body_required=False)
        self.json = self.schema.json_schema()
        self.properties = self.json["properties"]

    def test_the_schema_is_valid_json_schema(self):
        jsonschema.Draft202012Validator.check_schema(self.json)
        jsonschema.Draft7Validator.check_schema(self.json)
        self.assertEqual("object", self.json["type"])
        self.assertFalse(self.json["additionalProperties"])

    def test_positionals_are_named_by_their_metavar_and_required(self):
        self.assertEqual({"type": "string", "description": "the thing's id"},
                         self.properties["id"])
        self.assertEqual({"type": "array", "items": {"type": "string"}},
                         self.properties["other_id"])
        self.assertEqual(["id"], self.json["required"])

    def test_choices_repeatables_numbers_and_flags(self):
        self.assertEqual(["open", "closed"],
                         self.properties["status"]["enum"])
        self.assertEqual({"type": "array", "items": {"type": "string"},
                          "description": "a tag (repeatable)"},
                         self.properties["tag"])
        self.assertEqual({"type": "integer", "default": 30,
                          "description": "at most N"},
                         self.properties["limit"])
        self.assertEqual("boolean", self.properties["draft"]["type"])
        self.assertEqual({"type": "integer", "minimum": 0},
                         self.properties["verbose"])

    def test_the_body_options_become_one_body_object(self):
        self.assertEqual("object", self.properties["body"]["type"])
        for name in ("file", "data", "set", "assignments"):
            self.assertNotIn(name, self.properties)

    def test_options_only_the_server_sets_are_left_out(self):
        for name in ("yes", "force", "dry_run", "help"):
            self.assertNotIn(name, self.properties)

    def test_a_required_body_is_required(self):
        schema = ToolSchema(sample_parser(), body=True, body_required=True)
        self.assertEqual(["id", "body"], schema.json_schema()["required"])
        self.assertRaises(UsageError, schema.argv, {"id": "1"})

    def test_arguments_become_the_words_the_parser_reads(self):
        argv = self.schema.argv({
            "id": 7, "other_id": ["8", 9], "status": "open",
            "tag": ["a", "b c"], "limit": 5, "draft": True, "verbose": 2,
            "body": {"price": 19928.5, "name": "Café"}})
        parsed = self.parser.parse_args(argv)
        self.assertEqual("7", parsed.identifier)
        self.assertEqual(["8", "9"], parsed.more)
        self.assertEqual("open", parsed.status)
        self.assertEqual(["a", "b c"], parsed.tag)
        self.assertEqual(5, parsed.limit)
        self.assertTrue(parsed.draft)
        self.assertEqual(2, parsed.verbose)
        self.assertEqual('{"price": 19928.5, "name": "Café"}', parsed.data)
        self.assertFalse(parsed.yes)

    def test_no_value_is_ever_read_as_an_option(self):
        argv = self.schema.argv({"id": "-y", "other_id": ["--force"],
                                 "status": "open"})
        parsed = self.parser.parse_args(argv)
        self.assertEqual("-y", parsed.identifier)
        self.assertEqual(["--force"], parsed.more)
        self.assertFalse(parsed.yes)
        self.assertFalse(parsed.force)

    def test_bad_arguments_are_usage_errors(self):
        for arguments in ({"id": "1", "nope": 1}, {}, {"id": "1",
                                                       "draft": "yes"},
                          {"id": "1", "limit": 1.5},
                          {"id": "1", "body": "text"}):
            self.assertRaises(UsageError, self.schema.argv, arguments)

    def test_option_names_take_the_long_flag(self):
        self.assertEqual("client_id", schema_module.property_name(
            argparse.Action(["--client-id"], dest="filter_client_id")))


class TestInstalledTools(base.TestCase):
    """The tools of every installed command."""

    def setUp(self):
        super().setUp()
        self.app = AlegraApp(environ=self.environ)
        self.app.options = self.app.parser.parse_args([])
        self.errors = []
        self.tools = catalog_module.build(self.app, report=self.errors.append)

    def test_every_command_gives_a_valid_schema(self):
        self.assertEqual([], self.errors)
        self.assertGreater(len(self.tools), 50)
        for name, tool in self.tools.items():
            schema = tool.input_schema
            jsonschema.Draft202012Validator.check_schema(schema)
            self.assertEqual("object", schema["type"], name)
            self.assertRegex(name, r"^alegra_[a-z0-9_]+$")
            self.assertLessEqual(len(name), 64, name)
            self.assertTrue(tool.description, name)
            self.assertFalse(tool.description.endswith("."), name)

    def test_names_join_the_words_with_underscores(self):
        self.assertEqual("alegra_credit_notes_email",
                         tools_module.tool_name("credit-notes email"))
        self.assertEqual("alegra_invoices_list",
                         self.tools["alegra_invoices_list"].name)

    def test_local_commands_are_no_tools(self):
        commands = {tool.command.split()[0] for tool in self.tools.values()}
        for word in ("auth", "config", "plugin", "sandbox", "mcp", "help",
                     "complete", "validate", "history"):
            self.assertNotIn(word, commands)

    def test_the_raw_stamp_is_no_tool_but_emit_is(self):
        self.assertNotIn("alegra_invoices_stamp", self.tools)
        self.assertEqual("destructive",
                         self.tools["alegra_invoices_emit"].kind)

    def test_no_tool_can_switch_the_account(self):
        for tool in self.tools.values():
            properties = set(tool.input_schema["properties"])
            self.assertFalse(properties & {"profile", "base_url", "sandbox",
                                           "show_token", "yes",
                                           "force", "output", "format_"},
                             tool.name)

    def test_annotations(self):
        # Only what differs from MCP's defaults (not read-only,
        # destructive, not idempotent, open world), destructive said.
        read = {"readOnlyHint": True, "idempotentHint": True}
        write = {"destructiveHint": False}
        destructive = {"destructiveHint": True}
        expected = {
            "invoices list": read, "invoices get": read,
            "contacts export": read, "items stock": read,
            "invoices create": write, "contacts update": write,
            "contacts import": write, "invoices delete": destructive,
            "invoices void": destructive, "invoices emit": destructive,
            "invoices email": destructive,
        }
        for command, hints in expected.items():
            tool = self.tools[tools_module.tool_name(command)]
            self.assertEqual(f"alegra {command}", tool.title)
            self.assertEqual(hints, tool.annotations, command)

    def test_kinds_of_commands_seen_by_name(self):
        class Thing:
            pass

        class GetAction:
            action = type("A", (), {"method": "GET"})()

        class Declared:
            mcp_kind = "read"

        for name, factory, kind in (
                ("things list", Thing, "read"),
                ("reports sales", Thing, "read"),
                ("doctor", Thing, "read"),
                ("users self", Thing, "read"),
                ("things balance", GetAction, "read"),
                ("things frobnicate", GetAction, "read"),
                ("things frobnicate", Thing, "destructive"),
                ("things frobnicate", Declared, "read"),
                ("things comment-delete", Thing, "destructive"),
                ("things close", Thing, "destructive"),
                ("things stamp", Thing, "destructive"),
                ("things import-by-cufe", Thing, "write"),
                ("things create", Thing, "write")):
            self.assertEqual(kind, tools_module.kind_of(name, factory), name)

    def test_read_only_keeps_only_reads(self):
        tools = catalog_module.build(self.app, read_only=True)
        self.assertIn("alegra_invoices_list", tools)
        self.assertNotIn("alegra_invoices_void", tools)
        self.assertNotIn("alegra_contacts_create", tools)
        self.assertEqual({"read"}, {tool.kind for tool in tools.values()})

    def test_lists_are_paged_and_capped(self):
        tool = self.tools["alegra_invoices_list"]
        limit = tool.input_schema["properties"]["limit"]
        self.assertEqual((1, 100, 30), (limit["minimum"], limit["maximum"],
                                        limit["default"]))
        self.assertNotIn("all", tool.input_schema["properties"])
        argv, preview = tool.argv({})
        self.assertEqual(["invoices", "list", "--limit=30"], argv)
        self.assertFalse(preview)
        argv, _ = tool.argv({"limit": 100, "start": 200})
        self.assertEqual(["invoices", "list", "--start=200", "--limit=100"],
                         argv)
        for limit in (0, 101, "all", True):
            self.assertRaises(UsageError, tool.argv, {"limit": limit})

    def test_destructive_tools_preview_unless_confirmed(self):
        tool = self.tools["alegra_invoices_delete"]
        self.assertIn("confirm", tool.input_schema["properties"])
        argv, preview = tool.argv({"id": 5})
        self.assertEqual(["invoices", "delete", "--dry-run", "--", "5"],
                         argv)
        self.assertTrue(preview)
        argv, preview = tool.argv({"id": 5, "confirm": True})
        self.assertEqual(["invoices", "delete", "--yes", "--", "5"], argv)
        self.assertFalse(preview)
        self.assertRaises(UsageError, self.tools["alegra_invoices_get"].argv,
                          {"id": 5, "confirm": True})

    def test_a_plain_cliff_command_gets_only_its_own_arguments(self):
        from cliff import lister

        from alegra import command

        class PlainList(lister.Lister):
            """List plain things"""

            def get_parser(self, prog_name):
                parser = super().get_parser(prog_name)
                parser.add_argument("--kind", choices=("a", "b"))
                return parser

            def take_action(self, parsed_args):
                return ("id",), ()

        tool = tools_module.make_tool(
            self.app, "plain-things list", command.adopt(PlainList), "read",
            tools_module.formatter_dests())
        self.assertEqual({"kind": {"type": "string", "enum": ["a", "b"]}},
                         tool.input_schema["properties"])
        self.assertEqual("alegra_plain_things_list", tool.name)
        self.assertEqual("List plain things", tool.description)

    def test_writes_may_ask_for_a_dry_run(self):
        tool = self.tools["alegra_contacts_create"]
        self.assertIn("dry_run", tool.input_schema["properties"])
        argv, preview = tool.argv({"body": {"name": "Ana"}, "dry_run": True})
        self.assertEqual(["contacts", "create", '--data={"name": "Ana"}',
                          "--dry-run"], argv)
        self.assertTrue(preview)
        self.assertNotIn("dry_run",
                         self.tools["alegra_invoices_get"].input_schema[
                             "properties"])


class TestFilesDir(base.TestCase):
    """Path arguments: withheld without a folder, kept inside one."""

    def setUp(self):
        super().setUp()
        import os
        import shutil
        import tempfile

        self.top = tempfile.mkdtemp(prefix="alegra-files-")
        self.addCleanup(shutil.rmtree, self.top)
        self.root = os.path.join(self.top, "share")
        os.mkdir(self.root)
        os.symlink(self.top, os.path.join(self.root, "up"))
        parser = argparse.ArgumentParser()
        parser.add_argument("--out", metavar="FILE")
        parser.add_argument("--name")
        self.parser = parser

    def test_without_a_folder_no_path_argument(self):
        schema = ToolSchema(self.parser)
        self.assertEqual(["name"], list(schema.fields))
        self.assertRaises(UsageError, schema.argv, {"out": "x.csv"})

    def test_inside_the_folder_only(self):
        import os

        from alegra.mcp.files import FilesDir

        schema = ToolSchema(self.parser, files=FilesDir(self.root))
        self.assertEqual([f"--out={os.path.realpath(self.root)}/a/x.csv"],
                         schema.argv({"out": "a/x.csv"}))
        for value in ("../x.csv", "/tmp/x.csv", "up/x.csv", "a/../x.csv",
                      "", ".", 5):
            self.assertRaises(UsageError, schema.argv, {"out": value})

    def test_read_only_keeps_no_path_that_may_write(self):
        from alegra.mcp.files import FilesDir

        schema = ToolSchema(self.parser,
                            files=FilesDir(self.root, read_only=True))
        self.assertNotIn("out", schema.fields)


class TestSchemasInSpanish(base.TestCase):
    """Output options stay out of tool schemas whatever the language the
    server was started in (their group titles are translated)."""

    def test_output_options_are_left_out_in_spanish(self):
        from alegra import i18n
        from alegra.mcp import schema

        parser = argparse.ArgumentParser()
        group = parser.add_argument_group(i18n.N_("output options"))
        group.add_argument("--max-width")
        parser.add_argument("--status")
        self.addCleanup(i18n.set_language, i18n.language())
        i18n.set_language("es")
        group.title = i18n._(group.title)
        shared = schema.shared_actions(parser)
        self.assertEqual(
            {"max_width"},
            {action.dest for action in parser._actions
             if id(action) in shared})


class TestUploads(base.TestCase):
    """An upload reads a local file: its tool exists only where the server
    may read files."""

    def tools(self, files=None):
        app = AlegraApp(environ=self.environ)
        app.options = app.parser.parse_args([])
        return catalog_module.build(app, files=files)

    def test_no_upload_tool_without_a_files_folder(self):
        from alegra.mcp.files import FilesDir

        self.assertNotIn("alegra_bills_attach", self.tools())
        self.assertIn("alegra_bills_attachment_delete", self.tools())
        folder = self.useFixture(base.fixtures.TempDir()).path
        attach = self.tools(FilesDir(folder))["alegra_bills_attach"]
        self.assertIn("file", attach.input_schema["properties"])
