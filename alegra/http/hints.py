"""What a stamping error code means, and what to do about it.

Alegra relays the provider's codes in the message (``AEP1001``,
``EPR503``, DIAN's ``FAJ43b``...); the sandbox answers with Alegra's own
3xxx codes. :func:`stamping_hint` turns either into a hint.
"""

import re

from alegra.i18n import N_, _

PROVIDER_CODE = re.compile(r"\b(AEP\d{3,5}|EPR\d{3})\b")

PROVIDER_HINTS = {
    "AEP1001": N_("the digital certificate is missing or invalid: renew it in "
                  "Alegra's electronic invoicing settings"),
    "AEP1003": N_("the digital certificate has expired: renew it in Alegra"),
    "AEP1005": N_("the digital certificate does not match the company: load "
                  "the right one in Alegra"),
    "AEP6008": N_("the company is not enabled for electronic invoicing with "
                  "the authority yet: finish the enablement in Alegra"),
    "AEP6009": N_("the numbering (resolution) is not valid for electronic "
                  "invoicing: check 'alegra number-templates list'"),
    "AEP6011": N_("the numbering range or its dates are exhausted: ask the "
                  "authority for a new resolution and add it in Alegra"),
    "AEP2011": N_("this document was already sent to the authority: do not "
                  "send it again; read its stamp with 'alegra invoices get'"),
    "EPR500": N_("the tax authority's service failed: check the document's "
                 "stamp with 'alegra invoices get' before retrying"),
    "EPR503": N_("the tax authority did not answer in time: check the "
                 "document's stamp with 'alegra invoices get' before "
                 "retrying"),
}

CODE_HINTS = {
    3002: N_("a stamped document cannot change: correct it with a credit "
             "note"),
    3003: N_("at most 10 invoices a stamp call: 'alegra invoices emit' splits "
             "them into batches"),
    3004: N_("the numbering is exhausted: add a new resolution in Alegra"),
    3007: N_("the due date is required to stamp: set dueDate"),
    3010: N_("stamping needs an electronic numbering: set numberTemplate.id "
             "to one with isElectronic (see 'alegra number-templates "
             "list')"),
    3020: N_("the client's identification is not valid for the authority: "
             "fix the contact (check it with 'alegra validate contacts')"),
    3021: N_("the document misses what the authority requires; 'alegra "
             "validate invoices' checks the country's rules"),
    3030: N_("a value is not in the country's catalog: see 'alegra catalog'"),
    3051: N_("every line needs its taxes to stamp: set items[].tax"),
}


def stamping_hint(message, code=None):
    """A hint for a stamping failure, or None."""
    found = PROVIDER_CODE.search(message or "")
    if found:
        known = PROVIDER_HINTS.get(found.group(1))
        if known:
            return _(known)
        return _("{code} is a stamping error: check the document's stamp "
                 "with 'alegra invoices get' before retrying; emission is "
                 "not idempotent").format(code=found.group(1))
    try:
        known = CODE_HINTS.get(int(code))
    except (TypeError, ValueError):
        return None
    return _(known) if known else None
