"""Accounting: the chart of accounts, journal entries, bank accounts and
their reconciliations."""

from alegra import bindings, verbs
from alegra.i18n import N_, _
from alegra.inputs import dates
from alegra.resource import Action, Filter, Resource

CATEGORIES = Resource(
    name="categories",
    singular="ledger account",
    aliases=("account",),
    columns=("id", "code", "name", "type", "idParent", "status"),
    filters=(
        Filter("type", choices=("income", "expense", "asset", "liability",
                                "equity", "cost", "productionCost", "order"),
               help=N_("the kind of account")),
        Filter("status", choices=("active", "inactive", "deleted"),
               help=N_("active, inactive or deleted")),
        Filter("name", help=N_("only accounts whose name contains this")),
        # Not --format: export's output format has that name.
        Filter("layout", param="format", choices=("tree",),
               help=N_("tree: nest the accounts under their parents "
                       "(Alegra's format=tree)")),
    ),
    # The chart of accounts cannot be deleted from, as in Alegra.
    verbs=("list", "get", "create", "update"),
    text_fields=frozenset({"code", "name", "description"}),
    actions=(
        Action("settings", N_("Show the accounting settings (default "
                              "accounts)"),
               collection=True, method="GET", body="none"),
        Action("set-settings", N_("Change the accounting settings"),
               collection=True, method="PUT", path="settings",
               body="required"),
    ),
)

JOURNALS = Resource(
    name="journals",
    singular="journal entry",
    columns=("id", "number", "date", "reference", "observations", "total",
             "status"),
    filters=(
        Filter("date", type=dates.day_argument,
               help=N_("only entries of this date (YYYY-MM-DD, today, ...)")),
        Filter("client-id", param="client_id",
               help=N_("only entries of this contact")),
        Filter("client-name", param="client_name",
               help=N_("only entries whose contact name contains this")),
        Filter("reference", help=N_("only entries with this reference")),
        Filter("observations",
               help=N_("only entries whose observations contain this")),
        Filter("number", help=N_("only the entry with this number")),
    ),
    text_fields=frozenset({"reference", "observations", "number"}),
    actions=(
        Action("balance", N_("Show debits and credits by period"),
               collection=True, method="GET", path="entries/graph",
               body="none", rows="data",
               columns=("period", "debit", "credit"),
               filters=(
                   Filter("from", type=dates.day_argument,
                          help=N_("from this date (YYYY-MM-DD, "
                                  "this-year, ...)")),
                   Filter("to", type=dates.day_argument,
                          help=N_("to this date")),
               )),
    ),
)

BANK_ACCOUNTS = Resource(
    name="bank-accounts",
    singular="bank account",
    columns=("id", "name", "number", "type", "balance", "status"),
    filters=(
        Filter("include-inactive", param="includeInactive",
               choices=("true", "false"),
               help=N_("true to list inactive accounts too")),
        Filter("include-balance", param="includeBalance",
               choices=("true", "false"),
               help=N_("true to include each account's balance")),
    ),
    text_fields=frozenset({"number", "name", "description"}),
    actions=(
        Action("transfer", N_("Move money to another account (--to N "
                              "--set amount=...)"),
               body="required"),
    ),
)

RECONCILIATIONS = Resource(
    name="reconciliations",
    singular="bank reconciliation",
    # Alegra serves them at /conciliations; /reconciliations answers 403.
    path="conciliations",
    # No update: the API's create saves over a reconciliation whose id it
    # is given.
    verbs=("list", "get", "create", "delete"),
    columns=("id", "bankAccount.id", "date", "balance", "status"),
    filters=(
        # Alegra's <object>_<field> filter convention (client_id, ...).
        Filter("account-id", param="bankAccount_id",
               help=N_("only reconciliations of this bank account")),
        Filter("fields", help=N_("extra fields to include: deletable, "
                                 "balance, simple")),
    ),
)

Categories = bindings.commands(CATEGORIES)
Journals = bindings.commands(JOURNALS)
class Transfer(verbs.ActionCommand):
    """Alegra names the destination ``idDestination``; ``--to N`` sets it,
    and the older ``destinationAccount={"id": N}`` is translated."""

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--to", metavar="ID", type=self.id_type("destination account"),
            help=N_("the account the money goes to (idDestination)"))

    def flags_given(self, parsed_args):
        return parsed_args.to is not None

    def adjust_body(self, parsed_args, payload):
        if payload is None and not self.flags_given(parsed_args):
            return None  # nothing given: the usual "no request body"
        payload = dict(payload or {})
        old = payload.pop("destinationAccount", None)
        if old is not None and "idDestination" not in payload:
            payload["idDestination"] = (old.get("id")
                                        if isinstance(old, dict) else old)
            self.note(_("Note: Alegra names the destination "
                        "idDestination; sent idDestination (use --to N)"))
        if parsed_args.to is not None:
            payload["idDestination"] = parsed_args.to
        return payload


BankAccounts = bindings.commands(
    BANK_ACCOUNTS, Transfer=Transfer.bind(BANK_ACCOUNTS, "transfer"))
Reconciliations = bindings.commands(RECONCILIATIONS)
