"""Running one parsed command, the same way wherever it runs.

The application, each profile of a fan-out and each MCP tool call run a
command through :func:`run_command`, so that its writes are recorded in
the history, its errors become one ``Error:`` line and an exit code, and
cliff's ``clean_up`` hook sees the outcome, alike everywhere.
"""

from alegra import errors, history
from alegra.i18n import _


def run_command(app, cmd, parsed_args):
    """Run ``cmd`` with its parsed arguments on ``app``; its exit code."""
    result, err = 1, None
    try:
        history.begin(app, cmd, parsed_args)
        result = cmd.run(parsed_args) or 0
    except errors.AlegraError as exc:
        err, result = exc, exc.exit_code
        app.report_error(exc)
    except BrokenPipeError:
        raise
    except KeyboardInterrupt:
        app.stderr.write(_("Interrupted") + "\n")
        result = errors.INTERRUPTED
    except Exception as exc:
        err, result = exc, in_plain_words(exc).exit_code
        app.report_error(exc)
    finally:
        history.end(result, err)
        app.clean_up(cmd, result, err)
    return result


def exit_code(exc):
    """The exit code of an argparse exit (help and --version are 0)."""
    if exc.code is None:
        return 0
    return exc.code if isinstance(exc.code, int) else errors.USAGE


def in_plain_words(exc):
    """An exception alegra did not turn into an error of its own, as one
    that says what happened in a person's words (the Python details stay
    for ``--debug``)."""
    if isinstance(exc, errors.AlegraError):
        return exc
    if isinstance(exc, MemoryError):
        return errors.AlegraError(
            _("there was not enough memory to finish"),
            _("ask for less at once: a filter, --limit, or an export to a "
              "file"))
    if isinstance(exc, RecursionError):
        return errors.UsageError(
            _("the data is nested too deeply to handle"))
    if isinstance(exc, UnicodeEncodeError):
        shown = exc.object[exc.start:exc.end]
        return errors.UsageError(
            _("the terminal's character set ({encoding}) cannot show "
              "{text!r}").format(encoding=exc.encoding, text=shown),
            _("use a UTF-8 locale (LANG=C.UTF-8) or set "
              "PYTHONIOENCODING=utf-8"))
    if isinstance(exc, UnicodeDecodeError):
        return errors.UsageError(
            _("some text is not valid {encoding}").format(
                encoding=exc.encoding),
            _("save the file or value as UTF-8"))
    if type(exc).__module__ == "sqlite3":
        return errors.AlegraError(
            _("a local database cannot be used ({detail})").format(
                detail=exc),
            _("run again with --debug to see which one"))
    if isinstance(exc, OSError) and exc.strerror:
        where = f": {exc.filename}" if exc.filename else ""
        return errors.AlegraError(f"{exc.strerror}{where}")
    detail = " ".join(str(exc).split())
    unexpected = (_("unexpected {name} ({detail})") if detail
                  else _("unexpected {name}"))
    return errors.AlegraError(
        unexpected.format(name=type(exc).__name__, detail=detail),
        _("run again with --debug for the details, and report it"))
