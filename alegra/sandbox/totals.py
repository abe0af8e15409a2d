"""Document arithmetic: line amounts and totals, in exact decimals.

A line's price excludes tax (Alegra: 16746.218487 x 1 + IVA 19 % =
19928.00). Lines are computed at full precision; the document's subtotal,
discount and tax are each rounded half-up to the company's decimal
precision, and the total is their sum, so the printed figures always add
up: ``total = subtotal - discount + tax``.
"""

import decimal

HUNDRED = decimal.Decimal(100)
ZERO = decimal.Decimal(0)


def quantize(amount, places):
    return decimal.Decimal(amount).quantize(
        decimal.Decimal(1).scaleb(-places), rounding=decimal.ROUND_HALF_UP)


def line_amounts(price, quantity, discount_percent, tax_percentages):
    """``(gross, discount, [tax amount per tax])`` for one line."""
    gross = price * quantity
    discount = gross * discount_percent / HUNDRED
    taxable = gross - discount
    taxes = [taxable * percentage / HUNDRED for percentage in tax_percentages]
    return gross, discount, taxes


def document_totals(lines, places):
    """Totals of a document from ``line_amounts`` results."""
    subtotal = quantize(sum((line[0] for line in lines), ZERO), places)
    discount = quantize(sum((line[1] for line in lines), ZERO), places)
    tax = quantize(
        sum((sum(line[2], ZERO) for line in lines), ZERO), places)
    return {
        "subtotal": subtotal,
        "discount": discount,
        "tax": tax,
        "total": subtotal - discount + tax,
    }


def money(amount, places):
    """An amount with the company's precision, which the JSON writer
    prints as a number with exactly those places (``0.00``)."""
    return quantize(amount, places)
