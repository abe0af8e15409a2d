"""``alegra catalog [category] [--country co]``: per-country codes, offline."""

from alegra import command
from alegra.errors import UsageError
from alegra.i18n import N_, _


def find_category(document, wanted):
    """A category by its name, or by a prefix that names only one."""
    names = list(document["categories"])
    key = wanted.strip().lower().replace("_", "-").replace(" ", "-")
    if key in names:
        return key
    matches = [name for name in names if name.startswith(key)]
    if len(matches) == 1:
        return matches[0]
    raise UsageError(
        _("no catalog '{wanted}' for {country}").format(
            wanted=wanted, country=document["name"]),
        _("choose from {names}").format(names=", ".join(names)))


class Catalog(command.Lister):
    _description = N_("List a country's codes: identification types, "
                      "regimes...")

    talks_to_api = False

    default_columns = ("category", "title", "entries")

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "category", nargs="?", metavar="<category>",
            help=N_("identification-types, regimes, payment-methods, "
                    "cfdi-uses, units, ... (none: list the categories)"))
        parser.add_argument(
            "--country", metavar="CC",
            help=N_("co, mx, pe, cr, pa, es or a name (default: the "
                    "profile's)"))

    def take_action(self, parsed_args):
        from alegra import catalogs
        from alegra.validators import messages

        country = self.context.country(parsed_args.country)
        if country is None:
            raise UsageError(_("which country's catalog?"),
                             _("give --country co (or mx, pe, cr, pa, es)"))
        document = catalogs.load(country)
        if document is None:
            raise UsageError(
                _("no catalog for '{country}'").format(country=country),
                _("catalogs exist for {countries}").format(
                    countries=", ".join(catalogs.countries())))
        lang = messages.language()
        if parsed_args.category is None:
            rows = [{"category": name, "title": found["title"][lang],
                     "entries": len(found["entries"])}
                    for name, found in document["categories"].items()]
            return self.rows(parsed_args, rows)
        name = find_category(document, parsed_args.category)
        self.default_columns = ("code", "name")
        return self.rows(parsed_args,
                         document["categories"][name]["entries"])
