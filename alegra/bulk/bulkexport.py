"""``<resource> export``: every page, written as it arrives.

The query is the list's (same filters, ``-q``, ``--param``). With
``--out`` the file appears complete or not at all, and only over a
regular file or a new name (checked before the first request); to
standard output rows flow as they come (a failure there leaves what was
written, and says how much). A dry run prints the first page's request
and writes nothing.
"""

from alegra import errors
from alegra.output import progress
from alegra.bulk import writers
from alegra.bulk.stopping import terminate_as_interrupt
from alegra.local import userfiles


def run(command, parsed_args):
    app = command.app
    resource = command.resource
    kind = parsed_args.export_format
    columns = command.columns(parsed_args)
    if parsed_args.excel and kind != "csv":
        raise errors.UsageError("--excel is for CSV; drop it or use "
                                "--format csv")
    out = None if userfiles.is_stdout(parsed_args.out) else parsed_args.out
    if out is not None:
        userfiles.check(out)  # before any request: a FIFO would block
    params = command.query(parsed_args)
    client = command.client(parsed_args)
    found = client.paginate(resource.api_path, params)
    if command.is_dry_run(parsed_args):
        for _ in found:
            pass
        return 0
    mode = progress.mode_for(command, stdout_matters=out is None)
    watch = progress.Progress(app.stderr, f"Exporting {resource.name}", mode,
                              pacer=client.pacer,
                              rows_per_request=30)
    where = out or "standard output"
    try:
        with terminate_as_interrupt(), watch:
            if mode == "bar":
                watch.set_total(progress.known_total(
                    client, resource.api_path, params))
            if out is None:
                _write(app.stdout, kind, columns, parsed_args.excel, found,
                       watch)
                app.stdout.flush()
            else:
                with userfiles.writing(out) as stream:
                    _write(stream, kind, columns, parsed_args.excel, found,
                           watch)
            watch.finish(f"Exported {watch.summary(resource.name)} to "
                         f"{where}")
    except BrokenPipeError:
        raise  # the reader went away (| head): nothing to say
    except (errors.AlegraError, KeyboardInterrupt, OSError) as exc:
        if out is None:
            command.note(f"Export stopped after {watch.done} rows")
        else:
            command.note(f"Export stopped after {watch.done} rows; {out} "
                         "was not written")
        if isinstance(exc, OSError):
            raise errors.AlegraError(
                f"cannot write {where}: {exc.strerror or exc}") from None
        raise
    return 0


def _write(stream, kind, columns, excel, found, watch):
    writer = writers.make_writer(kind, stream, columns, excel)
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
