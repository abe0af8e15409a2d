"""Many companies in one command: ``--profile a,b,c`` and ``--all-profiles``.

A read command (list, get, export, count, reports, doctor) runs once per
profile, each in its own thread with its own context, client, credentials
and rate budget. What each prints is gathered and printed together, in the
order the profiles were named: rows and objects gain a leading ``profile``
column or field, ``--count`` becomes one ``profile<TAB>count`` line each
(a JSON object with ``-o json``), and other text is printed line by line
after ``profile<TAB>``. A profile that fails is one ``Error: [profile] ...``
line on stderr while the others print; the exit code is then 8 (partial).

Writes refuse more than one profile unless ``--yes-all-profiles`` is given.
``ALEGRA_EMAIL``, ``ALEGRA_TOKEN`` and ``ALEGRA_BASE_URL`` describe one
account, so here they are ignored: each profile uses its own.

The app imports this module at start-up for its options, so everything
else is imported where it is used.
"""

from alegra import errors
from alegra.i18n import N_, _

ONE_ACCOUNT_VARIABLES = ("ALEGRA_EMAIL", "ALEGRA_TOKEN", "ALEGRA_BASE_URL",
                         "ALEGRA_PROFILE")
READ_WORDS = frozenset({"list", "get", "export", "count", "show"})
READ_GROUPS = frozenset({"reports", "report", "doctor"})
MAX_THREADS = 32


def add_arguments(parser):
    """The global options, beside ``--profile``."""
    parser.add_argument(
        "--all-profiles", action="store_true",
        help=N_("run a read command once for every profile, side by "
                "side (or name several: --profile a,b,c)"))
    parser.add_argument(
        "--yes-all-profiles", action="store_true",
        help=N_("let a write run for several profiles"))


def profiles(app):
    """The profiles asked for, or None when the command runs once."""
    options = app.options
    if getattr(options, "all_profiles", False):
        names = sorted(app.context.config.profiles)
        if not names:
            raise errors.UsageError(
                _("--all-profiles: there are no profiles"),
                _("create them with 'alegra config set-profile NAME'"))
        return names
    text = options.profile or ""
    if "," not in text:
        return None
    from alegra.local.config import check_profile_name

    names = [check_profile_name(name.strip())
             for name in text.split(",") if name.strip()]
    return list(dict.fromkeys(names))


def is_read(factory, name):
    """Whether a command only reads (so it may run for many profiles)."""
    declared = getattr(factory, "reads_only", None)
    if declared is not None:
        return bool(declared)
    words = name.split()
    if words[0] in READ_GROUPS or words[-1] in READ_WORDS:
        return not getattr(factory, "takes_body", False)
    from alegra import command

    return (issubclass(factory, (command.Lister, command.ShowOne))
            and not getattr(factory, "takes_body", False))


def maybe_run(app, argv):
    """Run ``argv`` for several profiles and return its exit code, or None
    when one profile (or none named) leaves it to the app."""
    names = profiles(app)
    if names is None:
        return None
    if len(names) == 1:
        app.options.profile = names[0]
        return None
    try:
        factory, name, sub_argv = app.command_manager.find_command(argv)
    except ValueError:
        return app.unknown_command(argv)
    if not getattr(factory, "talks_to_api", True):
        return None
    if app.options.sandbox:
        raise errors.UsageError(
            _("--sandbox is one local company; it cannot run for several "
              "profiles"), _("drop --sandbox, or name one profile"))
    if not is_read(factory, name) and not app.options.yes_all_profiles:
        raise errors.UsageError(
            _("'{name}' changes data; it runs for one profile at a "
              "time").format(name=name),
            _("pass --yes-all-profiles to run it for all {count}").format(
                count=len(names)))
    return FanOut(app, factory, name, sub_argv, names).run()


def run(app, argv):
    """The app's hook: an exit code when the command ran for several
    profiles (or failed to), None when the app runs it as usual."""
    try:
        return maybe_run(app, argv)
    except errors.AlegraError as exc:
        app.report_error(exc)
        return exc.exit_code


class ProfileResult:
    def __init__(self, profile):
        self.profile = profile
        self.code = 0
        self.columns = None
        self.documents = None
        self.show = False
        self.explicit = False
        self.text = ""
        self.errors = ""


class FanOut:
    def __init__(self, app, factory, name, sub_argv, names):
        self.app = app
        self.factory = factory
        self.name = name
        self.sub_argv = sub_argv
        self.names = names

    def run(self):
        app = self.app
        # Parsed once here: a usage error (or a bad --jq) stops everything
        # before any request, and the formatters are loaded once.
        self.cmd = self.factory(app, app.options, cmd_name=self.name)
        parser = self.cmd.get_parser(f"{app.NAME} {self.name}")
        try:
            self.parsed_args = parser.parse_args(self.sub_argv)
        except SystemExit as exc:
            from alegra.app import running

            return running.exit_code(exc)
        # A dry run prints requests, not records: shown as text.
        self.exporting = (hasattr(self.parsed_args, "export_format")
                          and not self.cmd.is_dry_run(self.parsed_args))
        if self.exporting:
            self.check_out()
        self.warn_about_environment()
        from alegra.local import credentials

        # Read once for every profile: parsing it is most of what 20
        # profiles cost (and keyrings are not made for many threads).
        self.file_tokens = credentials.FileTokens(self.child_environ())
        children = [self.child(name) for name in self.names]
        import concurrent.futures

        workers = min(len(children), MAX_THREADS)
        with concurrent.futures.ThreadPoolExecutor(workers) as pool:
            outcomes = list(pool.map(self.run_one, children))
        self.print_errors(outcomes)
        self.print_data([o for o in outcomes if o.code == 0])
        return exit_code(outcomes)

    def check_out(self):
        """Refuse a device, FIFO or folder for ``--out`` before any
        profile sends a request."""
        from alegra.bulk import bulkexport, workbook
        from alegra.local import userfiles

        bulkexport.check_options(self.parsed_args)
        if not userfiles.is_stdout(self.parsed_args.out):
            userfiles.check(self.parsed_args.out)
        elif self.parsed_args.export_format == "xlsx":
            workbook.check_target(self.app.stdout)

    def warn_about_environment(self):
        given = [name for name in ONE_ACCOUNT_VARIABLES[:2]
                 if self.app.environ.get(name)]
        if given:
            self.app.stderr.write(_(
                "Warning: {variables} describe one account and are ignored "
                "for several profiles; each uses its own").format(
                    variables=_(" and ").join(given)) + "\n")

    # -- one profile -------------------------------------------------------

    def child_environ(self):
        return {key: value for key, value in self.app.environ.items()
                if key not in ONE_ACCOUNT_VARIABLES}

    def child(self, profile):
        """A copy of the app for one profile: its own options, streams and
        context, with the profile's credentials resolved up front."""
        import copy
        import io

        from alegra.app.context import Context

        app = self.app
        environ = self.child_environ()
        options = copy.copy(app.options)
        options.profile = profile
        options.all_profiles = False
        if options.base_url and options.base_url == app.environ.get(
                "ALEGRA_BASE_URL"):
            options.base_url = None
        config = app.context.config
        try:
            from alegra.local import credentials

            found = credentials.resolve(profile, config.profile(profile),
                                        environ, self.file_tokens)
            failure = None
        except errors.AlegraError as exc:
            found, failure = None, exc

        def resolved(profile_name, profile_settings, environ):
            if failure is not None:
                raise failure
            return found

        result = ProfileResult(profile)
        child = copy.copy(app)
        child.stdin = io.StringIO("")
        child.stdout = io.StringIO()
        child.stderr = io.StringIO()
        child.options = options
        child.environ = environ
        child.context = Context(
            options, environ, child.stderr, config=config,
            credentials=resolved,
            output_sink=lambda cmd, columns, data: self.capture(
                result, cmd, columns, data))
        child.profile = profile
        child.result = result
        return child

    def run_one(self, child):
        import copy

        from alegra.app.running import run_command

        cmd = self.factory(child, child.options, cmd_name=self.name)
        parsed_args = copy.copy(self.parsed_args)
        if self.exporting:
            # Records come back as NDJSON; the parent writes them out.
            parsed_args.export_format = "ndjson"
            parsed_args.out = None
            parsed_args.excel = False
            parsed_args.decimal = None
            parsed_args.headers = "paths"
        result = child.result
        try:
            result.code = run_command(child, cmd, parsed_args)
        finally:
            child.context.close()
        result.text = child.stdout.getvalue()
        result.errors = child.stderr.getvalue()
        return result

    def capture(self, outcome, cmd, columns, data):
        """Keep what a command would have printed (fetching it all, in
        this profile's thread)."""
        from alegra import records

        outcome.columns = list(columns)
        if isinstance(data, records.Records):
            outcome.explicit = data.explicit
            outcome.documents = (list(data.records) if not data.explicit
                                 else [_as_object(columns, row)
                                       for row in data])
        elif hasattr(cmd, "_document"):
            outcome.show = True
            outcome.explicit = getattr(cmd, "_explicit", False)
            outcome.documents = [
                _as_object(columns, data) if outcome.explicit
                else cmd._document]
        else:
            outcome.explicit = True
            outcome.documents = [_as_object(columns, row) for row in data]
        return 0

    # -- together ----------------------------------------------------------

    def print_errors(self, outcomes):
        from alegra.output.terminal import for_terminal

        stderr = self.app.stderr
        shown = for_terminal(stderr)  # each child wrote to a buffer
        for outcome in outcomes:
            for line in outcome.errors.splitlines():
                if line.startswith("Error: "):
                    line = f"Error: [{outcome.profile}] {line[7:]}"
                else:
                    line = f"[{outcome.profile}] {line}"
                stderr.write(shown(line) + "\n")
        stderr.flush()

    def print_data(self, outcomes):
        if self.exporting:
            return self.print_export(outcomes)
        with_data = [o for o in outcomes if o.documents is not None]
        if with_data:
            if any(o.show for o in with_data):
                self.print_objects(with_data)
            else:
                self.print_rows(with_data)
        self.print_text([o for o in outcomes if o.documents is None])

    def print_rows(self, outcomes):
        from alegra import records

        cmd, parsed_args = self.cmd, self.parsed_args
        columns = ["profile"] + [c for c in outcomes[0].columns
                                 if c != "profile"]
        documents = [{"profile": o.profile, **document}
                     for o in outcomes for document in o.documents]
        explicit = any(o.explicit for o in outcomes)
        self.choose_formatter()
        parsed_args.jq_each = False
        cmd.produce_output(parsed_args, columns,
                           records.Records(documents, columns, explicit))

    def print_objects(self, outcomes):
        from alegra import records

        cmd, parsed_args = self.cmd, self.parsed_args
        documents = [{"profile": o.profile, **document}
                     for o in outcomes for document in o.documents]
        formatter = self.choose_formatter()
        emit = getattr(formatter, "emit_documents", None)
        if emit is not None and not any(o.explicit for o in outcomes):
            parsed_args.jq_each = True
            emit(documents, self.app.stdout, parsed_args)
            return
        for document in documents:
            columns, data = cmd.one(parsed_args, document)
            if "profile" not in columns:
                columns = ["profile", *columns]
                data = records.row_of(document, columns)
            cmd.produce_output(parsed_args, columns, data)

    def print_export(self, outcomes):
        """One export of every profile's records, ``profile`` first, in the
        format (and to the file) asked for."""
        from alegra import jsonio
        from alegra.bulk import bulkexport, writers
        from alegra.local import userfiles

        parsed_args = self.parsed_args
        columns = self.cmd.columns(parsed_args)
        if isinstance(columns, list) and "profile" not in columns:
            columns = ["profile", *columns]
        documents = ({"profile": o.profile, **jsonio.loads(line)}
                     for o in outcomes for line in o.text.splitlines()
                     if line.strip())

        options = bulkexport.writer_options(self.cmd, parsed_args)

        def write(stream):
            writer = writers.make_writer(parsed_args.export_format, stream,
                                         columns, **options)
            for document in documents:
                writer.write(document)
            writer.close()

        if userfiles.is_stdout(parsed_args.out):
            write(self.app.stdout)
            self.app.stdout.flush()
            return
        try:
            with userfiles.writing(parsed_args.out) as stream:
                write(stream)
        except OSError as exc:  # a full disk, say: the file is untouched
            raise errors.AlegraError(
                _("cannot write {path}: {reason}; it was not changed").format(
                    path=parsed_args.out, reason=exc.strerror or exc)) \
                from None

    def choose_formatter(self):
        from alegra.output import jqfilter

        cmd = self.cmd
        cmd.formatter = jqfilter.formatter(
            self.parsed_args, cmd.choose_formatter(self.parsed_args))
        return cmd.formatter

    def print_text(self, outcomes):
        stdout = self.app.stdout
        counting = getattr(self.parsed_args, "count", False)
        output = merged_output_format(
            self.app.context, getattr(self.parsed_args, "formatter", None))
        if counting and output == "json":
            from alegra import jsonio

            counts = {o.profile: _number(o.text) for o in outcomes}
            if counts:
                stdout.write(jsonio.dumps(counts, 2) + "\n")
            return
        for outcome in outcomes:
            for line in outcome.text.splitlines():
                stdout.write(f"{outcome.profile}\t{line}\n")
        stdout.flush()


def merged_output_format(context, override):
    """The format of what several profiles print together: the option,
    else the settings every profile shares (one profile's own ``output``
    speaks for that profile alone)."""
    for given in (override, context.options.output):
        if given is not None:
            return context.output_format(given)
    return context.config.settings.get("output") or "table"


def _number(text):
    text = text.strip()
    return int(text) if text.isdigit() else text


def _as_object(columns, row):
    return {column: _raw(value) for column, value in zip(columns, row)}


def _raw(value):
    machine = getattr(value, "machine_readable", None)
    return machine() if machine else value


def exit_code(outcomes):
    """0 when every profile succeeded, 8 (partial) when some failed; when
    all failed, their common code (8 if they differ)."""
    codes = [o.code for o in outcomes]
    if not any(codes):
        return 0
    if all(codes) and len(set(codes)) == 1:
        return codes[0]
    return errors.PARTIAL
