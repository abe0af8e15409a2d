"""The ``alegra`` executable's entry point.

``alegra --version`` is answered here, before cliff, stevedore and the
application are imported (a tenth of a second of a 0.15 s start), and so
is ``alegra --help`` when the text the last run printed still holds (see
:mod:`alegra.app.helpcache`); every other invocation goes to
:func:`alegra.app.application.main`. Run as the executable, each one then
ends through :func:`exit_now`, without the interpreter's teardown.
"""

import os
import sys

from alegra.errors import BROKEN_PIPE
from alegra.output.terminal import discard_stdout


def main(argv=None):
    """Run alegra; called without ``argv`` (as the executable), end the
    process there (see :func:`exit_now`)."""
    code = _run(sys.argv[1:] if argv is None else list(argv))
    if argv is None:
        exit_now(code)
    return code


def _run(args):
    if args == ["--version"] and sys.stdout is not None:
        from alegra import __version__

        try:
            sys.stdout.write(f"alegra {__version__}\n")
            sys.stdout.flush()
        except BrokenPipeError:
            pass
        return 0
    if args[:1] == ["__complete"] and sys.stdout is not None:
        # a shell's completion script asks: answer before cliff is loaded
        from alegra.app import completion

        return completion.main(args[1:], _new_app)
    if args in (["--help"], ["-h"]) and sys.stdout is not None:
        from alegra.app import helpcache

        text = helpcache.saved_help()
        if text is not None:
            try:
                sys.stdout.write(text)
                sys.stdout.flush()
            except BrokenPipeError:
                discard_stdout()
                return BROKEN_PIPE
            return 0
    try:
        from alegra.app.application import main as run
    except KeyboardInterrupt:  # Ctrl-C while starting: one line, as later
        sys.stderr.write("Interrupted\n")
        return 130
    return run(args)


def _new_app(environ):
    from alegra.app.application import AlegraApp

    return AlegraApp(environ=environ)


def exit_now(code):
    """End the process with ``code`` without the interpreter's teardown.

    Freeing the few hundred modules a command has imported takes about a
    fifth of a short command's time, and nothing needs it: the command has
    closed its files, the standard streams are flushed here and the atexit
    handlers run. Returns (for the normal exit) while a non-daemon thread
    still runs, since that exit waits for it, and while a profiler, tracer
    or coverage watches the process, since it writes its results after the
    program returns.
    """
    if _observed():
        return
    threading = sys.modules.get("threading")
    if threading is not None and any(
            thread.is_alive() and not thread.daemon
            for thread in threading.enumerate()
            if thread is not threading.current_thread()):
        return
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError) as exc:
            if stream is sys.stdout and isinstance(exc, BrokenPipeError):
                discard_stdout()
                code = code or BROKEN_PIPE
    import atexit

    atexit._run_exitfuncs()
    os._exit(code if isinstance(code, int) else 1)


def _observed():
    if sys.gettrace() is not None or sys.getprofile() is not None:
        return True
    monitoring = getattr(sys, "monitoring", None)  # Python 3.12 and later
    return monitoring is not None and any(
        monitoring.get_tool(tool) is not None
        for tool in range(6))  # the tool ids sys.monitoring has: 0 to 5
