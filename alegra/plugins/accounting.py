"""Accounting: the chart of accounts, journal entries, bank accounts and
their reconciliations."""

from alegra import bindings, verbs
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
               help="the kind of account"),
        Filter("status", choices=("active", "inactive", "deleted"),
               help="active, inactive or deleted"),
        Filter("name", help="only accounts whose name contains this"),
        # Not --format: export's output format has that name.
        Filter("layout", param="format", choices=("tree",),
               help="tree: nest the accounts under their parents "
                    "(Alegra's format=tree)"),
    ),
    # The chart of accounts cannot be deleted from, as in Alegra.
    verbs=("list", "get", "create", "update"),
    text_fields=frozenset({"code", "name", "description"}),
    actions=(
        Action("settings", "Show the accounting settings (default "
                           "accounts)",
               collection=True, method="GET", body="none"),
        Action("set-settings", "Change the accounting settings",
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
               help="only entries of this date (YYYY-MM-DD, today, ...)"),
        Filter("client-id", param="client_id",
               help="only entries of this contact"),
        Filter("client-name", param="client_name",
               help="only entries whose contact name contains this"),
        Filter("reference", help="only entries with this reference"),
        Filter("observations",
               help="only entries whose observations contain this"),
        Filter("number", help="only the entry with this number"),
    ),
    text_fields=frozenset({"reference", "observations", "number"}),
    actions=(
        Action("balance", "Show debits and credits by period",
               collection=True, method="GET", path="entries/graph",
               body="none", rows="data",
               columns=("period", "debit", "credit"),
               filters=(
                   Filter("from", type=dates.day_argument,
                          help="from this date (YYYY-MM-DD, this-year, ...)"),
                   Filter("to", type=dates.day_argument,
                          help="to this date"),
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
               help="true to list inactive accounts too"),
        Filter("include-balance", param="includeBalance",
               choices=("true", "false"),
               help="true to include each account's balance"),
    ),
    text_fields=frozenset({"number", "name", "description"}),
    actions=(
        Action("transfer", "Move money to another account (--to N "
                           "--set amount=...)",
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
               help="only reconciliations of this bank account"),
        Filter("fields", help="extra fields to include: deletable, "
                              "balance, simple"),
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
            help="the account the money goes to (idDestination)")

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
            self.note("Note: Alegra names the destination idDestination; "
                      "sent idDestination (use --to N)")
        if parsed_args.to is not None:
            payload["idDestination"] = parsed_args.to
        return payload


BankAccounts = bindings.commands(
    BANK_ACCOUNTS, Transfer=Transfer.bind(BANK_ACCOUNTS, "transfer"))
Reconciliations = bindings.commands(RECONCILIATIONS)
