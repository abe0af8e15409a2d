"""``alegra doctor``: is everything in place to work, and to emit?

One line per check, each ``ok``, ``warn`` or ``fail``; the exit code is
non-zero when a required check fails (configuration, credentials,
authentication, the company, a damaged emission ledger). It only reads:
one request per check, plan probes included (paced like every request).
"""

from alegra import command
from alegra.i18n import N_, _, ngettext
from alegra.errors import AlegraError, PlanError, UsageError

MARKS = {"ok": "✔", "warn": "⚠", "fail": "✘", "skip": "-"}
# One cheap read per endpoint group, to learn which ones the plan reaches.
PLAN_PROBES = (
    ("invoices", "invoices"), ("contacts", "contacts"), ("items", "items"),
    ("payments", "payments"), ("bills", "bills"),
    ("bank-accounts", "bank-accounts"), ("conciliations", "conciliations"),
    ("journals", "journals"), ("reports", "reports/sales-by-client"),
)


class Doctor(command.Lister):
    _description = N_("Check configuration, credentials, plan and emission")
    # What it sends (tests/contract lists every command's requests).
    api_requests = (
        ("GET", "users/self"), ("GET", "company"),
        ("GET", "number-templates", {"query": ("documentType",)}),
    ) + tuple(("GET", path, {"query": ("start", "limit")})
              for _, path in PLAN_PROBES)

    default_columns = ("mark", "check", "detail")

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--no-probes", action="store_true",
            help=N_("skip the plan probes (one request per endpoint group)"))

    def take_action(self, parsed_args):
        if self.is_dry_run(parsed_args):
            raise UsageError(_("doctor only reads; it has no dry run"))
        self.results = []
        client = self.check_setup()
        if client is not None and self.check_auth(client):
            company = self.check_company(client)
            self.check_templates(client)
            if not parsed_args.no_probes:
                self.check_plan(client)
            self.check_rate(client)
            self.check_ledger(company)
        failed = [row for row in self.results
                  if row["status"] == "fail" and row["required"]]
        if failed:
            self.exit_code = self._failure_code or 1
            self.app.report_error(AlegraError(ngettext(
                "doctor: {count} required check failed: {checks}",
                "doctor: {count} required checks failed: {checks}",
                len(failed)).format(count=len(failed), checks=", ".join(
                    row["check"] for row in failed))))
        return self.rows(parsed_args, self.results)

    _failure_code = None

    def add(self, check, status, detail, required=False, error=None):
        # The check's name is said in the user's language; its status
        # stays a fixed word for scripts.
        self.results.append({"mark": MARKS[status], "check": _(check),
                             "status": status, "detail": detail,
                             "required": required})
        if (status == "fail" and required and error is not None
                and self._failure_code is None):
            self._failure_code = error.exit_code

    # -- the checks -------------------------------------------------------

    def check_setup(self):
        context = self.context
        if context.sandbox_mode:
            self.add(N_("config"), "ok",
                     _("the embedded sandbox (--sandbox)"), True)
        else:
            try:
                config = context.config
            except AlegraError as exc:
                self.add(N_("config"), "fail", str(exc), True, exc)
                return None
            where = (str(config.path) if config.exists
                     else _("{path} (not created yet)").format(
                         path=config.path))
            self.add(N_("config"), "ok",
                     _("{where}; profile {profile}").format(
                         where=where, profile=context.profile_name), True)
        try:
            credentials = context.credentials()
        except AlegraError as exc:
            self.add(N_("credentials"), "fail", str(exc), True, exc)
            return None
        self.add(N_("credentials"), "ok",
                 _("{email} (token from {source})").format(
                     email=credentials.email, source=credentials.source),
                 True)
        return context.make_client()

    def check_auth(self, client):
        try:
            user = client.get("users/self")
        except AlegraError as exc:
            self.add(N_("authentication"), "fail", str(exc), True, exc)
            return False
        from alegra.plugins.auth import user_label

        self.add(N_("authentication"), "ok",
                 _("{user} at {url}").format(
                     user=user_label(user, client.email),
                     url=client.base_url), True)
        return True

    def check_company(self, client):
        from alegra.app.company import country_from

        try:
            company = client.get("company") or {}
        except AlegraError as exc:
            self.add(N_("company"), "fail", str(exc), True, exc)
            return None
        version = company.get("applicationVersion")
        country = country_from(company)[0]
        identification = (company.get("identification")
                          or _("no identification"))
        self.add(N_("company"), "ok",
                 f"{company.get('name')} ({identification})", True)
        if country is None:
            self.add(N_("country"), "warn", _(
                "applicationVersion {version} names no country; set one "
                "with 'alegra config set-country'").format(
                    version=repr(version)))
        else:
            stored = self.refresh_country(country)
            self.add(N_("country"), "ok", f"{country} (applicationVersion "
                     f"{version!r}){stored}")
        from alegra.emission.commands import company_key

        try:
            return company_key(_Answer(company))
        except AlegraError:
            return None

    def refresh_country(self, country):
        """Store the detected country in the profile, as login does."""
        context = self.context
        if context.sandbox_mode:
            return ""
        config = context.config
        name = context.profile_name
        if name not in config.profiles:
            return ""
        stored = config.profile(name).get("country")
        if stored == country:
            return ""
        config.update_profile(name, country=country)
        try:
            config.save()
        except (AlegraError, OSError) as exc:
            return _("; could not store it in profile {name}: "
                     "{error}").format(name=name, error=exc)
        if stored:
            return _("; stored in profile {name} (was {old})").format(
                name=name, old=stored)
        return _("; stored in profile {name} (was unset)").format(
            name=name)

    def check_templates(self, client):
        try:
            templates = client.get("number-templates",
                                   {"documentType": "invoice"}) or []
        except AlegraError as exc:
            self.add(N_("number templates"), "warn", str(exc))
            return
        from alegra.http.client import unwrap_list

        templates = [t for t in unwrap_list(templates)
                     if t.get("documentType", "invoice") == "invoice"]
        electronic = [t for t in templates if t.get("isElectronic")]
        if electronic:
            names = ", ".join(f"{t.get('name')} (id {t.get('id')})"
                              for t in electronic)
            self.add(N_("number templates"), "ok",
                     _("{count} for invoices; electronic: {names}").format(
                         count=len(templates), names=names))
        else:
            self.add(N_("number templates"), "warn",
                     _("{count} for invoices, none electronic: invoices "
                       "cannot be stamped").format(count=len(templates)))

    def check_plan(self, client):
        reached, outside, other = [], [], []
        for group, path in PLAN_PROBES:
            try:
                client.get(path, {"start": 0, "limit": 1})
            except PlanError:
                outside.append(group)
            except AlegraError as exc:
                other.append(f"{group} ({exc.message})")
            else:
                reached.append(group)
        self.add(N_("plan"), "ok", _("reaches {groups}").format(
            groups=", ".join(reached)))
        if outside:
            self.add(N_("plan: not included"), "warn",
                     _("{groups} answer 402: not in your plan").format(
                         groups=", ".join(outside)))
        if other:
            self.add(N_("plan: errors"), "warn", "; ".join(other))

    def check_rate(self, client):
        pacer = client.pacer
        if pacer.limit is None or pacer.remaining is None:
            self.add(N_("rate limit"), "warn",
                     _("the server sent no X-Rate-Limit headers"))
            return
        import time

        left = (max(0, round(pacer.resets_at - time.monotonic()))
                if pacer.resets_at is not None else "?")
        status = "ok" if pacer.remaining > pacer.limit * 0.2 else "warn"
        self.add(N_("rate limit"), status, _(
            "{remaining}/{limit} requests left this window (resets in "
            "{left} s)").format(remaining=pacer.remaining,
                                limit=pacer.limit, left=left))

    def check_ledger(self, company):
        import os

        from alegra.emission import ledger as ledger_module

        path = ledger_module.default_path(self.app.environ)
        if not os.path.exists(path):
            self.add(N_("emission ledger"), "ok", _(
                "{path} (empty: nothing emitted from this machine "
                "yet)").format(path=path))
            return
        profile = ("sandbox" if self.context.sandbox_mode
                   else self.context.profile_name)
        try:
            ledger = ledger_module.Ledger(path, profile, company).open()
        except AlegraError as exc:
            self.add(N_("emission ledger"), "fail", str(exc), True, exc)
            return
        try:
            counts, unknown = ledger.summary()
        finally:
            ledger.close()
        detail = ", ".join(f"{count} {state}"
                           for state, count in counts.items())
        if unknown:
            commands = "; ".join(resolve_unknown(resource, ids)
                                 for resource, ids in unknown.items())
            self.add(N_("emission ledger"), "warn", _(
                "{path}: {detail}; run {commands}: it reads their stamp "
                "before sending anything").format(
                    path=path, detail=detail, commands=commands))
        else:
            self.add(N_("emission ledger"), "ok", f"{path}: {detail}")


def resolve_unknown(resource, ids):
    """The command that settles documents whose outcome is unknown."""
    if resource == "invoices":
        return f"'alegra invoices emit {' '.join(ids)}'"
    # --force gets past the ledger's refusal; an unknown one is still read
    # before anything is sent.
    return _(" and ").join(f"'alegra {resource} stamp {record_id} --force'"
                        for record_id in ids)


class _Answer:
    """A stand-in client that answers ``GET company`` from memory."""

    def __init__(self, company):
        self.company = company

    def get(self, path):
        return self.company
