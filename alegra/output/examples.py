"""Examples that end each command's help, taken from the user guide.

Keyed by command name. A command class (a plugin's too) may carry its own
``examples`` tuple instead; resource verbs the guide does not show get the
generic lines at the end.
"""

from alegra.i18n import N_, _

# The heading of the block (the command lines under it stay as written).
HEADING = N_("Examples:")

EXAMPLES = {
    "auth status": ("alegra auth status",),
    "bank-accounts transfer": (
        "alegra bank-accounts transfer 3 --to 4 --set amount=100000",
        "alegra bank-accounts transfer 3 --set idDestination=4 --set "
        "amount=100000 --set date=2026-06-05"),
    "bills attach": ("alegra bills attach 7 --file factura.pdf",
                     "alegra bills attach 7 factura.pdf --dry-run"),
    "bills close": (
        "alegra bills close 7 --date 2026-06-05 --category 5",
        "alegra bills close 7 --set date=2026-06-05 --set "
        "'category={\"id\":5}'"),
    "bills comments": ("alegra bills comments 7 --text \"Revisado\"",),
    "config set-country": ("alegra config set-country colombia",),
    "config use": ("alegra config use clienteA",),
    "contacts create": (
        "alegra contacts create -d '{\"name\":\"Acme\",\"type\":"
        "[\"client\"]}'",),
    "contacts delete": ("alegra contacts delete 99 -y",
                        "alegra contacts delete 97 98 99"),
    "contacts restore": ("alegra contacts restore 99",),
    "contacts export": (
        "alegra contacts export --out contacts.csv",
        "alegra contacts export --columns id,name,email,status"),
    "contacts import": (
        "alegra contacts import -f clients.csv",),
    "contacts list": (
        "alegra contacts list -q \"acme\" --columns id,name,identification",
        "alegra contacts list -o csv --columns id,name,email"),
    "contacts update": ("alegra contacts update 99 -f patch.json",),
    "credit-notes create": ("alegra credit-notes create -f "
                            "credit-note.json",),
    "invoices create": (
        "alegra invoices create -f invoice.json --dry-run",
        "alegra invoices create -f invoice.json --draft"),
    "invoices email": (
        "alegra invoices email 12 --set 'emails=[\"client@acme.com\"]'",),
    "invoices emit": (
        "alegra invoices emit 1234 1235",
        "alegra invoices emit --all --dry-run"),
    "invoices export": (
        "alegra invoices export --param status=open --format json",),
    "invoices get": ("alegra invoices get 12 -o json",
                     "alegra invoices get 12 --fields pdf -o json"),
    "invoices list": (
        "alegra invoices list --status open --count",
        "alegra invoices list --param client_name=\"Acme\""),
    "invoices open": ("alegra invoices open 12",),
    "invoices preview": ("alegra invoices preview -f invoice.json",
                         "alegra invoices preview 12"),
    "invoices retentions": (
        "alegra invoices retentions 12 --set 'retentions=[]'",),
    "invoices stamp": (
        "alegra invoices stamp --set 'invoices=[{\"id\":12},"
        "{\"id\":13}]'",),
    "invoices update": (
        "alegra invoices update 12 --set observations=\"Pagada por "
        "transferencia\"",),
    "invoices void": ("alegra invoices void 12",),
    "items export": ("alegra items export --format json --out items.json",),
    "items import": (
        "alegra items import -f catalog.csv --map "
        "'SKU=reference,Name=name'",),
    "payments create": ("alegra payments create -f payment.json",),
    "doctor": ("alegra doctor",),
    "plugin list": ("alegra plugin list",),
    "sandbox serve": (
        "alegra sandbox serve",
        "alegra sandbox serve --port 0 --rate-limit off --quiet"),
    "webhook-subscriptions create": (
        "alegra webhook-subscriptions create -f hook.json",),
    "webhook-subscriptions list": ("alegra webhook-subscriptions list",),
}

# For resource verbs the guide does not show: ``{name}`` is the resource.
GENERIC = {
    "list": ("alegra {name} list --all -o csv",),
    "get": ("alegra {name} get 1 -o json",),
    "create": ("alegra {name} create -f body.json --dry-run",),
    "update": ("alegra {name} update 1 --set key=value",),
    "delete": ("alegra {name} delete 1 -y",),
    "export": ("alegra {name} export --out {name}.csv",),
    "import": ("alegra {name} import -f {name}.csv --dry-run",),
}


def examples_for(name, command=None):
    """One or two command lines for ``name`` (``invoices list``)."""
    own = getattr(command, "examples", None)
    if own:
        return tuple(own)
    if name in EXAMPLES:
        return EXAMPLES[name]
    words = name.split()
    if (len(words) == 2 and words[1] in GENERIC
            and getattr(command, "resource", None) is not None):
        return tuple(line.format(name=words[0]) for line in GENERIC[words[1]])
    return ()


def epilog(name, command=None):
    """The ``Examples:`` block of a command's help, or ``""``."""
    lines = examples_for(name, command)
    if not lines:
        return ""
    return _(HEADING) + "\n" + "\n".join(f"  {line}" for line in lines)
