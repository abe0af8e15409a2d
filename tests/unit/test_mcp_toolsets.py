"""Toolsets, discovery, the byte budget of tools, the early handshake and
the profile key that forbids destructive tools."""

import json

import jsonschema

from alegra.app.application import AlegraApp
from alegra.errors import UsageError
from alegra.local import config
from alegra.mcp import dynamic, handshake, toolsets
from alegra.mcp.catalog import Catalog
from tests.unit import base

# Bytes of one tool as tools/list sends it (compact JSON). Measured when
# set: every tool averaged 1,099 bytes (largest 3,390) before the lean
# schemas, 882 (largest 3,166) after, over more tools with more options.
AVERAGE_BUDGET = 900
LARGEST_BUDGET = 3_400
DEFAULT_TOOLS = 40
DEFAULT_BYTES = 30_000


def wire_size(tool):
    return len(json.dumps({
        "name": tool.name, "title": tool.title,
        "description": tool.description, "inputSchema": tool.input_schema,
        "annotations": tool.annotations}, separators=(",", ":")))


class CatalogCase(base.TestCase):

    def setUp(self):
        super().setUp()
        self.app = AlegraApp(environ=self.environ)
        self.app.options = self.app.parser.parse_args([])
        self.errors = []
        self.catalog = Catalog(self.app, report=self.errors.append)


class TestToolsets(CatalogCase):

    def test_commands_fall_in_an_accountants_toolsets(self):
        for command, expected in (
                ("invoices list", {"sales", "default"}),
                ("invoices void", {"sales"}),
                ("invoices emit", {"sales", "einvoicing"}),
                ("contacts delete", {"contacts"}),
                ("bills list", {"purchases"}),
                ("items list", {"inventory", "default"}),
                ("bank-accounts list", {"banking"}),
                ("journals list", {"accounting"}),
                ("number-templates get", {"einvoicing"}),
                ("webhook-subscriptions list", {"admin"})):
            self.assertEqual(expected, toolsets.toolsets_of(command),
                             command)

    def test_the_default_fits_the_strictest_host_and_destroys_nothing(self):
        tools = self.catalog.tools(toolsets.parse(None))
        self.assertLessEqual(len(tools), DEFAULT_TOOLS)
        self.assertLessEqual(sum(wire_size(tool) for tool in tools.values()),
                             DEFAULT_BYTES)
        self.assertEqual(set(), {tool.kind for tool in tools.values()}
                         & {"destructive"})
        self.assertIn("alegra_invoices_list", tools)

    def test_only_the_toolsets_asked_for_are_built(self):
        tools = self.catalog.tools(("contacts",))
        self.assertTrue(all(name.startswith("alegra_contacts_")
                            for name in tools), list(tools))
        built = [name for name, tool in self.catalog._built.items()
                 if tool is not None]
        self.assertEqual(sorted(tools), sorted(built))

    def test_unknown_toolsets_are_refused(self):
        error = self.assertRaises(UsageError, self.catalog.names,
                                  ("sales", "salse"))
        self.assertIn("unknown toolset(s): salse", str(error))
        self.assertEqual(("a", "b"), toolsets.parse(" A, b,,a "))
        self.assertEqual(("default",), toolsets.parse(""))

    def test_every_tool_within_the_byte_budget(self):
        tools = self.catalog.tools((toolsets.ALL,))
        self.assertEqual([], self.errors)
        sizes = {name: wire_size(tool) for name, tool in tools.items()}
        average = sum(sizes.values()) / len(sizes)
        self.assertLessEqual(average, AVERAGE_BUDGET)
        largest = max(sizes, key=sizes.get)
        self.assertLessEqual(sizes[largest], LARGEST_BUDGET, largest)
        for tool in tools.values():
            jsonschema.Draft202012Validator.check_schema(tool.input_schema)
            # Said once, in the server's instructions.
            self.assertNotIn("confirm: true", tool.description)
            for spec in tool.input_schema["properties"].values():
                if "enum" in spec and "description" in spec:
                    self.assertNotEqual(" or ".join(spec["enum"]),
                                        spec["description"])

    def test_a_profile_can_forbid_destructive_tools(self):
        careful = Catalog(self.app, allow_destructive=False)
        tools = careful.tools(("sales",))
        self.assertNotIn("alegra_invoices_void", tools)
        self.assertIn("alegra_invoices_list", tools)
        self.assertIn("alegra_invoices_void", careful.forbidden)


class TestDiscovery(CatalogCase):

    def test_search_in_spanish_and_english(self):
        for words, expected in (("anular factura", "alegra_invoices_void"),
                                ("Cotización crear",
                                 "alegra_estimates_create"),
                                ("payments list", "alegra_payments_list")):
            found = [hit["name"] for hit in dynamic.search(self.catalog,
                                                           words)]
            self.assertEqual(expected, found[0], words)
            self.assertLessEqual(len(found), dynamic.MAX_FOUND)
        self.assertRaises(UsageError, dynamic.search, self.catalog, " ")

    def test_describe_and_enable(self):
        described = dynamic.describe(self.catalog, "alegra_invoices_void")
        self.assertEqual("destructive", described["kind"])
        self.assertIn("confirm", described["inputSchema"]["properties"])
        self.assertRaises(UsageError, dynamic.describe, self.catalog,
                          "alegra_nothing")
        offered = {}
        added = dynamic.enable(self.catalog, offered, "sales")
        self.assertIn("alegra_invoices_void", added)
        self.assertEqual([], dynamic.enable(self.catalog, offered, "sales"))
        self.assertRaises(UsageError, dynamic.enable, self.catalog, offered,
                          "nope")

    def test_names_an_agent_makes_up_are_not_kept(self):
        for number in range(50):
            name = f"alegra_made_up_{number}"
            self.assertRaises(UsageError, dynamic.describe, self.catalog,
                              name)
            self.assertIsNone(self.catalog.tool(name))
        self.assertEqual([], [name for name in self.catalog._built
                              if name.startswith("alegra_made_up_")])

    def test_the_discovery_tools_are_small_and_valid(self):
        metas = dynamic.meta_tools()
        self.assertLess(sum(wire_size(meta) for meta in metas), 10_000)
        for meta in metas:
            jsonschema.Draft202012Validator.check_schema(meta.input_schema)


class TestEarlyHandshake(base.TestCase):

    def answer(self, version="2025-06-18", ident=7):
        line = json.dumps({"jsonrpc": "2.0", "id": ident,
                           "method": "initialize", "params": {
                               "protocolVersion": version,
                               "capabilities": {},
                               "clientInfo": {"name": "x", "version": "1"}}})
        return handshake.early_answer(line, "text")

    def test_the_versions_and_capabilities_are_the_sdks(self):
        from mcp_types.version import HANDSHAKE_PROTOCOL_VERSIONS

        from alegra.mcp import server

        self.assertEqual(tuple(HANDSHAKE_PROTOCOL_VERSIONS),
                         handshake.HANDSHAKE_VERSIONS)
        app = AlegraApp(environ=self.environ)
        app.options = app.parser.parse_args(["--sandbox"])
        built = server.build_server(None, Catalog(app), offered={})
        capabilities = server.initialization_options(built).capabilities
        dumped = capabilities.model_dump(by_alias=True, exclude_none=True,
                                         mode="json")
        # Empty maps are not sent (the SDK's own answer leaves them out).
        self.assertEqual(handshake.CAPABILITIES,
                         {key: value for key, value in dumped.items()
                          if value != {}})

    def test_only_a_handshake_era_initialize_is_answered(self):
        ident, answer = self.answer()
        self.assertEqual(7, ident)
        result = json.loads(answer)["result"]
        self.assertEqual("2025-06-18", result["protocolVersion"])
        self.assertEqual("alegra", result["serverInfo"]["name"])
        self.assertIsNone(self.answer("2026-07-28"))
        self.assertIsNone(self.answer(ident=True))
        self.assertIsNone(handshake.early_answer("{not json", "text"))
        self.assertIsNone(handshake.early_answer(
            '{"jsonrpc":"2.0","id":1,"method":"tools/list"}', "text"))


class TestProfileKey(base.TestCase):

    def test_either_spelling_forbids(self):
        allows = config.allows_destructive_agents
        self.assertTrue(allows({}))
        self.assertTrue(allows({"mcp": {"allow-destructive": True}}))
        self.assertFalse(allows({"mcp": {"allow-destructive": False}}))
        self.assertFalse(allows({"mcp_allow_destructive": False}))

    def test_a_value_that_is_not_true_or_false_is_refused(self):
        document = config.Config("/nowhere/config.yaml", {"profiles": {
            "acme": {"mcp": {"allow-destructive": "no"}}}})
        error = self.assertRaises(UsageError, document.check)
        self.assertIn("should be true or false", str(error))
