"""What a stamping error code means, and what to do about it.

Alegra relays the provider's codes in the message (``AEP1001``,
``EPR503``, DIAN's ``FAJ43b``...); the sandbox answers with Alegra's own
3xxx codes. :func:`stamping_hint` turns either into a hint.
"""

import re

PROVIDER_CODE = re.compile(r"\b(AEP\d{3,5}|EPR\d{3})\b")

PROVIDER_HINTS = {
    "AEP1001": "the digital certificate is missing or invalid: renew it in "
               "Alegra's electronic invoicing settings",
    "AEP1003": "the digital certificate has expired: renew it in Alegra",
    "AEP1005": "the digital certificate does not match the company: load "
               "the right one in Alegra",
    "AEP6008": "the company is not enabled for electronic invoicing with "
               "the authority yet: finish the enablement in Alegra",
    "AEP6009": "the numbering (resolution) is not valid for electronic "
               "invoicing: check 'alegra number-templates list'",
    "AEP6011": "the numbering range or its dates are exhausted: ask the "
               "authority for a new resolution and add it in Alegra",
    "AEP2011": "this document was already sent to the authority: do not "
               "send it again; read its stamp with 'alegra invoices get'",
    "EPR500": "the tax authority's service failed: check the document's "
              "stamp with 'alegra invoices get' before retrying",
    "EPR503": "the tax authority did not answer in time: check the "
              "document's stamp with 'alegra invoices get' before retrying",
}

CODE_HINTS = {
    3002: "a stamped document cannot change: correct it with a credit note",
    3003: "at most 10 invoices a stamp call: 'alegra invoices emit' splits "
          "them into batches",
    3004: "the numbering is exhausted: add a new resolution in Alegra",
    3007: "the due date is required to stamp: set dueDate",
    3010: "stamping needs an electronic numbering: set numberTemplate.id to "
          "one with isElectronic (see 'alegra number-templates list')",
    3020: "the client's identification is not valid for the authority: "
          "fix the contact (check it with 'alegra validate contacts')",
    3021: "the document misses what the authority requires; 'alegra "
          "validate invoices' checks the country's rules",
    3030: "a value is not in the country's catalog: see 'alegra catalog'",
    3051: "every line needs its taxes to stamp: set items[].tax",
}


def stamping_hint(message, code=None):
    """A hint for a stamping failure, or None."""
    found = PROVIDER_CODE.search(message or "")
    if found:
        return PROVIDER_HINTS.get(
            found.group(1),
            f"{found.group(1)} is a stamping error: check the document's "
            "stamp with 'alegra invoices get' before retrying; emission is "
            "not idempotent")
    try:
        return CODE_HINTS.get(int(code))
    except (TypeError, ValueError):
        return None
