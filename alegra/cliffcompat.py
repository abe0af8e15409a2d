"""Every private name of cliff (and of cmd2 through cliff's shell) that
alegra relies on, in one place.

Read in cliff 4.17.0, stevedore 5.10.0 and cmd2 4.3.1; setup.cfg bounds
cliff and stevedore below their next major versions. alegra reaches
these names only through this module, except for the private methods it
overrides, which must keep their names in the subclasses and are listed
in :data:`OVERRIDDEN` (tests/unit/test_cliffcompat.py checks that every
name still exists, so that an upgrade that renames one fails loudly).
"""

from cliff import _argparse

# cliff's help formatter, which keeps the paragraphs of descriptions.
SmartHelpFormatter = _argparse.SmartHelpFormatter

# ``(module, class, method)`` alegra overrides: cliff (and cmd2) call them.
OVERRIDDEN = (
    # DisplayCommandBase.__init__ loads the formatters through it; alegra
    # loads them from its own namespaces (alegra.command).
    ("cliff.display", "DisplayCommandBase", "_load_formatter_plugins"),
    # The first word of a shell line (alegra.app.interactive).
    ("cmd2", "Cmd", "_get_commands_aliases_and_macros_choices"),
)


def epilog(cmd):
    """The epilog a command class declares (cliff keeps it private)."""
    return cmd._epilog


def epilog_hooks(cmd):
    """The hooks cliff loaded for a command (each may add to its epilog)."""
    return cmd._hooks


def formatters(cmd):
    """The ``ExtensionManager`` of a display command's formatters."""
    return cmd._formatter_plugins


def remember_formatter_group(cmd, group):
    """Where cliff's display commands keep their output options group."""
    cmd._formatter_group = group


def run_before_hooks(cmd, parsed_args):
    return cmd._run_before_hooks(parsed_args)


def run_after_hooks(cmd, parsed_args, result):
    return cmd._run_after_hooks(parsed_args, result)


def complete_prefix(shell, line):
    """The command names cliff's shell completes ``line`` to."""
    return shell._complete_prefix(line)


def split_line(shell, statement):
    """A shell line as cliff's shell splits it into words."""
    return shell._split_line(statement)
