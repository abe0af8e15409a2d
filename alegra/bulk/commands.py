"""The ``import`` and ``export`` verbs, bound to a resource like the others.

A resource module binds them as it binds the generic verbs::

    Import = bulk.Import.bind(CONTACTS)
    Export = bulk.Export.bind(CONTACTS)

``import`` needs a resource that allows ``create``; ``export`` one that
allows ``list``. ``natural_key`` names the body fields that identify a
row's record on the server, for resuming after a lost answer::

    Import = bulk.Import.bind(CONTACTS,
                              natural_key=("identification.number",
                                           "identification"))

The machinery is in the modules beside this one (readers, rows, journal,
lookup, importer, failures_file, writers, progress); the user's guide is
``doc/source/bulk.rst``.
"""

from alegra import command, records, verbs
from alegra.i18n import _

FORMATS = ("csv", "json", "ndjson", "xlsx")


def export_format(text):
    """An argparse ``type`` for ``--format``: a file name given where the
    format goes (``-o x.csv``) points at ``--out``."""
    import argparse
    import os

    value = text.strip().lower()
    if value in FORMATS:
        return value
    stem, dot, suffix = os.path.basename(value).rpartition(".")
    if dot and stem and suffix in FORMATS:
        raise argparse.ArgumentTypeError(
            _("{text} is a file name, not a format: write '--out {name}' "
              "(the format is {suffix}: --format {suffix})").format(
                text=repr(text), name=text, suffix=suffix))
    raise argparse.ArgumentTypeError(
        _("{text} is not a format; use {formats}").format(
            text=repr(text), formats=", ".join(FORMATS)))


class Import(verbs.ResourceCommand, command.Command):
    requires_verb = "create"
    natural_key = ()

    @classmethod
    def describe(cls, resource):
        return _("Create {records} from a CSV, JSON or NDJSON file, one "
                 "per row").format(records=resource.plural_label())

    def add_arguments(self, parser):
        super().add_arguments(parser)
        source = parser.add_argument_group(_("input"))
        source.add_argument(
            "-f", "--file", required=True, metavar="FILE",
            help=_("CSV with a header row (',' or ';'), a JSON array, or "
                   "NDJSON (one object a line)"))
        source.add_argument(
            "--map", action="append", default=[], metavar="COL=FIELD,...",
            help=_("rename columns to API fields; dotted fields nest "
                   "('Name=name,NIT=identification.number'; 'Col=' leaves "
                   "a column out); usual headers such as 'Razón social' or "
                   "'Precio' are matched without it"))
        source.add_argument(
            "--set", action="append", default=[], metavar="KEY=VALUE",
            dest="assignments",
            help=_("a field set on every row (repeatable); values are "
                   "JSON when they parse, dotted keys nest"))
        runs = parser.add_argument_group(_("resuming and failures"))
        runs.add_argument(
            "--resume", action="store_true",
            help=_("continue an interrupted (or since fixed) import of "
                   "this file with its first options: skip the rows "
                   "created, look up the rows whose answer was lost, send "
                   "the rest"))
        runs.add_argument(
            "--failures", metavar="FILE",
            help=_("where to write the failed rows (default: beside the "
                   "input, NAME.failures.EXT, numbered "
                   "NAME.failures.2.EXT... rather than replaced)"))
        runs.add_argument(
            "--key", metavar="COLUMN",
            help=self._key_help())
        checks = parser.add_argument_group(_("validation"))
        checks.add_argument(
            "--country", metavar="CC",
            help=_("validate for this country (co, mx, pe, cr, ...) "
                   "instead of the profile's"))
        checks.add_argument(
            "--no-validate", action="store_true",
            help=_("send every row without the pre-flight checks"))

    def _key_help(self):
        if not self.natural_key:
            return _("the column that identifies a row's record on the "
                     "server, to look up rows whose answer was lost")
        return _("the column that identifies a row's record on the "
                 "server, to look up rows whose answer was lost (default: "
                 "the {field} field)").format(field=self.natural_key[0])

    def take_action(self, parsed_args):
        from alegra.bulk import bulkimport

        return bulkimport.run(self, parsed_args)


class Export(verbs.ResourceCommand, command.Command):
    requires_verb = "list"
    # The list's filter options and query, shared rather than copied.
    add_filter_arguments = verbs.List.add_filter_arguments
    query = verbs.List.query

    @classmethod
    def describe(cls, resource):
        return _("Write every {record} to CSV, JSON, NDJSON or xlsx, page "
                 "by page").format(record=resource.label())

    def add_arguments(self, parser):
        super().add_arguments(parser)
        output = parser.add_argument_group(_("output"))
        output.add_argument(
            "--format", "-o", "--output", type=export_format, choices=FORMATS,
            default="csv", dest="export_format", metavar="FORMAT",
            help=_("csv (default), json (one array), ndjson (one object a "
                   "line) or xlsx (a workbook: to --out FILE or a file)"))
        output.add_argument(
            "--out", metavar="FILE",
            help=_("write to FILE (complete or not at all) instead of "
                   "standard output"))
        output.add_argument(
            "--columns", metavar="A,B,C|all", dest="column_list",
            help=_("fields to write, dotted names reach nested ones "
                   "(client.name, items.0.price); 'all' for every field "
                   "seen (default for CSV: {columns}; JSON: whole "
                   "objects)").format(
                columns=", ".join(self.resource.columns)))
        output.add_argument(
            "--excel", action="store_true",
            help=_("CSV for spreadsheets: UTF-8 byte-order mark, ';' "
                   "between cells, numbers with the locale's decimal mark "
                   "(a comma in Spanish locales: 59500,00)"))
        decimals = output.add_mutually_exclusive_group()
        decimals.add_argument(
            "--decimal-comma", action="store_const", const="comma",
            dest="decimal", help=_("CSV numbers with a decimal comma"))
        decimals.add_argument(
            "--decimal-point", action="store_const", const="point",
            dest="decimal", help=_("CSV numbers with a decimal point"))
        output.add_argument(
            "--headers", choices=("paths", "labels"), default="paths",
            help=_("CSV and xlsx header row: API paths "
                   "(numberTemplate.fullNumber, default) or short labels "
                   "in your language (Número)"))
        self.add_filter_arguments(parser)

    def columns(self, parsed_args):
        from alegra.bulk import writers

        requested = parsed_args.column_list or self.app.options.columns
        names = records.split_columns([requested or ""])
        if names == [writers.ALL]:
            return writers.ALL
        if names:
            return names
        if parsed_args.export_format in ("csv", "xlsx"):
            return list(self.resource.columns)
        return None

    def take_action(self, parsed_args):
        from alegra.bulk import bulkexport

        return bulkexport.run(self, parsed_args)
