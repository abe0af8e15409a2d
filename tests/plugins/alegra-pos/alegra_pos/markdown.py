"""``-f markdown``: rows as a Markdown table, for notes and tickets.

One class serves both namespaces: ``emit_list`` for lists and ``emit_one``
(a field/value table) for single objects. Values arrive as cliff
``FormattableColumn`` cells (alegra's ``Cell``): their ``human_readable()``
text is what a person should see, with amounts exactly as Alegra sent them.
"""

from cliff.columns import FormattableColumn
from cliff.formatters import base


def text(value):
    if isinstance(value, FormattableColumn):
        value = value.human_readable()
    elif value is None:
        value = ""
    return (str(value).replace("\\", "\\\\").replace("|", "\\|")
            .replace("\r\n", "<br>").replace("\n", "<br>"))


def row(cells):
    return "| " + " | ".join(cells) + " |\n"


class MarkdownFormatter(base.ListFormatter, base.SingleFormatter):
    """A GitHub-flavoured Markdown table."""

    def add_argument_group(self, parser):
        pass  # no options of its own

    def emit_list(self, column_names, data, stdout, parsed_args):
        stdout.write(row(text(name) for name in column_names))
        stdout.write(row("---" for _ in column_names))
        for values in data:
            stdout.write(row(text(value) for value in values))

    def emit_one(self, column_names, data, stdout, parsed_args):
        stdout.write(row(("Field", "Value")))
        stdout.write(row(("---", "---")))
        for name, value in zip(column_names, data):
            stdout.write(row((text(name), text(value))))
