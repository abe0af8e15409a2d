"""A file sent as ``multipart/form-data``, the way Alegra takes
attachments: one part named ``file`` (its error 904 answers anything
else)."""

import os
import stat

from alegra.errors import UsageError
from alegra.i18n import _

# Alegra documents no size limit for attachments; 10 MB keeps a mistaken
# upload (a video, a disk image) from leaving the machine at all.
MAX_BYTES = 10 * 1024 * 1024
FIELD = "file"


class Upload:
    """The part's field, file name, content type and bytes."""

    def __init__(self, name, content, content_type, field=FIELD,
                 source=None):
        self.field = field
        self.name = name
        # The path as the user gave it (for a copy-pasteable curl line).
        self.source = source or name
        self.content = content
        self.content_type = content_type

    def files(self):
        """What ``requests`` takes as ``files=``."""
        return {self.field: (self.name, self.content, self.content_type)}

    def describe(self):
        return {"kind": "multipart/form-data", "field": self.field,
                "filename": self.name, "content_type": self.content_type,
                "bytes": len(self.content)}


def guess_type(name):
    import mimetypes

    found = mimetypes.guess_type(name, strict=False)[0]
    return found or "application/octet-stream"


def from_path(path, limit=MAX_BYTES):
    """The upload of the regular file at ``path``, checked before any
    request: it exists, is a regular file and is at most ``limit`` bytes."""
    if path in (None, "", "-"):
        raise UsageError(_("no file to upload"),
                         _("name it: --file factura.pdf"))
    try:
        info = os.stat(path)
    except OSError as exc:
        raise UsageError(_("cannot read {path}: {reason}").format(
            path=path, reason=exc.strerror or _("not found"))) from None
    if not stat.S_ISREG(info.st_mode):
        raise UsageError(_("{path} is not a regular file").format(path=path),
                         _("attach a file, not a folder or a device"))
    if info.st_size > limit:
        raise UsageError(
            _("{path} is {size}, over the {limit} an attachment may be; "
              "nothing was sent").format(path=path,
                                         size=_megabytes(info.st_size),
                                         limit=_megabytes(limit)))
    try:
        with open(path, "rb") as handle:
            content = handle.read(limit + 1)
    except OSError as exc:
        raise UsageError(_("cannot read {path}: {reason}").format(
            path=path, reason=exc.strerror)) from None
    if len(content) > limit:  # it grew since stat
        raise UsageError(_("{path} is over the {limit} an attachment may "
                           "be; nothing was sent").format(
                               path=path, limit=_megabytes(limit)))
    name = os.path.basename(path)
    return Upload(name, content, guess_type(name), source=path)


def _megabytes(size):
    return f"{size / (1024 * 1024):.1f} MB"
