"""The private names of cliff alegra relies on still exist (an upgrade
that renames one fails here, not in a user's terminal)."""

import importlib

import testtools
from cliff import command, display, interactive

from alegra import cliffcompat


class TestCliffCompat(testtools.TestCase):

    def test_overridden_methods_exist(self):
        for module, cls, method in cliffcompat.OVERRIDDEN:
            owner = getattr(importlib.import_module(module), cls)
            self.assertTrue(callable(getattr(owner, method, None)),
                            f"{module}.{cls}.{method}")

    def test_private_names_read_exist(self):
        self.assertTrue(callable(command.Command._run_before_hooks))
        self.assertTrue(callable(display.DisplayCommandBase._run_after_hooks))
        self.assertTrue(callable(interactive.InteractiveApp._split_line))
        self.assertTrue(
            callable(interactive.InteractiveApp._complete_prefix))

    def test_a_command_reads_through_it(self):
        from alegra.app.application import AlegraApp
        from alegra.plugins import contacts

        cmd = contacts.List(AlegraApp(environ={}), None,
                            cmd_name="contacts list")
        self.assertIn("json", cliffcompat.formatters(cmd).names())
        self.assertEqual([], list(cliffcompat.epilog_hooks(cmd)))
