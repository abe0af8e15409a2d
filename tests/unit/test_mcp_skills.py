"""``alegra agent skills install``: a skill generated from the commands."""

import os

from alegra import errors
from alegra.app.application import AlegraApp
from alegra.mcp import skills
from tests.unit import base


class TestSkill(base.TestCase):

    def generated(self):
        app = AlegraApp(environ=self.environ)
        app.options = app.parser.parse_args([])
        return skills.generate(app)

    def test_install_writes_what_the_commands_generate(self):
        folder = os.path.join(self.home, "skills")
        code, out, err = self.run_cli("agent", "skills", "install", "--dir",
                                      folder)
        self.assertEqual(0, code, err)
        path = os.path.join(folder, "alegra", "SKILL.md")
        self.assertIn(path, err)
        with open(path, encoding="utf-8") as stream:
            written = stream.read()
        # Regenerated from the installed commands: never stale.
        self.assertEqual(self.generated(), written)

    def test_the_default_place_is_claude_codes(self):
        code, _, err = self.run_cli("agent", "skills", "install")
        self.assertEqual(0, code, err)
        self.assertTrue(os.path.isfile(os.path.join(
            self.home, ".claude", "skills", "alegra", "SKILL.md")))

    def test_front_matter_rules_codes_and_commands(self):
        text = self.generated()
        head, _, body = text.partition("\n---\n")
        self.assertTrue(head.startswith("---\nname: alegra\ndescription: "))
        for needle in ("--dry-run", "--read-only", "invoices emit ID",
                       "--sandbox", "| 10 |", "| 8 |"):
            self.assertIn(needle, body)
        self.assertIn("- `invoices`: ", body)
        for value in (errors.USAGE, errors.UNKNOWN_OUTCOME):
            self.assertIn(f"| {value} | ", body)
        # Verbs of commands that only touch this machine are not listed
        # as changing data for good.
        rule = next(line for line in body.splitlines()
                    if "change data for good" in line)
        self.assertIn("`void`", rule)
        self.assertNotIn("`reset`", rule)

    def test_dry_run_prints_and_writes_nothing(self):
        code, out, err = self.run_cli("agent", "skills", "install",
                                      "--dry-run")
        self.assertEqual(0, code, err)
        self.assertEqual(self.generated(), out)
        self.assertFalse(os.path.exists(os.path.join(self.home, ".claude")))

    def test_a_folder_in_place_of_the_file_is_refused(self):
        folder = os.path.join(self.home, "skills")
        os.makedirs(os.path.join(folder, "alegra", "SKILL.md"))
        code, out, err = self.run_cli("agent", "skills", "install", "--dir",
                                      folder)
        self.assertEqual(errors.USAGE, code)
        self.assertEqual(1, len(err.splitlines()), err)
        self.assertIn("not a regular file", err)
