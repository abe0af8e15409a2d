"""``alegra init``: a first run, step by step.

It runs the commands a new user would, in order, and says what each step
is for: ``auth login`` (which checks the token and detects the company's
country), ``company get``, ``number-templates list`` (with a word on
electronic numbering) and ``doctor``. ``--non-interactive`` asks nothing:
the e-mail comes from ``--email`` and the token from standard input
(``--token-stdin``), so it can run from a script.
"""

from alegra import command
from alegra.i18n import N_, _, ngettext
from alegra.errors import AlegraError, UsageError

STEPS = (N_("Log in"), N_("Your company"), N_("Electronic numbering"),
         N_("Check-up"))


class Init(command.Command):
    _description = N_("Set alegra up: log in, find the company, check "
                      "numbering")
    _epilog = (N_("Without a terminal: echo \"$TOKEN\" | alegra init "
                  "--non-interactive --email you@example.com --token-stdin "
                  "--profile empresa"))
    talks_to_api = False
    api_requests = (("GET", "users/self"), ("GET", "company"),
                    ("GET", "number-templates"))

    def add_arguments(self, parser):
        parser.add_argument("--email", metavar="EMAIL",
                            help=N_("the e-mail of the Alegra user"))
        parser.add_argument(
            "--token-stdin", action="store_true",
            help=N_("read the API token from standard input (not a prompt)"))
        parser.add_argument(
            "--profile", metavar="NAME",
            help=N_("the profile to create or update (default: the global "
                    "--profile, else 'default')"))
        parser.add_argument("--base-url", metavar="URL",
                            help=N_("the API root, for another server"))
        parser.add_argument(
            "--non-interactive", action="store_true",
            help=N_("ask nothing: needs --email and --token-stdin"))

    def take_action(self, parsed_args):
        from alegra.output.terminal import is_terminal
        from alegra.plugins.auth import refuse_sandbox

        refuse_sandbox(self.context, _("set-up"))
        interactive = (not parsed_args.non_interactive
                       and is_terminal(self.app.stdin))
        if not interactive and not (parsed_args.email
                                    and parsed_args.token_stdin):
            raise UsageError(
                _("without a terminal, init needs --email and "
                  "--token-stdin"),
                _("echo \"$TOKEN\" | alegra init --non-interactive "
                  "--email you@example.com --token-stdin"))
        if parsed_args.token_stdin and is_terminal(self.app.stdin):
            raise UsageError(_("--token-stdin given, but standard input is "
                               "a terminal"), _("pipe the token in"))
        if parsed_args.profile:
            from alegra.local.config import check_profile_name

            self.app.options.profile = check_profile_name(
                parsed_args.profile)
        login = ["auth", "login"]
        if parsed_args.email:
            login += ["--email", parsed_args.email]
        if parsed_args.base_url:
            login += ["--base-url", parsed_args.base_url]
        self.step(0, _("alegra checks your API token and keeps it safely"))
        if self.app.run_subcommand(login):
            raise AlegraError(_("init stopped: the login did not succeed"),
                              _("fix what the line above says and run "
                                "'alegra init' again"))
        self.step(1, _("the company this profile works on"))
        self.app.run_subcommand(["company", "get", "-c", "name", "-c",
                                 "identification", "-c", "email"])
        self.step(2, _("electronic invoices need a numbering with "
                       "isElectronic"))
        self.app.run_subcommand(["number-templates", "list"])
        self.report_electronic()
        self.step(3, _("everything alegra needs, checked"))
        code = self.app.run_subcommand(["doctor", "--no-probes"])
        profile = self.context.profile_name
        self.note("\n" + _("Ready: profile '{profile}'. Try 'alegra "
                           "invoices list', or 'alegra' alone for a "
                           "shell.").format(profile=profile))
        return code

    def step(self, number, why):
        self.note(f"\n[{number + 1}/{len(STEPS)}] {_(STEPS[number])}: {why}")

    def report_electronic(self):
        try:
            client = self.context.make_client()
            templates = client.get("number-templates") or []
        except AlegraError as exc:
            self.note(_("Numbering not checked: {reason}").format(
                reason=exc.message))
            return
        electronic = [t for t in templates
                      if isinstance(t, dict) and t.get("isElectronic")]
        if electronic:
            self.note(ngettext(
                "{n} electronic numbering(s): invoices can be emitted",
                "{n} electronic numbering(s): invoices can be emitted",
                len(electronic)).format(n=len(electronic)))
        else:
            self.note(_("No electronic numbering yet: create one in Alegra "
                        "(Configuración > Numeraciones) before emitting"))
