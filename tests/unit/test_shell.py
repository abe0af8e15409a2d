"""Global options, dispatch and the one-line errors."""

from tests.unit import base


class TestGlobalOptions(base.APITestCase):
    def setUp(self):
        super().setUp()
        self.mock.get(self.url("invoices"), json=[])

    def test_global_options_only_before_the_command(self):
        # --count is the list's option, not an abbreviation of --country.
        self.mock.get(self.url("invoices"),
                      json={"metadata": {"total": 4}, "data": []})
        code, out, err = self.run_cli("invoices", "list", "--count")
        self.assertEqual(0, code, err)
        self.assertEqual("4\n", out)

    def test_no_abbreviation_of_global_options(self):
        code, out, err = self.run_cli("--coun", "co", "invoices", "list")
        self.assertEqual(2, code)
        self.assertFalse(self.mock.called)

    def test_no_abbreviation_of_command_options(self):
        code, out, err = self.run_cli("invoices", "list", "--stat", "open")
        self.assertEqual(2, code)
        self.assertFalse(self.mock.called)

    def test_no_abbreviation_of_command_words(self):
        code, out, err = self.run_cli("inv", "list")
        self.assertEqual(2, code)
        self.assertIn("'inv list' is not an alegra command", err)

    def test_a_resource_alone_lists_its_verbs(self):
        code, out, err = self.run_cli("invoices")
        self.assertEqual(0, code, err)
        self.assertEqual("", err)
        for verb in ("create", "delete", "email", "get", "list", "open",
                     "preview", "stamp", "update", "void"):
            self.assertIn(f"\n  alegra invoices {verb} ", out)
        self.assertRegex(out, r"\n  alegra invoices list +List invoices\n")

    def test_an_unknown_verb_lists_the_known_ones(self):
        code, out, err = self.run_cli("invoices", "frobnicate")
        self.assertEqual(2, code)
        self.assertIn("'invoices' takes: attach, attachment-delete, create, "
                      "delete, email", err)

    def test_unknown_command_suggests(self):
        # ("invoice" is an alias of "invoices", so not a typo to fix.)
        code, out, err = self.run_cli("invoise", "list")
        self.assertEqual(2, code)
        self.assertEqual("", out)
        self.assertIn("did you mean", err)

    def test_query_short_option_belongs_to_list(self):
        self.mock.get(self.url("contacts"), json=[])
        code, out, err = self.run_cli("contacts", "list", "-q", "acme")
        self.assertEqual(0, code, err)
        self.assertEqual(["acme"], self.mock.last_request.qs["query"])

    def test_output_from_environment(self):
        self.mock.get(self.url("invoices"), json=[{"id": 1}])
        code, out, err = self.run_cli("invoices", "list",
                                      env={"ALEGRA_OUTPUT": "json"})
        self.assertEqual(0, code, err)
        self.assertEqual('[\n{"id":1}\n]\n', out)  # a record a line

    def test_output_option_after_command_wins(self):
        self.mock.get(self.url("invoices"), json=[{"id": 1}])
        code, out, err = self.run_cli("-o", "yaml", "invoices", "list",
                                      "-o", "value", "-c", "id")
        self.assertEqual(0, code, err)
        self.assertEqual("1\n", out)

    def test_unknown_output_format(self):
        code, out, err = self.run_cli("-o", "xml", "invoices", "list")
        self.assertEqual(2, code)
        self.assertIn("unknown output format 'xml'", err)
        self.assertFalse(self.mock.called)

    def test_base_url_option(self):
        self.mock.get("http://127.0.0.1:9/api/v1/invoices", json=[])
        code, out, err = self.run_cli(
            "--base-url", "http://127.0.0.1:9/api/v1", "invoices", "list")
        self.assertEqual(0, code, err)

    def test_dry_run_global_and_after_command(self):
        for argv in (("--dry-run", "invoices", "void", "12"),
                     ("invoices", "void", "12", "--dry-run")):
            code, out, err = self.run_cli(*argv)
            self.assertEqual(0, code, err)
            self.assertIn("POST https://api.alegra.com/api/v1/invoices/12/"
                          "void", out)
        self.assertFalse(self.mock.called)

    def test_version(self):
        code, out, err = self.run_cli("--version")
        self.assertEqual(0, code)
        self.assertRegex(out, r"^alegra \d+\.\d+\.\d+")

    def test_help_lists_commands(self):
        code, out, err = self.run_cli("--help")
        self.assertEqual(0, code)
        self.assertIn("invoices list", out)
        self.assertIn("contacts create", out)

    def test_command_help(self):
        code, out, err = self.run_cli("invoices", "list", "--help")
        self.assertEqual(0, code)
        self.assertIn("--order-direction", out)

    def test_help_command(self):
        code, out, err = self.run_cli("help", "invoices", "void")
        self.assertEqual(0, code, err)
        self.assertIn("Void (annul) an invoice", out)


class TestErrors(base.APITestCase):
    def test_one_line_error_and_exit_code(self):
        self.mock.get(self.url("invoices/99"), status_code=404,
                      json={"code": 404, "message": "No encontrado"})
        code, out, err = self.run_cli("invoices", "get", "99")
        self.assertEqual(4, code)
        self.assertEqual("", out)
        self.assertEqual(1, len(err.strip().splitlines()), err)
        self.assertTrue(err.startswith("Error: HTTP 404: No encontrado"))

    def test_debug_shows_traceback(self):
        self.mock.get(self.url("invoices/99"), status_code=404,
                      json={"code": 404, "message": "No encontrado"})
        code, out, err = self.run_cli("--debug", "invoices", "get", "99")
        self.assertEqual(4, code)
        self.assertIn("Traceback", err)

    def test_missing_credentials(self):
        del self.environ["ALEGRA_TOKEN"]
        code, out, err = self.run_cli("invoices", "list")
        self.assertEqual(3, code)
        self.assertIn("no credentials", err)
        self.assertFalse(self.mock.called)


class TestInteractive(base.TestCase):
    def test_piped_script_runs_commands_with_global_options(self):
        code, out, err = self.run_cli(
            "--dry-run", stdin="invoices void 12\ncontacts get 3\n")
        self.assertEqual(0, code, err)
        self.assertIn("invoices/12/void", out)
        self.assertIn("contacts/3", out)

    def test_piped_script_keeps_quoted_bodies_whole(self):
        code, out, err = self.run_cli(
            "--dry-run", "-o", "json", stdin=(
                "contacts create --no-validate -d '{\"name\": \"Acme "
                "S.A.S\", \"type\": [\"client\"]}'\n"))
        self.assertEqual(0, code, err)
        self.assertEqual("", err)
        self.assertIn('"name": "Acme S.A.S"', out)

    def test_global_options_alone_are_not_replayed_as_commands(self):
        code, out, err = self.run_cli("--dry-run", stdin="")
        self.assertEqual(0, code, err)
        self.assertNotIn("--dry-run", err)


class TestClosedStandardInput(base.TestCase):
    def run_closed(self, *argv):
        import io

        from alegra.app.application import AlegraApp

        stdin = io.StringIO()
        stdin.close()
        out, err = io.StringIO(), io.StringIO()
        app = AlegraApp(stdin=stdin, stdout=out, stderr=err,
                        environ=self.environ)
        return app.run(list(argv)), out.getvalue(), err.getvalue()

    def test_no_command_and_no_input(self):
        code, out, err = self.run_closed()
        self.assertEqual(2, code)
        self.assertIn("no command given", err)

    def test_body_from_a_closed_input(self):
        code, out, err = self.run_closed("--dry-run", "contacts", "create",
                                         "-f", "-")
        self.assertEqual(2, code)
        self.assertEqual("Error: -f -: standard input is closed\n", err)


class TestCompletion(base.TestCase):
    def shell(self):
        import io

        from alegra.app.interactive import InteractiveApp
        from alegra.app.application import AlegraApp

        app = AlegraApp(stdin=io.StringIO(), stdout=io.StringIO(),
                        stderr=io.StringIO(), environ=self.environ)
        return InteractiveApp(app, app.command_manager, io.StringIO(),
                              io.StringIO())

    def test_first_word_completes_resources(self):
        choices = self.shell()._get_commands_aliases_and_macros_choices()
        words = [item.text for item in choices.items]
        self.assertIn("invoices", words)
        self.assertIn("contacts", words)

    def test_later_words_complete_verbs(self):
        found = self.shell().completedefault("vo", "invoices vo", 9, 11)
        self.assertEqual(["void"], [item.text for item in found.items])


class TestUsageErrors(base.TestCase):
    def test_missing_argument_is_one_line(self):
        code, out, err = self.run_cli("invoices", "get")
        self.assertEqual(2, code)
        self.assertEqual(
            "Error: alegra invoices get: the following arguments are "
            "required: <id> (see 'alegra invoices get --help')\n", err)

    def test_unknown_global_option_is_one_line(self):
        code, out, err = self.run_cli("--bogus", "invoices", "list")
        self.assertEqual(2, code)
        self.assertEqual(1, len(err.splitlines()), err)
        self.assertIn("unknown option --bogus", err)

    def test_bad_value_is_one_line(self):
        code, out, err = self.run_cli("contacts", "list", "--type", "x")
        self.assertEqual(2, code)
        self.assertEqual(1, len(err.splitlines()), err)
        self.assertIn("'x' is not one of: client, provider", err)

    def test_mistyped_option_is_named_with_the_closest(self):
        code, out, err = self.run_cli("invoices", "list", "--stauts",
                                      "open")
        self.assertEqual(2, code)
        self.assertIn("unknown option --stauts (did you mean --status?)",
                      err)

    def test_spanish_choice_is_taken(self):
        code, out, err = self.run_cli(
            "contacts", "list", "--type", "proveedores", "--status",
            "Activos", "--dry-run", env={"ALEGRA_EMAIL": "a@b.co",
                                         "ALEGRA_TOKEN": "t"})
        self.assertEqual(0, code, err)
        self.assertIn("type=provider", out)
        self.assertIn("status=active", out)


class TestExitNow(base.TestCase):
    """The executable ends without the interpreter's teardown, but nothing
    a normal exit would do for the user is skipped."""

    def run_python(self, code):
        import subprocess
        import sys

        return subprocess.run([sys.executable, "-c", code],
                              capture_output=True, text=True, timeout=60)

    def test_streams_flushed_and_atexit_handlers_run(self):
        done = self.run_python(
            "import atexit, sys\n"
            "atexit.register(print, 'handler ran')\n"
            "from alegra.app.entry import exit_now\n"
            "sys.stdout.write('x' * 100000)\n"
            "sys.stderr.write('Warning: kept')\n"
            "exit_now(8)\n"
            "print('not reached')\n")
        self.assertEqual(8, done.returncode, done.stderr)
        self.assertEqual("x" * 100000 + "handler ran\n", done.stdout)
        self.assertEqual("Warning: kept", done.stderr)

    def run_exit_now(self, before, after=""):
        """``exit_now(0)`` between two pieces of code, then 'returned'."""
        return self.run_python(
            "from alegra.app.entry import exit_now\n" + before
            + "exit_now(0)\n" + after + "print('returned')\n")

    def test_a_running_thread_gets_the_normal_exit(self):
        done = self.run_exit_now(
            "import threading, time\n"
            "worker = threading.Thread(\n"
            "    target=lambda: (time.sleep(0.2), print('thread done')))\n"
            "worker.start()\n")
        self.assertEqual(0, done.returncode, done.stderr)
        self.assertEqual("returned\nthread done\n", done.stdout)

    def test_a_profiler_gets_the_normal_exit(self):
        done = self.run_exit_now("import sys\n"
                                 "sys.setprofile(lambda *args: None)\n",
                                 "sys.setprofile(None)\n")
        self.assertEqual(0, done.returncode, done.stderr)
        self.assertEqual("returned\n", done.stdout)
