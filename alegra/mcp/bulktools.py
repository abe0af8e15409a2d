"""Import and export tools without the user's files.

An export tool returns a page of the export (``start``, ``limit``) in the
format asked for, instead of writing a file: the command runs unchanged,
on a client that walks only that page (:class:`PageWindow`). An import
tool takes its rows in the call, as an array of objects (``rows``) or as
CSV text with a header (``csv``); they are handed to the command in a
private temporary folder that is removed when the call ends, and the rows
that failed come back in the answer instead of a failures file.
"""

import json
import os
import shutil
import tempfile

from alegra.errors import UsageError

MAX_ROWS = 10_000
MAX_CSV = 5_000_000  # characters
ROWS_SCHEMA = {
    "rows": {
        "type": "array", "items": {"type": "object"}, "minItems": 1,
        "maxItems": MAX_ROWS,
        "description": "the records to create, one object each, with the "
                       "API's field names (or the columns map names)"},
    "csv": {
        "type": "string", "maxLength": MAX_CSV,
        "description": "the records to create as CSV text: a header row, "
                       "then one row a record (',' or ';' between cells); "
                       "instead of rows"},
}


def role(factory):
    """``import``, ``export`` or None for a command class."""
    from alegra.bulk import commands

    if not isinstance(factory, type):
        return None
    if issubclass(factory, commands.Import):
        return "import"
    if issubclass(factory, commands.Export):
        return "export"
    return None


def take_rows(arguments, file_offered):
    """``(extension, text)`` of the inline rows popped from ``arguments``,
    or None when they name a ``file`` instead (``file_offered``)."""
    values = {"rows": arguments.pop("rows", None),
              "csv": arguments.pop("csv", None)}
    if file_offered:
        values["file"] = arguments.get("file")
    given = [name for name, value in values.items() if value is not None]
    if len(given) != 1:
        raise UsageError("give the records in exactly one of: "
                         + ", ".join(values),
                         f"this call gave {', '.join(given) or 'none'}")
    rows, text = values["rows"], values["csv"]
    if given == ["file"]:
        return None
    if rows is not None:
        if (not isinstance(rows, list) or not rows
                or not all(isinstance(row, dict) for row in rows)):
            raise UsageError("rows must be a non-empty array of objects")
        if len(rows) > MAX_ROWS:
            raise UsageError(f"at most {MAX_ROWS} rows a call",
                             "import the rest in another call")
        return ".json", json.dumps(rows, ensure_ascii=False)
    if not isinstance(text, str) or not text.strip():
        raise UsageError("csv must be CSV text with a header row")
    if len(text) > MAX_CSV:
        raise UsageError(f"csv is longer than {MAX_CSV} characters",
                         "import the rest in another call")
    return ".csv", text


class Staging:
    """Inline rows as a file in a private temporary folder, for one call.

    ``words`` are the options that point the command at it; ``failed()``
    reads back the failed rows the command wrote beside it.
    """

    def __init__(self, rows, failures_given):
        self.folder = tempfile.mkdtemp(prefix="alegra-mcp-")
        extension, text = rows
        self.rows_path = os.path.join(self.folder, "rows" + extension)
        self.failures_path = os.path.join(self.folder,
                                          "failures" + extension)
        with open(self.rows_path, "w", encoding="utf-8") as stream:
            stream.write(text)
        self.words = [f"--file={self.rows_path}"]
        if not failures_given:
            self.words.append(f"--failures={self.failures_path}")

    def failed(self):
        """The failed rows' text, or None."""
        try:
            with open(self.failures_path, encoding="utf-8-sig") as stream:
                return stream.read()
        except OSError:
            return None

    def hide(self, text):
        """``text`` without the temporary folder's names."""
        return (text.replace(self.rows_path, "the rows given")
                .replace(self.failures_path, "the failed rows returned"))

    def close(self):
        shutil.rmtree(self.folder, ignore_errors=True)


class PageWindow:
    """A client whose every walk is one page: ``limit`` records from
    ``start``; everything else is the wrapped client's."""

    def __init__(self, client, start, limit):
        self.client = client
        self.start = start
        self.limit = limit
        self.count = 0

    def paginate(self, path, params=None, start=0, max_items=None):
        for record in self.client.paginate(path, params, start=self.start,
                                           max_items=self.limit):
            self.count += 1
            yield record

    def __getattr__(self, name):
        return getattr(self.client, name)
