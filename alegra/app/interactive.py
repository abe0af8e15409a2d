"""The interactive shell: ``alegra`` with no command.

cliff's shell hands the program's own arguments to cmd2, which replays them
as commands (``alegra --dry-run`` would run a command named ``--dry-run``).
Here cmd2 never reads argv: global options given before the shell stay in
force for every command typed in it. History is kept in the state
directory, and piped scripts (``printf 'contacts list\\n' | alegra``) work.
"""

import os

import cmd2
from cliff import interactive

from alegra import cliffcompat
from alegra.local.config import xdg_dir
from alegra.errors import AlegraError


def history_file():
    return str(xdg_dir("XDG_STATE_HOME") / "history")


class InteractiveApp(interactive.InteractiveApp):
    def __init__(self, parent_app, command_manager, stdin, stdout,
                 errexit=False):
        self.parent_app = parent_app
        self.command_manager = command_manager
        self.errexit = errexit
        on_terminal = stdin.isatty()
        history = ""
        if on_terminal:
            history = history_file()
            from alegra.local import statefile

            statefile.make_private_dir(os.path.dirname(history))
        cmd2.Cmd.__init__(
            self, "tab", stdin=stdin, stdout=stdout, allow_cli_args=False,
            persistent_history_file=history,
        )
        self.prompt = "(alegra) " if on_terminal else ""

    def _get_commands_aliases_and_macros_choices(self):
        """The first word: cmd2's own commands and alegra's resources."""
        from cmd2.completion import Choices, CompletionItem

        choices = super()._get_commands_aliases_and_macros_choices()
        words = sorted({name.split()[0] for name, _ in self.command_manager})
        return Choices(items=[*choices.items,
                              *(CompletionItem(word) for word in words)])

    def completedefault(self, text, line, begidx, endidx):
        """Later words of multi-word commands (``invoices vo`` -> void)."""
        from cmd2.completion import CompletionItem, Completions

        words = {name[begidx:].split()[0]
                 for name in cliffcompat.complete_prefix(self, line)
                 if len(name) > begidx}
        return Completions(items=[CompletionItem(word)
                                  for word in sorted(words)])

    def precmd(self, statement):
        """Multi-word command names, as cliff's shell does, but keeping
        the quoting of the arguments: cliff joins them with spaces, so a
        quoted JSON body (``-d '{"name": "Acme"}'``) fell apart into words
        once a line came through the shell."""
        import shlex

        statement = cmd2.Cmd.precmd(self, statement)
        try:
            _, name, argv = self.command_manager.find_command(
                cliffcompat.split_line(self, statement))
        except (ValueError, AlegraError):
            return statement
        return cmd2.Statement(
            shlex.join(argv), raw=statement.raw, command=name,
            multiline_command=statement.multiline_command,
            terminator=statement.terminator, suffix=statement.suffix,
            redirector=statement.redirector,
            redirect_to=statement.redirect_to)
