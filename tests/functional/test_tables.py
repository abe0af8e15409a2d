"""Tables at an 80-column terminal, and values checked before sending,
through the installed executable against ``alegra sandbox serve``.

The terminal is a pseudo-terminal whose size is set with TIOCSWINSZ, and
COLUMNS is unset, so that the width comes from the terminal itself.
"""

import os
import re
import subprocess

from alegra import namespaces, registry
from alegra.output import fitting
from tests import terminal
from tests.functional.base import FunctionalTestCase, alegra_executable

WIDTH = 80
# A date cut at its end ("2026-10-" then "07" on the next line).
CUT_DATE = re.compile(r"\| \d{4}-(\d{2}-?)?\s*\|")


def list_resources():
    names = registry.claims(namespaces.COMMANDS)
    return sorted(name[:-len("_list")] for name in names
                  if name.endswith("_list") and "_" not in name[:-5])


class TablesAtEightyColumns(FunctionalTestCase):

    def in_terminal(self, *argv, columns=WIDTH):
        """``(code, screen text, stderr)`` of ``alegra argv`` with a
        terminal of ``columns`` as its standard output."""
        master, slave = terminal.pseudo_terminal(columns)
        env = self.environ()
        env.pop("COLUMNS", None)
        process = subprocess.Popen(
            [alegra_executable(), *argv], stdout=slave,
            stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=env,
            cwd=self.home)
        os.close(slave)
        screen = terminal.read_terminal(master, process, 60)
        os.close(master)
        err = process.stderr.read().decode()
        process.stderr.close()
        code = process.wait(timeout=30)
        return code, screen.decode().replace("\r\n", "\n"), err

    def test_every_default_list_fits(self):
        checked = []
        for resource in list_resources():
            code, screen, err = self.in_terminal(resource, "list")
            if code != 0 or not screen.strip():
                continue  # not in the sandbox's plan, or no records
            checked.append(resource)
            lines = screen.rstrip("\n").split("\n")
            for line in lines:
                self.assertLessEqual(fitting.width(line), WIDTH,
                                     f"{resource}: {line!r}")
                self.assertIsNone(CUT_DATE.search(line),
                                  f"{resource}: {line!r}")
            found = self.ok(resource, "list", "-o", "json").json()
            rows = [line for line in lines if line.startswith("| ")]
            # One line per record (and the header): nothing was wrapped.
            self.assertEqual(len(found) + 1, len(rows),
                             f"{resource}:\n{screen}")
            if "Hid " in err:
                self.assertRegex(err, r"Hid [\w.]+.* to fit 80 columns; "
                                      r"see them with --columns \S+ or -o "
                                      r"json")
        self.assertIn("invoices", checked)
        self.assertGreater(len(checked), 10)

    def test_invoices_keep_amounts_whole_and_say_what_is_hidden(self):
        code, screen, err = self.in_terminal("invoices", "list")
        self.assertEqual(0, code, err)
        self.assertIn("| Number ", screen)
        self.assertNotIn("numberTemplate.fullNumber", screen)
        totals = [invoice["total"] for invoice in self.ok(
            "invoices", "list", "-o", "json").json()]
        for total in totals:
            self.assertRegex(screen, rf"\| {re.escape(str(total))}")
        self.assertEqual(1, err.count("Hid "), err)
        self.assertIn("dueDate", err.split("to fit")[0])

    def test_wide_terminal_hides_nothing(self):
        code, screen, err = self.in_terminal("invoices", "list",
                                             columns=160)
        self.assertEqual(0, code, err)
        self.assertNotIn("Hid ", err)
        self.assertIn("| Due date ", screen)

    def test_max_width_still_works_off_a_terminal(self):
        found = self.ok("invoices", "list", "--max-width", "60")
        self.assertTrue(all(len(line) <= 60
                            for line in found.out.splitlines()), found.out)
        self.assertIn("Hid ", found.err)

    def test_a_pipe_gets_every_column_and_the_paths(self):
        found = self.ok("invoices", "list")
        self.assertIn("numberTemplate.fullNumber", found.out)
        self.assertNotIn("Hid ", found.err)


class ValuesCheckedBeforeSending(FunctionalTestCase):

    def test_spanish_status_is_taken(self):
        spanish = self.ok("invoices", "list", "--status", "abierta",
                          "-o", "json").json()
        english = self.ok("invoices", "list", "--status", "open",
                          "-o", "json").json()
        self.assertTrue(english)
        self.assertEqual(english, spanish)

    def test_unknown_status_is_refused_with_the_choices(self):
        result = self.alegra("invoices", "list", "--status", "opne")
        self.assertEqual(2, result.code, result)
        self.assertEqual(1, len(result.err.splitlines()), result.err)
        self.assertIn("'opne' is not one of: draft, open, closed, void "
                      "(did you mean open?)", result.err)
        self.assertEqual("", result.out)

    def test_mistyped_option_gets_did_you_mean(self):
        result = self.alegra("invoices", "list", "--stauts", "open")
        self.assertEqual(2, result.code, result)
        self.assertIn("unknown option --stauts (did you mean --status?)",
                      result.err)

    def test_set_takes_natural_dates_in_date_fields(self):
        import datetime

        result = self.ok("invoices", "create", "--dry-run", "--no-validate",
                         "--set", "date=today", "--set", "dueDate=tomorrow",
                         "--set", "observations=today", "-o", "json")
        today = datetime.date.today()
        sent = result.out + result.err
        self.assertIn(f'"date": "{today.isoformat()}"', sent)
        tomorrow = today + datetime.timedelta(days=1)
        self.assertIn(f'"dueDate": "{tomorrow.isoformat()}"', sent)
        self.assertIn('"observations": "today"', sent)
