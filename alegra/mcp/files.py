"""Which of the user's files a tool may name: none, unless allowed.

An agent reads and writes no local file by default: a command option that
names one (``--out``, ``--file``, ``--failures``, or any option a plugin
gives a FILE, PATH or DIR metavar) is not offered as a tool argument.
Started with ``--files-dir DIR``, the server offers them again, and each
value is taken relative to DIR and resolved (symbolic links included)
before the command sees it: a value that ends up outside DIR is refused
before anything is read or written. With ``--read-only`` only the options
that name a file to read come back.
"""

import argparse
import os

from alegra.errors import UsageError
from alegra.i18n import _

PATH_DESTS = frozenset({"file", "out", "failures", "path", "folder",
                        "directory", "output_file"})
PATH_METAVARS = frozenset({"FILE", "PATH", "DIR", "FOLDER", "DIRECTORY"})
# Options that name a file the command only reads; any other may write.
READ_DESTS = frozenset({"file"})
INSIDE_HINT = ("name a file inside the server's files folder, relative to "
               "it (for example exports/contacts.csv)")


def is_path(action):
    """Whether an argparse option names a local file or folder."""
    if isinstance(action.type, argparse.FileType):
        return True
    metavar = action.metavar if isinstance(action.metavar, str) else ""
    return (action.dest in PATH_DESTS
            or metavar.strip("<>[]").upper() in PATH_METAVARS)


def is_read_path(action):
    kind = action.type
    if isinstance(kind, argparse.FileType):
        return set(getattr(kind, "_mode", "w")) <= {"r", "b", "t"}
    return action.dest in READ_DESTS


class FilesDir:
    """The one folder a server's tools may read and write in."""

    def __init__(self, path, read_only=False):
        root = os.path.realpath(os.path.expanduser(path))
        if not os.path.isdir(root):
            raise UsageError(
                _("--files-dir: {path} is not a folder").format(path=path),
                _("create it first, or name another"))
        self.root = root
        self.read_only = read_only

    def offers(self, action):
        """Whether the path option ``action`` is a tool argument."""
        return not self.read_only or is_read_path(action)

    def resolve(self, name, value):
        """The real path of ``value`` inside the folder, or UsageError."""
        if not isinstance(value, str) or not value.strip():
            raise UsageError(f"argument {name} must be a file name",
                             INSIDE_HINT)
        if "\0" in value:
            raise UsageError(f"argument {name} holds a NUL character")
        if ".." in value.replace("\\", "/").split("/"):
            raise UsageError(f"argument {name}: '..' is not allowed",
                             INSIDE_HINT)
        # An absolute value stays itself (os.path.join drops the root);
        # it is allowed only if it resolves inside the folder.
        resolved = os.path.realpath(os.path.join(self.root, value))
        if (resolved == self.root
                or os.path.commonpath([self.root, resolved]) != self.root):
            raise UsageError(f"argument {name}: {value!r} is outside the "
                             "folder this server may use", INSIDE_HINT)
        return resolved
