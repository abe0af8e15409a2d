"""``<resource> export``: every page, written as it arrives.

The query is the list's (same filters, ``-q``, ``--param``). With
``--out`` the file appears complete or not at all, and only over a
regular file or a new name (checked before the first request); to
standard output rows flow as they come (a failure there leaves what was
written, and says how much). A dry run prints the first page's request
and writes nothing.

xlsx is binary: to standard output only when that is a regular file
(``> invoices.xlsx``), refused on a terminal or a pipe before any request.
"""

from alegra import errors
from alegra.output import progress
from alegra.bulk import writers
from alegra.bulk.stopping import terminate_as_interrupt
from alegra.bulk.wording import records_of
from alegra.i18n import _
from alegra.local import userfiles


def run(command, parsed_args):
    app = command.app
    resource = command.resource
    kind = parsed_args.export_format
    columns = command.columns(parsed_args)
    check_options(parsed_args)
    out = None if userfiles.is_stdout(parsed_args.out) else parsed_args.out
    if out is not None:
        userfiles.check(out)  # before any request: a FIFO would block
    elif kind == "xlsx" and not command.is_dry_run(parsed_args):
        from alegra.bulk import workbook

        workbook.check_target(app.stdout)
    options = writer_options(command, parsed_args)
    params = command.query(parsed_args)
    client = command.client(parsed_args)
    found = client.paginate(resource.api_path, params)
    if command.is_dry_run(parsed_args):
        for _record in found:
            pass
        return 0
    mode = progress.mode_for(command, stdout_matters=out is None)
    watch = progress.Progress(
        app.stderr, _("Exporting {records}").format(
            records=records_of(resource)), mode,
        pacer=client.pacer, rows_per_request=30)
    where = out or _("standard output")
    try:
        with terminate_as_interrupt(), watch:
            if mode == "bar":
                watch.set_total(progress.known_total(
                    client, resource.api_path, params))
            if out is None:
                writer = _write(app.stdout, kind, columns, options, found,
                                watch)
                app.stdout.flush()
            else:
                with userfiles.writing(out) as stream:
                    writer = _write(stream, kind, columns, options, found,
                                    watch)
            summary = watch.summary(records_of(resource))
            watch.finish(
                _("Exported {summary} to {path}").format(
                    summary=summary, path=out) if out is not None
                else _("Exported {summary} to standard output").format(
                    summary=summary))
        for note in getattr(writer, "notes", ()):
            command.note(note)
    except BrokenPipeError:
        raise  # the reader went away (| head): nothing to say
    except (errors.AlegraError, KeyboardInterrupt, OSError) as exc:
        if out is None:
            command.note(_("Export stopped after {count} rows").format(
                count=watch.done))
        else:
            command.note(_("Export stopped after {count} rows; {path} was "
                           "not written").format(count=watch.done, path=out))
        if isinstance(exc, OSError):
            raise errors.AlegraError(
                _("cannot write {path}: {reason}").format(
                    path=where, reason=exc.strerror or exc)) from None
        raise
    return 0


def check_options(parsed_args):
    """Options that do not apply to the format asked for, refused."""
    kind = parsed_args.export_format
    if parsed_args.excel and kind != "csv":
        raise errors.UsageError(_("--excel is for CSV; drop it or use "
                                  "--format csv"))
    decimal = getattr(parsed_args, "decimal", None)
    if decimal and kind != "csv":
        raise errors.UsageError(
            _("--decimal-{decimal} is for CSV (xlsx numbers are numbers, "
              "JSON's are exact); drop it or use --format csv").format(
                decimal=decimal))
    if (getattr(parsed_args, "headers", None) == "labels"
            and kind not in ("csv", "xlsx")):
        raise errors.UsageError(_("--headers labels is for CSV and xlsx; "
                                  "JSON keeps the API's field names"))


def writer_options(command, parsed_args):
    """``make_writer``'s options for what was asked: the decimal mark
    (``--excel`` follows the locale), the header row, the date columns."""
    import functools

    from alegra.output import labels

    environ = command.app.environ
    decimal = getattr(parsed_args, "decimal", None)
    if decimal is None:
        comma = (parsed_args.excel
                 and writers.locale_decimal_comma(environ))
    else:
        comma = decimal == "comma"
    headers = None
    if getattr(parsed_args, "headers", None) == "labels":
        headers = functools.partial(labels.labels, environ=environ)
    return {"excel": parsed_args.excel, "decimal_comma": comma,
            "headers": headers, "date_columns": command.resource.dates}


def _write(stream, kind, columns, options, found, watch):
    writer = writers.make_writer(kind, stream, columns, **options)
    try:
        for record in found:
            writer.write(record)
            watch.advance()
    except BaseException:
        discard = getattr(writer, "discard", None)
        if discard:
            discard()
        raise
    writer.close()
    return writer
