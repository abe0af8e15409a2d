"""Stopping long work cleanly on SIGTERM as on Ctrl-C.

``kill`` (SIGTERM) normally ends Python at once, between two statements:
an import could die after its POST and before journaling the answer, an
export leave its temporary file behind. While bulk work runs, SIGTERM is
turned into the same KeyboardInterrupt Ctrl-C raises, so both go through
the same clean-up: outcome recorded, temporary file removed, summary
printed. (SIGKILL cannot be caught; the journal's ``sending`` record is
what covers it.)
"""

import contextlib
import signal
import threading


def _interrupt(signum, frame):
    raise KeyboardInterrupt(f"signal {signum}")


@contextlib.contextmanager
def terminate_as_interrupt():
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
