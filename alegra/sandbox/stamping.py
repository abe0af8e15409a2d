"""Stamping: sending a document to the tax authority for its fiscal code.

The sandbox answers for the authority at once and with success once the
country's rules pass. Stamping is not idempotent, as in Alegra: stamping a
stamped document again issues another fiscal document with a new code
(each one is recorded in ``fiscal_documents``); guarding against that is
the client's job.
"""

from alegra.sandbox import errors, values


def wants_stamp(body):
    stamp = body.get("stamp")
    return isinstance(stamp, dict) and values.is_true(
        stamp.get("generateStamp"))


def electronic_template(ctx, doc):
    ref = doc.get("numberTemplate") or {}
    template = None
    if ref.get("id") is not None:
        template = ctx.session.get("number-templates", ref["id"])
    if template is None or not template.get("isElectronic"):
        name = template.get("name") if template else "manual"
        raise errors.invalid(
            errors.NOT_ELECTRONIC_NUMBERING,
            f"La numeración '{name}' no es electrónica: para emitir ante "
            f"{ctx.country.authority} usa una numeración electrónica "
            "(numberTemplate.id)")
    return template


def check(ctx, doc, *, party_field="client", label="la factura"):
    """Raise unless ``doc`` can be stamped; returns its template."""
    if doc.get("status") == "void":
        raise errors.invalid(
            errors.INVALID_STATUS_CHANGE,
            f"No se puede emitir {label} {doc.get('id')} porque está "
            "anulada")
    template = electronic_template(ctx, doc)
    party = doc.get(party_field) or {}
    client = ctx.session.get("contacts", party.get("id")) if party else None
    if client is None:
        raise errors.invalid(
            errors.CLIENT_NOT_READY_TO_STAMP,
            f"Para emitir {label} se necesita un cliente existente")
    items = {line.get("id"): ctx.lookup("items", line.get("id"))
             for line in doc.get("items") or []}
    ctx.country.check_stamp(doc, client, template, items)
    return template


def issue(ctx, resource, doc, template):
    """Give ``doc`` a new fiscal stamp (the caller saves it)."""
    stamp = ctx.country.stamp(doc, ctx.company(), template, ctx.rng,
                              ctx.now())
    doc["stamp"] = stamp
    ctx.session.record_fiscal_document(
        resource, doc["id"], stamp[ctx.country.fiscal_field], stamp["date"])
    return doc
