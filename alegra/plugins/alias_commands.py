"""``alegra alias set|list|remove``: the user's own command aliases.

See :mod:`alegra.app.aliases`; the aliases are kept in the configuration
file, and these commands honour ``--dry-run`` as ``config`` does.
"""

from alegra import command
from alegra.i18n import N_, _
from alegra.errors import NotFoundError, UsageError
from alegra.plugins.config_commands import ConfigCommand


class Set(ConfigCommand):
    _description = N_("Save a command line under a name of your own")
    _epilog = (N_("Example: alegra alias set abiertas 'invoices list --status "
                  "open', then 'alegra abiertas --limit 5'"))

    def add_arguments(self, parser):
        parser.add_argument("name", help=N_("the new word"))
        parser.add_argument(
            "line", nargs="+", metavar="command",
            help=N_("the command it stands for, without 'alegra' (one quoted "
                    "argument or several words)"))

    def take_action(self, parsed_args):
        from alegra.app import aliases

        name = aliases.check_name(parsed_args.name,
                                  self.app.command_manager)
        import shlex

        line = (parsed_args.line[0] if len(parsed_args.line) == 1
                else shlex.join(parsed_args.line))
        words = aliases.split(line)
        if words[0] == "alegra":
            words = words[1:]
            line = shlex.join(words)
        if not words or words[0] == name:
            raise UsageError(_("alias '{name}' would stand for "
                               "itself").format(name=name))
        self.config.set_alias(name, line)
        self.save(parsed_args, _("Alias '{name}' is: alegra {line}").format(
            name=name, line=line))
        return 0


class List(ConfigCommand, command.Lister):
    _description = N_("List your command aliases")
    default_columns = ("name", "command")

    def take_action(self, parsed_args):
        rows = [{"name": name, "command": line}
                for name, line in sorted(self.config.aliases.items())]
        return self.rows(parsed_args, rows)


class Remove(ConfigCommand):
    _description = N_("Remove one of your command aliases")

    def add_arguments(self, parser):
        parser.add_argument("name", help=N_("the alias to remove"))

    def take_action(self, parsed_args):
        name = parsed_args.name
        if name not in self.config.aliases:
            raise NotFoundError(
                _("no alias named '{name}'").format(name=name),
                _("see 'alegra alias list'"))
        self.config.set_alias(name, None)
        self.save(parsed_args,
                  _("Alias '{name}' removed").format(name=name))
        return 0
