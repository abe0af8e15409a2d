"""What an agent reads rather than calls: resources and prompts.

Resources: the company the server works for (its country decides the
rules), its number templates (the numbering of each document type), and
the offline catalogs of each country (identification types, regimes,
payment means...). Prompts: accountants' recurring jobs, written in terms
of the tools, each saying what must be asked of the person first.
"""

import json

from alegra import catalogs
from alegra.errors import UsageError

COMPANY = "alegra://company"
TEMPLATES = "alegra://number-templates"
CATALOGS = "alegra://catalogs/"
JSON = "application/json"


def resources():
    """``[(uri, name, description)]`` of every resource."""
    found = [
        (COMPANY, "company", "The company this server works for, as "
         "Alegra sends it: name, identification, country, currency"),
        (TEMPLATES, "number-templates", "The company's number templates: "
         "the numbering (and its electronic status) of each document type"),
    ]
    for country in catalogs.countries():
        found.append((CATALOGS + country, f"catalogs-{country}",
                      f"Offline code lists of {country.upper()}: "
                      "identification types, regimes, payment means..."))
    return found


def read(runner, uri):
    """The JSON text of the resource ``uri``."""
    if uri == COMPANY:
        return runner.read(["company", "get"])
    if uri == TEMPLATES:
        return runner.read(["number-templates", "list", "--all"])
    if uri.startswith(CATALOGS):
        document = catalogs.load(uri[len(CATALOGS):])
        if document is not None:
            return json.dumps(document, ensure_ascii=False)
    raise UsageError(f"no resource {uri}")


ENABLE_NOTE = (
    "If a tool named here is not offered, it is in the 'sales' toolset "
    "(alegra mcp start --toolsets sales, or alegra_enable_toolset).")

PROMPTS = {
    "month-end-receivables": (
        "Review what clients owe at the end of a month",
        {"month": "the month, YYYY-MM (default: the current one)"},
        "Review the receivables at the end of {month}.\n"
        "1. Read alegra://company for the company and its currency.\n"
        "2. List the open invoices due on or before the month's last day "
        "with alegra_invoices_list (status: open, due_before), page by "
        "page with start until a page is not full.\n"
        "3. Group them by client (client.name), with each client's total "
        "balance and the oldest due date; read a client with "
        "alegra_contacts_get when its e-mail is needed.\n"
        "4. Show a table, largest balance first, and the total.\n"
        "5. Offer to e-mail reminders (alegra_invoices_email); send none "
        "before the person says which.\n" + ENABLE_NOTE),
    "emit-drafts": (
        "Emit the day's draft invoices to the tax authority, one by one",
        {"date": "the invoices' date, YYYY-MM-DD (default: today)"},
        "Emit the draft invoices dated {date}.\n"
        "1. List them with alegra_invoices_list (status: draft, date).\n"
        "2. For each, read it with alegra_invoices_get and check the "
        "client, items and total; list the ones that look wrong and leave "
        "them out.\n"
        "3. Show the person the list to emit and wait for their yes.\n"
        "4. Emit each with alegra_invoices_emit, once: an emission whose "
        "outcome is unknown is checked with alegra_invoices_get, never "
        "sent again.\n"
        "5. Report each invoice's number and legal status.\n" + ENABLE_NOTE),
    "reconcile-payment": (
        "Match a payment received to the client's open invoices",
        {"client": "the client's name or identification",
         "amount": "the amount received",
         "reference": "the bank reference, if any"},
        "Record a payment of {amount} from {client} (reference: "
        "{reference}).\n"
        "1. Find the client with alegra_contacts_list (query).\n"
        "2. Check it is not recorded already: alegra_payments_list for the "
        "client, looking for the amount and reference.\n"
        "3. List the client's open invoices (alegra_invoices_list, status: "
        "open, client_id) and propose which ones the amount pays, oldest "
        "first; say what is left over or short.\n"
        "4. After the person agrees, create it with alegra_payments_create "
        "(dry_run: true first to show the request).\n" + ENABLE_NOTE),
}


def prompt(name, arguments):
    """``(description, text)`` of the prompt ``name``."""
    if name not in PROMPTS:
        raise UsageError(f"no prompt {name!r}",
                         f"choose from {', '.join(PROMPTS)}")
    description, parameters, text = PROMPTS[name]
    values = {key: "the one given" for key in parameters}
    values.update({"month": "the current month", "date": "today"})
    for key, value in (arguments or {}).items():
        if key in parameters and isinstance(value, str) and value.strip():
            values[key] = value.strip()[:200]
    return description, text.format(**{key: values[key]
                                       for key in parameters})
