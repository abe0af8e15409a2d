"""``<resource> import``: from the parsed options to the summary.

Everything that can be wrong with the input, the options or the journal
is found before the first request: a missing or empty file, a ragged CSV
row, bad JSON, a ``--map`` naming no column, an unknown ``--key`` column,
a damaged journal. Each is one ``Error:`` line and nothing is sent.
"""

from alegra import errors, jsonio
from alegra.inputs import validation
from alegra.bulk import failures_file, journal, readers, rows
from alegra.output import progress
from alegra.bulk.importer import Importer
from alegra.bulk.stopping import terminate_as_interrupt


def run(command, parsed_args):
    app = command.app
    resource = command.resource
    source = readers.read(parsed_args.file)
    failures_file.check(parsed_args.failures
                        or failures_file.default_path(source.path))
    for warning in source.warnings:
        command.note(warning)
    mapping = rows.parse_map(parsed_args.map, source.columns, source.path)
    builder = rows.RowBuilder(
        mapping, rows.parse_assignments(parsed_args.assignments,
                                        resource.text_fields),
        resource.text_fields, typed=source.format != "csv")
    key = natural_key(command, parsed_args, source, builder)
    validate = None
    if not command.flag(parsed_args, "no_validate"):
        country = command.context.country(
            parsed_args.country, ask=not command.is_dry_run(parsed_args))
        validate = lambda body: validation.problems(  # noqa: E731
            resource.name, country, body)
    if command.is_dry_run(parsed_args):
        return dry_run(command, source, builder, validate)

    client = command.client(parsed_args)
    path = journal.journal_path(account_label(command, client), resource.name,
                                source.digest, app.environ)
    mode = progress.mode_for(command)
    with journal.Journal(path) as book:
        check_resume(book, parsed_args, source)
        label = f"Importing {resource.name}"
        with progress.Progress(app.stderr, label, mode,
                               total=len(source.rows),
                               pacer=client.pacer) as watch:
            importer = Importer(
                client=client, path=resource.api_path, rows=source.rows,
                builder=builder, validate=validate, journal=book, key=key,
                progress=watch,
                report=watch.log if mode != "off" else None)
            try:
                with terminate_as_interrupt():
                    summary = importer.run()
            except BaseException:
                watch.finish(None)
                finish(command, parsed_args, source, importer.summary,
                       stopped=True)
                raise
            watch.finish(None)
    return finish(command, parsed_args, source, summary)


def account_label(command, client):
    """The profile and the account's e-mail: two accounts used through
    one profile (``ALEGRA_EMAIL`` switched) never share a journal."""
    context = command.context
    profile = "sandbox" if context.sandbox_mode else context.profile_name
    return f"{profile}\n{client.email or ''}"


def natural_key(command, parsed_args, source, builder):
    resource = command.resource
    default = None
    if command.natural_key:
        default = rows.NaturalKey(tuple(command.natural_key),
                                  _param_for(resource, command.natural_key))
    if parsed_args.key is None:
        return default
    if parsed_args.key not in source.columns:
        raise errors.UsageError(
            f"--key: {source.path} has no column {parsed_args.key!r}",
            "its columns are " + ", ".join(source.columns))
    return rows.key_for_column(parsed_args.key, builder, resource.filters,
                               default)


def _param_for(resource, fields):
    tops = {name.split(".")[0] for name in fields}
    for spec in resource.filters:
        if spec.query_name in tops or spec.option in tops:
            return spec.query_name
    return None


def check_resume(book, parsed_args, source):
    """Refuse to import again, without --resume, a file already imported
    (even in part): that would create its rows a second time."""
    if parsed_args.resume or not book.exists:
        return
    counts = book.counts()
    done = sum(counts.get(state, 0) for state in journal.DONE)
    doubt = sum(counts.get(state, 0) for state in journal.IN_DOUBT)
    if done or doubt:
        raise errors.UsageError(
            f"{source.path} was imported before ({done} of "
            f"{len(source.rows)} rows created, {doubt} in doubt); importing "
            "it again would create them twice",
            "add --resume to continue that import; the journal is "
            f"{book.path}")


def dry_run(command, source, builder, validate):
    """Print each row's body as one JSON line; send and write nothing."""
    stdout = command.app.stdout
    invalid = 0
    for row in source.rows:
        try:
            body = builder.build(row.values)
        except rows.RowError as exc:
            invalid += 1
            command.note(f"row {row.number}: {exc}")
            continue
        problems = validate(body) if validate else []
        if problems:
            invalid += 1
            command.note(f"row {row.number}: not valid: "
                         + "; ".join(problems))
            continue
        stdout.write(jsonio.dumps(body) + "\n")
    if invalid:
        raise errors.PartialFailure(
            f"{invalid} of {len(source.rows)} rows would fail; nothing was "
            "sent")
    return 0


def finish(command, parsed_args, source, summary, stopped=False):
    """The summary line, the failures file and the exit code."""
    name = command.resource.name
    failures_path = None
    if summary.failures:
        failures_path = (parsed_args.failures
                         or failures_file.default_path(source.path))
        failures_file.write(failures_path, source, summary.failures)
    text = f"Import of {source.path} into {name}: {summary.text()}"
    if stopped:
        left = summary.total - summary.created - summary.failed \
            - summary.skipped - summary.unknown
        text += (f"; stopped with {left} rows left (run it again with "
                 "--resume to continue)")
    if failures_path:
        text += f"; failed rows written to {failures_path}"
    command.note(text)
    if stopped:
        return None
    if summary.failed:
        raise errors.PartialFailure(
            f"{summary.failed} of {summary.total} rows failed",
            f"fix them in {failures_path} and import that file")
    if summary.unknown:
        hint = ("run the same import with --resume to look them up"
                if _has_key(command, parsed_args) else
                "check them in Alegra; give --key COLUMN to let --resume "
                "look them up")
        raise errors.UnknownOutcome(
            f"{summary.unknown} of {summary.total} rows may or may not have "
            "been created", hint)
    return 0


def _has_key(command, parsed_args):
    return bool(parsed_args.key or command.natural_key)
