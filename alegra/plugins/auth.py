"""``alegra auth login|logout|status``: the API token of a profile.

The token is never taken from the command line (it would sit in the shell
history and in ``ps``): it is prompted for without echo on a terminal and
read from standard input otherwise. It is checked with ``GET /users/self``
before anything is saved.
"""

from alegra import command
from alegra.i18n import N_, _
from alegra.app.company import detect_country
from alegra.errors import AlegraError, AuthError, UsageError
from alegra.output.terminal import is_terminal

TOKEN_PLACE = "Alegra: Configuración > Integraciones > API"


def user_label(user, email):
    """``Name Surname <email>`` from a ``/users/self`` answer."""
    if not isinstance(user, dict):
        return email
    name = " ".join(str(user[key]) for key in ("name", "lastName")
                    if user.get(key))
    address = user.get("email") or email
    return f"{name} <{address}>" if name else address


def refuse_sandbox(context, what):
    if context.sandbox_mode:
        raise UsageError(_("the sandbox needs no {what}").format(what=what),
                         _("run 'alegra --sandbox <command>' directly"))


class Login(command.Command):
    _description = N_("Verify an API token and store it for a profile")
    # What it sends (tests/contract lists every command's requests).
    api_requests = (("GET", "users/self"), ("GET", "company"))

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--email", metavar="EMAIL",
            help=N_("the e-mail of your Alegra user (default: the profile's; "
                    "prompted for on a terminal)"))
        parser.add_argument(
            "--base-url", metavar="URL",
            help=N_("the API root for this profile (default: "
                    "https://api.alegra.com/api/v1)"))
        parser.add_argument(
            "--bearer", action="store_true",
            help=N_("the token is a Bearer (OAuth) token, sent as "
                    "'Authorization: Bearer' without an e-mail"))
        parser.epilog = (
            N_("The token is prompted for without echo on a terminal and read "
               "from standard input otherwise: "
               "echo \"$TOKEN\" | alegra auth login --email you@example.com. "
               "Use the global --profile to log in to another company."))

    # -- what to log in with ------------------------------------------------

    @property
    def on_terminal(self):
        return is_terminal(self.app.stdin)

    def ask(self, prompt):
        self.app.stderr.write(prompt)
        self.app.stderr.flush()
        line = self.app.stdin.readline()
        if not line:
            raise UsageError(_("no answer on standard input"))
        return line.strip()

    def email(self, parsed_args, dry_run):
        known = self.context.profile.get("email")
        email = parsed_args.email
        if not email and self.on_terminal and not dry_run:
            suffix = f" [{known}]" if known else ""
            email = self.ask(_("Alegra e-mail{suffix}: ").format(
                suffix=suffix)) or known
        email = (email or known or "").strip()
        if not email:
            raise UsageError(_("no e-mail given"),
                             _("use --email you@example.com"))
        if "@" not in email or any(c.isspace() for c in email):
            raise UsageError(_("{email} is not an e-mail address").format(
                email=repr(email)))
        return email

    def token(self):
        if self.on_terminal:
            import getpass

            self.app.stderr.write(_("Paste your API token ({place}).").format(
                place=TOKEN_PLACE) + "\n")
            try:
                token = getpass.getpass(_("API token: "))
            except EOFError:
                token = ""
        else:
            token = self.app.stdin.read()
        token = token.strip()
        if not token:
            raise UsageError(
                _("no token given"),
                _("type it at the prompt, or pipe it in: echo \"$TOKEN\" | "
                  "alegra auth login --email you@example.com"))
        if any(c.isspace() for c in token):
            raise UsageError(_("the token holds spaces or several lines"),
                             _("give the token alone"))
        return token

    def base_url(self, parsed_args):
        return (parsed_args.base_url or self.context.base_url).rstrip("/")

    # -- talking to Alegra --------------------------------------------------

    def probe_client(self, parsed_args, base_url, email, token):
        """A client for the credentials being tested, not the stored ones."""
        from alegra.http import dryrun
        from alegra.local.credentials import BASIC, BEARER, Credentials

        scheme = BEARER if parsed_args.bearer else BASIC
        sink = None
        if self.is_dry_run(parsed_args):
            sink = dryrun.printer(
                self.app.stdout, self.output_format(parsed_args),
                self.flag(parsed_args, "show_token"))
        return self.context.make_client(
            sink, credentials=Credentials(email, token, "login", scheme),
            base_url=base_url)

    def verify(self, client, email):
        try:
            return client.get("users/self")
        except AuthError as exc:
            raise AuthError(
                _("Alegra rejected the token for {who} ({reason}); nothing "
                  "was saved").format(who=email or "Bearer",
                                      reason=exc.message),
                _("check the e-mail, and copy the token again from "
                  "{place}").format(place=TOKEN_PLACE)) from None

    # -- the command ------------------------------------------------------

    def take_action(self, parsed_args):
        from alegra.local.config import check_profile_name

        context = self.context
        refuse_sandbox(context, "login")
        profile = check_profile_name(context.profile_name)
        dry_run = self.is_dry_run(parsed_args)
        email = None if parsed_args.bearer else self.email(parsed_args,
                                                           dry_run)
        base_url = self.base_url(parsed_args)
        if dry_run:
            self.probe_client(parsed_args, base_url, email, None).get(
                "users/self")
            self.note(_("Dry run: nothing was sent or saved"))
            return 0
        token = self.token()
        client = self.probe_client(parsed_args, base_url, email, token)
        user = self.verify(client, email)
        country, remark = detect_country(client)
        where, first = self.save(profile, email, token, base_url, country)
        email = email or (user or {}).get("email")
        self.note(_("Logged in as {user} (profile {profile}); token "
                    "stored in {where}").format(
                        user=user_label(user, email), profile=profile,
                        where=where))
        if first:
            self.note(_("Default profile: {profile}").format(
                profile=profile))
        self.report_country(country, remark)
        self.report_environment()
        return 0

    def save(self, profile, email, token, base_url, country):
        from alegra.local import credentials
        from alegra.http.client import DEFAULT_BASE_URL

        context = self.context
        config = context.config
        where = credentials.store_token(
            profile, token, self.app.environ, warn=context.warn)
        values = {"base_url": None if base_url == DEFAULT_BASE_URL
                  else base_url,
                  # A Bearer profile keeps no e-mail of its own to send.
                  "auth": None if email else credentials.BEARER}
        if email:
            values["email"] = email
        if country:
            values["country"] = country
        config.update_profile(profile, **values)
        first = not config.has_default_profile
        if first:
            config.default_profile = profile
        config.save()
        return where, first

    def report_country(self, country, remark):
        if country:
            self.note(_("Country: {country} ({remark})").format(
                country=country, remark=remark))
        else:
            self.note(_("Country not detected: {remark}; set it with "
                        "'alegra config set-country <country>'").format(
                            remark=remark))

    def report_environment(self):
        if self.app.environ.get("ALEGRA_TOKEN"):
            self.context.warn(
                _("Warning: ALEGRA_TOKEN is set in the environment and "
                  "takes precedence over the stored token"))


class Logout(command.Command):
    _description = N_("Remove the stored API token of a profile")

    talks_to_api = False

    def take_action(self, parsed_args):
        from alegra.local import credentials

        context = self.context
        refuse_sandbox(context, "logout")
        profile = context.profile_name
        if self.flag(parsed_args, "dry_run"):
            self.note(_("Dry run: the token of profile {profile} would be "
                        "removed; nothing was changed").format(
                            profile=profile))
            return 0
        removed = credentials.delete_token(profile, self.app.environ)
        if removed:
            self.note(_("Logged out of profile {profile}: token removed "
                        "from {places}").format(
                            profile=profile,
                            places=_(" and ").join(removed)))
        else:
            self.note(_("No stored token for profile {profile}; nothing "
                        "to remove").format(profile=profile))
        if credentials.from_environment(self.app.environ):
            context.warn(_("Warning: ALEGRA_EMAIL and ALEGRA_TOKEN are "
                           "still set in the environment and still work"))
        return 0


class Status(command.ShowOne):
    _description = N_("Show the active profile and check its credentials")
    api_requests = (("GET", "users/self"), ("GET", "company"))

    def take_action(self, parsed_args):
        if self.is_dry_run(parsed_args):
            self.client(parsed_args).get("users/self")
            return None
        credentials = self.context.credentials(required=False)
        report = self.describe(credentials)
        failure = None
        if credentials is None:
            report["status"] = "missing"
            failure = self.missing()
        else:
            report["status"], report["user"], failure = self.check(
                parsed_args, credentials)
        if failure is None and credentials is not None:
            report["company"] = self.company(parsed_args, credentials)
        if failure is not None:
            self.app.report_error(failure)
            self.exit_code = failure.exit_code
        return self.one(parsed_args, report)

    def describe(self, credentials):
        context = self.context
        return {
            "profile": ("sandbox" if context.sandbox_mode
                        else context.profile_name),
            "company": None,
            "email": (credentials.email if credentials
                      else context.profile.get("email")),
            "base_url": context.base_url,
            "country": self.country(),
            "credentials": credentials.source if credentials else "none",
            "status": None,
            "user": None,
        }

    def company(self, parsed_args, credentials):
        """The company's name (cached per account after the first ask)."""
        from alegra.app import company

        return company.name_of_account(self.context, credentials,
                                       self.client(parsed_args))

    def country(self):
        try:
            return self.context.country(ask=False)
        except UsageError:
            return _("unknown ({country})").format(
                country=self.context.setting("country"))

    def missing(self):
        return AuthError(
            _("no credentials for profile '{profile}'").format(
                profile=self.context.profile_name),
            _("run 'alegra auth login --email you@example.com', or set "
              "ALEGRA_EMAIL and ALEGRA_TOKEN"))

    def check(self, parsed_args, credentials):
        """``(status, user, error)`` of a ``GET /users/self``."""
        try:
            user = self.client(parsed_args).get("users/self")
        except AuthError as exc:
            return "rejected", None, exc
        except AlegraError as exc:
            return "unverified", None, exc
        return "ok", user_label(user, credentials.email), None
