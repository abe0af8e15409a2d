"""Durable, private state files: one place for atomic writes and locks.

Every file alegra keeps between runs (config, credentials fallback, import
journals, the emission ledger, history, the rate-limit quota) goes through
this module, so that each of them is:

- written atomically: a temporary file in the same folder, fsync, rename,
  then fsync of the folder; a reader sees the old file or the new one;
- private: mode 0600, in folders created 0700;
- never written over something that is not a regular file: a device node
  (``/dev/null``), a FIFO or a directory is a one-line :class:`UsageError`;
  a symbolic link is followed and its target written, so the link survives;
- locked when two processes may write at once: an exclusive ``fcntl.flock``
  on a side file ``.<name>.lock`` beside the target (the target itself is
  replaced on every write, so it cannot carry the lock).

Use::

    from alegra.local import statefile

    statefile.write_text(path, text)          # atomic, 0600, checked

    with statefile.locked(path):              # exclusive, across processes
        ...                                   # read, decide, write_text()

    def add_row(data):                        # read-modify-write
        data = data or {}
        data["rows"] = data.get("rows", 0) + 1
        return data
    statefile.update(path, add_row, load=json.loads, dump=json.dumps)

``update`` takes the lock, re-reads the file (``load`` gets its text, or
``None`` when it does not exist yet), applies the change and writes the
result, so two writers never lose each other's update. ``read_text`` reads
with a size limit and the same checks.

``replacing`` is the atomic write itself (temporary file beside, fsync,
rename, removed on every failure); ``alegra.local.userfiles`` writes the
user's own files (exports, failed rows, AI clients' settings) through it.
"""

import contextlib
import os
import stat
import time
from pathlib import Path

from alegra.errors import UsageError
from alegra.i18n import _

# State files are small; anything larger is a mistake or an attack.
MAX_BYTES = 1024 * 1024
LOCK_WAIT = 30.0


def resolve(path):
    """The real file behind ``path`` (links followed), checked to be writable
    as a regular file: it either does not exist yet or is one."""
    path = Path(os.path.realpath(os.fspath(Path(path).expanduser())))
    check_regular(path)
    return path


def check_regular(path):
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return
    except NotADirectoryError:
        raise UsageError(_("{path}: a parent of it is not a folder").format(
            path=path)) from None
    except OSError as exc:
        raise UsageError(_("cannot use {path}: {reason}").format(
            path=path, reason=exc.strerror)) from None
    if stat.S_ISREG(mode):
        return
    raise UsageError(
        _("{path} is {kind}, not a regular file").format(path=path,
                                                         kind=kind(mode)),
        _("point alegra at a file path"))


def kind(mode):
    """What a non-regular file is, in words (``a FIFO``)."""
    if stat.S_ISDIR(mode):
        return _("a directory")
    if stat.S_ISFIFO(mode):
        return _("a FIFO")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return _("a device")
    if stat.S_ISSOCK(mode):
        return _("a socket")
    return _("not a file")


def make_private_dir(directory):
    """Create ``directory`` (and its parents) with mode 0700 if missing."""
    directory = Path(directory)
    # mkdir(parents=True) gives the parents it creates the default mode, so
    # each missing folder is made one at a time, outermost first.
    missing = []
    folder = directory
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    try:
        for folder in reversed(missing):
            folder.mkdir(mode=0o700, exist_ok=True)
        directory.mkdir(exist_ok=True, mode=0o700)
    except FileExistsError:
        raise UsageError(_("{path} exists and is not a folder").format(
            path=directory)) from None
    except OSError as exc:
        raise UsageError(_("cannot create {path}: {reason}").format(
            path=directory, reason=exc.strerror)) from None
    return directory


def read_text(path, limit=MAX_BYTES):
    """The text of ``path``, or None if it does not exist.

    Refuses a non-regular file, one larger than ``limit`` bytes, and one that
    is not UTF-8, each with a one-line UsageError.
    """
    path = resolve(path)
    try:
        with open(path, "rb") as stream:
            data = stream.read(limit + 1)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise UsageError(_("cannot read {path}: {reason}").format(
            path=path, reason=exc.strerror)) from None
    if len(data) > limit:
        raise UsageError(
            _("{path} is larger than {size} KiB").format(
                path=path, size=limit // 1024),
            _("it is not an alegra state file; fix or remove it"))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise UsageError(_("{path} is not UTF-8 text").format(
            path=path)) from None


def write_text(path, text):
    """Write ``text`` to ``path`` atomically, mode 0600, folders 0700."""
    data = text.encode("utf-8")
    path = resolve(path)
    make_private_dir(path.parent)
    with replacing(path, permissions=0o600) as stream:
        stream.write(data)


@contextlib.contextmanager
def replacing(path, permissions=None, **open_args):
    """A stream on a new temporary file beside ``path``, renamed over it
    when the block ends normally, after an fsync; on any exception
    (KeyboardInterrupt and a full disk included) the temporary file is
    removed and ``path`` is left as it was.

    ``path`` must be resolved and checked already (``resolve``). The file
    gets ``permissions`` when given, else 0666 less the umask, as a new file
    would. ``open_args`` go to ``open`` (default: binary).
    """
    folder = path.parent
    handle, temporary = _create_beside(path)
    try:
        open_args.setdefault("mode", "wb")
        with os.fdopen(handle, **open_args) as stream:
            if permissions is not None:
                os.fchmod(stream.fileno(), permissions)
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        # Checked again just before the rename: the target may have been
        # swapped for a FIFO or a folder while we wrote.
        check_regular(path)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    sync_directory(folder)


def _create_beside(path):
    """A new, empty ``.<name>.<random>.tmp`` in ``path``'s folder.

    Not ``mkstemp``: its files are 0600 whatever the umask, and reading
    the umask means changing it, which is not safe with threads; created
    0666 here, the kernel applies the umask itself.
    """
    import secrets

    flags = (os.O_WRONLY | os.O_CREAT | os.O_EXCL
             | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0))
    for _attempt in range(100):
        temporary = path.parent / f".{path.name}.{secrets.token_hex(4)}.tmp"
        try:
            return os.open(temporary, flags, 0o666), temporary
        except FileExistsError:
            continue
        except OSError as exc:
            raise UsageError(_("cannot write in {folder}: {reason}").format(
                folder=path.parent, reason=exc.strerror)) from None
    raise UsageError(_("cannot write in {folder}: no free temporary "
                       "name").format(folder=path.parent))


def remove(path):
    """Delete the state file at ``path`` if it exists (never a non-file)."""
    path = resolve(path)
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


def sync_directory(directory):
    """Make a rename durable (best effort; not every OS can)."""
    try:
        descriptor = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def lock_path(path):
    path = resolve(path)
    return path.parent / f".{path.name}.lock"


@contextlib.contextmanager
def locked(path, timeout=LOCK_WAIT):
    """Hold an exclusive lock for the state file ``path``.

    The lock is an ``flock`` on a side file, so it works whether or not
    ``path`` exists and survives the rename that replaces ``path``. Waits up
    to ``timeout`` seconds, then raises a UsageError naming the lock file.
    """
    import fcntl

    side = lock_path(path)
    make_private_dir(side.parent)
    try:
        descriptor = os.open(side, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        raise UsageError(_("cannot lock {path}: {reason}").format(
            path=path, reason=exc.strerror)) from None
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise UsageError(
                        _("{path} is locked by another alegra "
                          "process").format(path=path),
                        _("wait for it, or remove {lock} if none "
                          "runs").format(lock=side)) from None
                time.sleep(0.02)
        yield
    finally:
        os.close(descriptor)


def update(path, change, load, dump, limit=MAX_BYTES):
    """Read-modify-write ``path`` under its lock; returns the new value.

    ``load(text)`` parses the current text (called with None when the file
    does not exist yet), ``change(value)`` returns the new value (it may
    modify and return its argument), and ``dump(value)`` turns it into text.
    If ``dump`` returns None the file is removed.
    """
    with locked(path):
        current = load(read_text(path, limit))
        new = change(current)
        text = dump(new)
        if text is None:
            remove(path)
        else:
            write_text(path, text)
        return new
