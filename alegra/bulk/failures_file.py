"""The failures file: an import's failed rows, in the input's own format.

CSV keeps the header, the separator and the byte-order mark of the input
(written as UTF-8 even when the input was Latin-1); JSON is an array and
NDJSON one object a line. Each row gains an ``_error`` column (key) with
Alegra's message; reading ignores it, so the file can be fixed and fed
back to ``import`` as it is. A malformed CSV row goes back with its own
cells, as many as it had (bytes that were not UTF-8 read as Latin-1).

Written atomically next to the input unless ``--failures`` says where, and
only over a regular file or a new name. The default name never replaces
the failures of an earlier run: ``NAME.failures.EXT``, then
``NAME.failures.2.EXT``, ``NAME.failures.3.EXT``...
"""

import os

from alegra import jsonio
from alegra.bulk.readers import BOM, ERROR_FIELD, readable
from alegra.local import userfiles
from alegra.output.formatters.cells import CellWriter, neutralise_formula


# More failures files than this beside one input is a folder to tidy.
MAX_NUMBER = 999


def default_path(source_path):
    """The first free ``NAME.failures[.N].EXT`` beside the input.

    A name taken by something that is not a regular file is returned as
    it is, for :func:`check` to refuse (never silently stepped over)."""
    stem, extension = os.path.splitext(str(source_path))
    extension = extension or ".csv"
    for number in range(1, MAX_NUMBER + 1):
        suffix = "" if number == 1 else f".{number}"
        candidate = f"{stem}.failures{suffix}{extension}"
        if not os.path.lexists(candidate) or not os.path.isfile(candidate):
            return candidate
    from alegra.errors import UsageError
    from alegra.i18n import _

    raise UsageError(
        _("{count} failures files of {path} already exist").format(
            count=MAX_NUMBER, path=source_path),
        _("remove the old ones, or name the file with --failures"))


def check(path):
    """Refuse, before the first request, a ``path`` that is not a regular
    file or a new name (the import would end unable to write it)."""
    userfiles.check(path)


def write(path, source, failures):
    """Write ``failures`` (``[(Row, message)]``) of ``source`` to ``path``."""
    with userfiles.writing(path) as stream:
        if source.format == "csv":
            _write_csv(stream, source, failures)
        elif source.format == "json":
            entries = [{**row.values, ERROR_FIELD: message}
                       for row, message in failures]
            stream.write(jsonio.dumps(entries, indent=2) + "\n")
        else:
            for row, message in failures:
                stream.write(jsonio.dumps({**row.values,
                                           ERROR_FIELD: message}) + "\n")


def _write_csv(stream, source, failures):
    if source.bom:
        stream.write(BOM)
    # The input's own cells go back exactly as they came (a neutralised
    # "+57 300..." would be sent with its quote when the file is imported
    # again); Alegra's message is neutralised like any cell from outside.
    writer = CellWriter(stream, delimiter=source.delimiter, neutralise=False)
    columns = [name for name in source.columns if name != ERROR_FIELD]
    writer.writerow(columns + [ERROR_FIELD])
    for row, message in failures:
        if row.cells is not None:
            # A short row is padded, so that its message stays in the
            # last column and filling in the cells is all it needs.
            cells = [readable(cell) for cell in row.cells]
            cells += [""] * (len(columns) - len(cells))
        else:
            cells = [row.values.get(name, "") for name in columns]
        writer.writerow(cells + [neutralise_formula(message)])
