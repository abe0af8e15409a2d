"""Running one parsed command, the same way wherever it runs.

The application, each profile of a fan-out and each MCP tool call run a
command through :func:`run_command`, so that its writes are recorded in
the history, its errors become one ``Error:`` line and an exit code, and
cliff's ``clean_up`` hook sees the outcome, alike everywhere.
"""

from alegra import errors, history


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
        app.stderr.write("Interrupted\n")
        result = errors.INTERRUPTED
    except Exception as exc:
        err, result = exc, errors.API_ERROR
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
