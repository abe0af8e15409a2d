"""The failures file: an import's failed rows, in the input's own format.

CSV keeps the header, the separator and the byte-order mark of the input
(written as UTF-8 even when the input was Latin-1); JSON is an array and
NDJSON one object a line. Each row gains an ``_error`` column (key) with
Alegra's message; reading ignores it, so the file can be fixed and fed
back to ``import`` as it is. Written atomically next to the input unless
``--failures`` says where, and only over a regular file or a new name.
"""

import os

from alegra import jsonio
from alegra.bulk.readers import BOM, ERROR_FIELD
from alegra.local import userfiles
from alegra.output.formatters.cells import CellWriter, neutralise_formula


def default_path(source_path):
    stem, extension = os.path.splitext(str(source_path))
    return f"{stem}.failures{extension or '.csv'}"


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
        writer.writerow([row.values.get(name, "") for name in columns]
                        + [neutralise_formula(message)])
