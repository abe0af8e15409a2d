"""``alegra config ...``: the configuration file, its profiles and settings.

None of these commands talks to Alegra or reads a secret. The global
``--dry-run`` is honoured by those that write: they say what they would
change and leave the file alone.
"""

from alegra import command
from alegra.i18n import N_, _
from alegra.errors import UsageError

PROFILE_ARGUMENT = "<profile>"


def known_countries():
    from alegra.app.company import COUNTRY_NAMES

    return frozenset(COUNTRY_NAMES.values())


def output_formats(environ):
    from alegra import namespaces, registry

    return {entry_point.name
            for namespace in (namespaces.FORMATTER_LIST,
                              namespaces.FORMATTER_SHOW)
            for entry_point in registry.entry_points(namespace, environ)}


class ConfigCommand(command.Command):
    """A command about the configuration file."""

    talks_to_api = False

    @property
    def config(self):
        return self.context.config

    def save(self, parsed_args, change):
        """Write the file unless this is a dry run; ``change`` says what."""
        config = self.config
        if self.flag(parsed_args, "dry_run"):
            self.note(_("Dry run, {path} not changed: {change}").format(
                path=config.path, change=change))
            return
        config.save()
        self.note(_("{change} (saved in {path})").format(
            change=change, path=config.path))

    def country(self, value):
        from alegra.app.company import normalise_country

        code = normalise_country(value)
        if code is None:
            raise UsageError(_("no country given"),
                             _("name one: co, mx, pe, cr, colombia, ..."))
        if code not in known_countries():
            self.context.warn(
                _("Warning: '{code}' is not a country Alegra is known to "
                  "serve; it is saved as given").format(code=code))
        return code

    def warn_if_overridden(self, variable, warning):
        """Say ``warning`` (a message naming ``{variable}``) when the
        environment sets ``variable``."""
        if self.app.environ.get(variable):
            self.context.warn(_(warning).format(variable=variable))


class Path(ConfigCommand):
    _description = N_("Print the path of the configuration file")

    def take_action(self, parsed_args):
        from alegra.local.config import config_path

        self.app.stdout.write(f"{config_path(self.app.environ)}\n")
        return 0


class View(ConfigCommand):
    _description = N_("Print the configuration file (secrets redacted)")

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "-o", "--output", "--format", choices=("yaml", "json"),
            dest="view_format", default=None,
            help=N_("yaml (the default) or json"))

    def take_action(self, parsed_args):
        from alegra import jsonio
        from alegra.local.config import redacted

        config = self.config
        if not config.exists:
            self.note(_("No configuration file at {path} yet; the "
                        "defaults apply").format(path=config.path))
        data = redacted(config.data)
        if self.view_format(parsed_args) == "json":
            self.app.stdout.write(jsonio.dumps(data, 2) + "\n")
        else:
            import yaml

            self.app.stdout.write(yaml.safe_dump(
                data, sort_keys=False, allow_unicode=True))
        return 0

    def view_format(self, parsed_args):
        # A global -o/ALEGRA_OUTPUT of table or csv means nothing here.
        if parsed_args.view_format:
            return parsed_args.view_format
        return "json" if self.app.options.output == "json" else "yaml"


class Use(ConfigCommand):
    _description = N_("Make a profile the default (--create for a new one)")

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("name", metavar=PROFILE_ARGUMENT,
                            help=N_("the profile to use from now on"))
        parser.add_argument(
            "--create", action="store_true",
            help=N_("create the profile if it does not exist (a mistyped "
                    "name is refused without it)"))

    def take_action(self, parsed_args):
        from alegra.local import config as config_module

        name = parsed_args.name
        config = self.config
        created = name not in config.profiles
        # With profiles to mistype, a new name must be asked for; the
        # first profile (or "default") is created as it is named.
        if created and config.profiles and not (
                parsed_args.create or name == config_module.DEFAULT_PROFILE):
            raise config_module.unknown_profile(
                name, list(config.profiles),
                f"'alegra config use --create {name}'")
        if created:
            config.update_profile(name)
        config.default_profile = name
        self.save(parsed_args,
                  _("Default profile: {profile}").format(profile=name))
        if created:
            self.note(_("Profile {name} is new and empty: run 'alegra "
                        "--profile {name} auth login --email "
                        "you@example.com'").format(name=name))
        self.warn_if_overridden(
            "ALEGRA_PROFILE",
            N_("Warning: {variable} is set in this environment and takes "
               "precedence over the default profile"))
        return 0


class ListProfiles(ConfigCommand, command.Lister):
    _description = N_("List the profiles of the configuration file")

    default_columns = ("name", "email", "base_url", "country", "output",
                       "default")

    def take_action(self, parsed_args):
        config = self.config
        default = config.default_profile
        profiles = [
            {"name": name,
             **{key: config.profile(name).get(key)
                for key in ("email", "base_url", "country", "output")},
             "default": name == default}
            for name in config.profiles
        ]
        if not profiles:
            self.note(_("No profiles yet: run 'alegra auth login --email "
                        "you@example.com'"))
        return self.rows(parsed_args, profiles)


class SetProfile(ConfigCommand):
    _description = N_("Create a profile or change its settings")

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("name", metavar=PROFILE_ARGUMENT,
                            help=N_("the profile to create or change"))
        parser.add_argument("--email", help=N_("the Alegra user's e-mail"))
        parser.add_argument("--base-url", metavar="URL",
                            help=N_("the API root"))
        parser.add_argument("--country",
                            help=N_("co, mx, pe, cr, colombia, ..."))
        parser.add_argument(
            "--output", metavar="FORMAT",
            help=N_("the default output format (table, json, yaml, csv, ...)"))
        parser.epilog = N_("An empty value ('') removes the setting.")

    def take_action(self, parsed_args):
        from alegra.local.config import check_profile_name

        name = check_profile_name(parsed_args.name)
        values = self.values(parsed_args)
        if not values:
            raise UsageError(
                _("nothing to change"),
                _("give --email, --base-url, --country or --output"))
        self.config.update_profile(name, **values)
        unset = _("(unset)")
        shown = ", ".join(f"{key}={unset if value is None else value}"
                          for key, value in values.items())
        self.save(parsed_args, _("Profile {name}: {settings}").format(
            name=name, settings=shown))
        return 0

    def values(self, parsed_args):
        checks = {"email": self.email, "base_url": self.base_url,
                  "country": self.country, "output": self.output}
        values = {}
        for key, check in checks.items():
            given = getattr(parsed_args, key)
            if given is None:
                continue
            given = given.strip()
            values[key] = check(given) if given else None
        return values

    @staticmethod
    def email(value):
        if "@" not in value or any(c.isspace() for c in value):
            raise UsageError(_("{value!r} is not an e-mail address").format(
                value=value))
        return value

    def base_url(self, value):
        import urllib.parse

        parts = urllib.parse.urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise UsageError(
                _("{value!r} is not an http(s) URL").format(value=value),
                _("for example https://api.alegra.com/api/v1"))
        if parts.scheme == "http":
            self.context.warn(
                _("Warning: {url} is not HTTPS; your credentials would "
                  "travel unencrypted").format(url=value))
        return value.rstrip("/")

    def output(self, value):
        formats = output_formats(self.app.environ)
        if value not in formats:
            raise UsageError(
                _("unknown output format {value!r}").format(value=value),
                _("choose from {names}").format(
                    names=", ".join(sorted(formats))))
        return value


class SetCountry(ConfigCommand):
    _description = N_("Set the country of the active profile")

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "country", metavar="<country>",
            help=N_("a two-letter code or a name: co, mx, pe, cr, colombia, "
                    "mexico, peru, costa-rica, ..."))

    def take_action(self, parsed_args):
        from alegra.local.config import check_profile_name

        profile = check_profile_name(self.context.profile_name)
        code = self.country(parsed_args.country)
        self.config.update_profile(profile, country=code)
        self.save(parsed_args, _("Country of profile {profile}: "
                                 "{country}").format(profile=profile,
                                                     country=code))
        self.warn_if_overridden(
            "ALEGRA_COUNTRY",
            N_("Warning: {variable} is set in this environment and takes "
               "precedence over the profile's country"))
        return 0
