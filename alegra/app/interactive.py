"""The interactive shell: ``alegra`` with no command.

cliff's shell hands the program's own arguments to cmd2, which replays them
as commands (``alegra --dry-run`` would run a command named ``--dry-run``).
Here cmd2 never reads argv: global options given before the shell stay in
force for every command typed in it, and piped scripts
(``printf 'contacts list\\n' | alegra``) work.

It is alegra's shell, not cmd2's: only alegra's commands, ``help``,
``exit`` and ``quit`` exist in it (cmd2's ``shell``, ``edit``, ``set``,
``macro``... are gone, and ``history`` is alegra's history of writes).
The lines typed are recalled with the arrow keys and Ctrl-R, across
sessions, from a private file of the state folder that never keeps a line
holding a secret. Options and their values complete as in bash (see
:mod:`alegra.app.completion`), and ``$last`` stands for the id of the
last record shown.
"""

import re

import cmd2
from cliff import interactive

from alegra import cliffcompat
from alegra.errors import AlegraError
from alegra.i18n import _
from alegra.local.config import xdg_dir

KEPT = frozenset({"help", "exit", "quit", "_eof", "_no_last"})
HISTORY_LINES = 1000
LAST = "$last"
# Lines never written to the history file.
SECRET = re.compile(
    r"--token(?!-stdin)|token\s*=|password|secret|bearer|authorization"
    r"|--set\s+\S*token", re.IGNORECASE)
BANNER = ("alegra shell: 'help' lists the commands, 'help <command>' "
          "explains one; 'exit' or Ctrl-D quits")


def history_file(environ=None):
    return str(xdg_dir("XDG_STATE_HOME", environ) / "shell-history")


def holds_secret(line):
    """Whether ``line`` may hold a secret (a token, a password)."""
    if SECRET.search(line):
        return True
    words = line.split()
    # 'auth login EMAIL TOKEN': any word after the e-mail may be the token
    if words[:2] == ["auth", "login"]:
        return len([w for w in words[2:] if not w.startswith("-")]) > 1
    return False


def read_history(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as stream:
            return [line.rstrip("\n") for line in stream][-HISTORY_LINES:]
    except OSError:
        return []


def shell_label(context):
    """``alegra empresaB · Acme S.A.S``: the profile and, when it can be
    had, the company's name (kept per account after one GET /company)."""
    if context is None:
        return "alegra"
    try:
        profile = "sandbox" if context.sandbox_mode else context.profile_name
        found = context.credentials(required=False)
    except Exception:  # a bad profile is said by the first command
        return "alegra"
    name = None
    if found is not None:
        from alegra.app import company

        try:
            client = context.make_client()
            name = company.name_of_account(context, found, client)
        except Exception:  # offline: the prompt names the profile only
            name = None
    return " · ".join(filter(None, (f"alegra {profile}", name)))


class InteractiveApp(interactive.InteractiveApp):
    def __init__(self, parent_app, command_manager, stdin, stdout,
                 errexit=False):
        self.parent_app = parent_app
        self.command_manager = command_manager
        self.errexit = errexit
        self.on_terminal = stdin.isatty() and stdout.isatty()
        cmd2.Cmd.__init__(
            self, "tab", stdin=stdin, stdout=stdout, allow_cli_args=False,
            shortcuts={"?": "help"},
        )
        self._alegra_only = True
        self.prompt = (f"({shell_label(parent_app.context)}) "
                       if stdin.isatty() else "")
        self.history_path = None
        self.recalled = []
        if self.on_terminal:
            self.history_path = history_file(parent_app.environ)
            self.recalled = read_history(self.history_path)
            for line in self.recalled:
                self.main_session.history.append_string(line)

    # -- only alegra's commands ----------------------------------------------

    # cmd2 wires its own commands while it starts; they disappear after.
    _alegra_only = False

    def get_names(self):
        return [name for name in super().get_names()
                if not (self._alegra_only and name.startswith("do_"))
                or name[3:] in KEPT]

    def get_command_func(self, command):
        if self._alegra_only and command not in KEPT:
            return None
        return super().get_command_func(command)

    def do_help(self, arg):
        """List the commands, or explain one (help invoices list)"""
        words = str(arg).split()
        if words:
            self.parent_app.run_subcommand(["help", *words])
            return None
        from alegra.app.help import print_command_list

        print_command_list(self.parent_app, self.stdout)
        self.stdout.write("\n" + _(
            "In this shell: 'exit' or Ctrl-D quits, Up and Ctrl-R recall "
            "earlier lines, and $last is the id of the last record "
            "shown.") + "\n")
        return None

    def do__no_last(self, _statement):
        self.parent_app.report_error(AlegraError(
            _("$last has no value yet"), _("show a record first, e.g. "
                                          "'invoices get 12' or 'invoices "
                                          "list'")))

    def cmdloop(self, intro=None):
        if self.on_terminal:
            self.stdout.write(BANNER + "\n")
            self.stdout.flush()
        self._cmdloop()

    # -- completion ----------------------------------------------------------

    def _get_commands_aliases_and_macros_choices(self):
        """The first word: alegra's commands and aliases, help, exit."""
        from cmd2.completion import Choices, CompletionItem

        choices = super()._get_commands_aliases_and_macros_choices()
        words = sorted({name.split()[0] for name, _ in self.command_manager}
                       | set(self._user_aliases()))
        return Choices(items=[*choices.items,
                              *(CompletionItem(word) for word in words)])

    def _user_aliases(self):
        from alegra.app.completion import user_aliases

        return user_aliases(self.parent_app.environ)

    def completedefault(self, text, line, begidx, endidx):
        """Later words: command words, options and their values."""
        from cmd2.completion import CompletionItem, Completions

        from alegra.app import completion

        words = _words(line[:begidx]) + [text]
        environ = self.parent_app.environ
        spec = completion.spec_for(environ, lambda: self.parent_app)
        found = completion.candidates(spec, words, environ)
        if found == [completion.FILES]:
            return self.path_complete(text, line, begidx, endidx)
        items = []
        for candidate in found:
            value, _tab, meta = candidate.partition("\t")
            items.append(CompletionItem(value, display_meta=meta))
        return Completions(items=items)

    # -- running a line ------------------------------------------------------

    def precmd(self, statement):
        """Multi-word command names, as cliff's shell does, but keeping
        the quoting of the arguments: cliff joins them with spaces, so a
        quoted JSON body (``-d '{"name": "Acme"}'``) fell apart into words
        once a line came through the shell. ``$last`` becomes the id of
        the last record shown."""
        import shlex

        statement = cmd2.Cmd.precmd(self, statement)
        try:
            words = cliffcompat.split_line(self, statement)
            _factory, name, argv = self.command_manager.find_command(words)
        except (ValueError, AlegraError):
            return statement
        if LAST in argv:
            if self.parent_app.last_id is None:
                return cmd2.Statement("", raw=statement.raw,
                                      command="_no_last")
            argv = [self.parent_app.last_id if word == LAST else word
                    for word in argv]
        return cmd2.Statement(
            shlex.join(argv), raw=statement.raw, command=name,
            multiline_command=statement.multiline_command,
            terminator=statement.terminator, suffix=statement.suffix,
            redirector=statement.redirector,
            redirect_to=statement.redirect_to)

    def postcmd(self, stop, statement):
        self.remember_line(getattr(statement, "raw", str(statement)))
        return stop

    def remember_line(self, line):
        """Keep ``line`` for the next sessions (never one with a secret)."""
        line = " ".join(line.split())
        if (not self.history_path or not line or holds_secret(line)
                or line in ("exit", "quit")):
            return
        if self.recalled and self.recalled[-1] == line:
            return
        self.recalled = [*self.recalled, line][-HISTORY_LINES:]
        from alegra.local import statefile

        try:
            statefile.write_text(self.history_path,
                                 "".join(f"{entry}\n"
                                         for entry in self.recalled))
        except (AlegraError, OSError) as exc:
            self.parent_app.report_error(AlegraError(
                _("the shell history cannot be kept: {reason}").format(
                    reason=exc)))
            self.history_path = None


def _words(text):
    import shlex

    try:
        return shlex.split(text)
    except ValueError:
        return text.split()

