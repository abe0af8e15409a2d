"""``alegra sandbox serve|reset|seed|status``.

``alegra --help`` imports this module, so everything heavy (werkzeug,
sqlite3, the application) is imported inside ``take_action``.
"""

import os
import time


from alegra import command
from alegra.errors import AlegraError, UsageError
from alegra.sandbox import (
    DEFAULT_EMAIL, DEFAULT_HOST, DEFAULT_PORT, DEFAULT_TOKEN, default_db_path)

COUNTRY_CHOICES = "co, mx, pe or cr"


def rate_limit(text):
    """``150`` or ``off``."""
    if str(text).strip().lower() in ("off", "none"):
        return None
    try:
        value = int(text)
    except ValueError:
        raise UsageError(
            f"--rate-limit takes a number of requests a minute or 'off', "
            f"not {text!r}") from None
    if value < 1:
        raise UsageError("--rate-limit must be at least 1, or 'off'")
    return value


def port_number(text):
    """A TCP port, 0 (any free one) to 65535."""
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= 65535:
        raise UsageError(f"--port {text!r}: give a port from 0 (any free "
                         "one) to 65535")
    return value


def positive_seconds(text):
    try:
        value = float(text)
    except ValueError:
        value = 0
    if not 0 < value <= 3600:
        raise UsageError(f"--rate-window {text!r}: give seconds, above 0 "
                         "and at most 3600")
    return value


def add_database_arguments(parser):
    parser.add_argument(
        "--db", metavar="PATH",
        help="database file (default: $ALEGRA_SANDBOX_DB, else "
             "$XDG_DATA_HOME/alegra/sandbox.db)")
    parser.add_argument(
        "--country", metavar="CC",
        help=f"country of a new database: {COUNTRY_CHOICES} (default co; "
             "an existing database keeps its own)")
    return parser


def add_serve_arguments(parser):
    """The options of ``serve``, shared with ``python -m alegra.sandbox``."""
    parser.add_argument("--host", default=DEFAULT_HOST,
                        help=f"address to listen on (default {DEFAULT_HOST})")
    parser.add_argument("--port", type=port_number, default=DEFAULT_PORT,
                        help=f"port to listen on, 0 for any free one "
                             f"(default {DEFAULT_PORT})")
    add_database_arguments(parser)
    parser.add_argument("--email", default=DEFAULT_EMAIL,
                        help=f"e-mail accepted by Basic auth (default "
                             f"{DEFAULT_EMAIL})")
    parser.add_argument("--token", default=DEFAULT_TOKEN,
                        help=f"token accepted by Basic auth (default "
                             f"{DEFAULT_TOKEN})")
    parser.add_argument("--rate-limit", default="150", metavar="N|off",
                        help="requests a minute before 429 (default 150)")
    parser.add_argument("--rate-window", type=positive_seconds, default=60,
                        metavar="SECONDS",
                        help="length of the rate-limit window (default 60, "
                             "as Alegra's; shorter for fast 429 tests)")
    parser.add_argument("--gated", default="", metavar="GROUPS",
                        help="endpoint groups answered with 402 as outside "
                             "the plan, e.g. reports,conciliations")
    parser.add_argument("--latency", type=float, default=0, metavar="MS",
                        help="delay every answer by MS milliseconds")
    parser.add_argument("--fail-rate", type=float, default=0.0,
                        metavar="R",
                        help="share of requests answered 500/503 before "
                             "doing anything (0 to 1)")
    parser.add_argument("--drop-rate", type=float, default=0.0,
                        metavar="R",
                        help="share of requests processed and then left "
                             "unanswered, the connection closed (0 to 1)")
    parser.add_argument("--seed", type=int, default=None,
                        help="random seed for faults and fiscal codes")
    parser.add_argument("--id-format", default=None,
                        choices=("alegra", "string", "uuid", "integer"),
                        help="ids in answers: alegra (default, or "
                             "$ALEGRA_SANDBOX_ID_FORMAT: text, UUID v7 for "
                             "new records of switched resources), string, "
                             "uuid (every new record) or integer")
    parser.add_argument("--quiet", action="store_true",
                        help="no access log on stderr")
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
            f"the sandbox cannot serve on {options.host}:{options.port} "
            f"or use {db_path}: {error.strerror or error}") from None
    stdout.write(
        f"Sandbox serving {server_module.base_url(server)}\n"
        f"  email: {app.settings.email}\n"
        f"  token: {app.settings.token}\n"
        f"  country: {app.country.name} ({app.country.code}), "
        f"database: {db_path}\n"
        "Press Ctrl-C to stop.\n")
    stdout.flush()
    server_module.serve_until_stopped(server)
    return 0


def unusable(db_path, error):
    """A sandbox database that cannot be read, in words, with the fix."""
    import sqlite3

    reason = ("it is not a sandbox database"
              if isinstance(error, sqlite3.DatabaseError) else str(error))
    return AlegraError(
        f"the sandbox database {db_path} cannot be used: {reason}",
        f"recreate it with 'alegra sandbox reset -y --db {db_path}'")


def open_existing(db_path):
    """The store of an existing database; an error when there is none."""
    import sqlite3

    from alegra.sandbox import app as app_module
    from alegra.sandbox.schema import SchemaError

    if not os.path.exists(db_path):
        raise AlegraError(
            f"no sandbox database at {db_path}",
            "it is created on first use, e.g. by 'alegra --sandbox "
            "contacts list' or 'alegra sandbox serve'")
    try:
        return app_module.open_store(db_path)
    except (SchemaError, sqlite3.DatabaseError) as error:
        raise unusable(db_path, error) from None


class Command(command.Command):
    """A sandbox command: it manages the sandbox, it sends no request."""

    talks_to_api = False


class Serve(Command):
    _description = "Serve a local Alegra sandbox over HTTP"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        add_serve_arguments(parser)

    def take_action(self, parsed_args):
        return serve(parsed_args, self.app.stdout)


class Reset(Command):
    _description = "Recreate the sandbox database with its demo company"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        add_database_arguments(parser)
        parser.add_argument("-y", "--yes", action="store_true",
                            help="do not ask for confirmation")

    def take_action(self, parsed_args):
        from alegra.sandbox import maintenance

        db_path = parsed_args.db or default_db_path()
        if not parsed_args.yes:
            self.confirm(f"Reset the sandbox at {db_path}",
                         "All its data is lost.")
        try:
            country = maintenance.reset(db_path, parsed_args.country)
        except ValueError as error:
            raise UsageError(str(error)) from None
        self.app.stdout.write(
            f"Sandbox reset: {db_path} ({country.name}, demo company "
            "seeded)\n")
        return 0


class Seed(Command):
    _description = "Add generated invoices and contacts to the sandbox"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        add_database_arguments(parser)
        parser.add_argument("--invoices", type=int, default=0, metavar="N",
                            help="invoices to add")
        parser.add_argument("--contacts", type=int, default=0, metavar="N",
                            help="client contacts to add")
        parser.add_argument("--seed", type=int, default=None,
                            help="random seed, for reproducible data")

    def take_action(self, parsed_args):
        from alegra.sandbox import app as app_module
        from alegra.sandbox import seeding
        from alegra.sandbox.schema import SchemaError

        if parsed_args.invoices < 0 or parsed_args.contacts < 0:
            raise UsageError("--invoices and --contacts cannot be negative")
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
                stderr.write(f"  {kind}: {done}/{total}\n")
                stderr.flush()

        seeding.add_bulk(store, store.resources,
                         invoices=parsed_args.invoices,
                         contacts=parsed_args.contacts, progress=progress,
                         seed=parsed_args.seed)
        elapsed = time.perf_counter() - started
        self.app.stdout.write(
            f"Added {parsed_args.invoices} invoices and "
            f"{parsed_args.contacts} contacts to {db_path} "
            f"({country.name}) in {elapsed:.1f} s\n")
        return 0


class Status(Command):
    _description = "Show the sandbox database: country, schema and counts"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--db", metavar="PATH",
                            help="database file (default: the sandbox's)")

    def take_action(self, parsed_args):
        from alegra.sandbox import maintenance

        db_path = parsed_args.db or default_db_path()
        store, country = open_existing(db_path)
        report = maintenance.status(store, country)
        out = self.app.stdout
        for label, value in report:
            out.write(f"{label}: {value}\n")
        return 0
