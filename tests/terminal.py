"""A pseudo-terminal for the tests that run alegra on one, and a bounded
reader of what it shows."""

import fcntl
import os
import pty
import select
import struct
import termios
import time
import tty


def pseudo_terminal(columns=None, rows=50, raw=False):
    """``(master, slave)`` of a new pseudo-terminal, ``columns`` wide
    when given (TIOCSWINSZ, as a terminal emulator sets it); raw: the
    terminal adds no carriage return of its own."""
    master, slave = pty.openpty()
    if raw:
        tty.setraw(slave)
    if columns is not None:
        fcntl.ioctl(slave, termios.TIOCSWINSZ,
                    struct.pack("HHHH", rows, columns, 0, 0))
    return master, slave


def read_terminal(master, process, timeout, each=None):
    """The bytes ``master`` receives until every writer has closed the
    other end, ``process`` has ended with nothing left to read,
    ``each(chunk)`` returns true, or ``timeout`` seconds pass."""
    received = bytearray()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.2)
        if not ready:
            if process.poll() is not None:
                break
            continue
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: every writer has closed
            break
        if not chunk:
            break
        received += chunk
        if each is not None and each(chunk):
            break
    return bytes(received)
