"""The ``pos-tickets.any`` validator: what every POS ticket needs.

A validator is a function ``(resource, country, body) -> [problems]``; it
never touches the network. alegra runs it before ``pos-tickets create``
sends anything, and ``--no-validate`` skips it.
"""

import numbers


def pos_ticket(resource, country, body):
    if not isinstance(body, dict):
        return ["a ticket must be a JSON object"]
    problems = []
    items = body.get("items")
    if not isinstance(items, list) or not items:
        problems.append("items: a ticket needs at least one item")
    total = body.get("total")
    if total is None:
        problems.append("'total' is required")
    elif isinstance(total, bool) or not isinstance(total, numbers.Number):
        problems.append("total: must be a number")
    elif total < 0:
        problems.append("total: must not be negative")
    return problems
