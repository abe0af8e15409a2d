"""``alegra mcp <client> enable|disable``: the AI clients' MCP files."""

import json
import os
import sys
from unittest import mock

from alegra.mcp import clients
from tests.unit import base

OTHERS = ('{\n  "numStartups": 34,\n  "tipsHistory": {"x": 1.50},\n'
          '  "mcpServers": {\n    "github": {"type": "stdio", '
          '"command": "gh-mcp", "args": []}\n  }\n}\n')


class TestClientFiles(base.TestCase):

    def setUp(self):
        super().setUp()
        self.project = os.path.join(self.home, "project")
        os.makedirs(self.project)
        self.enter_project()
        self.claude = os.path.join(self.home, ".claude.json")

    def enter_project(self):
        here = os.getcwd()
        os.chdir(self.project)
        self.addCleanup(os.chdir, here)

    def write(self, path, text):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)

    def read(self, path):
        with open(path, encoding="utf-8") as handle:
            return handle.read()

    def cli(self, *argv, env=None):
        with mock.patch("alegra.mcp.commands.executable",
                        return_value="alegra"):
            return self.run_cli(*argv, env=env)

    def test_claude_enable_keeps_every_other_entry_and_number(self):
        self.write(self.claude, OTHERS)
        code, out, err = self.cli("--profile", "acme", "mcp", "claude",
                                  "enable")
        self.assertEqual(0, code, err)
        text = self.read(self.claude)
        document = json.loads(text)
        self.assertEqual(34, document["numStartups"])
        self.assertIn('"x": 1.50', text)  # exactly as it was written
        self.assertEqual("gh-mcp",
                         document["mcpServers"]["github"]["command"])
        self.assertEqual(
            {"type": "stdio", "command": "alegra",
             "args": ["--profile", "acme", "mcp", "start"],
             "env": self.locations()},
            document["mcpServers"]["alegra"])
        self.assertIn(f"Added the 'alegra' MCP server in {self.claude}", err)

    def test_disable_removes_only_its_entry(self):
        self.write(self.claude, OTHERS)
        self.assertEqual(0, self.cli("mcp", "claude", "enable")[0])
        code, _, err = self.cli("mcp", "claude", "disable")
        self.assertEqual(0, code, err)
        document = json.loads(self.read(self.claude))
        self.assertEqual(["github"], list(document["mcpServers"]))
        code, _, err = self.cli("mcp", "claude", "disable")
        self.assertEqual(0, code)
        self.assertIn("has no 'alegra' server; nothing to do", err)

    def test_a_file_that_is_not_json_is_refused_untouched(self):
        self.write(self.claude, '{"mcpServers": {,}')
        code, out, err = self.cli("mcp", "claude", "enable")
        self.assertEqual(2, code)
        self.assertEqual("", out)
        self.assertEqual(1, len(err.splitlines()), err)
        self.assertRegex(err, r"^Error: .*\.claude\.json is not valid JSON")
        self.assertEqual('{"mcpServers": {,}', self.read(self.claude))
        self.write(self.claude, '[1, 2]')
        code, _, err = self.cli("mcp", "claude", "enable")
        self.assertEqual(2, code)
        self.assertIn("does not hold a JSON object", err)

    def test_the_write_is_atomic(self):
        self.write(self.claude, OTHERS)
        with mock.patch("os.replace", side_effect=OSError(28, "No space")):
            code, _, err = self.cli("mcp", "claude", "enable")
        self.assertEqual(2, code)
        self.assertIn("cannot write", err)
        self.assertEqual(OTHERS, self.read(self.claude))
        # No temporary file is left behind.
        self.assertEqual([".claude.json"],
                         [name for name in os.listdir(self.home)
                          if name.startswith(".claude.json")])

    def test_the_mode_of_the_file_is_kept(self):
        self.write(self.claude, OTHERS)
        os.chmod(self.claude, 0o600)
        self.assertEqual(0, self.cli("mcp", "claude", "enable")[0])
        self.assertEqual(0o600, os.stat(self.claude).st_mode & 0o777)

    def locations(self):
        """The env a host needs: these tests keep alegra's files outside
        HOME/.config, where a host with a bare environment would look."""
        return {name: self.environ[name] for name in (
            "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME")}

    def test_the_entry_names_the_profile_and_no_secret(self):
        code, _, err = self.cli("mcp", "cursor", "enable", "--toolsets",
                                "sales,contacts", env={
                                    "ALEGRA_TOKEN": "s3cr3t-token-value",
                                    "ALEGRA_CONFIG": "/etc/alegra.yaml"})
        self.assertEqual(0, code, err)
        text = self.read(os.path.join(self.home, ".cursor", "mcp.json"))
        self.assertNotIn("s3cr3t", text)
        entry = json.loads(text)["mcpServers"]["alegra"]
        self.assertEqual(["--profile", "default", "mcp", "start",
                          "--toolsets", "sales,contacts"], entry["args"])
        self.assertEqual("/etc/alegra.yaml", entry["env"]["ALEGRA_CONFIG"])

    def test_under_home_no_env_is_needed(self):
        from alegra.mcp.commands import location_env

        self.assertEqual({}, location_env({
            "HOME": "/h", "XDG_CONFIG_HOME": "/h/.config"}))
        self.assertEqual({"XDG_STATE_HOME": "/s"}, location_env({
            "HOME": "/h", "XDG_STATE_HOME": "/s"}))

    def test_dry_run_shows_the_change_and_writes_nothing(self):
        self.write(self.claude, OTHERS)
        code, out, err = self.cli("mcp", "claude", "enable", "--dry-run",
                                  "--read-only")
        self.assertEqual(0, code, err)
        self.assertIn('+    "alegra": {', out)
        self.assertIn('"--read-only"', out)
        self.assertIn("nothing was written", err)
        self.assertEqual(OTHERS, self.read(self.claude))

    def test_claude_project_and_local_scopes(self):
        code, _, err = self.cli("--sandbox", "mcp", "claude", "enable",
                                "--scope", "project")
        self.assertEqual(0, code, err)
        document = json.loads(self.read(os.path.join(self.project,
                                                     ".mcp.json")))
        self.assertEqual(["--sandbox", "mcp", "start"],
                         document["mcpServers"]["alegra"]["args"])
        code, _, err = self.cli("mcp", "claude", "enable", "--scope",
                                "local", "--name", "alegra-test")
        self.assertEqual(0, code, err)
        document = json.loads(self.read(self.claude))
        self.assertIn("alegra-test", document["projects"][os.getcwd()]
                      ["mcpServers"])

    def test_cursor_and_vscode_formats(self):
        self.assertEqual(0, self.cli("mcp", "cursor", "enable")[0])
        cursor = json.loads(self.read(os.path.join(self.home, ".cursor",
                                                   "mcp.json")))
        self.assertEqual({"command": "alegra",
                          "args": ["--profile", "default", "mcp", "start"],
                          "env": self.locations()},
                         cursor["mcpServers"]["alegra"])
        vscode_file = os.path.join(self.project, ".vscode", "mcp.json")
        self.write(vscode_file, '{"inputs": [], "servers": {"other": {}}}')
        self.assertEqual(0, self.cli("mcp", "vscode", "enable")[0])
        vscode = json.loads(self.read(vscode_file))
        self.assertEqual({"type": "stdio", "command": "alegra",
                          "args": ["--profile", "default", "mcp", "start"],
                          "env": self.locations()},
                         vscode["servers"]["alegra"])
        self.assertEqual([], vscode["inputs"])
        self.assertIn("other", vscode["servers"])
        self.assertEqual(0, self.cli("mcp", "vscode", "disable")[0])
        self.assertEqual(["other"],
                         list(json.loads(self.read(vscode_file))["servers"]))

    def test_vscode_user_profile_folder(self):
        place = clients.target("vscode", "user", {"HOME": "/h",
                                                  "XDG_CONFIG_HOME": "/c"})
        if sys.platform.startswith("linux"):
            self.assertEqual("/c/Code/User/mcp.json", place.path)
        self.assertEqual(("servers",), place.keys)

    def test_a_folder_in_place_of_the_file_is_refused(self):
        os.makedirs(self.claude)
        code, _, err = self.cli("mcp", "claude", "enable")
        self.assertEqual(2, code)
        self.assertIn("is a directory, not a regular file", err)
