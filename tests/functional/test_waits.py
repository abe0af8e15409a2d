"""Waits that speak, through the installed executable: a rate-limit pause
in the progress bar's label on a terminal, one stderr line per pause off
one, and --rate spacing the requests."""

import json
import os
import re
import subprocess
import time

from alegra.http import quota
from tests import terminal
from tests.functional.base import FunctionalTestCase, alegra_executable
from tests.unit.base import isolated_environ

WAITING = re.compile(r"waiting \d+ s for (the|your) rate limit "
                     r"\(\d+ a minute\)")
CONTROL = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def seed_contacts(cls, count):
    subprocess.run(
        [alegra_executable(), "sandbox", "seed", "--db", cls.server.db,
         "--contacts", str(count), "--seed", "3"],
        check=True, capture_output=True, env=isolated_environ(cls.home),
        timeout=60)


class TestPausesAreSaid(FunctionalTestCase):
    """A sandbox allowing 5 requests in a window of 5 s."""

    serve_options = ("--rate-limit", "5", "--rate-window", "5", "--quiet")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        seed_contacts(cls, 100)

    def window_spent(self, seconds):
        """Tell the next run that the window is spent for ``seconds``,
        as an earlier run would have left it."""
        env = self.environ()
        key = quota.account_key(self.server.base_url, env["ALEGRA_EMAIL"])
        path = quota.state_file(env)
        os.makedirs(path.parent, exist_ok=True)
        path.write_text(json.dumps({key: {
            "limit": 5, "remaining": 0,
            "resets_at": time.time() + seconds}}))

    def test_the_bar_says_the_pause_at_once(self):
        self.window_spent(4)
        master, slave = terminal.pseudo_terminal()
        env = self.environ(TERM="xterm")
        env.pop("COLUMNS", None)
        process = subprocess.Popen(
            [alegra_executable(), "contacts", "export", "--out",
             os.path.join(self.home, "bar.csv")],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=slave, env=env, cwd=self.home)
        os.close(slave)
        screen, first, said = "", None, None

        def watch(chunk):
            nonlocal screen, first, said
            now = time.monotonic()
            first = first or now
            screen += CONTROL.sub("", chunk.decode(errors="replace"))
            if WAITING.search(screen):
                said = now
            return said is not None

        try:
            terminal.read_terminal(master, process, 20, each=watch)
        finally:
            process.wait(timeout=30)
            os.close(master)
        self.assertEqual(0, process.returncode, screen)
        self.assertIsNotNone(said, screen)
        # The bar starts, its first request waits for the window: the
        # words are on the screen within two seconds.
        self.assertLess(said - first, 2.0, screen)
        self.assertIn("for the rate limit (5 a minute)", screen)
        self.assertNotIn("Waiting for", screen)

    def test_off_a_terminal_each_pause_is_one_line(self):
        self.window_spent(3)
        began = time.monotonic()
        result = self.ok("contacts", "export", "--out",
                         os.path.join(self.home, "line.csv"))
        lines = result.err.splitlines()
        said = [line for line in lines if WAITING.search(line)]
        self.assertTrue(said, result)
        for line in said:
            self.assertRegex(
                line, r"^waiting \d+ s for the rate limit \(5 a minute\)$")
        self.assertNotIn("Waiting for", result.err)
        self.assertNotIn("\x1b", result.err)
        self.assertRegex(lines[-1], r"^Exported \d+ contacts in ")
        self.assertGreater(time.monotonic() - began, 2.5)


class TestRateCap(FunctionalTestCase):
    """--rate against a sandbox with no limit of its own."""

    serve_options = ("--rate-limit", "off", "--quiet")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        seed_contacts(cls, 80)  # with the demo's, four pages

    def export(self, *options, env=None):
        out = os.path.join(self.home, "capped.csv")
        began = time.monotonic()
        result = self.ok(*options, "contacts", "export", "--out", out,
                         env=env)
        rows = int(re.search(r"Exported (\d+) contacts", result.err)[1])
        return result, rows // 30 + 1, time.monotonic() - began

    def test_requests_are_spaced_and_each_pause_said(self):
        result, requests, elapsed = self.export("--rate", "40")
        self.assertGreaterEqual(requests, 3)
        # 60 / 40 = 1.5 s between requests, at the least.
        self.assertGreaterEqual(elapsed, (requests - 1) * 1.5)
        said = [line for line in result.err.splitlines()
                if WAITING.search(line)]
        self.assertEqual(requests - 1, len(said), result)
        self.assertRegex(said[0], r"for your rate limit \(40 a minute\)$")

    def test_from_the_environment_and_without_a_cap(self):
        env = self.environ(ALEGRA_RATE="40")
        result, requests, elapsed = self.export(env=env)
        self.assertGreaterEqual(elapsed, (requests - 1) * 1.5)
        result, requests, elapsed = self.export("--rate", "off", env=env)
        self.assertLess(elapsed, (requests - 1) * 1.5)
        self.assertIsNone(WAITING.search(result.err), result)

    def test_a_second_or_less_is_not_said(self):
        result, requests, elapsed = self.export("--rate", "60")
        self.assertGreaterEqual(elapsed, (requests - 1) * 1.0)
        self.assertIsNone(WAITING.search(result.err), result)

    def test_wrong_values_are_refused(self):
        for argv, env, words in (
                (("--rate", "0"), {}, "--rate '0'"),
                (("--rate", "many"), {}, "--rate 'many'"),
                ((), {"ALEGRA_RATE": "1.5"}, "ALEGRA_RATE='1.5'")):
            result = self.alegra(*argv, "contacts", "list",
                                 env=self.environ(**env))
            self.assertEqual(2, result.code, result)
            self.assertEqual("", result.out)
            self.assertRegex(result.err, rf"^Error: {re.escape(words)} is "
                                         r"not a positive whole number of "
                                         r"requests a minute .*\n$")

    def test_a_wrong_setting_is_refused(self):
        home = os.path.join(self.home, "other")
        env = self.environ(XDG_CONFIG_HOME=os.path.join(home, "config"))
        os.makedirs(os.path.join(home, "config", "alegra"))
        with open(os.path.join(home, "config", "alegra", "config.yaml"),
                  "w", encoding="utf-8") as handle:
            handle.write("settings:\n  rate: [1]\n")
        result = self.alegra("contacts", "list", env=env)
        self.assertEqual(2, result.code, result)
        self.assertRegex(result.err, r"^Error: .*'rate' should be a number"
                                     r".*\n$")
