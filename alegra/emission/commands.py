"""``invoices emit``, the guarded ``invoices stamp`` and ``payments stamp``."""

from alegra import command, errors
from alegra.i18n import N_, _
from alegra.inputs.identifiers import DEFAULT_KINDS, of_kinds


class AccountIds:
    """The ids to send in the JSON form the account answered them in.

    Alegra answers ids as text since 2025 (``"id": "1"``, UUIDs for new
    records), so an id is sent as text unless the account itself gave it
    as a number (in the list of drafts, or the invoice read before
    stamping): then as that number, which older accounts expect.
    """

    def __init__(self):
        self._answered = {}

    def seen(self, text, value):
        """Remember that ``text`` was answered as ``value``; ``text``."""
        if isinstance(value, (int, str)) and not isinstance(value, bool):
            self._answered[text] = value
        return text

    def listed(self, record):
        return self.seen(str(record["id"]), record["id"])

    def read(self, text, document):
        """``document`` (an invoice read by id), remembering its id."""
        if isinstance(document, dict) and "id" in document:
            self.seen(text, document["id"])
        return document

    def value(self, text):
        return self._answered.get(text, str(text).strip())


def company_key(client):
    """What names the company in the ledger: its identification."""
    company = client.get("company")
    if not isinstance(company, dict):
        raise errors.APIError(_("GET /company gave no company; nothing "
                                "was sent"))
    identification = company.get("identificationObject") or {}
    # A sandbox names its database: two sandboxes (or one before and after
    # a reset) share a demo NIT but never their documents.
    instance = company.get("sandboxInstance")
    suffix = f"@sandbox:{instance}" if instance else ""
    for value in (identification.get("number"),
                  company.get("identification"), company.get("id"),
                  company.get("name")):
        if value not in (None, "", {}):
            return str(value) + suffix
    raise errors.APIError(_("the company has no identification to key "
                            "the emission ledger by; nothing was sent"))


class LedgerMixin:
    """Opens the emission ledger of this profile and company."""

    def profile_key(self):
        context = self.context
        return "sandbox" if context.sandbox_mode else context.profile_name

    def open_ledger(self, reader):
        from alegra.emission.ledger import open_ledger

        return open_ledger(self.profile_key(), company_key(reader),
                           self.app.environ)

    def emitter(self, ledger, resource, send, fetch, force, dry_run=False,
                progress=False, check_new=False):
        from alegra.emission.flow import Emitter

        return Emitter(ledger, resource, send, fetch, force=force,
                       dry_run=dry_run,
                       progress=self.note if progress else None,
                       environ=self.app.environ, check_new=check_new)

    def guard(self, ledger, resource, ids, force):
        """Refuse documents the ledger knows as emitted or in doubt."""
        if force:
            return
        known = {}
        for record_id in ids:
            state = ledger.state(resource, record_id)
            if state in ("emitted", "unknown", "sending"):
                known[record_id] = state
        if known:
            listed = ", ".join(f"{key} ({state})"
                               for key, state in known.items())
            hint = (_("use 'alegra invoices emit <id>', which checks the "
                      "stamp first, or pass --force to stamp anyway")
                    if resource == "invoices" else
                    _("read its stamp with 'alegra {resource} get <id>', "
                      "or pass --force to stamp anyway").format(
                          resource=resource))
            # REFUSED: the history records it as refused in any language
            raise errors.UsageError(
                _("refusing to stamp again what the emission ledger knows: "
                  "{listed}; nothing was sent").format(listed=listed),
                hint, code=command.REFUSED)


class Emit(LedgerMixin, command.Lister):
    _description = N_("Stamp invoices with the tax authority, each "
                      "exactly once (batches of 10)")

    default_columns = ("id", "result", "batch", "fiscal_code", "detail")
    # What it sends (tests/contract lists every command's requests).
    api_requests = (
        ("GET", "company"),
        ("GET", "invoices", {"query": ("status", "start", "limit")}),
        ("GET", "invoices/{id}"),
        ("POST", "invoices/stamp", {"body": ("ids",)}),
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("ids", nargs="*", metavar="<id>",
                            type=of_kinds(DEFAULT_KINDS, "an invoice id"),
                            help=N_("the invoices to emit"))
        parser.add_argument(
            "--all", action="store_true",
            help=N_("emit every draft invoice (read from Alegra, also in a "
                    "dry run)"))
        parser.add_argument(
            "--force", action="store_true",
            help=N_("send again invoices the ledger knows as emitted"))
        parser.epilog = N_(
            "Every invoice is claimed in the emission ledger before it is "
            "sent and its outcome recorded after each batch: an invoice "
            "already emitted is skipped, one whose answer never came back "
            "has its stamp read from Alegra before it is sent again, and "
            "two emits at once never send the same invoice.")

    def take_action(self, parsed_args):
        if bool(parsed_args.ids) == parsed_args.all:
            raise errors.UsageError(
                _("give the invoices to emit, or --all (not both)"),
                _("alegra invoices emit 1234 1235, or alegra invoices emit "
                  "--all"))
        dry_run = self.is_dry_run(parsed_args)
        # Reads go to Alegra even in a dry run (what would be emitted is
        # what the server holds); only the stamp request is held back.
        reader = self.context.make_client()
        ledger = self.open_ledger(reader)
        try:
            forms = AccountIds()
            ids = parsed_args.ids or [
                forms.listed(invoice) for invoice in
                reader.paginate("invoices", {"status": "draft"})]
            if not ids:
                self.note(_("Nothing to emit: no draft invoices"))
                return self.rows(parsed_args, [])
            report = self.emitter(
                ledger, "invoices",
                lambda batch: reader.post("invoices/stamp", {
                    "ids": [forms.value(i) for i in batch]}),
                lambda record_id: forms.read(
                    record_id, reader.get(f"invoices/{record_id}")),
                parsed_args.force, dry_run, progress=True,
                # Drafts just listed carry no stamp; ids typed by hand may.
                check_new=bool(parsed_args.ids)).run(ids)
        finally:
            ledger.close()
        self.summarise(report, dry_run)
        return self.rows(parsed_args, [
            {"id": outcome.record_id, "result": outcome.result,
             "batch": outcome.batch, "fiscal_code": outcome.fiscal_code,
             "detail": outcome.detail} for outcome in report.outcomes])

    def summarise(self, report, dry_run):
        skipped = report.count("skipped")
        if dry_run:
            would = report.count("would-stamp")
            batches = len({o.batch for o in report.outcomes
                           if o.result == "would-stamp"})
            self.note(_("Dry run: {would} invoice(s) in {batches} "
                        "batch(es) would be stamped, {skipped} skipped; "
                        "nothing was sent").format(
                            would=would, batches=batches, skipped=skipped))
            return
        emitted, failed = report.count("emitted"), report.count("failed")
        unknown = report.count("unknown")
        missing = [o.record_id for o in report.outcomes
                   if o.result == "not-found"]
        counts = {"emitted": emitted, "skipped": skipped, "failed": failed,
                  "unknown": unknown, "missing": len(missing)}
        self.note((_("Emitted {emitted}, skipped {skipped}, failed "
                     "{failed}, unknown {unknown}, not found {missing}")
                   if missing else
                   _("Emitted {emitted}, skipped {skipped}, failed "
                     "{failed}, unknown {unknown}")).format(**counts))
        if unknown:
            self.exit_code = errors.UNKNOWN_OUTCOME
            self.app.report_error(errors.UnknownOutcome(
                _("{unknown} invoice(s) may or may not have been "
                  "stamped").format(unknown=unknown),
                _("run the same emit again: it reads their stamp from "
                  "Alegra before sending anything")))
        elif failed:
            self.exit_code = (errors.PARTIAL if emitted or missing
                              else errors.API_ERROR)
            self.app.report_error(errors.AlegraError(
                _("{failed} invoice(s) were not stamped: {error}").format(
                    failed=failed, error=report.errors[0])))
        elif missing:
            self.exit_code = (errors.PARTIAL if emitted or skipped
                              else errors.NOT_FOUND)
            self.app.report_error(errors.NotFoundError(
                (_("no invoice {ids} in Alegra; nothing was sent for it")
                 if len(missing) == 1 else
                 _("no invoice {ids} in Alegra; nothing was sent for "
                   "them")).format(ids=", ".join(missing)),
                _("check the ids with 'alegra invoices list'")))


def stamp_ids(payload):
    """The ids of a raw stamp body (``ids`` or ``invoices[{id}]``)."""
    refs = payload.get("ids") if isinstance(payload, dict) else None
    if refs is None and isinstance(payload, dict):
        refs = payload.get("invoices")
    if not isinstance(refs, list):
        return []
    return [str(ref.get("id") if isinstance(ref, dict) else ref)
            for ref in refs]


def only(payload, ids):
    """The raw stamp body, keeping only ``ids`` (in its own form)."""
    keep = set(ids)
    trimmed = dict(payload)
    for key in ("ids", "invoices"):
        if isinstance(payload.get(key), list):
            trimmed[key] = [
                ref for ref in payload[key]
                if str(ref.get("id") if isinstance(ref, dict) else ref)
                in keep]
    return trimmed


def joined(answers):
    """The answers of several stamp calls as one: their documents in one
    list when each answered with a list, else the last answer."""
    if all(isinstance(answer, list) for answer in answers):
        return [document for answer in answers for document in answer]
    return answers[-1]


class GuardedStamp(LedgerMixin):
    """Mixin for the raw ``invoices stamp`` action: the same ledger."""

    # Besides the action's POST (tests/contract lists every request).
    api_requests = (("GET", "company"), ("GET", "invoices/{id}"))

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--force", action="store_true",
            help=N_("stamp even invoices the emission ledger knows as "
                    "emitted or in doubt"))

    def take_action(self, parsed_args):
        from alegra.emission.flow import BATCH

        payload = self.request_body(parsed_args)
        ids = stamp_ids(payload)
        if not ids:
            raise errors.UsageError(
                _("the stamp body names no invoices; nothing was sent"),
                _("-d '{\"ids\": [1, 2]}', or 'alegra invoices emit "
                  "<id>'"))
        client = self.client(parsed_args)
        if self.is_dry_run(parsed_args):
            # Alegra takes at most BATCH invoices a call: one request each.
            for start in range(0, len(ids), BATCH):
                client.post("invoices/stamp",
                            only(payload, ids[start:start + BATCH]))
            return None
        ledger = self.open_ledger(client)
        answers = []

        def send(batch):
            # What the ledger let through: with --force, an invoice another
            # process is sending, or one found stamped, still stays out.
            answer = client.post("invoices/stamp", only(payload, batch))
            answers.append(answer)
            return answer

        try:
            self.guard(ledger, "invoices", ids, parsed_args.force)
            report = self.emitter(
                ledger, "invoices", send,
                lambda record_id: client.get(f"invoices/{record_id}"),
                True).run(ids)
        finally:
            ledger.close()
        if report.errors:
            raise report.errors[0]
        if not answers:
            self.note(_("Nothing sent: every invoice was already "
                        "stamped"))
            return None
        return self.one(parsed_args, answers[0] if len(answers) == 1
                        else joined(answers))


class PaymentsStamp(LedgerMixin, command.ShowOne):
    _description = N_("Stamp a payment receipt (Mexico's complemento de "
                      "pago, Costa Rica's REP), once")
    api_requests = (("GET", "company"), ("GET", "payments/{id}"),
                    ("POST", "payments/{id}/stamp"))

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("identifier", metavar="<id>",
                            type=of_kinds(DEFAULT_KINDS, "a payment id"),
                            help=N_("the payment's id"))
        parser.add_argument(
            "--force", action="store_true",
            help=N_("stamp even a payment the emission ledger knows as "
                    "emitted or in doubt"))

    def take_action(self, parsed_args):
        from urllib.parse import quote

        path = f"payments/{quote(str(parsed_args.identifier), safe='')}"
        if self.is_dry_run(parsed_args):
            self.client(parsed_args).post(f"{path}/stamp")
            return None
        client = self.client(parsed_args)
        ledger = self.open_ledger(client)
        answers = []

        def send(batch):
            answer = client.post(f"{path}/stamp")
            answers.append(answer)
            return answer

        try:
            record_id = str(parsed_args.identifier)
            self.guard(ledger, "payments", [record_id], parsed_args.force)
            report = self.emitter(ledger, "payments", send,
                                  lambda _: client.get(path),
                                  True).run([record_id])
        finally:
            ledger.close()
        if report.errors:
            raise report.errors[0]
        if not answers:
            self.note(_("Nothing sent: payment {id} is already "
                        "stamped").format(id=record_id))
            return self.one(parsed_args, client.get(path))
        return self.one(parsed_args, answers[0])
