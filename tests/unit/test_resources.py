"""Every resource and every action: request paths, bodies and output.

The verbs are checked for each declared resource from its declaration
(path, default columns); each action and quirk is checked against the
exact request Alegra expects, written out by hand. The resources are
found in the plugin modules, never listed here: a new one is checked
without editing this file.
"""

import configparser
import importlib
import json
import os
import pkgutil
import re
import urllib.parse

import alegra.plugins
from alegra import bindings
from alegra.inputs.identifiers import check_path
from alegra.resource import VERBS, Resource
from tests.unit import base
from tests.unit.sandbox.base import SandboxTestCase

# Every module of alegra/plugins/, found on disk.
MODULES = tuple(sorted(
    info.name for info in pkgutil.iter_modules(alegra.plugins.__path__)))
SETUP_CFG = os.path.join(os.path.dirname(__file__), "..", "..", "setup.cfg")


def declared():
    """``[(module name, attribute, Resource)]`` of the built-in plugins."""
    found = []
    for name in MODULES:
        module = importlib.import_module(f"alegra.plugins.{name}")
        for attribute, value in vars(module).items():
            if isinstance(value, Resource):
                found.append((name, attribute, value))
    return found


def resource_named(name):
    return next(r for _, _, r in declared() if r.name == name)


def record_for(columns):
    """An object holding a value for each (dotted) column."""
    record = {}
    for position, column in enumerate(columns):
        holder = record
        parts = column.split(".")
        for part in parts[:-1]:
            if part.isdigit():
                raise AssertionError("list columns need a hand-made record")
            holder = holder.setdefault(part, {})
        holder[parts[-1]] = f"v{position}"
    return record


def entry_points():
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(SETUP_CFG)
    section = parser["options.entry_points"]

    def lines(group):
        return dict(
            (part.strip() for part in line.split("=", 1))
            for line in section[group].splitlines()
            if line.strip() and not line.strip().startswith("#"))
    return lines("alegra.commands"), lines("alegra.aliases")


def query_of(request):
    return urllib.parse.parse_qs(urllib.parse.urlsplit(request.url).query)


def command_names(resource):
    """The commands :func:`bindings.commands` gives ``resource``."""
    names = list(resource.verbs)
    if "create" in resource.verbs:
        names.append("import")
    if "list" in resource.verbs:
        names.append("export")
    return names + [action.name for action in resource.actions]


def load(value):
    """The object an entry point value (``module:Class.Inner``) names."""
    module, _, attributes = value.partition(":")
    found = importlib.import_module(module)
    for attribute in attributes.split("."):
        found = getattr(found, attribute)
    return found


class TestDeclarations(base.TestCase):
    """setup.cfg declares every command each resource binds, and nothing
    a resource does not allow."""

    def test_there_are_37_resources(self):
        names = {resource.name for _, _, resource in declared()}
        self.assertEqual(37, len(names - {"company"}), sorted(names))

    def test_every_bound_command_is_an_entry_point(self):
        commands, _ = entry_points()
        for module, _, resource in declared():
            if module in ("contacts", "items", "invoices"):
                continue
            attribute = "".join(p.title() for p in resource.name.split("-"))
            expected = bindings.entry_points(f"alegra.plugins.{module}",
                                             attribute, resource)
            for name, value in expected.items():
                self.assertEqual(value, commands.get(name), name)
            extra = {name for name in commands
                     if name.split("_")[0] == resource.name} - set(expected)
            # payments stamp is the emission guard's (alegra.emission).
            extra.discard("payments_stamp")
            self.assertEqual(set(), extra, resource.name)

    def test_read_only_resources_have_no_writes(self):
        commands, _ = entry_points()
        for verb in ("create", "update", "delete", "import"):
            self.assertNotIn(f"recurring-payments_{verb}", commands)
        self.assertIn("recurring-payments_export", commands)
        self.assertNotIn("categories_delete", commands)
        self.assertNotIn("reconciliations_update", commands)

    def test_aliases_match_the_declarations(self):
        _, aliases = entry_points()
        declared_aliases = {
            alias: f"alegra.plugins.{module}:{attribute}"
            for module, attribute, resource in declared()
            for alias in resource.aliases}
        self.assertEqual(declared_aliases, aliases)

    def test_every_command_builds_its_parser(self):
        commands, _ = entry_points()
        for name in commands:
            argv = name.replace("_", " ").split()
            code, out, err = self.run_cli(*argv, "--help")
            self.assertEqual(0, code, (name, err))
            self.assertIn("usage: alegra " + " ".join(argv), out)

    def test_webhook_events_are_the_sandbox_ones(self):
        from alegra.plugins import webhooks
        from alegra.sandbox.webhooks import EVENTS

        self.assertEqual(sorted(EVENTS), sorted(webhooks.EVENTS))
        self.assertEqual(12, len(webhooks.EVENTS))


class TestEveryDeclaration(base.TestCase):
    """What must hold for any resource, checked on each declared one."""

    NAME = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)*")
    PATH = re.compile(r"[a-z0-9-]+(/[a-z0-9-]+)*")
    COLUMN = re.compile(r"[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*")

    def test_resources_are_found(self):
        self.assertIn("invoices", {r.name for _, _, r in declared()})

    def test_each_command_is_an_entry_point_bound_to_its_resource(self):
        commands, _ = entry_points()
        for _, _, resource in declared():
            for name in command_names(resource):
                entry = f"{resource.name}_{name}"
                self.assertIn(entry, commands)
                command = load(commands[entry])
                self.assertIs(resource, command.resource, entry)

    def test_names_paths_and_ids_are_sane(self):
        for _, _, resource in declared():
            name = resource.name
            self.assertTrue(self.NAME.fullmatch(name), name)
            self.assertTrue(resource.singular, name)
            self.assertTrue(self.PATH.fullmatch(resource.api_path), name)
            self.assertIsNone(check_path(resource.api_path), name)
            self.assertTrue(self.NAME.fullmatch(resource.id_name), name)
            self.assertEqual(f"{resource.api_path}/7",
                             resource.item_path("7"), name)

    def test_default_columns_are_sane(self):
        for _, _, resource in declared():
            columns = resource.columns
            self.assertIsInstance(columns, tuple, resource.name)
            self.assertNotEqual((), columns, resource.name)
            self.assertEqual(len(columns), len(set(columns)), resource.name)
            for column in columns:
                self.assertTrue(self.COLUMN.fullmatch(column),
                                (resource.name, column))

    def test_verbs_and_actions_do_not_clash(self):
        for _, _, resource in declared():
            verbs = resource.verbs
            self.assertEqual(set(), set(verbs) - set(VERBS), resource.name)
            self.assertEqual(len(verbs), len(set(verbs)), resource.name)
            names = command_names(resource)
            self.assertEqual(len(names), len(set(names)), resource.name)
            for action in resource.actions:
                self.assertTrue(self.NAME.fullmatch(action.name),
                                (resource.name, action.name))
            dests = [f.dest for f in resource.filters]
            self.assertEqual(len(dests), len(set(dests)), resource.name)

    def test_names_and_aliases_are_unique(self):
        names = [r.name for _, _, r in declared()]
        self.assertEqual(len(names), len(set(names)))
        aliases = [a for _, _, r in declared() for a in r.aliases]
        self.assertEqual(len(aliases), len(set(aliases)))
        self.assertEqual(set(), set(names) & set(aliases))

    def test_command_modules_declare_no_resource_elsewhere(self):
        # A resource declared outside alegra/plugins/ would escape the
        # checks above.
        commands, _ = entry_points()
        known = {id(r) for _, _, r in declared()}
        for value in commands.values():
            module = importlib.import_module(value.partition(":")[0])
            for attribute, found in vars(module).items():
                if isinstance(found, Resource):
                    self.assertIn(id(found), known,
                                  (module.__name__, attribute))


class TestEveryResourceInTheSandbox(SandboxTestCase):
    def test_each_path_answers(self):
        for _, _, resource in declared():
            reply = self.get(f"/{resource.api_path}")
            self.assertEqual(200, reply.status,
                             f"{resource.name}: {reply.text}")


def sample_id(resource):
    """An id of a kind the resource takes (currencies go by code)."""
    return "USD" if "code" in resource.id_kinds else "7"


class TestEveryVerb(base.APITestCase):
    """list, get, create, update, delete, through the CLI, per resource."""

    def resources(self, verb):
        return [r for _, _, r in declared()
                if verb in r.verbs and r.name not in ("items",)]

    def test_list_sends_its_path_and_prints_its_columns(self):
        for resource in self.resources("list"):
            record = record_for(resource.columns)
            self.mock.get(self.url(resource.api_path), json=[record])
            code, out, err = self.run_cli(resource.name, "list", "-f", "csv")
            self.assertEqual(0, code, (resource.name, err))
            header, row = out.splitlines()
            self.assertEqual(",".join(resource.columns), header,
                             resource.name)
            self.assertEqual(",".join(f"v{n}" for n in
                                      range(len(resource.columns))), row)
            self.assertEqual(f"/api/v1/{resource.api_path}",
                             self.mock.last_request.path)

    def test_get_prints_the_whole_object(self):
        for resource in self.resources("get"):
            record = {"id": 7, "name": "Seven", "total": "19928.00"}
            self.mock.get(self.url(resource.item_path(sample_id(resource))),
                          json=record)
            code, out, err = self.run_cli(resource.name, "get",
                                          sample_id(resource),
                                          "-o", "json")
            self.assertEqual(0, code, (resource.name, err))
            self.assertEqual(record, json.loads(out), resource.name)

    def test_create_posts_the_body(self):
        for resource in self.resources("create"):
            self.mock.post(self.url(resource.api_path), status_code=201,
                           json={"id": 8})
            code, out, err = self.run_cli(
                resource.name, "create", "--set", "name=Nuevo",
                "--no-validate", "-o", "value", "-c", "id")
            self.assertEqual(0, code, (resource.name, err))
            self.assertEqual("8\n", out)
            self.assertEqual({"name": "Nuevo"}, self.mock.last_request.json())
            self.assertEqual("POST", self.mock.last_request.method)

    def test_update_puts_the_body(self):
        for resource in self.resources("update"):
            self.mock.put(self.url(resource.item_path(sample_id(resource))),
                          json={"id": 7})
            code, out, err = self.run_cli(resource.name, "update",
                                          sample_id(resource),
                                          "--set", "name=Otro")
            self.assertEqual(0, code, (resource.name, err))
            self.assertEqual({"name": "Otro"}, self.mock.last_request.json())

    def test_delete_asks_and_deletes(self):
        for resource in self.resources("delete"):
            refused = self.run_cli(resource.name, "delete",
                                   sample_id(resource))
            self.assertEqual(2, refused[0], resource.name)
            self.mock.delete(
                self.url(resource.item_path(sample_id(resource))), text="")
            code, out, err = self.run_cli(resource.name, "delete",
                                          sample_id(resource), "-y")
            self.assertEqual(0, code, (resource.name, err))
            self.assertEqual("DELETE", self.mock.last_request.method)


# (command line, method, path, body sent or None)
ACTIONS = [
    (["payments", "void", "4"], "POST", "payments/4/void", None),
    (["payments", "open", "4"], "POST", "payments/4/open", None),
    (["bills", "close", "7", "--set", "date=2026-06-05", "--set",
      'category={"id":5}'], "POST", "bills/7/close",
     {"date": "2026-06-05", "category": {"id": 5}}),
    (["bills", "comments", "7", "--set", "comment=Revisar"], "POST",
     "bills/7/comments", {"comments": [{"text": "Revisar"}]}),
    (["bills", "comment-update", "7", "3", "--set", "comment=Ok"], "PUT",
     "bills/7/comments/3", {"comment": "Ok"}),
    (["bills", "comment-delete", "7", "3", "-y"], "DELETE",
     "bills/7/comments/3", None),
    (["bills", "advances", "7", "--set", 'advances=[{"id":1}]'], "POST",
     "bills/7/advances-applied", {"advances": [{"id": 1}]}),
    (["bills", "attachment-delete", "55", "-y"], "DELETE",
     "bills/attachment/55", None),
    (["bills", "perceptions", "7", "--set", "perceptions=[]"], "PUT",
     "bills/7/perceptions", {"perceptions": []}),
    (["bills", "retentions", "7", "--set", "retentions=[]"], "PUT",
     "bills/7/retentions", {"retentions": []}),
    (["bills", "import-by-cufe", "--set", "cufe=abc123"], "POST",
     "bills/import-by-cufe", {"cufe": "abc123"}),
    (["credit-notes", "email", "2"], "POST", "credit-notes/2/email", None),
    (["estimates", "email", "2", "--set", 'emails=["a@b.co"]'], "POST",
     "estimates/2/email", {"emails": ["a@b.co"]}),
    (["remissions", "void", "2"], "POST", "remissions/2/void", None),
    (["remissions", "open", "2"], "POST", "remissions/2/open", None),
    (["transportation-receipts", "void", "2"], "POST",
     "transportation-receipts/2/void", None),
    (["transportation-receipts", "open", "2"], "POST",
     "transportation-receipts/2/open", None),
    (["transportation-receipts", "email", "2", "--set", 'emails=["a@b"]'],
     "POST", "transportation-receipts/2/email", {"emails": ["a@b"]}),
    (["transportation-receipts", "preview"], "POST",
     "transportation-receipts/preview", None),
    (["purchase-orders", "void", "2"], "POST", "purchase-orders/2/void",
     None),
    (["purchase-orders", "email", "2", "--set", 'emails=["a@b"]'], "POST",
     "purchase-orders/2/email", {"emails": ["a@b"]}),
    (["purchase-orders", "comments", "2", "--set", "comment=x"], "POST",
     "purchase-orders/2/comments", {"comments": [{"text": "x"}]}),
    (["debit-notes", "comments", "2", "--set", "comment=x"], "POST",
     "debit-notes/2/comments", {"comments": [{"text": "x"}]}),
    (["categories", "settings"], "GET", "categories/settings", None),
    (["categories", "set-settings", "--set", 'incomeAccount={"id":6}'],
     "PUT", "categories/settings", {"incomeAccount": {"id": 6}}),
    (["users", "self"], "GET", "users/self", None),
    (["bank-accounts", "transfer", "3", "--set",
      'destinationAccount={"id":4}', "--set", "amount=100000"], "POST",
     "bank-accounts/3/transfer",
     {"idDestination": 4, "amount": 100000}),
    (["company", "get"], "GET", "company", None),
    (["company", "update", "--set", "phone=6015550100"], "PUT", "company",
     {"phone": "6015550100"}),
    (["invoices", "stamp", "--set", 'ids=[12,13]'], "POST",
     "invoices/stamp", {"ids": [12, 13]}),
    # 12 was stamped just above: the emission ledger wants --force.
    (["invoices", "stamp", "--set", 'invoices=[{"id":12}]', "--force"],
     "POST",
     "invoices/stamp", {"invoices": [{"id": 12}]}),
]


class TestActions(base.APITestCase):
    def test_every_action_reaches_its_path(self):
        for argv, method, path, sent in ACTIONS:
            self.mock.register_uri(method, self.url(path), json={"id": 1})
            code, out, err = self.run_cli(*argv)
            self.assertEqual(0, code, (argv, err))
            request = self.mock.last_request
            self.assertEqual((method, f"/api/v1/{path}"),
                             (request.method, request.path), argv)
            body = request.body and json.loads(request.body)
            self.assertEqual(sent, body or None, argv)

    def test_body_required_actions_refuse_an_empty_body(self):
        for argv in (["bills", "close", "7"], ["bank-accounts", "transfer",
                                               "3"],
                     ["categories", "set-settings"], ["company", "update"]):
            code, out, err = self.run_cli(*argv)
            self.assertEqual(2, code, argv)
            self.assertIn("no request body", err)
        self.assertFalse(self.mock.called)

    def test_delete_actions_ask_first(self):
        for argv in (["bills", "comment-delete", "7", "3"],
                     ["bills", "attachment-delete", "55"]):
            code, out, err = self.run_cli(*argv)
            self.assertEqual(2, code, argv)
            self.assertIn("pass -y", err)
        self.assertFalse(self.mock.called)
        self.mock.delete(self.url("bills/7/comments/3"), text="")
        code, out, err = self.run_cli("bills", "comment-delete", "7", "3",
                                      stdin="y\n", tty=True)
        self.assertEqual(0, code, err)
        self.assertIn("Delete a comment of a bill: bill 7 3? [y/N]", err)
        self.assertIn("OK: comment-delete bill 7 3", err)

    def test_delete_action_dry_run_does_not_prompt(self):
        code, out, err = self.run_cli("bills", "attachment-delete", "55",
                                      "--dry-run")
        self.assertEqual(0, code, err)
        self.assertIn("DELETE https://api.alegra.com/api/v1/bills/"
                      "attachment/55", out)
        self.assertFalse(self.mock.called)

    def test_items_stock_shows_the_warehouses_at_a_date(self):
        self.mock.get(self.url("items/5"), json={
            "id": 5, "name": "Taladro", "inventory": {"warehouses": [
                {"id": 1, "name": "Principal", "availableQuantity": 4,
                 "initialQuantity": 10},
                {"id": 2, "name": "Norte", "availableQuantity": "0.50",
                 "initialQuantity": 1}]}})
        code, out, err = self.run_cli("items", "stock", "5", "--date",
                                      "2026-06-30", "-f", "csv")
        self.assertEqual(0, code, err)
        self.assertEqual(
            "id,name,availableQuantity,initialQuantity\n"
            "1,Principal,4,10\n2,Norte,0.50,1\n", out)
        self.assertEqual({"documentDate": ["2026-06-30"]},
                         query_of(self.mock.last_request))

    def test_items_stock_without_warehouses_shows_the_inventory(self):
        self.mock.get(self.url("items/5"), json={
            "id": 5, "inventory": {"availableQuantity": 50,
                                   "initialQuantity": 50}})
        code, out, err = self.run_cli("items", "stock", "5", "-f", "csv",
                                      "--columns", "availableQuantity")
        self.assertEqual(0, code, err)
        self.assertEqual("availableQuantity\n50\n", out)

    def test_journals_balance_reads_the_graph(self):
        self.mock.get(self.url("journals/entries/graph"), json={"data": [
            {"period": "2026-11", "debit": "500000.00",
             "credit": "500000.00"}]})
        code, out, err = self.run_cli("journals", "balance", "--from",
                                      "2026-01-01", "-f", "csv")
        self.assertEqual(0, code, err)
        self.assertEqual("period,debit,credit\n2026-11,500000.00,500000.00\n",
                         out)
        self.assertEqual({"from": ["2026-01-01"]},
                         query_of(self.mock.last_request))


class TestQuirks(base.APITestCase):
    def test_currencies_are_keyed_by_code(self):
        self.mock.get(self.url("currencies/USD"),
                      json={"code": "USD", "name": "Dólar"})
        code, out, err = self.run_cli("currencies", "get", "USD", "-o",
                                      "json")
        self.assertEqual(0, code, err)
        self.assertEqual("USD", json.loads(out)["code"])
        code, out, err = self.run_cli("currencies", "get", "--help")
        self.assertIn("<code>", out)

    def test_reconciliations_live_at_conciliations(self):
        self.mock.get(self.url("conciliations"), json=[])
        code, out, err = self.run_cli("reconciliations", "list")
        self.assertEqual(0, code, err)
        self.assertEqual("/api/v1/conciliations",
                         self.mock.last_request.path)

    def test_numerations_path(self):
        self.mock.get(self.url("inventory-adjustments/numerations/3"),
                      json={"id": 3})
        code, out, err = self.run_cli("inventory-adjustment-numerations",
                                      "get", "3")
        self.assertEqual(0, code, err)

    def test_number_templates_list_needs_no_document_type(self):
        self.mock.get(self.url("number-templates"), json=[
            {"id": 1, "documentType": "invoice"},
            {"id": 2, "documentType": "estimate"}])
        code, out, err = self.run_cli("number-templates", "list", "-o",
                                      "json")
        self.assertEqual(0, code, err)
        self.assertEqual(2, len(json.loads(out)))
        self.assertNotIn("documentType", query_of(self.mock.last_request))
        self.run_cli("number-templates", "list", "--document-type",
                     "invoice")
        self.assertEqual(["invoice"],
                         query_of(self.mock.last_request)["documentType"])

    def test_webhook_subscriptions_unwrap_and_take_event_choices(self):
        self.mock.get(self.url("webhooks/subscriptions"), json={
            "subscriptions": [{"id": 1, "event": "new-invoice",
                               "url": "https://x.co/h", "status": "active"}]})
        code, out, err = self.run_cli("webhook-subscriptions", "list", "-f",
                                      "value", "-c", "event")
        self.assertEqual(0, code, err)
        self.assertEqual("new-invoice\n", out)
        self.mock.post(self.url("webhooks/subscriptions"), status_code=201,
                       json={"subscription": {"id": 9, "event": "new-bill",
                                              "url": "https://x.co/h"}})
        code, out, err = self.run_cli(
            "webhook-subscriptions", "create", "--event", "new-bill",
            "--url", "https://x.co/h", "-o", "json")
        self.assertEqual(0, code, err)
        self.assertEqual(9, json.loads(out)["id"])
        self.assertEqual({"event": "new-bill", "url": "https://x.co/h"},
                         self.mock.last_request.json())
        code, out, err = self.run_cli("webhook-subscriptions", "create",
                                      "--event", "new-payment", "--url", "x")
        self.assertEqual(2, code)
        self.assertIn("'new-payment' is not one of: new-invoice", err)

    def test_the_event_flag_goes_over_a_body_file(self):
        path = base.temporary_file(self, "hook.json",
                                   '{"event": "new-item", "url": "https://a"}')
        self.mock.post(self.url("webhooks/subscriptions"), status_code=201,
                       json={"subscription": {"id": 9}})
        code, out, err = self.run_cli("webhook-subscriptions", "create",
                                      "-f", path, "--event", "edit-item")
        self.assertEqual(0, code, err)
        self.assertEqual({"event": "edit-item", "url": "https://a"},
                         self.mock.last_request.json())

    def test_filters_become_query_parameters(self):
        cases = [
            (["payments", "list", "--type", "in", "--client-id", "3"],
             "payments", {"type": ["in"], "client_id": ["3"]}),
            (["bills", "list", "--provider-name", "Papel", "--status",
              "open"], "bills", {"provider_name": ["Papel"],
                                 "status": ["open"]}),
            (["purchase-orders", "list", "--cost-center-id", "2"],
             "purchase-orders", {"costCenter_id": ["2"]}),
            (["custom-fields", "list", "--name", "color"],
             "custom-fields", {"name_query": ["color"]}),
            (["bank-accounts", "list", "--include-balance", "true"],
             "bank-accounts", {"includeBalance": ["true"]}),
            (["categories", "list", "--type", "income", "--layout", "tree"],
             "categories", {"type": ["income"], "format": ["tree"]}),
            (["inventory-adjustment-numerations", "list",
              "--auto-increment", "true"],
             "inventory-adjustments/numerations",
             {"autoIncrement": ["true"]}),
        ]
        for argv, path, expected in cases:
            self.mock.get(self.url(path), json=[])
            code, out, err = self.run_cli(*argv)
            self.assertEqual(0, code, (argv, err))
            query = query_of(self.mock.last_request)
            for key, value in expected.items():
                self.assertEqual(value, query.get(key), argv)

    def test_aliases_run_the_resource_commands(self):
        self.mock.get(self.url("estimates"), json=[{"id": 1}])
        for alias in ("quote", "estimate"):
            code, out, err = self.run_cli(alias, "list", "-f", "value",
                                          "-c", "id")
            self.assertEqual(0, code, err)
            self.assertEqual("1\n", out)
        self.mock.get(self.url("webhooks/subscriptions"),
                      json={"subscriptions": []})
        code, out, err = self.run_cli("webhooks", "list")
        self.assertEqual(0, code, err)

    def test_an_alias_alone_lists_the_verbs(self):
        code, out, err = self.run_cli("bill")
        self.assertEqual(0, code, err)
        self.assertIn("  alegra bills advances ", out)

    def test_help_lists_each_command_once_and_the_aliases(self):
        code, out, err = self.run_cli("--help")
        self.assertEqual(0, code, err)
        commands, aliases = out.split("\nAliases")
        # A name is the words before the gap: some take three
        # ("mcp claude enable").
        names = [line.strip().split("  ")[0]
                 for line in commands.split("\nCommands:\n")[1].splitlines()
                 if len(line.split()) > 1]
        self.assertEqual(len(names), len(set(names)))
        for command in ("payments create", "bills close",
                        "bank-accounts transfer", "currencies get",
                        "webhook-subscriptions create", "company get",
                        "reports sales-by-client", "items stock"):
            self.assertIn(command, names)
        self.assertRegex(aliases, r"\n  quote +estimates\n")
        self.assertRegex(aliases, r"\n  webhooks +webhook-subscriptions\n")


class TestReports(base.APITestCase):
    def test_sales_by_client_pages_ten_rows(self):
        self.mock.get(self.url("reports/sales-by-client"), json={
            "data": [{"client": {"id": 1, "name": "Acme"}, "invoices": 2,
                      "subtotal": "100.00", "tax": "19.00",
                      "total": "119.00"}], "metadata": {"total": 1}})
        code, out, err = self.run_cli(
            "reports", "sales-by-client", "--from", "2026-01-01", "--to",
            "2026-06-30", "--client-name", "Ac", "-f", "csv")
        self.assertEqual(0, code, err)
        self.assertEqual("client.id,client.name,invoices,subtotal,tax,total\n"
                         "1,Acme,2,100.00,19.00,119.00\n", out)
        self.assertEqual(
            {"from": ["2026-01-01"], "to": ["2026-06-30"],
             "clientName": ["Ac"], "start": ["0"], "limit": ["10"]},
            query_of(self.mock.last_request))

    def test_whole_reports(self):
        for name, answer, column in (
                ("sales-by-client-totals", {"data": [{"clients": 3}]},
                 "clients"),
                ("income-statement", {"data": [{"name": "Ingresos",
                                                "total": "5.00"}]}, "name"),
                ("account-statement", {"data": [{"date": "2026-01-02"}]},
                 "date"),
                ("sales-by-seller", {"data": [{"seller": {"name": "Ana"}}]},
                 "seller.id")):
            self.mock.get(self.url(f"reports/{name}"), json=answer)
            code, out, err = self.run_cli("reports", name, "-f", "csv",
                                          "--client-id", "1")
            if name != "account-statement":
                code, out, err = self.run_cli("reports", name, "-f", "csv")
            self.assertEqual(0, code, (name, err))
            self.assertEqual(column, out.splitlines()[0].split(",")[0])

    def test_a_bad_date_is_a_usage_error_before_any_request(self):
        code, out, err = self.run_cli("reports", "income-statement",
                                      "--from", "2026-02-30")
        self.assertEqual(2, code)
        self.assertEqual(1, len(err.splitlines()), err)
        self.assertFalse(self.mock.called)
