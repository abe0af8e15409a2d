"""Balances derived from the ledger, never incremented in place.

Whatever moves money (a payment, a credit note, a transfer, a bill
closing) writes its rows with ``Session.set_ledger`` and then refreshes
the objects it touched. Voiding, reopening, editing or deleting the source
rewrites its rows and refreshes again, so balances cannot drift.
"""

import decimal

from alegra import jsonio
from alegra.sandbox import errors, totals

ZERO = decimal.Decimal(0)

# Objects whose balance is owed to or by the company.
RECEIVABLES = ("invoices", "bills")


def refresh(ctx, touched):
    for resource, key in touched:
        if resource in RECEIVABLES:
            refresh_receivable(ctx, resource, key)
        elif resource == "bank-accounts":
            refresh_bank_account(ctx, key)


def refresh_receivable(ctx, resource, key):
    """``totalPaid``, ``balance`` and open/closed of an invoice or bill."""
    doc = ctx.session.get(resource, key)
    if doc is None:
        return
    moved = ctx.session.ledger_sources(resource, key)
    paid = moved.get("payments", ZERO)
    settled = sum(moved.values(), ZERO)
    places = ctx.precision
    balance = totals.quantize(decimal.Decimal(doc["total"]) - settled, places)
    changed = {
        "totalPaid": totals.money(paid, places),
        "balance": balance,
        "payments": payments_applied(ctx, resource, key),
    }
    if doc.get("status") in ("open", "closed"):
        changed["status"] = "closed" if balance <= 0 else "open"
    if any(jsonio.dumps(doc.get(field)) != jsonio.dumps(value)
           for field, value in changed.items()):
        doc.update(changed)
        ctx.session.save(resource, doc)


def payments_applied(ctx, resource, key):
    """The ``payments`` list of an invoice or bill: each payment applied
    to it, with the amount applied to this document."""
    applied = []
    for source_id, amount in ctx.session.ledger_entries(
            resource, key, "payments"):
        payment = ctx.session.get("payments", source_id) or {}
        applied.append(payment_entry(
            payment, source_id, totals.money(amount, ctx.precision)))
    return applied


def payment_entry(payment, key, amount):
    entry = {"id": key, "number": payment.get("number"),
             "date": payment.get("date"), "amount": amount,
             "paymentMethod": payment.get("paymentMethod")}
    return {field: value for field, value in entry.items()
            if value is not None}


def refresh_bank_account(ctx, key):
    doc = ctx.session.get("bank-accounts", key)
    if doc is None:
        return
    moved = sum(ctx.session.ledger_sources("bank-accounts", key).values(),
                ZERO)
    balance = totals.quantize(
        decimal.Decimal(doc.get("initialBalance") or 0) + moved,
        ctx.precision)
    if str(doc.get("balance")) != str(balance):
        doc["balance"] = balance
        ctx.session.save("bank-accounts", doc)


def balance_of(doc):
    return decimal.Decimal(doc.get("balance") or 0)


def allocation(ctx, target, allocated, what):
    """The ledger entry of ``allocated`` (``{id, amount}``) against an open
    or closed ``target`` document, checked against the balance it has
    without the source being applied (call after clearing its rows).

    ``what`` names the operation and the document in Spanish, as the error
    messages read: ``"pagar la factura 12"``.
    """
    document = ctx.session.get(target, allocated["id"])
    if document["status"] not in ("open", "closed"):
        raise errors.invalid(
            errors.ALLOCATION_TARGET_NOT_OPEN,
            f"No se puede {what} porque está en estado "
            f"'{document['status']}'")
    amount = decimal.Decimal(allocated["amount"])
    if amount > balance_of(document):
        raise errors.invalid(
            errors.ALLOCATION_EXCEEDS_BALANCE,
            f"No se puede {what}: el valor ({amount}) supera su saldo "
            f"pendiente ({document.get('balance')})")
    return target, document["id"], amount


def move(ctx, source, source_id, entries):
    """Replace what ``source`` moves and refresh every object touched."""
    refresh(ctx, ctx.session.set_ledger(source, source_id, entries))
