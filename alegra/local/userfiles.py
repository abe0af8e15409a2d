"""The one way alegra writes a file the user named.

``export --out``, ``import --failures``, a fan-out's export and the AI
clients' MCP settings all go through here, so that each of them:

- writes only a regular file or a new name: a device node, a FIFO, a
  folder or a socket (or a link to one) is a one-line :class:`UsageError`
  (exit 2) that names the path and what it is, and leaves it alone;
- is checked with ``stat`` before anything is sent or written (``check``),
  never by opening the path, which blocks on a FIFO;
- appears complete or not at all: a temporary file beside the target,
  fsync, rename (``statefile.replacing``); the temporary file is removed
  on every failure, Ctrl-C, SIGTERM and a full disk included;
- keeps the permission bits of the file it replaces (a new one gets the
  umask's); a link is followed and its target written, so it survives.

``-`` (or no path at all) means standard output; callers ask
``is_stdout`` and write there themselves.

Use::

    from alegra.local import userfiles

    userfiles.check(path)                     # early, before any request
    with userfiles.writing(path) as stream:   # text, UTF-8
        stream.write(...)
    userfiles.write_text(path, text)
"""

import contextlib
import os
import stat
from pathlib import Path

from alegra.errors import UsageError
from alegra.i18n import _
from alegra.local import statefile

STDOUT = "-"


def is_stdout(path):
    return path is None or path == STDOUT


def check(path):
    """The real file behind ``path`` (links followed) if alegra may write
    it: it does not exist yet or is a regular file. Otherwise a
    UsageError naming ``path`` and what it is."""
    given = os.fspath(path)
    real = Path(os.path.realpath(os.path.expanduser(given)))
    try:
        mode = os.stat(real).st_mode
    except FileNotFoundError:
        return real
    except NotADirectoryError:
        raise UsageError(_("{path}: a parent of it is not a folder; nothing "
                           "was written").format(path=given)) from None
    except OSError as exc:
        raise UsageError(_("cannot use {path}: {reason}").format(
            path=given, reason=exc.strerror)) from None
    if stat.S_ISREG(mode):
        return real
    name = given
    if os.path.islink(os.path.expanduser(given)):
        name = _("{path} (a link to {target})").format(path=given,
                                                       target=real)
    raise UsageError(
        _("{path} is {kind}, not a regular file; nothing was "
          "written").format(path=name, kind=statefile.kind(mode)),
        _("give the path of a regular file or a new name"))


@contextlib.contextmanager
def writing(path, newline="", encoding="utf-8", new_mode=None):
    """A text stream whose content replaces ``path`` when the block ends
    normally; on any exception ``path`` is left as it was.

    ``new_mode`` is the mode of a file that does not exist yet (default:
    0666 less the umask); an existing file keeps its own.
    """
    real = check(path)
    try:
        permissions = stat.S_IMODE(os.stat(real).st_mode) & 0o777
    except FileNotFoundError:
        permissions = new_mode
    with statefile.replacing(real, permissions, mode="w", encoding=encoding,
                             newline=newline) as stream:
        yield stream


def write_text(path, text, new_mode=None):
    """Replace ``path`` by ``text`` (UTF-8) in one step."""
    with writing(path, newline=None, new_mode=new_mode) as stream:
        stream.write(text)
