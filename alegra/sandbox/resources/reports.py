"""Reports computed from the documents: rows in ``{"data": [...]}``.

Only issued documents count (open or closed invoices and bills); drafts
and voided ones do not. ``from`` and ``to`` bound the document date.
"""

import collections
import decimal

from alegra.sandbox import errors, listing, values
from alegra.sandbox.resources.base import Resource

ZERO = decimal.Decimal(0)
ISSUED = "status IN ('open', 'closed')"


def _issued(ctx, resource, extra="", params=()):
    where, bound = [ISSUED], list(params)
    if extra:
        where.append(extra)
    if ctx.args.get("from"):
        where.append("date >= ?")
        bound.append(values.to_date(ctx.args["from"], "from"))
    if ctx.args.get("to"):
        where.append("date <= ?")
        bound.append(values.to_date(ctx.args["to"], "to"))
    return ctx.session.find(resource, " AND ".join(where), bound)


def _amount(doc, field):
    return decimal.Decimal(doc.get(field) or 0)


class Reports(Resource):
    name = "reports"
    verbs = ()
    reports = {
        "sales-by-client": "sales_by_client",
        "sales-by-client-totals": "sales_by_client_totals",
        "sales-by-seller": "sales_by_seller",
        "income-statement": "income_statement",
        "account-statement": "account_statement",
    }

    def extra_rules(self):
        return [(f"{self.url}/{path}", "GET", f"handle_{method}")
                for path, method in self.reports.items()]

    def page(self, ctx, rows):
        start, limit = listing.page(ctx.args)
        return 200, {"data": rows[start:start + limit],
                     "metadata": {"total": len(rows)}}

    def grouped(self, ctx, field):
        groups = collections.OrderedDict()
        for doc in _issued(ctx, "invoices"):
            party = doc.get(field) or {"id": None, "name": "Sin asignar"}
            row = groups.setdefault(party.get("id"), {
                field: {"id": party.get("id"), "name": party.get("name")},
                "invoices": 0, "subtotal": ZERO, "discount": ZERO,
                "tax": ZERO, "total": ZERO})
            row["invoices"] += 1
            for amount in ("subtotal", "discount", "tax", "total"):
                row[amount] += _amount(doc, amount)
        return list(groups.values())

    def handle_sales_by_client(self, ctx):
        rows = self.grouped(ctx, "client")
        name = (ctx.args.get("clientName") or "").lower()
        key = ctx.args.get("client_id")
        rows = [row for row in rows
                if name in (row["client"]["name"] or "").lower()
                and (not key or str(row["client"]["id"]) == key)]
        return self.page(ctx, rows)

    def handle_sales_by_client_totals(self, ctx):
        rows = self.grouped(ctx, "client")
        total = {"clients": len(rows)}
        for amount in ("invoices", "subtotal", "discount", "tax", "total"):
            total[amount] = sum((row[amount] for row in rows), 0)
        return 200, {"data": [total]}

    def handle_sales_by_seller(self, ctx):
        rows = self.grouped(ctx, "seller")
        name = (ctx.args.get("sellerName") or "").lower()
        return self.page(ctx, [row for row in rows if name in (
            row["seller"]["name"] or "").lower()])

    def handle_income_statement(self, ctx):
        income = sum((_amount(doc, "subtotal") - _amount(doc, "discount")
                      for doc in _issued(ctx, "invoices")), ZERO)
        expenses = sum((_amount(doc, "subtotal") - _amount(doc, "discount")
                        for doc in _issued(ctx, "bills")), ZERO)
        return 200, {"data": [
            {"name": "Ingresos", "total": income},
            {"name": "Gastos", "total": expenses},
            {"name": "Utilidad", "total": income - expenses}]}

    def handle_account_statement(self, ctx):
        """A client's invoices and payments, with the running balance."""
        key = ctx.args.get("client_id")
        if not key:
            raise errors.required("client_id")
        key = values.to_id(key, "client_id")
        movements = [
            {"date": doc["date"], "type": "invoice", "id": doc["id"],
             "number": (doc.get("numberTemplate") or {}).get("fullNumber"),
             "debit": _amount(doc, "total"), "credit": ZERO}
            for doc in _issued(ctx, "invoices", "party_id = ?", [key])]
        movements += [
            {"date": doc["date"], "type": "payment", "id": doc["id"],
             "number": doc.get("number"), "debit": ZERO,
             "credit": _amount(doc, "amount")}
            for doc in ctx.session.find(
                "payments", "party_id = ? AND status = 'open' AND kind = 'in'",
                (key,))]
        movements.sort(key=lambda row: (row["date"], row["type"], row["id"]))
        balance = ZERO
        for row in movements:
            balance += row["debit"] - row["credit"]
            row["balance"] = balance
        return self.page(ctx, movements)
