"""Base classes for alegra commands, built-in or from a plugin.

They add what every command shares: no option abbreviations, the options
the user may also give after the command words (``--dry-run``,
``--show-token``, ``-o``, ``--columns``), output formatters from alegra's
own namespaces, and a client built for this command's dry-run settings.
"""

import itertools

from cliff import command, lister, show

from alegra import cliffcompat, i18n, namespaces, records, registry
from alegra.http import dryrun
from alegra.inputs import argparsing
from alegra.output import examples, jqfilter
from alegra.output.terminal import for_terminal, is_terminal
from alegra.errors import Declined, UsageError
from alegra.i18n import _, ngettext

_FORMATTERS = {}
# The code of the usage error a declined or impossible confirmation raises
# (the history of writes records the write as refused, in any language).
REFUSED = "refused"


def formatter_manager(namespace, report=None):
    """Every formatter of a namespace, loaded once per process.

    A formatter that fails to load is reported (one line naming its
    distribution) and left out; the others keep working.
    """
    if namespace in _FORMATTERS:
        return _FORMATTERS[namespace]
    from stevedore import extension

    loaded = {}
    report = report or (lambda error: None)
    for name, entry_points in registry.claims(namespace).items():
        if len(entry_points) > 1:
            report(registry.conflict("output formatter", name, entry_points))
            continue
        entry_point = entry_points[0]
        try:
            plugin = entry_point.load()
            obj = plugin()
        except Exception as exc:
            report(registry.load_failure("output formatter", name,
                                         entry_point, exc))
            continue
        loaded[name] = extension.Extension(name, entry_point, plugin, obj)
    manager = extension.ExtensionManager.make_test_instance(
        list(loaded.values()), namespace=namespace)
    _FORMATTERS[namespace] = manager
    return manager


def formatters_for(cmd, namespace):
    """:func:`formatter_manager`, a failure reported through ``cmd``'s
    application."""
    return formatter_manager(namespace,
                             getattr(cmd.app, "report_error", None))


class HelpFormatter(cliffcompat.SmartHelpFormatter):
    """cliff's help layout, with the ``Examples:`` paragraph of the epilog
    kept line by line (argparse would run the command lines together)."""

    def _fill_text(self, text, width, indent):
        return "\n\n".join(
            "\n".join(indent + line for line in paragraph.splitlines())
            if paragraph.startswith((examples.HEADING, _(examples.HEADING)))
            else super(HelpFormatter, self)._fill_text(paragraph, width,
                                                       indent)
            for paragraph in text.split("\n\n"))


class Command(command.Command):
    """A command that may talk to Alegra."""

    # Commands that never send a request (config, plugin list) set this to
    # False and get no --dry-run/--show-token.
    talks_to_api = True

    def get_parser(self, prog_name):
        # Not super(): in list and show commands the next class is cliff's
        # DisplayCommandBase, whose -f/--format DisplayMixin replaces.
        parser = argparsing.one_line_errors(
            command.Command.get_parser(self, prog_name))
        parser.allow_abbrev = False
        parser.formatter_class = HelpFormatter
        self.add_arguments(parser)
        if self.talks_to_api:
            group = parser.add_argument_group(_("request options"))
            group.add_argument(
                "--dry-run", action="store_true", default=False,
                help=_("print the request (and a curl command) instead of "
                       "sending it"),
            )
            group.add_argument(
                "--show-token", action="store_true", default=False,
                help=_("with --dry-run, print the real Authorization "
                       "header"),
            )
        return argparsing.translate(parser)

    def add_arguments(self, parser):
        """Add the command's own arguments; they are listed first in its
        help, before the request and output options every command has."""

    def get_epilog(self):
        """cliff's epilog without its ``packages_distributions()`` call.

        That call maps every installed module to its distribution (a
        quarter of a second) on every command, just to say which plugin
        provides it; here only commands from outside alegra pay for it.
        """
        parts = [cliffcompat.epilog(self) or ""]
        parts += [hook.obj.get_epilog()
                  for hook in cliffcompat.epilog_hooks(self)
                  if hook.obj is not None and hook.obj.get_epilog()]
        parts.append(examples.epilog(getattr(self, "cmd_name", "") or "",
                                     self))
        module = type(self).__module__
        if module.split(".")[0] != "alegra":
            for dist, _group, entry_point in registry.scan():
                if entry_point.value.split(":")[0] == module:
                    parts.append(_("This command is provided by the "
                                   "{dist} plugin.").format(dist=dist))
                    break
        return "\n\n".join(part for part in parts if part)

    @property
    def context(self):
        return self.app.context

    def flag(self, parsed_args, name):
        """A boolean option given after the command or before it."""
        return bool(getattr(parsed_args, name, False)
                    or getattr(self.app.options, name, False))

    def is_dry_run(self, parsed_args):
        return self.flag(parsed_args, "dry_run")

    def write_target(self, parsed_args):
        """``(method, path)`` of the write this command sends, or None for
        a command that only reads. The history of writes records a write
        refused before it was sent (a failed validation, a declined
        confirmation) under this."""
        return None

    def output_format(self, parsed_args):
        return self.context.output_format(
            getattr(parsed_args, "formatter", None))

    def client(self, parsed_args):
        sink = None
        show_token = self.flag(parsed_args, "show_token")
        if self.is_dry_run(parsed_args):
            sandbox_url = None
            if (getattr(self.context, "sandbox_mode", False)
                    and self.app.options.verbose_level >= 1):
                sandbox_url = self.context.base_url
            sink = dryrun.printer(self.app.stdout,
                                  self.output_format(parsed_args), show_token,
                                  stderr=self.app.stderr,
                                  sandbox_url=sandbox_url)
        return self.context.make_client(sink, show_token=show_token)

    def confirm(self, action, warning=""):
        """Ask "<action>? [y/N]" ("[s/N]" in Spanish) on a terminal. Where
        nobody can answer, refuse (a usage error) rather than wait;
        declining changes nothing and is a usage error too. ``action`` is
        in the user's language already."""
        stdin = self.app.stdin
        if not is_terminal(stdin):
            raise UsageError(
                _("refusing to {action} without confirmation: standard "
                  "input is not a terminal").format(
                      action=action[0].lower() + action[1:]),
                _("pass -y to confirm"), code=REFUSED)
        question = f"{action}? {warning}".strip()
        self.app.stderr.write(f"{question} {_('[y/N]')} ")
        self.app.stderr.flush()
        answer = stdin.readline().strip().lower()
        if answer not in i18n.yes_words():
            raise Declined(_("Cancelled; nothing was changed."),
                           code=REFUSED)

    def note(self, text):
        """A remark for people: on stderr, never mixed with the data."""
        if self.app.options.verbose_level >= 1:
            self.app.stderr.write(for_terminal(self.app.stderr)(text) + "\n")


class DisplayMixin:
    """Formatter handling shared by list and show commands.

    ``-f`` means the body file on commands that take a body
    (``takes_body = True``); there the format is chosen with ``-o`` or
    ``--format``. Elsewhere ``-f`` is cliff's format option and ``-o`` its
    alias. The default comes from the global ``-o``, ``ALEGRA_OUTPUT`` or
    the profile.
    """

    takes_body = False
    default_columns = ()

    def _load_formatter_plugins(self):
        return formatters_for(self, self.formatter_namespace)

    def get_parser(self, prog_name):
        parser = Command.get_parser(self, prog_name)
        group = parser.add_argument_group(
            _("output options"), _("how the result is printed"))
        cliffcompat.remember_formatter_group(self, group)
        choices = sorted(self.formatter_names())
        flags = (("-o", "--output", "--format") if self.takes_body
                 else ("-f", "--format", "-o", "--output"))
        group.add_argument(
            *flags, dest="formatter", metavar="FORMAT", default=None,
            help=_("output format: {choices} (default: table, or "
                   "ALEGRA_OUTPUT, or the profile's)").format(
                       choices=", ".join(choices)),
        )
        group.add_argument(
            "-c", "--column", action="append", default=[], dest="columns",
            metavar="COLUMN",
            help=_("a column to show (repeatable); dotted names reach "
                   "nested fields"),
        )
        group.add_argument(
            "--columns", dest="column_list", metavar="A,B,C",
            help=_("columns to show, comma-separated (client.name, "
                   "items.0.id)"),
        )
        parser.set_defaults(sort_columns=[], sort_direction=None)
        for formatter in cliffcompat.formatters(self):
            formatter.obj.add_argument_group(parser)
        for formatter in self.extra_formatters():
            formatter.obj.add_argument_group(parser)
        jqfilter.add_arguments(group)
        return argparsing.translate(parser)

    def formatter_names(self):
        """Every name ``-o`` accepts for this command."""
        return set(cliffcompat.formatters(self).names()) | {
            formatter.name for formatter in self.extra_formatters()}

    def extra_formatters(self):
        """Formatters from the other namespace this command also takes
        (a record is one row for csv); none for lists."""
        return []

    def requested_columns(self, parsed_args):
        """The columns the user asked for, or None."""
        columns = records.split_columns(
            list(parsed_args.columns or [])
            + [parsed_args.column_list or ""])
        if not columns:
            columns = records.split_columns([self.app.options.columns or ""])
        return columns or None

    def choose_formatter(self, parsed_args):
        name = self.output_format(parsed_args)
        parsed_args.formatter = name
        if name in cliffcompat.formatters(self).names():
            return cliffcompat.formatters(self)[name].obj
        for formatter in self.extra_formatters():
            if formatter.name == name:
                return formatter.obj
        raise UsageError(
            _("unknown output format {name!r}").format(name=name),
            _("choose from {names}").format(
                names=", ".join(sorted(self.formatter_names()))),
        )

    def warn_unknown_columns(self, unknown, fields):
        """``--columns`` named fields no record has: say which exist."""
        names = ", ".join(unknown)
        shown = for_terminal(self.app.stderr)  # field names are the server's
        self.app.stderr.write(shown(ngettext(
            "Warning: no {what} has the field {names}; its fields are: "
            "{fields}",
            "Warning: no {what} has the fields {names}; its fields are: "
            "{fields}", len(unknown)).format(
                what=self.what(), names=names, fields=", ".join(fields)))
            + "\n")

    def what(self):
        """What one record is called in messages (``invoice``), in the
        user's language."""
        resource = getattr(self, "resource", None)
        if resource is not None and hasattr(resource, "label"):
            return resource.label()
        return getattr(resource, "singular", None) or _("record")

    def run(self, parsed_args):
        parsed_args = cliffcompat.run_before_hooks(self, parsed_args)
        self.formatter = jqfilter.formatter(
            parsed_args, self.choose_formatter(parsed_args))
        self.exit_code = 0
        result = self.take_action(parsed_args)
        if result is not None:
            column_names, data = cliffcompat.run_after_hooks(
                self, parsed_args, result)
            deliver(self, parsed_args, column_names, data,
                    self.produce_output)
        return self.exit_code


class Lister(DisplayMixin, Command, lister.Lister):
    """A command that prints rows."""

    formatter_namespace = namespaces.FORMATTER_LIST
    need_sort_by_cliff = False

    # A table of every page is printed in blocks of this many rows, so
    # that memory stays flat however long the list.
    TABLE_BLOCK = 500

    def rows(self, parsed_args, objects):
        """``(columns, data)`` for a sequence of Alegra objects."""
        explicit = self.requested_columns(parsed_args)
        columns = explicit or list(self.default_columns)
        objects = self._keep_shown(objects)
        if not columns:  # a list nobody described: every field of the first
            objects, columns = _first_fields(objects)
        return columns, records.Records(objects, columns, bool(explicit),
                                        self.warn_unknown_columns)

    # The first records printed, for the shell's $last and completion.
    SHOWN_LIMIT = 500

    def _keep_shown(self, objects):
        self.shown = []
        for record in objects:
            if len(self.shown) < self.SHOWN_LIMIT:
                self.shown.append(record)
            yield record

    def produce_output(self, parsed_args, column_names, data):
        emit = getattr(self.formatter, "emit_documents", None)
        if (emit and isinstance(data, records.Records)
                and not data.explicit):
            emit(data.records, self.app.stdout, parsed_args)
            return 0
        parsed_args.columns = []
        rows = iter(data)
        first = next(rows, _NOTHING)
        if first is _NOTHING:
            if parsed_args.formatter == "table":
                self.app.stderr.write(_("No {records} match.").format(
                    records=self.plural()) + "\n")
                return 0
            rows = iter(())
        else:
            rows = itertools.chain((first,), rows)
        if parsed_args.formatter != "table":
            return lister.Lister.produce_output(
                self, parsed_args, column_names, rows)
        while True:
            block = list(itertools.islice(rows, self.TABLE_BLOCK))
            if not block:
                return 0
            lister.Lister.produce_output(self, parsed_args, column_names,
                                         block)

    def plural(self):
        """What the records are called in messages, in the user's
        language."""
        resource = getattr(self, "resource", None)
        if resource is not None and hasattr(resource, "plural_label"):
            return resource.plural_label()
        name = getattr(resource, "name", None)
        return name.replace("-", " ") if name else _("records")


class ShowOne(DisplayMixin, Command, show.ShowOne):
    """A command that prints one object."""

    formatter_namespace = namespaces.FORMATTER_SHOW

    # Commands that write print the id of what they made even when
    # --columns named only fields it lacks.
    shows_id = False

    def extra_formatters(self):
        """The list formatters too: a record is one row with a header in
        csv (or any list-only formatter), and an answer holding a list
        (``invoices stamp``) is printed as rows."""
        shown = set(cliffcompat.formatters(self).names())
        return [formatter for formatter in formatters_for(
                    self, namespaces.FORMATTER_LIST)
                if formatter.name not in shown]

    def list_formatter(self, name):
        manager = formatters_for(self, namespaces.FORMATTER_LIST)
        return manager[name].obj if name in manager.names() else None

    def one(self, parsed_args, obj):
        """``(columns, data)`` for one Alegra object.

        Tables show one row per field, nested fields flattened to dotted
        names (``client.name``), unless columns were asked for; json and
        yaml print the object whole. An answer that is a list of objects
        is printed as rows.
        """
        self._document = obj
        # The record printed, for the shell's $last and completion.
        self.shown = [obj] if isinstance(obj, dict) else []
        explicit = self.requested_columns(parsed_args)
        self._explicit = bool(explicit)
        self._rows = None
        if isinstance(obj, list) and all(isinstance(o, dict) for o in obj):
            objects, columns = _first_fields(obj)
            columns = explicit or columns
            self._rows = records.Records(list(objects), columns,
                                         bool(explicit),
                                         self.warn_unknown_columns)
            return columns, ()
        if explicit and isinstance(obj, dict):
            unknown = [column for column in explicit
                       if column not in records.present(obj, explicit)]
            if unknown:
                self.warn_unknown_columns(unknown, list(obj))
                if (self.shows_id and "id" in obj and "id" not in explicit):
                    explicit = ["id", *explicit]
        return records.record_view(obj, explicit)

    def produce_output(self, parsed_args, column_names, data):
        stdout = self.app.stdout
        emit = getattr(self.formatter, "emit_document", None)
        if emit and not getattr(self, "_explicit", True):
            emit(self._document, stdout, parsed_args)
            return 0
        parsed_args.columns = []
        rows = getattr(self, "_rows", None)
        if rows is not None:
            formatter = self.list_formatter(parsed_args.formatter)
            if formatter is None:  # a formatter for single records only
                for row in rows:
                    self.formatter.emit_one(rows.columns, row, stdout,
                                            parsed_args)
                return 0
            rows = list(rows)
            if not rows and parsed_args.formatter == "table":
                self.app.stderr.write(_("Nothing to show.") + "\n")
                return 0
            formatter.emit_list(column_names, rows, stdout, parsed_args)
            return 0
        if not hasattr(self.formatter, "emit_one"):  # csv: one row
            self.formatter.emit_list(column_names, [data], stdout,
                                     parsed_args)
            return 0
        return show.ShowOne.produce_output(
            self, parsed_args, column_names, data)


_NOTHING = object()


def _first_fields(objects):
    """``(objects, the first object's field names)``, the first object
    read ahead of the rest."""
    objects = iter(objects)
    first = next(objects, _NOTHING)
    if first is _NOTHING:
        return iter(()), []
    columns = list(first) if isinstance(first, dict) else ["result"]
    return itertools.chain((first,), objects), columns


def deliver(cmd, parsed_args, column_names, data, produce_output):
    """Print what a display command returned, or hand it to the context's
    output sink (a fan-out gathers what each profile would print)."""
    context = getattr(cmd.app, "context", None)
    sink = getattr(context, "output_sink", None)
    if sink is not None:
        return sink(cmd, column_names, data)
    return produce_output(parsed_args, column_names, data)


class _Adopted:
    """What a plain cliff display command from a plugin gets from alegra:
    the formatters of alegra's namespaces (built-in and third-party), the
    ``-o`` alias of ``-f``, and the global ``-o``/``ALEGRA_OUTPUT`` as its
    default where it has that format."""

    def _load_formatter_plugins(self):
        return formatters_for(self, self.formatter_namespace)

    @property
    def formatter_default(self):
        context = getattr(self.app, "context", None)
        chosen = context.output_format(None) if context else "table"
        known = cliffcompat.formatters(self).names()
        return chosen if chosen in known else "table"

    def produce_output(self, parsed_args, column_names, data):
        return deliver(self, parsed_args, column_names, data,
                       super().produce_output)

    def get_parser(self, prog_name):
        parser = argparsing.one_line_errors(super().get_parser(prog_name))
        parser.allow_abbrev = False
        options = parser._option_string_actions
        action = options.get("-f")
        if action is not None and "-o" not in options:
            action.option_strings.append("-o")
            options["-o"] = action
        return argparsing.translate(parser)


def adopt(factory):
    """``factory`` itself, or, for a plugin's plain cliff ``Lister`` or
    ``ShowOne``, a subclass that takes its formatters from alegra.

    The application decides where formatters come from, not the command's
    base class: a plain cliff command would otherwise read cliff's global
    ``cliff.formatter.*`` namespaces and miss alegra's csv, ndjson and every
    formatter a third party adds.
    """
    if not isinstance(factory, type) or issubclass(factory, DisplayMixin):
        return factory
    if issubclass(factory, lister.Lister):
        namespace = namespaces.FORMATTER_LIST
    elif issubclass(factory, show.ShowOne):
        namespace = namespaces.FORMATTER_SHOW
    else:
        return factory
    return type(factory.__name__, (_Adopted, factory), {
        "__module__": factory.__module__, "__doc__": factory.__doc__,
        "__qualname__": factory.__qualname__,
        "formatter_namespace": namespace})
