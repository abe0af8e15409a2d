"""``alegra sandbox serve|reset|seed|status``.

``alegra --help`` imports this module, so everything heavy (werkzeug,
sqlite3, the application) is imported inside ``take_action``.
"""

import os
import time


from alegra import command
from alegra.errors import AlegraError, UsageError
from alegra.i18n import N_, _
from alegra.sandbox import (
    DEFAULT_EMAIL, DEFAULT_HOST, DEFAULT_PORT, DEFAULT_TOKEN, default_db_path)

def rate_limit(text):
    """``150`` or ``off``."""
    if str(text).strip().lower() in ("off", "none"):
        return None
    try:
        value = int(text)
    except ValueError:
        raise UsageError(
            _("--rate-limit takes a number of requests a minute or "
              "'off', not {text!r}").format(text=text)) from None
    if value < 1:
        raise UsageError(_("--rate-limit must be at least 1, or 'off'"))
    return value


def port_number(text):
    """A TCP port, 0 (any free one) to 65535."""
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= 65535:
        raise UsageError(_("--port {text!r}: give a port from 0 (any "
                           "free one) to 65535").format(text=text))
    return value


def positive_seconds(text):
    try:
        value = float(text)
    except ValueError:
        value = 0
    if not 0 < value <= 3600:
        raise UsageError(_("--rate-window {text!r}: give seconds, above "
                           "0 and at most 3600").format(text=text))
    return value


def add_database_arguments(parser):
    parser.add_argument(
        "--db", metavar="PATH",
        help=_("database file (default: $ALEGRA_SANDBOX_DB, else "
               "$XDG_DATA_HOME/alegra/sandbox.db)"))
    parser.add_argument(
        "--country", metavar="CC",
        help=_("country of a new database: co, mx, pe or cr (default co; "
               "an existing database keeps its own)"))
    return parser


def add_serve_arguments(parser):
    """The options of ``serve``, shared with ``python -m alegra.sandbox``."""
    parser.add_argument("--host", default=DEFAULT_HOST,
                        help=_("address to listen on (default {host})")
                        .format(host=DEFAULT_HOST))
    parser.add_argument("--port", type=port_number, default=DEFAULT_PORT,
                        help=_("port to listen on, 0 for any free one "
                               "(default {port})").format(port=DEFAULT_PORT))
    add_database_arguments(parser)
    parser.add_argument("--email", default=DEFAULT_EMAIL,
                        help=_("e-mail accepted by Basic auth (default "
                               "{email})").format(email=DEFAULT_EMAIL))
    parser.add_argument("--token", default=DEFAULT_TOKEN,
                        help=_("token accepted by Basic auth (default "
                               "{token})").format(token=DEFAULT_TOKEN))
    parser.add_argument("--rate-limit", default="150", metavar="N|off",
                        help=_("requests a minute before 429 (default "
                               "150)"))
    parser.add_argument("--rate-window", type=positive_seconds, default=60,
                        metavar="SECONDS",
                        help=_("length of the rate-limit window (default "
                               "60, as Alegra's; shorter for fast 429 "
                               "tests)"))
    parser.add_argument("--gated", default="", metavar="GROUPS",
                        help=_("endpoint groups answered with 402 as "
                               "outside the plan, e.g. "
                               "reports,conciliations"))
    parser.add_argument("--latency", type=float, default=0, metavar="MS",
                        help=_("delay every answer by MS milliseconds"))
    parser.add_argument("--fail-rate", type=float, default=0.0,
                        metavar="R",
                        help=_("share of requests answered 500/503 before "
                               "doing anything (0 to 1)"))
    parser.add_argument("--drop-rate", type=float, default=0.0,
                        metavar="R",
                        help=_("share of requests processed and then left "
                               "unanswered, the connection closed (0 to "
                               "1)"))
    parser.add_argument("--seed", type=int, default=None,
                        help=_("random seed for faults and fiscal codes"))
    parser.add_argument("--id-format", default=None,
                        choices=("alegra", "string", "uuid", "integer"),
                        help=_("ids in answers: alegra (default, or "
                               "$ALEGRA_SANDBOX_ID_FORMAT: text, UUID v7 "
                               "for new records of switched resources), "
                               "string, uuid (every new record) or "
                               "integer"))
    parser.add_argument("--quiet", action="store_true",
                        help=_("no access log on stderr"))
    return parser


def serve(options, stdout):
    """Run the server described by parsed ``options`` until stopped."""
    import sqlite3

    from alegra.sandbox import app as app_module
    from alegra.sandbox import server as server_module
    from alegra.sandbox.schema import SchemaError

    db_path = options.db or default_db_path()
    limit = rate_limit(options.rate_limit)
    try:
        app = app_module.make_app(
            db_path, country=options.country or "co", email=options.email,
            token=options.token, rate_limit=limit,
            gated=[group for group in options.gated.split(",") if group],
            latency_ms=options.latency, fail_rate=options.fail_rate,
            drop_rate=options.drop_rate, seed=options.seed,
            rate_window=options.rate_window,
            id_format=options.id_format or os.environ.get(
                "ALEGRA_SANDBOX_ID_FORMAT"))
        server = server_module.start_server(
            app, options.host, options.port, quiet=options.quiet)
    except (ValueError, server_module.ServeError) as error:
        raise UsageError(str(error)) from None
    except (SchemaError, sqlite3.Error) as error:
        raise unusable(db_path, error) from None
    except OSError as error:
        raise AlegraError(
            _("the sandbox cannot serve on {host}:{port} or use {db}: "
              "{reason}").format(host=options.host, port=options.port,
                                 db=db_path,
                                 reason=error.strerror or error)) from None
    stdout.write(
        _("Sandbox serving {url}\n"
          "  email: {email}\n"
          "  token: {token}\n"
          "  country: {country} ({code}), database: {db}\n"
          "Press Ctrl-C to stop.\n").format(
            url=server_module.base_url(server), email=app.settings.email,
            token=app.settings.token, country=app.country.name,
            code=app.country.code, db=db_path))
    stdout.flush()
    server_module.serve_until_stopped(server)
    return 0


def unusable(db_path, error):
    """A sandbox database that cannot be read, in words, with the fix."""
    import sqlite3

    reason = (_("it is not a sandbox database")
              if isinstance(error, sqlite3.DatabaseError) else str(error))
    return AlegraError(
        _("the sandbox database {db} cannot be used: {reason}").format(
            db=db_path, reason=reason),
        _("recreate it with 'alegra sandbox reset -y --db {db}'").format(
            db=db_path))


def open_existing(db_path):
    """The store of an existing database; an error when there is none."""
    import sqlite3

    from alegra.sandbox import app as app_module
    from alegra.sandbox.schema import SchemaError

    if not os.path.exists(db_path):
        raise AlegraError(
            _("no sandbox database at {db}").format(db=db_path),
            _("it is created on first use, e.g. by 'alegra --sandbox "
              "contacts list' or 'alegra sandbox serve'"))
    try:
        return app_module.open_store(db_path)
    except (SchemaError, sqlite3.DatabaseError) as error:
        raise unusable(db_path, error) from None


class Command(command.Command):
    """A sandbox command: it manages the sandbox, it sends no request."""

    talks_to_api = False


class Serve(Command):
    _description = N_("Serve a local Alegra sandbox over HTTP")

    def add_arguments(self, parser):
        super().add_arguments(parser)
        add_serve_arguments(parser)

    def take_action(self, parsed_args):
        return serve(parsed_args, self.app.stdout)


class Reset(Command):
    _description = N_("Recreate the sandbox database with its demo company")

    def add_arguments(self, parser):
        super().add_arguments(parser)
        add_database_arguments(parser)
        parser.add_argument("-y", "--yes", action="store_true",
                            help=_("do not ask for confirmation"))

    def take_action(self, parsed_args):
        from alegra.sandbox import maintenance

        db_path = parsed_args.db or default_db_path()
        if not parsed_args.yes:
            self.confirm(_("Reset the sandbox at {db}").format(db=db_path),
                         _("All its data is lost."))
        try:
            country = maintenance.reset(db_path, parsed_args.country)
        except ValueError as error:
            raise UsageError(str(error)) from None
        self.app.stdout.write(
            _("Sandbox reset: {db} ({country}, demo company seeded)")
            .format(db=db_path, country=country.name) + "\n")
        return 0


class Seed(Command):
    _description = N_("Add generated invoices and contacts to the sandbox")

    def add_arguments(self, parser):
        super().add_arguments(parser)
        add_database_arguments(parser)
        parser.add_argument("--invoices", type=int, default=0, metavar="N",
                            help=_("invoices to add"))
        parser.add_argument("--contacts", type=int, default=0, metavar="N",
                            help=_("client contacts to add"))
        parser.add_argument("--seed", type=int, default=None,
                            help=_("random seed, for reproducible data"))

    def take_action(self, parsed_args):
        from alegra.sandbox import app as app_module
        from alegra.sandbox import seeding
        from alegra.sandbox.schema import SchemaError

        if parsed_args.invoices < 0 or parsed_args.contacts < 0:
            raise UsageError(
                _("--invoices and --contacts cannot be negative"))
        db_path = parsed_args.db or default_db_path()
        try:
            store, country = app_module.open_store(
                db_path, parsed_args.country or "co")
        except ValueError as error:
            raise UsageError(str(error)) from None
        except SchemaError as error:
            raise AlegraError(str(error)) from None
        stderr = self.app.stderr
        started = time.perf_counter()
        large = parsed_args.invoices + parsed_args.contacts > 1000

        def progress(kind, done, total):
            if large:
                label = {"contacts": _("contacts"),
                         "invoices": _("invoices")}.get(kind, kind)
                stderr.write(f"  {label}: {done}/{total}\n")
                stderr.flush()

        seeding.add_bulk(store, store.resources,
                         invoices=parsed_args.invoices,
                         contacts=parsed_args.contacts, progress=progress,
                         seed=parsed_args.seed)
        elapsed = time.perf_counter() - started
        self.app.stdout.write(
            _("Added {invoices} invoices and {contacts} contacts to {db} "
              "({country}) in {seconds:.1f} s").format(
                invoices=parsed_args.invoices,
                contacts=parsed_args.contacts, db=db_path,
                country=country.name, seconds=elapsed) + "\n")
        return 0


class Status(Command):
    _description = N_("Show the sandbox database: country, schema and "
                      "counts")

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--db", metavar="PATH",
                            help=_("database file (default: the "
                                   "sandbox's)"))

    def take_action(self, parsed_args):
        from alegra.sandbox import maintenance

        db_path = parsed_args.db or default_db_path()
        store, country = open_existing(db_path)
        report = maintenance.status(store, country)
        out = self.app.stdout
        for label, value in report:
            out.write(f"{label}: {value}\n")
        return 0
