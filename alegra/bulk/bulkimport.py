"""``<resource> import``: from the parsed options to the summary.

What is wrong with the whole input or the options is found before the
first request: a missing or empty file, JSON that does not parse, a
``--map`` naming no column, headers none of which names a field, an
unknown ``--key`` column, a damaged journal, ``--resume`` with options
other than the first run's. Each is one ``Error:`` line and nothing is
sent. What is wrong with one row (too few or too many cells, bytes that
are not text, an invalid body) fails that row alone.

The journal remembers ``--map``, ``--set``, ``--key`` and ``--country``,
so ``--resume`` needs none of them.
"""

import functools
import os

from alegra import errors, jsonio
from alegra.i18n import _, ngettext
from alegra.inputs import validation
from alegra.bulk import failures_file, headers, journal, readers, rows
from alegra.output import progress
from alegra.bulk.importer import Importer, not_valid, row_note
from alegra.bulk.stopping import terminate_as_interrupt
from alegra.bulk.wording import records_of

REMEMBERED = ("map", "set", "key", "country")


def run(command, parsed_args):
    source = readers.read(parsed_args.file)
    failures_file.check(parsed_args.failures
                        or failures_file.default_path(source.path))
    for warning in source.warnings:
        command.note(warning)
    given = given_options(parsed_args)
    if command.is_dry_run(parsed_args):
        builder, key, validate = plan(command, parsed_args, source, given)
        return dry_run(command, source, builder, validate)

    client = command.client(parsed_args)
    path = journal.journal_path(
        account_label(command, client), command.resource.name,
        os.path.realpath(source.path), command.app.environ)
    with journal.Journal(path) as book:
        check_resume(book, parsed_args, source)
        options = resumed_options(book, parsed_args, given)
        builder, key, validate = plan(command, parsed_args, source, options)
        digests = [row.digest() for row in source.rows]
        changed = book.changed_since(digests)
        book.remember(options, digests)
        return send_rows(command, parsed_args, source, client, book,
                         Importer(client=client,
                                  path=command.resource.api_path,
                                  rows=source.rows, builder=builder,
                                  validate=validate, journal=book, key=key),
                         changed)


def send_rows(command, parsed_args, source, client, book, importer,
              changed):
    mode = progress.mode_for(command)
    label = _("Importing {records}").format(
        records=records_of(command.resource))
    with progress.Progress(command.app.stderr, label, mode,
                           total=len(source.rows),
                           pacer=client.pacer) as watch:
        importer.progress = watch
        if mode != "off":
            importer.report = watch.log
        try:
            with terminate_as_interrupt():
                summary = importer.run()
        except BaseException:
            watch.finish(None)
            finish(command, parsed_args, source, importer.summary,
                   stopped=True, changed=changed)
            raise
        watch.finish(None)
    return finish(command, parsed_args, source, summary, changed=changed)


def given_options(parsed_args):
    """The options the journal remembers, as given on this command line."""
    return {"map": list(parsed_args.map or ()),
            "set": list(parsed_args.assignments or ()),
            "key": parsed_args.key, "country": parsed_args.country}


def resumed_options(book, parsed_args, given):
    """With ``--resume``, the options of the run it continues; giving
    other ones is refused (rows would be built two ways)."""
    stored = book.options
    if not parsed_args.resume or not isinstance(stored, dict):
        return given
    for name in REMEMBERED:
        if given[name] and given[name] != stored.get(name):
            raise errors.UsageError(
                _("--resume continues the import with its first options, "
                  "and --{name} differs: {first}").format(
                    name=name, first=_shown(stored, name)),
                _("leave the options out to continue, or move the journal "
                  "{path} away to start afresh").format(path=book.path))
    return {name: stored.get(name) for name in REMEMBERED}


def _shown(options, name):
    value = options.get(name)
    if not value:
        return _("the first run had no --{name}").format(name=name)
    if isinstance(value, list):
        value = " ".join(f"--{name} {item!r}" for item in value)
    else:
        value = f"--{name} {value}"
    return _("the first run had {options}").format(options=value)


def plan(command, parsed_args, source, options):
    """``(builder, key, validate)`` for ``options``; the columns the
    header dictionary matched are shown on stderr."""
    resource = command.resource
    dry = command.is_dry_run(parsed_args)
    country = functools.cache(lambda: command.context.country(
        options["country"], ask=not dry))
    explicit = rows.parse_map(options["map"], source.columns, source.path)
    matched = headers.match(resource, source.columns, explicit, country,
                            source.path)
    builder = rows.RowBuilder(
        matched.mapping, rows.parse_assignments(options["set"],
                                                resource.text_fields),
        resource.text_fields, typed=source.format != "csv",
        implied=matched.implied)
    key = natural_key(command, options["key"], source, builder)
    validate = None
    if not command.flag(parsed_args, "no_validate"):
        code = country()
        validate = lambda body: validation.problems(  # noqa: E731
            resource.name, code, body)
    for line in matched.lines:
        command.note(line)
    return builder, key, validate


def account_label(command, client):
    """The profile and the account's e-mail: two accounts used through
    one profile (``ALEGRA_EMAIL`` switched) never share a journal."""
    context = command.context
    profile = "sandbox" if context.sandbox_mode else context.profile_name
    return f"{profile}\n{client.email or ''}"


def natural_key(command, column, source, builder):
    resource = command.resource
    default = None
    if command.natural_key:
        default = rows.NaturalKey(
            tuple(command.natural_key),
            rows.filter_param(resource.filters, command.natural_key))
    if column is None:
        return default
    if column not in source.columns:
        raise errors.UsageError(
            _("--key: {path} has no column {column}").format(
                path=source.path, column=repr(column)),
            _("its columns are {columns}").format(
                columns=", ".join(source.columns)))
    return rows.key_for_column(column, builder, resource.filters, default)


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
            _("{path} was imported before ({done} of {total} rows created, "
              "{doubt} in doubt); importing it again would create them "
              "twice").format(path=source.path, done=done,
                              total=len(source.rows), doubt=doubt),
            _("add --resume to continue that import; the journal is "
              "{path}").format(path=book.path))


def dry_run(command, source, builder, validate):
    """Print each row's body as one JSON line; send and write nothing."""
    stdout = command.app.stdout
    invalid = 0
    for row in source.rows:
        if row.problem:
            invalid += 1
            command.note(row_note(row, row.problem))
            continue
        try:
            body = builder.build(row.values)
        except rows.RowError as exc:
            invalid += 1
            command.note(row_note(row, exc))
            continue
        problems = validate(body) if validate else []
        if problems:
            invalid += 1
            command.note(row_note(row, not_valid(problems)))
            continue
        stdout.write(jsonio.dumps(body) + "\n")
    if invalid:
        raise errors.PartialFailure(
            _("{invalid} of {total} rows would fail; nothing was "
              "sent").format(invalid=invalid, total=len(source.rows)))
    return 0


def finish(command, parsed_args, source, summary, stopped=False,
           changed=None):
    """The summary line, the failures file and the exit code."""
    failures_path = None
    if summary.failures:
        failures_path = (parsed_args.failures
                         or failures_file.default_path(source.path))
        failures_file.write(failures_path, source, summary.failures)
    text = _("Import of {path} into {records}: {summary}").format(
        path=source.path, records=records_of(command.resource),
        summary=summary.text())
    if changed is not None:
        text += "; " + ngettext(
            "{count} row changed since the last run",
            "{count} rows changed since the last run",
            changed).format(count=changed)
    if summary.edited:
        text += " " + _("({edited} of them created before, not sent "
                        "again)").format(edited=summary.edited)
    if stopped:
        left = summary.total - summary.created - summary.failed \
            - summary.skipped - summary.unknown
        text += "; " + _("stopped with {left} rows left (run it again "
                         "with --resume to continue)").format(left=left)
    if failures_path:
        text += "; " + _("failed rows written to {path}").format(
            path=failures_path)
    command.note(text)
    if stopped:
        return None
    if summary.failed:
        raise errors.PartialFailure(
            _("{failed} of {total} rows failed").format(
                failed=summary.failed, total=summary.total),
            _("fix them in {path} and run it again with --resume, or fix "
              "{failures} and import that file").format(
                path=source.path, failures=failures_path))
    if summary.unknown:
        hint = (_("run the same import with --resume to look them up")
                if _has_key(command, parsed_args) else
                _("check them in Alegra; give --key COLUMN to let --resume "
                  "look them up"))
        raise errors.UnknownOutcome(
            _("{unknown} of {total} rows may or may not have been "
              "created").format(unknown=summary.unknown,
                                total=summary.total), hint)
    return 0


def _has_key(command, parsed_args):
    return bool(parsed_args.key or command.natural_key)
