"""``alegra --help`` and ``alegra help``.

cliff's help instantiates every command (and, for each, loads every output
formatter) just to print one line about it. Here the line comes from the
command class itself, so help costs one import per plugin module and no
more; a plugin that cannot be imported is reported on stderr and the rest
of the list is still printed.
"""

import argparse

from cliff import help as cliff_help

from alegra import command
from alegra.errors import AlegraError
from alegra.i18n import N_, _


def print_command_list(app, out, already_reported=()):
    """Every command with its one-line description.

    Commands named in ``already_reported`` (conflicts the application has
    reported before running ``help``) are left out without a second line.
    Descriptions come from a cache when the module that declares the
    command has not changed since (see :mod:`alegra.app.helpcache`). Returns
    the module files the list was read from, or None when something could
    not be read.
    """
    manager = app.command_manager
    names = sorted(name for name, _ in manager)
    width = max((len(name) for name in names), default=0)
    from alegra.app.helpcache import DescriptionCache

    cache = DescriptionCache(getattr(app, "environ", None))
    complete = True
    out.write("\n" + _("Commands:") + "\n")
    for name in names:
        entry = manager.commands[name]
        line = cache.get(entry)
        if line is None:
            try:
                factory = entry.load()
                line = ("" if getattr(factory, "deprecated", False)
                        else manager.description_of(name))
            except AlegraError as exc:
                complete = False
                if name not in already_reported:
                    app.report_error(exc)
                continue
            cache.put(entry, line)
        if line:  # a deprecated command has no line
            out.write(f"  {name:<{width}}  {line}\n")
    complete = print_aliases(app, out, width, cache) and complete
    cache.save()
    return cache.files if complete else None


def print_aliases(app, out, width, cache):
    """The other words for a resource: ``invoice  invoices``.

    Finding the word an alias stands for imports its resource's module, so
    the answer is kept in the description cache like a command's line."""
    manager = app.command_manager
    aliases = getattr(manager, "aliases", {})
    table = {}
    complete = True
    for alias in sorted(aliases):
        entry_points = aliases[alias]
        value = getattr(entry_points[0], "value", None) \
            if len(entry_points) == 1 else None
        key = f"alias {alias} {value}"
        target = cache.lookup(value, key) if value else None
        if target is None:
            try:
                target = manager.alias_target(alias)
            except AlegraError as exc:
                app.report_error(exc)
                complete = False
                continue
            if value:
                cache.store(value, target, key)
        table[alias] = target
    if table:
        out.write("\n" + _("Aliases (alegra invoice list = alegra invoices "
                           "list):") + "\n")
        for alias, target in table.items():
            out.write(f"  {alias:<{width}}  {target}\n")
    return complete


def print_group(app, words, out):
    """``alegra invoices`` (or ``--help``): the group's commands, each
    with its one-line description."""
    manager = app.command_manager
    group = " ".join(words)
    names = sorted(name for name, _ in manager
                   if name.split()[:len(words)] == words and name != group)
    width = max((len(name) for name in names), default=0)
    out.write(_("usage: alegra [global options] {group} <command> "
                "[options]").format(group=group)
              + "\n\n" + _("Commands:") + "\n")
    for name in names:
        try:
            factory = manager.commands[name].load()
            if getattr(factory, "deprecated", False):
                continue
            line = manager.description_of(name)
        except AlegraError as exc:
            app.report_error(exc)
            continue
        out.write(f"  alegra {name:<{width}}  {line}\n")
    out.write("\n" + _("Run 'alegra {group} <command> --help' for a "
                       "command's options and examples.").format(group=group)
              + "\n")


def suggest(app, words, limit=3):
    """Command names close to the ``words`` typed, best first.

    Only close spellings count (``invoice list`` -> ``invoices list``):
    a suggestion that shares nothing with what was typed misleads more
    than it helps, so there may be none.
    """
    import difflib

    names = [name for name, _ in app.command_manager]
    aliases = getattr(app.command_manager, "aliases", {}) or {}
    firsts = sorted({name.split()[0] for name in names} | set(aliases))
    found = []
    for first in difflib.get_close_matches(words[0], firsts, n=3,
                                           cutoff=0.75):
        if first in aliases:
            try:
                first = app.command_manager.alias_target(first)
            except AlegraError:
                continue
        rest = words[1:]
        candidate = " ".join([first, *rest])
        if candidate in names:
            found.append(candidate)
            continue
        following = app.words_after([first])
        if rest:
            found += [f"{first} {word}" for word in difflib.get_close_matches(
                rest[0], following, n=2, cutoff=0.6)]
        elif following:
            found.append(first)
    typed = " ".join(words)
    if not found:  # words run together or split apart: "invoiceslist"
        found = difflib.get_close_matches(typed, names, n=limit, cutoff=0.85)
    unique = []
    for name in found:
        if name not in unique and name != typed:
            unique.append(name)
    return unique[:limit]


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
        import io

        out = io.StringIO()
        parser.print_help(out)
        files = print_command_list(app, out)
        app.stdout.write(out.getvalue())
        app.stdout.flush()
        if files is not None and not app.command_manager.conflicts:
            from alegra.app import helpcache

            helpcache.save_help(app.environ, out.getvalue(), files)
        raise cliff_help.HelpExit()


class HelpCommand(cliff_help.HelpCommand):
    """Print detailed help for another command"""

    _description = N_("Print detailed help for another command")

    def take_action(self, parsed_args):
        if parsed_args.cmd:
            try:
                self.app.command_manager.find_command(parsed_args.cmd)
            except ValueError:
                return self.app.unknown_command(parsed_args.cmd,
                                                asked_for_help=True)
            return super().take_action(parsed_args)
        self.app.parser.print_help(self.app.stdout)
        # The application has already reported conflicts before running us.
        print_command_list(self.app, self.app.stdout,
                           set(self.app.command_manager.conflicts))
        return 0


class CompleteCommand(command.Command):
    """Print a completion script for bash, zsh or fish"""

    _description = N_("Print a completion script for bash, zsh or fish")
    talks_to_api = False
    _epilog = N_("Install: alegra complete --shell zsh > ~/.zfunc/_alegra "
                 "(see the completion page of the docs for each shell)")

    def add_arguments(self, parser):
        parser.add_argument(
            "--shell", choices=("bash", "zsh", "fish"), default="bash",
            help=_("the shell to complete in (default bash)"))

    def take_action(self, parsed_args):
        from alegra.app import completion

        # Read every command's options now, so that the first <Tab> is
        # as quick as the next ones.
        completion.save_spec(completion.build_spec(self.app),
                             self.app.environ)
        self.app.stdout.write(completion.SCRIPTS[parsed_args.shell])
        return 0
