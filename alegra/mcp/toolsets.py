"""Tools grouped by what an accountant does, and the set offered first.

A tool's toolset follows from its command's first word (``invoices``
is ``sales``); a plugin's commands form a toolset named after their
distribution (``alegra-pos``). Emission and stamping tools belong to
``einvoicing`` as well as to their resource's toolset. Nothing here loads
a command module: a toolset is known from names alone, so a server builds
only the tools it offers.

Without ``--toolsets`` the server offers ``default``: the tools an agent
needs for everyday sales work (reading invoices, payments, estimates,
contacts and items, creating contacts, invoices, payments and estimates,
the company and the reports), within 40 tools and 30 KB of ``tools/list``
(the limit of the strictest host, Cursor). Nothing in it changes data for
good.
"""

from alegra import registry
from alegra.errors import UsageError
from alegra.i18n import _

GROUPS = {
    "sales": (
        "invoices", "payments", "credit-notes", "estimates", "remissions",
        "recurring-invoices", "recurring-payments", "global-invoices",
        "income-debit-notes", "transportation-receipts", "sellers",
        "additional-charges"),
    "contacts": ("contacts",),
    "inventory": (
        "items", "warehouses", "item-categories", "price-lists",
        "warehouse-transfers", "inventory-adjustments",
        "inventory-adjustment-numerations", "variant-attributes",
        "custom-fields"),
    "purchases": ("bills", "purchase-orders", "debit-notes"),
    "banking": ("bank-accounts", "reconciliations"),
    "accounting": ("categories", "journals", "cost-centers"),
    "reports": ("reports",),
    "einvoicing": ("number-templates",),
    "admin": (
        "company", "users", "webhook-subscriptions", "taxes", "currencies",
        "terms", "retentions", "doctor"),
}
TOOLSET_OF_GROUP = {group: toolset for toolset, groups in GROUPS.items()
                    for group in groups}
EINVOICING_VERBS = frozenset({"emit", "stamp"})
OTHER = "other"  # a built-in group no toolset names yet
DEFAULT = "default"
ALL = "all"

DEFAULT_COMMANDS = (
    "invoices list", "invoices get", "invoices create", "invoices preview",
    "payments list", "payments get", "payments create",
    "credit-notes list", "credit-notes get",
    "estimates list", "estimates get", "estimates create",
    "remissions list", "remissions get",
    "contacts list", "contacts get", "contacts create", "contacts update",
    "items list", "items get",
    "sellers list", "number-templates list", "company get",
    "reports")
DESCRIPTIONS = {
    DEFAULT: "everyday sales work: read sales and contacts, create "
             "contacts, invoices, payments and estimates (nothing that "
             "changes data for good)",
    "sales": "invoices, payments, credit notes, estimates, remissions, "
             "recurring and global invoices, sellers",
    "contacts": "clients and suppliers",
    "inventory": "items, warehouses, item categories, price lists, "
                 "transfers and adjustments",
    "purchases": "bills, purchase orders, debit notes",
    "banking": "bank accounts and reconciliations",
    "accounting": "chart of accounts, journals, cost centers",
    "reports": "reports",
    "einvoicing": "emission and stamping, number templates",
    "admin": "company, users, webhooks, taxes, currencies, terms, "
             "retentions",
    OTHER: "built-in commands no other toolset holds",
}


def toolsets_of(name, entry=None):
    """The toolsets of the command ``name`` (its words, with spaces)."""
    words = name.split()
    entry_point = getattr(entry, "entry_point", None)
    if entry_point is not None and not registry.is_builtin(entry_point):
        found = {registry.canonical(registry.distribution_of(
            entry_point)[0])}
    else:
        found = {TOOLSET_OF_GROUP.get(words[0], OTHER)}
    if words[-1] in EINVOICING_VERBS:
        found.add("einvoicing")
    if in_default(name):
        found.add(DEFAULT)
    return found


def in_default(name):
    return any(name == wanted or name.startswith(wanted + " ")
               for wanted in DEFAULT_COMMANDS)


def parse(text):
    """The toolset names in ``text`` (``sales,contacts``), checked later
    against those that exist; ``None`` or empty text is ``default``."""
    names = [word.strip().lower() for word in (text or "").split(",")]
    names = [word for word in names if word]
    return tuple(dict.fromkeys(names)) or (DEFAULT,)


def check(chosen, known):
    """Refuse toolset names that are none of ``known``."""
    unknown = [name for name in chosen
               if name != ALL and name not in known]
    if unknown:
        raise UsageError(
            _("unknown toolset(s): {names}").format(
                names=", ".join(unknown)),
            _("choose from {names} or all").format(
                names=", ".join(sorted(known))))


def selected(chosen, toolsets):
    """Whether a tool in ``toolsets`` is offered when ``chosen``."""
    return ALL in chosen or bool(set(chosen) & toolsets)
