"""The plugin contract, end to end, through the installed ``alegra``.

The sample distributions under ``tests/plugins`` are built and installed
with pip once per class, into a directory of their own that only the
``alegra`` processes started here see (it is on their ``PYTHONPATH``).
They are never installed into the environment running the suite: the
suite runs in parallel, and a plugin that claims ``contacts list`` must not
leak into the other tests, nor into the entry point caches of their
processes.
"""

import base64
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile

import testtools

from alegra import __version__, errors
from tests.functional import base
from tests.unit.base import isolated_environ

PLUGINS = os.path.join(os.path.dirname(os.path.dirname(__file__)), "plugins")
DISTRIBUTIONS = ("alegra-pos", "alegra-broken", "alegra-conflict")
ALEGRA = os.path.join(sys.prefix, "bin", "alegra")
EMAIL, TOKEN = "pos@example.com", "pos-token"

BROKEN_COMMAND = (
    "Error: plugin command 'broken-thing list' failed to load: "
    "broken-thing_list = alegra_broken.commands:List (alegra-broken 0.0.1): "
    "RuntimeError: alegra-broken is broken on purpose")
BROKEN_FORMATTER = (
    "Error: output formatter 'pretty' failed to load: "
    "pretty = alegra_broken.formatter:PrettyFormatter (alegra-broken 0.0.1): "
    "ModuleNotFoundError: No module named 'alegra_broken_missing_dependency'")
BUILTIN_CONTACTS = (
    f"contacts_list = alegra.plugins.contacts:List (alegra-cli {__version__})")
CONFLICTING_CONTACTS = (
    "contacts_list = alegra_conflict.contacts:List (alegra-conflict 0.0.1)")

# Raw JSON, so that amounts reach alegra exactly as Alegra writes them.
TICKETS = (
    '[{"id": 1, "date": "2024-05-01", "client": {"name": "Ana Pérez"},'
    ' "total": 19928.00, "status": "open"},'
    ' {"id": 2, "date": "2024-05-02", "client": {"name": "Bar | Café"},'
    ' "total": 0.0000000000, "status": "closed"}]').encode()
TICKET = (b'{"id": 1, "date": "2024-05-01", "client": {"name": "Ana"},'
          b' "total": 19928.00, "status": "open"}')
CREATED = b'{"id": 3, "date": "2024-05-03", "total": 12.50, "status": "open"}'


class FakeAlegra(base.LoopbackServer):
    """Just enough of Alegra's API for ``pos-tickets``, on loopback."""

    def __init__(self):
        self.authorization = "Basic " + base64.b64encode(
            f"{EMAIL}:{TOKEN}".encode()).decode()
        self.requests = []
        self.start(Handler)


class Handler(http.server.BaseHTTPRequestHandler):
    ROUTES = {
        ("GET", "/api/v1/pos-tickets"): (200, TICKETS),
        ("GET", "/api/v1/pos-tickets/1"): (200, TICKET),
        ("POST", "/api/v1/pos-tickets"): (201, CREATED),
    }

    def do_GET(self):
        self.answer()

    def do_POST(self):
        self.answer()

    def answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        fake = self.server.stand_in
        fake.requests.append((self.command, self.path, body))
        if self.headers.get("Authorization") != fake.authorization:
            status, text = 401, b'{"code": 401, "message": "wrong token"}'
        else:
            status, text = self.ROUTES.get(
                (self.command, self.path.split("?")[0]),
                (404, b'{"code": 404, "message": "not found"}'))
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(text)))
        self.end_headers()
        self.wfile.write(text)

    def log_message(self, *args):
        pass


def install(sources, target):
    """``pip install`` the sample distributions into ``target``.

    They are built from copies, so that the build leaves nothing in the
    source tree.
    """
    copies = []
    for name in sources:
        copy = os.path.join(target, "src", name)
        shutil.copytree(os.path.join(PLUGINS, name), copy)
        copies.append(copy)
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-index",
         "--no-deps", "--no-build-isolation", "--disable-pip-version-check",
         "--target", os.path.join(target, "site"), *copies],
        check=True, capture_output=True, timeout=300)


def plugin_environ(home, site):
    """An isolated environment whose Python path holds the plugins."""
    environ = isolated_environ(home)
    environ["PYTHONIOENCODING"] = "utf-8"
    environ["PYTHONPATH"] = os.pathsep.join(
        filter(None, [site, os.environ.get("PYTHONPATH")]))
    return environ


class TestInstalledPlugins(testtools.TestCase):
    """alegra-pos, alegra-broken and alegra-conflict, all installed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.workdir = tempfile.mkdtemp(prefix="alegra-plugins-")
        try:
            install(DISTRIBUTIONS, cls.workdir)
        except subprocess.CalledProcessError as exc:
            shutil.rmtree(cls.workdir)
            raise AssertionError(
                "pip could not install the sample plugins:\n"
                + exc.stderr.decode(errors="replace")) from exc
        cls.server = FakeAlegra()
        cls.environ = plugin_environ(
            os.path.join(cls.workdir, "home"),
            os.path.join(cls.workdir, "site"))
        cls.environ.update({
            "ALEGRA_BASE_URL": cls.server.base_url,
            "ALEGRA_EMAIL": EMAIL,
            "ALEGRA_TOKEN": TOKEN,
        })
        # The account's company was read before and names no country, so
        # that the requests each test counts are only its own.
        from alegra.app import company

        company.remember_country(cls.server.base_url, EMAIL, None,
                                 cls.environ)

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        shutil.rmtree(cls.workdir)
        super().tearDownClass()

    def setUp(self):
        super().setUp()
        self.server.requests.clear()

    def alegra(self, *argv, env=None):
        """Run the installed executable: ``(exit code, stdout, stderr)``."""
        environ = dict(self.environ, **(env or {}))
        done = subprocess.run([ALEGRA, *argv], env=environ,
                              capture_output=True, stdin=subprocess.DEVNULL,
                              timeout=60)
        return (done.returncode, done.stdout.decode("utf-8"),
                done.stderr.decode("utf-8"))

    def assertConflictReported(self, err):
        lines = [line for line in err.splitlines()
                 if "'contacts list' is claimed by" in line]
        self.assertNotEqual([], lines, err)
        for line in lines:
            self.assertIn(BUILTIN_CONTACTS, line)
            self.assertIn(CONFLICTING_CONTACTS, line)

    # -- a broken plugin is loud, and harms nothing else ---------------------

    def test_help_lists_plugin_commands_and_names_the_broken_one(self):
        code, out, err = self.alegra("--help")
        self.assertEqual(0, code, err)
        self.assertRegex(out, r"\n  pos-tickets list +List pos tickets\n")
        self.assertRegex(out, r"\n  pos-tickets create +Create a POS ticket\n")
        self.assertIn("  invoices list ", out)
        self.assertNotIn("broken-thing", out)
        self.assertEqual(1, err.splitlines().count(BROKEN_COMMAND), err)
        self.assertConflictReported(err)
        self.assertNotIn("Traceback", err)

    def test_broken_command_fails_in_one_line(self):
        code, out, err = self.alegra(
            "broken-thing", "list", env={"ALEGRA_PLUGINS": "alegra-broken"})
        self.assertEqual(errors.PluginError.exit_code, code)
        self.assertEqual("", out)
        self.assertEqual([BROKEN_COMMAND], err.splitlines())

    def test_broken_command_shows_its_traceback_with_debug(self):
        code, _, err = self.alegra(
            "--debug", "broken-thing", "list",
            env={"ALEGRA_PLUGINS": "alegra-broken"})
        self.assertEqual(errors.PluginError.exit_code, code)
        self.assertIn("Traceback", err)
        self.assertIn('alegra_broken/commands.py", line 3', err)
        self.assertEqual(BROKEN_COMMAND, err.splitlines()[-1])

    def test_other_commands_keep_working(self):
        code, out, err = self.alegra("invoices", "list", "--dry-run")
        self.assertEqual(0, code, err)
        self.assertEqual(
            f"GET {self.server.base_url}/invoices?start=0&limit=30",
            out.splitlines()[0])
        # The broken formatter is named; every other one still works.
        self.assertEqual(1, err.splitlines().count(BROKEN_FORMATTER), err)
        code, out, _ = self.alegra("pos-tickets", "list", "-f", "csv")
        self.assertEqual(0, code)
        self.assertEqual("id,date,client.name,total,status",
                         out.splitlines()[0])

    def test_conflicting_command_fails_naming_both_distributions(self):
        code, out, err = self.alegra("contacts", "list", "--dry-run")
        self.assertEqual(errors.PluginError.exit_code, code)
        self.assertEqual("", out)
        self.assertConflictReported(err)
        self.assertEqual([], self.server.requests)
        self.assertNotIn("Traceback", err)

    # -- the saved text of --help ---------------------------------------------

    def test_help_is_answered_from_the_last_run_until_a_plugin_appears(self):
        cache = tempfile.mkdtemp(dir=self.workdir)
        extra = tempfile.mkdtemp(dir=self.workdir)
        env = {"XDG_CACHE_HOME": cache,
               "ALEGRA_PLUGINS": "alegra-pos,alegra-extra",
               "PYTHONPATH": os.pathsep.join(
                   [self.environ["PYTHONPATH"], extra])}
        code, first, err = self.alegra("--help", env=env)
        self.assertEqual((0, ""), (code, err))
        traced = dict(env, PYTHONPROFILEIMPORTTIME="1")
        code, second, err = self.alegra("--help", env=traced)
        self.assertEqual(0, code)
        self.assertEqual(first, second)
        imported = [line.split("|")[-1].strip() for line in err.splitlines()]
        self.assertIn("alegra.app.helpcache", imported)
        self.assertNotIn("cliff", imported)
        self.assertNotIn("stevedore", imported)
        # A distribution appearing on the path is a new command.
        info = os.path.join(extra, "alegra_extra-1.0.dist-info")
        os.mkdir(info)
        with open(os.path.join(info, "METADATA"), "w") as stream:
            stream.write("Metadata-Version: 2.1\nName: alegra-extra\n"
                         "Version: 1.0\n")
        with open(os.path.join(info, "entry_points.txt"), "w") as stream:
            stream.write("[alegra.commands]\n"
                         "extra-tickets_list = alegra_pos.tickets:List\n")
        os.utime(extra, ns=(1, 1))  # whatever the clock's resolution
        code, third, err = self.alegra("--help", env=env)
        self.assertEqual((0, ""), (code, err))
        self.assertNotIn("extra-tickets list", first)
        self.assertRegex(third, r"\n  extra-tickets list +List pos tickets\n")

    # -- ALEGRA_PLUGINS ------------------------------------------------------

    def test_plugins_none_loads_no_third_party_distribution(self):
        none = {"ALEGRA_PLUGINS": "none"}
        code, out, err = self.alegra("--help", env=none)
        self.assertEqual(0, code, err)
        self.assertNotIn("pos-tickets", out)
        self.assertIn("  contacts list ", out)
        for name in DISTRIBUTIONS:
            self.assertNotIn(name, err)
        code, out, err = self.alegra("contacts", "list", "--dry-run", env=none)
        self.assertEqual(0, code, err)
        self.assertIn("/contacts?start=0&limit=30", out)
        code, _, err = self.alegra("pos-tickets", "list", env=none)
        self.assertEqual(errors.USAGE, code)
        self.assertIn("'pos-tickets list' is not an alegra command", err)
        code, _, err = self.alegra(
            "invoices", "list", "-f", "markdown", "--dry-run", env=none)
        self.assertEqual(errors.USAGE, code)
        self.assertIn("unknown output format 'markdown'", err)

    def test_plugins_list_loads_only_the_distributions_named(self):
        only_pos = {"ALEGRA_PLUGINS": "alegra-pos"}
        code, out, err = self.alegra("--help", env=only_pos)
        self.assertEqual(0, code, err)
        self.assertIn("  pos-tickets list ", out)
        self.assertNotIn("alegra-broken", err)
        self.assertNotIn("alegra-conflict", err)
        code, out, err = self.alegra(
            "contacts", "list", "--dry-run", env=only_pos)
        self.assertEqual(0, code, err)
        code, _, err = self.alegra("broken-thing", "list", env=only_pos)
        self.assertEqual(errors.USAGE, code)
        self.assertIn("'broken-thing list' is not an alegra command", err)

    # -- the sample plugin's command, validator and formatter ---------------

    def test_plugin_command_dry_run(self):
        code, out, err = self.alegra(
            "pos-tickets", "list", "--status", "open", "--dry-run")
        self.assertEqual(0, code, err)
        self.assertEqual(
            f"GET {self.server.base_url}/pos-tickets"
            "?status=open&start=0&limit=30", out.splitlines()[0])
        self.assertEqual([], self.server.requests)

    def test_plugin_command_lists_rows_with_plugin_formatter(self):
        env = {"ALEGRA_PLUGINS": "alegra-pos"}
        code, out, err = self.alegra(
            "pos-tickets", "list", "-f", "markdown", env=env)
        self.assertEqual(0, code, err)
        self.assertEqual(
            "| id | date | client.name | total | status |\n"
            "| --- | --- | --- | --- | --- |\n"
            "| 1 | 2024-05-01 | Ana Pérez | 19928.00 | open |\n"
            "| 2 | 2024-05-02 | Bar \\| Café | 0.0000000000 | closed |\n",
            out)
        self.assertEqual(
            [("GET", "/api/v1/pos-tickets?start=0&limit=30", b"")],
            self.server.requests)

    def test_plugin_formatter_shows_one_object(self):
        code, out, err = self.alegra(
            "pos-tickets", "get", "1", "-f", "markdown")
        self.assertEqual(0, code, err)
        self.assertEqual(
            "| Field | Value |\n| --- | --- |\n| id | 1 |\n"
            "| date | 2024-05-01 |\n| client.name | Ana |\n"
            "| total | 19928.00 |\n| status | open |\n", out)

    # -- plain cliff commands get alegra's formatters ----------------------

    def test_plain_cliff_lister_gets_alegra_and_plugin_formatters(self):
        env = {"ALEGRA_PLUGINS": "alegra-pos"}
        code, out, err = self.alegra("pos-terminals", "list", "-o", "csv",
                                     env=env)
        self.assertEqual(0, code, err)
        self.assertEqual("id,name,float\n1,Caja 1,19928.00\n"
                         "2,Caja | 2,0.0000000000\n", out)
        code, out, err = self.alegra("pos-terminals", "list", "-f",
                                     "markdown", env=env)
        self.assertEqual(0, code, err)
        self.assertIn("| 2 | Caja \\| 2 | 0.0000000000 |\n", out)
        code, out, err = self.alegra("pos-terminals", "list", "-o",
                                     "ndjson", env=env)
        self.assertEqual(0, code, err)
        self.assertEqual('{"id":1,"name":"Caja 1","float":"19928.00"}',
                         out.splitlines()[0])

    def test_plain_cliff_show_one_gets_alegra_formatters(self):
        code, out, err = self.alegra("pos-terminals", "get", "2", "-o",
                                     "yaml", env={"ALEGRA_OUTPUT": "json"})
        self.assertEqual(0, code, err)
        self.assertEqual('id: 2\nname: Caja | 2\nfloat: "0.0000000000"\n',
                         out)
        code, out, err = self.alegra("pos-terminals", "get", "1",
                                     env={"ALEGRA_OUTPUT": "ndjson"})
        self.assertEqual(0, code, err)
        self.assertEqual('{"id":1,"name":"Caja 1","float":"19928.00"}\n',
                         out)

    def test_plain_cliff_command_unknown_format_is_one_line(self):
        code, out, err = self.alegra("pos-terminals", "list", "-o", "bogus",
                                     env={"ALEGRA_PLUGINS": "alegra-pos"})
        self.assertEqual(2, code)
        self.assertEqual(1, len(err.splitlines()), err)
        self.assertIn("'csv'", err)
        self.assertIn("'markdown'", err)

    def test_plugin_formatter_serves_built_in_commands(self):
        code, out, err = self.alegra(
            "plugin", "list", "-f", "markdown", "-c", "distribution",
            "-c", "status", env={"ALEGRA_PLUGINS": "alegra-pos"})
        self.assertEqual(0, code, err)
        self.assertIn("| distribution | status |\n| --- | --- |\n", out)
        self.assertIn("| alegra-pos | ok |\n", out)

    def test_plugin_validator_stops_an_invalid_body_before_sending(self):
        code, out, err = self.alegra(
            "pos-tickets", "create", "-d", '{"items": []}')
        self.assertEqual(errors.VALIDATION, code)
        self.assertEqual("", out)
        self.assertIn(
            "Error: pos-tickets body is not valid: items: a ticket needs at "
            "least one item; 'total' is required (fix the body, or send it "
            "anyway with --no-validate)", err.splitlines())
        self.assertEqual([], self.server.requests)

    def test_no_validate_sends_the_body_as_it_is(self):
        code, _, err = self.alegra(
            "pos-tickets", "create", "-d", '{"items": []}', "--no-validate",
            "-o", "json")
        self.assertEqual(0, code, err)
        self.assertEqual(
            [("POST", "/api/v1/pos-tickets", b'{"items":[]}')],
            self.server.requests)

    def test_valid_ticket_is_created_and_shown(self):
        code, out, err = self.alegra(
            "pos-tickets", "create", "-d", '{"items": [{"id": 5}]}',
            "--set", "total=12.50", "-o", "markdown")
        self.assertEqual(0, code, err)
        self.assertIn("| total | 12.50 |\n", out)
        self.assertEqual(
            [("POST", "/api/v1/pos-tickets",
              b'{"items":[{"id":5}],"total":12.50}')],
            self.server.requests)

    # -- alegra plugin list ---------------------------------------------------

    def plugin_rows(self, env=None):
        code, out, err = self.alegra("plugin", "list", "-o", "json", env=env)
        self.assertEqual(0, code, err)
        return {row["distribution"]: row for row in json.loads(out)}

    def test_plugin_list_describes_each_distribution(self):
        rows = self.plugin_rows()
        self.assertEqual({
            "distribution": "alegra-pos",
            "version": "1.2.0",
            "commands": ["pos-terminals get", "pos-terminals list",
                         "pos-tickets create", "pos-tickets get",
                         "pos-tickets list"],
            "validators": ["pos-tickets.any"],
            "formatters": ["markdown"],
            "status": "ok",
        }, rows["alegra-pos"])
        self.assertEqual(
            "broken: broken-thing_list: RuntimeError: alegra-broken is broken "
            "on purpose; broken: pretty: ModuleNotFoundError: No module named "
            "'alegra_broken_missing_dependency'",
            rows["alegra-broken"]["status"])
        self.assertEqual(
            "conflict: command 'contacts list' is also claimed by alegra-cli",
            rows["alegra-conflict"]["status"])
        self.assertIn(
            "conflict: command 'contacts list' is also claimed by "
            "alegra-conflict", rows["alegra-cli"]["status"])
        self.assertEqual(__version__, rows["alegra-cli"]["version"])
        self.assertIn("plugin list", rows["alegra-cli"]["commands"])

    def test_plugin_list_shows_disabled_distributions(self):
        rows = self.plugin_rows({"ALEGRA_PLUGINS": "alegra-pos"})
        self.assertEqual("ok", rows["alegra-pos"]["status"])
        for name in ("alegra-broken", "alegra-conflict"):
            self.assertEqual("disabled by ALEGRA_PLUGINS",
                             rows[name]["status"])
        self.assertNotIn("conflict", rows["alegra-cli"]["status"])

    def test_plugin_list_table(self):
        code, out, err = self.alegra(
            "plugin", "list", env={"ALEGRA_PLUGINS": "alegra-pos"})
        self.assertEqual(0, code, err)
        self.assertRegex(
            out, r"\| alegra-pos +\| 1\.2\.0 +\| pos-terminals \(get, list\), "
                 r"pos-tickets \(create, get, list\) +\| pos-tickets\.any +\| "
                 r"markdown +\| ok +\|")
