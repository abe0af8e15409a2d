"""Bank accounts and transfers, reconciliations, journal entries."""

import collections
import decimal

from alegra.sandbox import errors, ledger, listing, totals, values
from alegra.sandbox.resources.base import Resource

ZERO = decimal.Decimal(0)


class BankAccounts(Resource):
    """A bank account's ``balance`` is its opening balance plus what
    payments, refunds and transfers moved (see :mod:`ledger`)."""

    name = "bank-accounts"
    label = "la cuenta de banco"
    required = ("name", "initialBalance")
    read_only = ("id", "balance")
    types = ("bank", "credit-card", "cash")
    item_actions = ("transfer",)

    def build(self, ctx, doc, current):
        doc["type"] = values.one_of(doc.get("type") or "bank", self.types,
                                    "type")
        doc["initialBalance"] = values.to_decimal(doc["initialBalance"],
                                                  "initialBalance")
        if doc.get("initialBalanceDate"):
            values.to_date(doc["initialBalanceDate"], "initialBalanceDate")
        doc["balance"] = doc["initialBalance"]
        return doc, None

    def created(self, ctx, doc, body):
        return self.refreshed(ctx, doc)

    def updated(self, ctx, doc, current):
        return self.refreshed(ctx, doc)

    def refreshed(self, ctx, doc):
        ledger.refresh_bank_account(ctx, doc["id"])
        return ctx.session.get(self.name, doc["id"])

    def check_deletable(self, ctx, doc):
        if ctx.session.ledger_sources(self.name, doc["id"]):
            raise errors.invalid(
                errors.NOT_DELETABLE,
                "La cuenta tiene movimientos y no se puede eliminar")

    def action_transfer(self, ctx, key):
        return 201, self.transfer(ctx, key, ctx.body())

    def transfer(self, ctx, key, body):
        """Move money to ``idDestination``, the only name public sources
        give it; ``destinationAccount`` (what an older CLI sent) is
        refused as an unknown field."""
        origin = self.fetch(ctx, key)
        if "destinationAccount" in body:
            raise errors.invalid(
                errors.UNKNOWN_FIELD, "El campo 'destinationAccount' no "
                "existe; la cuenta de destino es 'idDestination'")
        destination_ref = body.get("idDestination")
        if destination_ref in (None, "", {}):
            raise errors.required("idDestination")
        destination_key = values.to_id(destination_ref, "idDestination")
        destination = ctx.session.get(self.name, destination_key)
        if destination is None:
            raise errors.unknown_reference("la cuenta de destino",
                                           destination_key)
        if destination_key == origin["id"]:
            raise errors.invalid(
                errors.INVALID_VALUE,
                "La cuenta de destino debe ser distinta de la de origen")
        if body.get("amount") in (None, ""):
            raise errors.required("amount")
        amount = values.to_decimal(body["amount"], "amount")
        if amount <= 0:
            raise errors.invalid(errors.INVALID_VALUE,
                                 "El monto de la transferencia debe ser "
                                 "mayor que 0")
        transfer = ctx.session.insert("bank-transfers", {
            "date": values.to_date(body.get("date") or ctx.today(), "date"),
            "origin": {"id": origin["id"], "name": origin["name"]},
            "destination": {"id": destination["id"],
                            "name": destination["name"]},
            "amount": amount,
            "observations": body.get("observations"),
        })
        ledger.move(ctx, "bank-transfers", transfer["id"], [
            (self.name, origin["id"], -amount),
            (self.name, destination["id"], amount)])
        return transfer


class Conciliations(Resource):
    """Bank reconciliations; POST creates or, with a known ``id``,
    updates. There is no PUT."""

    name = "conciliations"
    label = "la conciliación"
    verbs = ("list", "show", "delete")
    defaults = {}

    def extra_rules(self):
        return [(self.url, "POST", "handle_save")]

    def handle_save(self, ctx):
        body = ctx.body()
        key = values.optional_id(body, "id")
        if key is not None and ctx.session.get(self.name, key) is not None:
            return 200, self.update(ctx, key, body)
        account = values.optional_id(body, "bankAccount")
        if account is None:
            raise errors.required("bankAccount")
        if ctx.lookup("bank-accounts", account) is None:
            raise errors.unknown_reference("la cuenta de banco", account)
        return 201, self.create(ctx, {**body, "bankAccount": {"id": account}},
                                key)


class Journals(Resource):
    """Manual journal entries: debits must equal credits."""

    name = "journals"
    label = "el comprobante contable"
    defaults = {"status": "open"}
    read_only = ("id", "number", "total")
    extra_filters = {
        "client_id": listing.equals(listing.json_path("client.id")),
        "reference": listing.equals(listing.json_path("reference")),
        "number": listing.equals("number"),
        **listing.date_filters("date", "date"),
    }
    order_fields = {"id": "id", "date": "date", "number": "number"}

    def extra_rules(self):
        return [(f"{self.url}/entries/graph", "GET", "handle_graph")]

    def build(self, ctx, doc, current):
        doc["date"] = values.to_date(doc.get("date") or ctx.today(), "date")
        entries = values.as_list(doc.get("entries"), "entries")
        if len(entries) < 2:
            raise errors.invalid(
                errors.REQUIRED_FIELD,
                "El comprobante necesita al menos dos movimientos (entries)")
        debit = credit = ZERO
        for position, entry in enumerate(entries):
            if not isinstance(entry, dict):
                raise errors.invalid(errors.INVALID_VALUE,
                                     f"'entries.{position}' debe ser un "
                                     "objeto")
            entry["debit"] = values.to_decimal(
                entry.get("debit") or 0, f"entries.{position}.debit",
                minimum=0)
            entry["credit"] = values.to_decimal(
                entry.get("credit") or 0, f"entries.{position}.credit",
                minimum=0)
            account = values.to_id(entry.get("id") or entry.get("category"),
                                   f"entries.{position}.id")
            if ctx.lookup("categories", account) is None:
                raise errors.unknown_reference("la cuenta contable", account)
            debit += entry["debit"]
            credit += entry["credit"]
        if debit != credit:
            raise errors.invalid(
                errors.INVALID_VALUE,
                f"El comprobante no está balanceado: débitos {debit}, "
                f"créditos {credit}")
        doc["entries"] = entries
        doc["total"] = totals.quantize(debit, ctx.precision)
        if current is None:
            doc["number"] = str(ctx.session.next_value("number:journals"))
        return doc, None

    def handle_graph(self, ctx):
        """Debits and credits by month, from ``from`` to ``to``."""
        where, params = [], []
        if ctx.args.get("from"):
            where.append("date >= ?")
            params.append(ctx.args["from"])
        if ctx.args.get("to"):
            where.append("date <= ?")
            params.append(ctx.args["to"])
        months = collections.defaultdict(lambda: [ZERO, ZERO])
        for doc in ctx.session.find(self.name, " AND ".join(where), params):
            month = months[doc["date"][:7]]
            for entry in doc["entries"]:
                month[0] += decimal.Decimal(entry["debit"])
                month[1] += decimal.Decimal(entry["credit"])
        return 200, {"data": [
            {"period": period, "debit": debit, "credit": credit}
            for period, (debit, credit) in sorted(months.items())]}
