"""Shell completion: the candidates, the caches and the shell's lines."""

import json
import os
import statistics
import subprocess
import sys
import time

import fixtures
import testtools

from alegra.app import completion, interactive
from alegra.app.application import AlegraApp
from tests.unit.base import isolated_environ


class TestCandidates(testtools.TestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.spec = completion.build_spec(AlegraApp(environ=isolated_environ(
            "/nonexistent")))

    def setUp(self):
        super().setUp()
        home = self.useFixture(fixtures.TempDir()).path
        self.environ = isolated_environ(home)

    def complete(self, *words):
        return [line.split("\t")[0] for line in completion.candidates(
            self.spec, list(words), self.environ)]

    def test_first_word_after_global_options(self):
        self.assertIn("invoices", self.complete("--sandbox", "inv"))
        self.assertIn("invoices",
                      self.complete("--profile", "a", "--sandbox", "inv"))

    def test_global_options_and_their_values(self):
        self.assertIn("--sandbox", self.complete("--sa"))
        self.assertEqual(["json"], self.complete("-o", "js"))

    def test_command_options_and_choices(self):
        self.assertEqual(["--status"],
                         self.complete("invoices", "list", "--stat"))
        self.assertEqual(["draft", "open", "closed", "void"],
                         self.complete("invoices", "list", "--status", ""))
        self.assertEqual(["active", "inactive"],
                         self.complete("contacts", "list", "--status", ""))

    def test_files_where_a_file_is_due(self):
        self.assertEqual([completion.FILES],
                         self.complete("invoices", "import", "-f", ""))
        self.assertEqual([completion.FILES],
                         self.complete("invoices", "export", "--out", ""))

    def test_verbs_and_resource_aliases(self):
        self.assertIn("void", self.complete("invoices", "v"))
        self.assertIn("list", self.complete("invoice", "li"))

    def test_ids_from_the_cache_only(self):
        self.assertEqual([], self.complete("contacts", "get", ""))
        path = os.path.join(completion.cache_dir(self.environ),
                            "contacts.json")
        os.makedirs(os.path.dirname(path))
        with open(path, "w") as stream:
            json.dump({"written": time.time(),
                       "records": [["7", "Acme\x1b"], ["12", "Beta"]]},
                      stream)
        found = completion.candidates(self.spec, ["contacts", "get", "1"],
                                      self.environ)
        self.assertEqual(["12\tBeta"], found)
        self.assertEqual(["7\tAcme "], completion.candidates(
            self.spec, ["contacts", "get", "ac"], self.environ))

    def test_stale_ids_are_not_offered(self):
        path = os.path.join(completion.cache_dir(self.environ),
                            "items.json")
        os.makedirs(os.path.dirname(path))
        with open(path, "w") as stream:
            stream.write('{"written": 1, "records": [["7", "Old"]]}')
        self.assertEqual([], self.complete("items", "get", ""))

    def test_unknown_words_offer_nothing(self):
        self.assertEqual([], self.complete("nothing", "here", ""))


class TestSecrets(testtools.TestCase):
    def test_lines_with_secrets_are_recognised(self):
        for line in ("auth login --token abc", "x --set token=abc",
                     "ALEGRA_TOKEN=abc invoices list",
                     "auth login me@example.com abc123"):
            self.assertTrue(interactive.holds_secret(line), line)
        for line in ("invoices list --status open",
                     "auth login --email me@example.com",
                     "init --token-stdin --email e"):
            self.assertFalse(interactive.holds_secret(line), line)


class TestCallbackSpeed(testtools.TestCase):
    def test_answers_quickly_from_the_cache(self):
        home = self.useFixture(fixtures.TempDir()).path
        environ = isolated_environ(home)
        alegra = os.path.join(os.path.dirname(sys.executable), "alegra")
        argv = [alegra, "__complete", "invoices", "list", "--status", ""]
        subprocess.run(argv, env=environ, capture_output=True, timeout=60,
                       check=True)  # builds the cache
        times = []
        for _ in range(5):
            started = time.monotonic()
            done = subprocess.run(argv, env=environ, capture_output=True,
                                  text=True, timeout=30)
            times.append(time.monotonic() - started)
        self.assertEqual("draft\nopen\nclosed\nvoid\n", done.stdout)
        self.assertLess(statistics.median(times), 1.0)
