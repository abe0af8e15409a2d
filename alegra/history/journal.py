"""The journal file: JSON lines in the XDG state folder, rotated by size.

``$XDG_STATE_HOME/alegra/writes/history.jsonl`` (mode 0600, folders 0700).
Each write is one line appended with ``O_APPEND`` under an exclusive
``flock``, so that two alegra processes never interleave or lose lines,
and numbered (``n``) from the line before it. A command that wrote appends
one more line when it ends, ``{"run": ..., "exit": code}``; readers join
it to the run's entries. Past :data:`MAX_BYTES` the file becomes
``history.1.jsonl`` (the previous one ``history.2.jsonl``; older ones are
dropped) and numbering goes on.

Lines are not fsync'ed: a write is journalled at the cost of a system
call, not of a disk flush (a power cut may lose the last lines; a crash of
alegra loses nothing).
"""

import datetime
import json
import os
from pathlib import Path

from alegra import jsonio

FILE = "history.jsonl"
MAX_BYTES = 1024 * 1024
KEEP = 2
TAIL = 8192


def folder(environ=None):
    from alegra.local.config import xdg_dir

    return xdg_dir("XDG_STATE_HOME", environ) / "writes"


def path(environ=None):
    return folder(environ) / FILE


def rotated(environ, generation):
    return folder(environ) / f"history.{generation}.jsonl"


def now():
    return datetime.datetime.now(datetime.timezone.utc).strftime(
        "%Y-%m-%dT%H:%M:%SZ")


def append(environ, entry):
    """Append one numbered, timestamped entry; returns its number."""
    def line(last):
        number = last + 1
        return number, {"n": number, "time": now(), **entry}

    return _append(environ, line)


def append_exit(environ, run, code):
    _append(environ, lambda last: (None, {"run": run, "exit": code}))


def _append(environ, make):
    import fcntl

    target = path(environ)
    descriptor = _open(target)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        size = os.fstat(descriptor).st_size
        last = None
        if size >= MAX_BYTES:
            last = _last_number_in(descriptor, size)
            os.close(descriptor)
            descriptor = _rotate(environ, target)
            size = 0
        if last is None:
            last = _last_number(environ, descriptor, size)
        number, entry = make(last)
        line = (jsonio.dumps(entry) + "\n").encode("utf-8")
        if size and os.pread(descriptor, 1, size - 1) != b"\n":
            line = b"\n" + line  # end a line a crash left cut
        os.write(descriptor, line)
        return number
    finally:
        os.close(descriptor)


def _open(target):
    """The journal opened for appending, created 0600 (folders 0700).

    Opened without blocking and checked afterwards, so that a FIFO or a
    device in its place is refused instead of waited on or written to.
    """
    import stat

    from alegra.local import statefile

    flags = (os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_NONBLOCK
             | getattr(os, "O_CLOEXEC", 0))
    try:
        try:
            descriptor = os.open(target, flags, 0o600)
        except FileNotFoundError:
            statefile.make_private_dir(target.parent)
            descriptor = os.open(target, flags, 0o600)
    except OSError as exc:
        from alegra.errors import UsageError
        from alegra.i18n import _

        raise UsageError(_("cannot write {path}: {reason}").format(
            path=target, reason=exc.strerror)) from None
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        os.close(descriptor)
        statefile.check_regular(target)  # names what it is instead
    return descriptor


def _rotate(environ, target):
    """Shift the generations and start a new, locked file."""
    import fcntl

    for generation in range(KEEP, 1, -1):
        older = rotated(environ, generation - 1)
        if older.exists():
            os.replace(older, rotated(environ, generation))
    os.replace(target, rotated(environ, 1))
    descriptor = _open(target)
    fcntl.flock(descriptor, fcntl.LOCK_EX)
    return descriptor


def _last_number(environ, descriptor, size):
    if size:
        found = _last_number_in(descriptor, size)
        if found is not None:
            return found
    older = rotated(environ, 1)
    try:
        descriptor = os.open(older, os.O_RDONLY)
    except FileNotFoundError:
        return 0
    try:
        return _last_number_in(descriptor, os.fstat(descriptor).st_size) or 0
    finally:
        os.close(descriptor)


def _last_number_in(descriptor, size):
    """The ``n`` of the last numbered line, read from the file's tail."""
    start = max(0, size - TAIL)
    lines = os.pread(descriptor, size - start, start).splitlines()
    for raw in reversed(lines):
        try:
            value = json.loads(raw)
        except ValueError:
            continue
        if isinstance(value, dict) and isinstance(value.get("n"), int):
            return value["n"]
    return None


def read(environ=None):
    """Every entry, oldest first, with ``exit`` joined from its run."""
    entries, exits = [], {}
    files = [rotated(environ, generation)
             for generation in range(KEEP, 0, -1)] + [path(environ)]
    for file_path in files:
        for value in _lines(file_path):
            if "n" in value:
                entries.append(value)
            elif "exit" in value and "run" in value:
                exits[value["run"]] = value["exit"]
    for entry in entries:
        if entry.get("exit") is None and entry.get("run") in exits:
            entry["exit"] = exits[entry["run"]]
    return entries


def _lines(file_path):
    from alegra.local import statefile

    file_path = Path(file_path)
    if not file_path.exists():
        return
    statefile.check_regular(file_path)
    with open(file_path, "rb") as stream:
        for raw in stream:
            try:
                value = jsonio.loads(raw.decode("utf-8"))
            except (ValueError, UnicodeDecodeError):
                continue  # a line cut by a crash: skip it, keep the rest
            if isinstance(value, dict):
                yield value
