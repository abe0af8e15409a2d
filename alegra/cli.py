"""The ``alegra`` executable's entry point.

``alegra --version`` is answered here, before cliff, stevedore and the
application are imported (a tenth of a second of a 0.15 s start); every
other invocation goes to :func:`alegra.shell.main`.
"""

import sys


def main(argv=None):
    args = sys.argv[1:] if argv is None else list(argv)
    if args == ["--version"] and sys.stdout is not None:
        from alegra import __version__

        try:
            sys.stdout.write(f"alegra {__version__}\n")
            sys.stdout.flush()
        except BrokenPipeError:
            pass
        return 0
    try:
        from alegra.shell import main as run
    except KeyboardInterrupt:  # Ctrl-C while starting: one line, as later
        sys.stderr.write("Interrupted\n")
        return 130
    return run(args)
