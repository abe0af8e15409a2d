"""``alegra --help`` and ``alegra help``.

cliff's help instantiates every command (and, for each, loads every output
formatter) just to print one line about it. Here the line comes from the
command class itself, so help costs one import per plugin module and no
more; a plugin that cannot be imported is reported on stderr and the rest
of the list is still printed.
"""

import argparse

from cliff import complete as cliff_complete
from cliff import help as cliff_help

from alegra.errors import AlegraError


def print_command_list(app, out, already_reported=()):
    """Every command with its one-line description.

    Commands named in ``already_reported`` (conflicts the application has
    reported before running ``help``) are left out without a second line.
    """
    manager = app.command_manager
    names = sorted(name for name, _ in manager)
    width = max((len(name) for name in names), default=0)
    out.write("\nCommands:\n")
    for name in names:
        try:
            factory = manager.commands[name].load()
            if getattr(factory, "deprecated", False):
                continue
            line = manager.description_of(name)
        except AlegraError as exc:
            if name not in already_reported:
                app.report_error(exc)
            continue
        out.write(f"  {name:<{width}}  {line}\n")
    print_aliases(app, out, width)


def print_aliases(app, out, width):
    """The other words for a resource: ``invoice  invoices``."""
    manager = app.command_manager
    table = {}
    for alias in sorted(getattr(manager, "aliases", ())):
        try:
            table[alias] = manager.alias_target(alias)
        except AlegraError as exc:
            app.report_error(exc)
    if table:
        out.write("\nAliases (alegra invoice list = alegra invoices "
                  "list):\n")
        for alias, target in table.items():
            out.write(f"  {alias:<{width}}  {target}\n")


class HelpAction(argparse.Action):
    """``-h/--help`` on the application: options and the list of commands."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS,
                 default=None, help=None):
        super().__init__(option_strings, dest, nargs=0, default=default,
                         help=help)

    def __call__(self, parser, namespace, values, option_string=None):
        app = self.default
        # --help acts while the global options are still being parsed; the
        # application reports errors according to them (--debug), so give
        # it the ones read so far.
        if app.options is None:
            app.options = namespace
        parser.print_help(app.stdout)
        print_command_list(app, app.stdout)
        raise cliff_help.HelpExit()


class HelpCommand(cliff_help.HelpCommand):
    """Print detailed help for another command"""

    def take_action(self, parsed_args):
        if parsed_args.cmd:
            return super().take_action(parsed_args)
        self.app.parser.print_help(self.app.stdout)
        # The application has already reported conflicts before running us.
        print_command_list(self.app, self.app.stdout,
                           set(self.app.command_manager.conflicts))
        return 0


class CompleteCommand(cliff_complete.CompleteCommand):
    """Print a bash completion script (eval "$(alegra complete)")"""
