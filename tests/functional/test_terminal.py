"""At the terminal: the shell, completion in bash, zsh and fish, aliases,
init and NO_COLOR, driven as a person would (tmux gives the terminal)."""

import os
import shutil
import subprocess
import time
import uuid

from tests.functional.base import FunctionalTestCase, alegra_executable

BASH_COMPLETION = "/usr/share/bash-completion/bash_completion"


class Terminal:
    """A tmux session on its own server socket, read through its screen."""

    def __init__(self, test, command, environ):
        if shutil.which("tmux") is None:
            test.skipTest("tmux is not installed (apt-get install tmux)")
        self.socket = f"alegra-{uuid.uuid4().hex[:8]}"
        self.tmux("new-session", "-d", "-x", "160", "-y", "50", command,
                  env=environ)
        test.addCleanup(self.tmux, "kill-server", check=False)

    def tmux(self, *args, env=None, check=True):
        return subprocess.run(["tmux", "-L", self.socket, *args], env=env,
                              capture_output=True, text=True, timeout=20,
                              check=check).stdout

    def send(self, *keys):
        self.tmux("send-keys", *keys)

    def screen(self):
        return self.tmux("capture-pane", "-p", "-J")

    def wait_for(self, text, timeout=20):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never appeared:\n{self.screen()}")


class TerminalTestCase(FunctionalTestCase):
    def setUp(self):
        super().setUp()
        self.env = self.environ()
        self.env["PATH"] = (os.path.dirname(alegra_executable())
                            + os.pathsep + self.env["PATH"])
        self.env["TERM"] = "xterm"
        self.ok("complete", env=self.env)  # reads every command's options

    def script(self, shell):
        path = os.path.join(self.home, f"alegra.{shell}")
        with open(path, "w") as stream:
            stream.write(self.ok("complete", "--shell", shell,
                                 env=self.env).out)
        return path


class TestCompletion(TerminalTestCase):
    def drive(self, terminal, prompt, shown_id="Almacenes La Econom"):
        terminal.wait_for(prompt)
        terminal.send("alegra --sandbox invoi", "Tab")
        terminal.wait_for("alegra --sandbox invoice")
        terminal.send("C-u", "alegra invoices list --status ", "Tab", "Tab")
        screen = terminal.wait_for("closed")
        self.assertIn("draft", screen)
        terminal.send("C-u", "alegra --sandbox contacts list -f value "
                      "-c id --limit 2", "Enter")
        terminal.send("C-u", "alegra contacts get ", "Tab", "Tab")
        terminal.wait_for(shown_id)  # bash shows the ids alone

    def bash(self, with_package):
        if with_package and not os.path.exists(BASH_COMPLETION):
            self.skipTest("bash-completion is not installed "
                          "(apt-get install bash-completion)")
        rc = os.path.join(self.home, "bashrc")
        with open(rc, "w") as stream:
            if with_package:
                stream.write(f". {BASH_COMPLETION}\n")
            stream.write(f"PS1='bash$ '\n. {self.script('bash')}\n")
        return Terminal(self, f"bash --noprofile --rcfile {rc} -i",
                        self.env)

    def test_bash_without_bash_completion(self):
        self.drive(self.bash(False), "bash$", "1  2")

    def test_bash_with_bash_completion(self):
        self.drive(self.bash(True), "bash$", "1  2")

    def test_zsh(self):
        if shutil.which("zsh") is None:
            self.skipTest("zsh is not installed (apt-get install zsh)")
        folder = os.path.join(self.home, "zfunc")
        os.makedirs(folder, exist_ok=True)
        shutil.copy(self.script("zsh"), os.path.join(folder, "_alegra"))
        with open(os.path.join(self.home, ".zshrc"), "w") as stream:
            stream.write(f"fpath=({folder} $fpath)\nautoload -Uz compinit\n"
                         "compinit -u\nPS1='zsh$ '\n")
        env = dict(self.env, ZDOTDIR=self.home)
        self.drive(Terminal(self, "zsh -i", env), "zsh$")

    def test_fish(self):
        if shutil.which("fish") is None:
            self.skipTest("fish is not installed (apt-get install fish)")
        folder = os.path.join(self.home, "config", "fish", "completions")
        os.makedirs(folder, exist_ok=True)
        shutil.copy(self.script("fish"), os.path.join(folder, "alegra.fish"))
        with open(os.path.join(folder, "..", "config.fish"), "w") as stream:
            stream.write("function fish_prompt; echo 'fish$ '; end\n"
                         "set -g fish_greeting ''\n")
        self.drive(Terminal(self, "fish -i", self.env), "fish$")


class TestShell(TerminalTestCase):
    def start(self):
        terminal = Terminal(self, f"{alegra_executable()} --sandbox",
                            self.env)
        terminal.wait_for("(alegra sandbox · ")
        return terminal

    def test_a_session_of_alegra_own(self):
        terminal = self.start()
        screen = terminal.wait_for("'exit' or Ctrl-D quits")
        terminal.send("help", "Enter")
        screen = terminal.wait_for("In this shell")
        for builtin in ("run_pyscript", "shortcuts", "macro", "  edit"):
            self.assertNotIn(builtin, screen)
        terminal.send("C-l")
        terminal.send("invoices list --stat", "Tab")
        terminal.wait_for("invoices list --status")
        terminal.send("C-u", "contacts create --set name=Terminal", "Enter")
        terminal.wait_for("Terminal")
        terminal.send("history", "Enter")
        terminal.wait_for("1 sent")  # the write, one row per command
        terminal.send("contacts get $last -c name", "Enter")
        terminal.send("nothing-here", "Enter")
        terminal.wait_for("see 'help'")
        terminal.send("exit", "Enter")
        time.sleep(0.5)
        history = os.path.join(self.home, "state", "alegra", "shell-history")
        self.assertEqual(0o600, os.stat(history).st_mode & 0o777)
        self.assertEqual(0o700, os.stat(os.path.dirname(history)).st_mode
                         & 0o777)
        again = self.start()
        again.send("Up")
        again.wait_for(") nothing-here")
        again.send("Up", "Up")
        again.wait_for(") history")

    def test_no_secret_is_kept(self):
        terminal = self.start()
        terminal.send("auth login --token s3cr3t", "Enter")
        terminal.send("exit", "Enter")
        time.sleep(0.5)
        history = os.path.join(self.home, "state", "alegra", "shell-history")
        if os.path.exists(history):
            with open(history) as stream:
                self.assertNotIn("s3cr3t", stream.read())


class TestAliasesInitColour(FunctionalTestCase):
    def test_alias(self):
        self.ok("alias", "set", "abiertas", "invoices list --status open")
        listed = self.ok("abiertas", "--limit", "2", "-f", "value", "-c",
                         "status")
        self.assertEqual("open\nopen\n", listed.out)
        self.assertIn("abiertas", self.ok("alias", "list").out)
        shadow = self.alegra("alias", "set", "invoices", "contacts list")
        self.assertEqual(2, shadow.code)
        self.assertIn("cannot shadow", shadow.err)
        self.ok("alias", "remove", "abiertas")
        gone = self.alegra("alias", "remove", "abiertas")
        self.assertEqual(4, gone.code)
        self.assertEqual(1, len(gone.err.splitlines()))

    def test_init_without_a_terminal(self):
        env = self.environ()
        del env["ALEGRA_EMAIL"], env["ALEGRA_TOKEN"], env["ALEGRA_BASE_URL"]
        done = self.alegra(
            "init", "--non-interactive", "--email", "sandbox@alegra.test",
            "--token-stdin", "--profile", "empresa", "--base-url",
            self.server.base_url, stdin="sandbox\n", env=env)
        self.assertIn("[4/4]", done.err)
        self.assertIn("Ready: profile 'empresa'", done.err)
        listed = self.ok("--profile", "empresa", "invoices", "list",
                         "--limit", "1", "-f", "value", "-c", "id", env=env)
        self.assertEqual("1\n", listed.out)
        missing = self.alegra("init", "--non-interactive", env=env)
        self.assertEqual(2, missing.code)
        self.assertIn("--token-stdin", missing.err)

    def test_no_color(self):
        for env in (self.environ(NO_COLOR="1"), self.environ()):
            argv = ["--no-color"] if "NO_COLOR" not in env else []
            done = self.ok(*argv, "invoices", "list", "--limit", "1",
                           env=env)
            self.assertNotIn("\x1b[", done.out + done.err)
