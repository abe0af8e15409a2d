"""The demo company every new database starts with, and bulk data.

The ids are the ones the user guides use, in every country: tax 3 is the
usual VAT, numbering 7 the electronic invoice numbering, bank accounts 2,
3 and 4, client 12 ready for electronic invoicing, item 5 a service at
50,000 pesos (scaled to the local currency), ledger account 5 an expense
account, invoices 12 and 13 drafts, bill 7 open with a balance, contact 99
a spare client. The documents go through the same code as API requests,
so the seed obeys every rule the API enforces.
"""

import datetime
import decimal
import random
import uuid

from alegra.sandbox import DEFAULT_EMAIL, ledger, stamping, totals
from alegra.sandbox.context import Context
from alegra.sandbox.errors import ApiError
from alegra.sandbox.resources.documents import (
    default_template, set_number, template_ref)

CATEGORIES = (
    (1, "Activos", "asset", None), (2, "Pasivos", "liability", None),
    (3, "Patrimonio", "equity", None), (4, "Ingresos", "income", None),
    (5, "Gastos generales", "expense", None),
    (6, "Ventas", "income", 4), (7, "Costo de ventas", "cost", None),
    (8, "Bancos", "asset", 1), (9, "Cuentas por cobrar", "asset", 1),
    (10, "Cuentas por pagar", "liability", 2),
    (11, "Arrendamientos", "expense", 5),
    (12, "Servicios públicos", "expense", 5),
)

# (id, name, types, legal entity); contact 13 has only a name and a type.
CONTACTS = (
    (1, "Almacenes La Economía", ["client"], True),
    (2, "Inversiones Andina", ["client"], True),
    (3, "Laura Gómez", ["client"], False),
    (4, "Tecnología Integral", ["client", "provider"], True),
    (5, "Carlos Rodríguez", ["client"], False),
    (6, "Distribuciones del Norte", ["client"], True),
    (7, "Restaurante El Fogón", ["client"], True),
    (8, "Papelería Central", ["provider"], True),
    (9, "María Fernanda López", ["client"], False),
    (10, "Constructora Horizonte", ["client"], True),
    (11, "Transportes Rápidos", ["provider"], True),
    (12, "Ferretería Los Andes", ["client"], True),
    (14, "Suministros Industriales", ["provider"], True),
    (15, "Cliente Retirado", ["client"], False),
    (99, "Contacto de Prueba", ["client"], True),
)

# (id, name, price in pesos, tax ids, product)
ITEMS = (
    (1, "Taladro percutor 600W", 289900, [3], True),
    (2, "Juego de destornilladores", 45900, [3], True),
    (3, "Caja de tornillos x100", 12500, [3], True),
    (4, "Pintura blanca galón", 98000, [3], True),
    (5, "Servicio de instalación", 50000, [3], False),
    (6, "Mantenimiento preventivo", 180000, [3], False),
    (7, "Asesoría técnica por hora", 120000, [3], False),
    (8, "Libro de consulta técnica", 65000, [1], True),
)

# Invoices: (client, template, days ago, status, stamped, paid share,
# item lines as (item, quantity)).
INVOICES = (
    (1, 7, 58, "closed", True, 1, [(1, 1), (3, 2)]),
    (2, 7, 52, "closed", True, 1, [(6, 1)]),
    (3, 7, 45, "open", True, "0.5", [(4, 3)]),
    (12, 7, 40, "open", True, 0, [(5, 2), (2, 1)]),
    (4, 1, 35, "open", False, 0, [(7, 4)]),
    (5, 7, 33, "void", True, 0, [(2, 2)]),
    (12, 7, 30, "open", True, 0, [(1, 2)]),
    (6, 1, 27, "closed", False, 1, [(3, 10)]),
    (7, 1, 25, "open", False, 0, [(8, 3), (5, 1)]),
    (12, 7, 20, "draft", False, 0, [(6, 1)]),
    (13, 1, 18, "void", False, 0, [(3, 4)]),
    (12, 7, 3, "draft", False, 0, [(5, 1)]),
    (12, 7, 2, "draft", False, 0, [(7, 2)]),
    (9, 7, 12, "open", True, 0, [(4, 1), (3, 3)]),
    (10, 7, 8, "closed", True, 1, [(1, 1), (6, 1)]),
    (2, 1, 1, "draft", False, 0, [(2, 1)]),
)

# Bills: (provider, days ago, status, paid share, items, expense lines).
BILLS = (
    (8, 50, "open", 1, [(2, 5)], []),
    (11, 44, "open", 1, [], [(11, 1500000)]),
    (14, 38, "open", 0, [(3, 40)], []),
    (8, 31, "open", "0.4", [(4, 6)], []),
    (4, 24, "open", 0, [], [(12, 350000)]),
    (14, 17, "open", 1, [(1, 2)], []),
    (11, 9, "open", 0, [], [(5, 780000)]),
    (8, 4, "open", 0, [(8, 10)], []),
)


def initialize(session, country, resources):
    """Fill a new database with the demo company of ``country``."""
    session.set_meta("country", country.code)
    session.set_meta("self_user", 1)
    session.set_meta("created_at", datetime.datetime.now().isoformat(
        timespec="seconds"))
    ctx = Context(session, country, resources,
                  rng=random.Random(f"sandbox-{country.code}"))
    Seeder(ctx).run()


class Seeder:
    def __init__(self, ctx):
        self.ctx = ctx
        self.country = ctx.country
        self.today = datetime.date.fromisoformat(ctx.today())

    def create(self, resource, body, key=None):
        return self.ctx.resource(resource).create(self.ctx, body, key)

    def price(self, pesos):
        return totals.quantize(decimal.Decimal(pesos)
                               * self.country.price_scale, 2)

    def day(self, days_ago):
        return (self.today - datetime.timedelta(days=days_ago)).isoformat()

    def run(self):
        self.company()
        self.configuration()
        self.contacts()
        self.items()
        self.invoices()
        self.bills()
        self.other_documents()

    def company(self):
        country = self.country
        session = self.ctx.session
        session.insert("company", {
            **country.company(),
            "email": DEFAULT_EMAIL,
            "website": "https://sandbox.alegra.test",
            "currency": {"code": country.currency["code"],
                         "symbol": country.currency["symbol"]},
            "decimalPrecision": "2",
            "decimalSeparator": ",",
            "timezone": country.timezone,
            "applicationVersion": country.application_version,
            "invoicePreferences": {"defaultAnotation": None,
                                   "defaultTermsAndConditions": None},
            "type": "company",
            # Not Alegra's: names this database, renewed by every reset,
            # so that the emission ledger never mixes two sandboxes.
            "sandboxInstance": uuid.uuid4().hex,
        }, key=1)
        session.insert("category-settings", {
            "inventoryAccount": {"id": 1}, "costOfSalesAccount": {"id": 7},
            "incomeAccount": {"id": 6}, "expenseAccount": {"id": 5}}, key=1)
        self.create("users", {"name": "Usuario Sandbox",
                              "email": DEFAULT_EMAIL, "role": "admin"}, 1)
        self.create("users", {"name": "Contadora Sandbox",
                              "email": "contabilidad@alegra.test",
                              "role": "accountant"}, 2)

    def configuration(self):
        for tax in self.country.taxes():
            self.create("taxes", tax, tax["id"])
        for retention in self.country.retentions():
            self.create("retentions", retention, retention["id"])
        terms = ((1, "8 días", 8), (2, "15 días", 15), (3, "30 días", 30),
                 (4, "60 días", 60), (5, "De contado", 0),
                 (6, "Vencimiento manual", None))
        for key, name, days in terms:
            term = self.create("terms", {"name": name, "days": days}, key)
            if key in (5, 6):
                self.ctx.session.save("terms", term,
                                      internal={"locked": True})
        self.create("price-lists", {"name": "General", "type": "amount"}, 1)
        self.create("warehouses", {"name": "Bodega principal",
                                   "isDefault": True}, 1)
        self.create("cost-centers", {"name": "Administración"}, 1)
        self.create("cost-centers", {"name": "Ventas"}, 2)
        self.create("sellers", {"name": "Andrea Vendedora"}, 1)
        self.create("sellers", {"name": "Jorge Comercial"}, 2)
        for key, name, kind, parent in CATEGORIES:
            self.create("categories", {"name": name, "type": kind,
                                       "idParent": parent}, key)
        self.create("item-categories", {"name": "Servicios"}, 1)
        self.create("item-categories", {"name": "Productos"}, 2)
        for template in self.country.number_templates():
            self.create("number-templates", template, template["id"])
        for currency in self.country.currencies():
            self.create("currencies", currency)
        self.create("bank-accounts", {
            "name": "Caja general", "type": "cash",
            "initialBalance": self.price(2000000)}, 1)
        for key, name in zip((2, 3, 4), self.country.banks()):
            self.create("bank-accounts", {
                "name": name, "type": "bank",
                "number": f"00{key}-123456-{key}{key}",
                "initialBalance": self.price(15000000 * key)}, key)
        self.create("bank-accounts", {
            "name": "Tarjeta de crédito empresarial", "type": "credit-card",
            "initialBalance": 0}, 5)

    def contacts(self):
        for key, name, kinds, legal in CONTACTS:
            body = {"name": name, "type": kinds,
                    "email": f"contacto{key}@example.com",
                    "phonePrimary": f"300 555 {key:04d}",
                    "address": self.country.address(),
                    **self.country.identity(key, legal)}
            self.create("contacts", body, key)
        self.create("contacts", {"name": "Cliente de Mostrador",
                                 "type": ["client"]}, 13)
        self.ctx.resource("contacts").delete(self.ctx, 15)

    def items(self):
        for key, name, pesos, taxes, product in ITEMS:
            body = {"name": name, "price": self.price(pesos),
                    "tax": [{"id": tax} for tax in taxes],
                    "reference": f"REF-{key:03d}",
                    "itemCategory": {"id": 2 if product else 1},
                    "category": {"id": 6},
                    **self.country.item_extras(key)}
            if product:
                body["inventory"] = {"unit": "unit",
                                     "unitCost": self.price(pesos * 6 // 10),
                                     "initialQuantity": 50}
            else:
                body["type"] = "service"
            self.create("items", body, key)

    def invoices(self):
        legal = {key: legal for key, _, _, legal in CONTACTS}
        for key, row in enumerate(INVOICES, start=1):
            client, template, days, status, stamped, paid, lines = row
            if template == 7:
                template = self.country.electronic_template_for(
                    legal.get(client, False))
            stamp = {"generateStamp": True} if stamped else None
            body = {
                "client": {"id": client},
                "numberTemplate": {"id": template},
                "date": self.day(days),
                "dueDate": self.day(days - 30),
                "status": "draft" if status == "draft" else "open",
                "items": [{"id": item, "quantity": quantity}
                          for item, quantity in lines],
            }
            if stamp:
                body["stamp"] = stamp
            invoice = self.create("invoices", body, key)
            share = decimal.Decimal(paid)
            if share:
                amount = totals.quantize(
                    decimal.Decimal(invoice["total"]) * share, 2)
                self.create("payments", {
                    "type": "in", "date": self.day(max(days - 5, 0)),
                    "bankAccount": {"id": 2}, "paymentMethod": "transfer",
                    "client": {"id": client},
                    "invoices": [{"id": key, "amount": amount}]})
            if status == "void":
                self.ctx.resource("invoices").action_void(self.ctx, key)
        self.create("credit-notes", {
            "client": {"id": 12}, "date": self.day(28),
            "items": [{"id": 1, "quantity": 1}],
            "type": (self.country.credit_note_types or [None])[0],
            "invoices": [{"id": 7, "amount": self.price(100000)}]}, 1)

    def bills(self):
        for key, row in enumerate(BILLS, start=1):
            provider, days, status, paid, items, expenses = row
            bill = self.create("bills", {
                "provider": {"id": provider},
                "date": self.day(days), "dueDate": self.day(days - 30),
                "numberTemplate": {"prefix": "PROV-", "number": 100 + key},
                "purchases": {
                    "items": [{"id": item, "quantity": quantity,
                               "price": self.price(20000 * item)}
                              for item, quantity in items],
                    "categories": [{"id": category, "quantity": 1,
                                    "price": self.price(pesos),
                                    "tax": []}
                                   for category, pesos in expenses]},
                "status": status}, key)
            share = decimal.Decimal(paid)
            if share:
                self.create("payments", {
                    "type": "out", "date": self.day(max(days - 3, 0)),
                    "bankAccount": {"id": 3}, "paymentMethod": "transfer",
                    "client": {"id": provider},
                    "bills": [{"id": key, "amount": totals.quantize(
                        decimal.Decimal(bill["total"]) * share, 2)}]})

    def other_documents(self):
        for key, client in ((1, 2), (2, 12)):
            self.create("estimates", {
                "client": {"id": client}, "date": self.day(10 * key),
                "dueDate": self.day(10 * key - 15),
                "items": [{"id": 6, "quantity": key}]}, key)
        self.create("remissions", {
            "client": {"id": 6}, "date": self.day(6),
            "items": [{"id": 3, "quantity": 20}]}, 1)
        self.create("purchase-orders", {
            "provider": {"id": 14}, "date": self.day(5),
            "deliveryDate": self.day(-10),
            "items": [{"id": 1, "quantity": 5,
                       "price": self.price(180000)}]}, 1)
        self.create("recurring-invoices", {
            "client": {"id": 7}, "date": self.day(60),
            "startDate": self.day(60), "frequency": 1,
            "items": [{"id": 6, "quantity": 1}]}, 1)
        self.create("journals", {
            "date": self.day(15), "observations": "Ajuste de apertura",
            "entries": [{"id": 8, "debit": self.price(500000)},
                        {"id": 3, "credit": self.price(500000)}]}, 1)
        self.ctx.resource("bank-accounts").transfer(
            self.ctx, 2, {"idDestination": 3,
                          "amount": self.price(1000000),
                          "date": self.day(7),
                          "observations": "Traslado entre cuentas"})


def add_bulk(store, resources, *, invoices=0, contacts=0, batch=1000,
             progress=None, seed=None):
    """Add generated contacts and invoices in batches of ``batch``.

    Each batch is its own short transaction, so a server using the same
    database keeps answering while this runs. Closed invoices get their
    payment, as they would through the API. ``progress(kind, done,
    total)`` is called after each batch.
    """
    rng = random.Random(seed)
    with store.session() as session:
        code = session.meta("country")
    from alegra.sandbox import countries
    country = countries.get(code)
    done = 0
    while done < contacts:
        size = min(batch, contacts - done)
        with store.session(write=True) as session:
            ctx = Context(session, country, resources, rng=rng)
            base = session.next_value("bulk:contacts", size)
            for index in range(base, base + size):
                legal = index % 3 != 0
                ctx.resource("contacts").create(ctx, {
                    "name": f"Cliente Masivo {index:06d}", "type": ["client"],
                    "email": f"masivo{index}@example.com",
                    **country.identity(1000 + index, legal)})
        done += size
        if progress:
            progress("contacts", done, contacts)
    done = 0
    while done < invoices:
        size = min(batch, invoices - done)
        with store.session(write=True) as session:
            BulkInvoices(Context(session, country, resources, rng=rng)).add(
                size)
        done += size
        if progress:
            progress("invoices", done, invoices)


class BulkInvoices:
    """Invoices built with the API's arithmetic, numbered, stamped and
    paid, but inserted without the per-request checks and lookups."""

    STATUSES = (("draft", 1), ("open", 4), ("closed", 4), ("void", 1))

    def __init__(self, ctx):
        self.ctx = ctx
        session = ctx.session
        self.clients = session.find(
            "contacts", "(',' || kind || ',') LIKE '%,client,%'")
        self.items = session.find("items")
        self.items_by_id = {item["id"]: item for item in self.items}
        ctx.preload("contacts", self.clients)
        ctx.preload("items", self.items)
        ctx.preload("taxes", session.find("taxes"))
        self.template = session.get("number-templates", 7)
        self.receipts = default_template(ctx, "transactionIn")
        self.account = session.get("bank-accounts", 2)
        self.today = datetime.date.fromisoformat(ctx.today())
        self.resource = ctx.resource("invoices")
        self.weights = [weight for _, weight in self.STATUSES]
        self.statuses = [status for status, _ in self.STATUSES]

    def draw(self):
        """A random invoice body, its status and client."""
        rng = self.ctx.rng
        status = rng.choices(self.statuses, self.weights)[0]
        client = rng.choice(self.clients)
        date = self.today - datetime.timedelta(days=rng.randrange(730))
        body = {"status": status, "client": {"id": client["id"]},
                "date": date.isoformat(),
                "dueDate": (date + datetime.timedelta(days=30)).isoformat(),
                "items": [{"id": rng.choice(self.items)["id"],
                           "quantity": rng.randrange(1, 6)}
                          for _ in range(rng.randrange(1, 4))],
                **self.ctx.country.invoice_defaults}
        return status, client, body

    def add(self, count):
        ctx, session = self.ctx, self.ctx.session
        drawn = [self.draw() for _ in range(count)]
        paid = sum(status == "closed" for status, _, _ in drawn)
        key = session.next_value("id:invoices", count)
        payment_key = session.next_value("id:payments", paid) if paid else 0
        numbers = Numbering(ctx, self.template)
        receipts = Numbering(ctx, self.receipts)
        for status, client, body in drawn:
            doc, _ = self.resource.build(ctx, body, None)
            set_number(doc, template_ref(ctx, self.template)
                       if status == "draft" else numbers.next())
            doc["datetime"] = f"{doc['date']} 09:00:00"
            doc["totalPaid"] = totals.money(0, ctx.precision)
            doc["payments"] = []
            doc["id"] = key
            self.stamp(doc, client, status)
            payment = None
            if status == "closed":
                payment = self.pay(doc, payment_key, receipts.next())
                payment_key += 1
            session.insert("invoices", doc, key=key)
            if payment:
                session.insert("payments", payment, key=payment["id"])
            key += 1
        numbers.save()
        receipts.save()
        ledger.refresh_bank_account(ctx, self.account["id"])

    def stamp(self, doc, client, status):
        if status not in ("open", "closed") or not client.get(
                "identificationObject"):
            return
        try:
            self.ctx.country.check_stamp(doc, client, self.template,
                                         self.items_by_id)
        except ApiError:
            return
        stamping.issue(self.ctx, "invoices", doc, self.template)

    def pay(self, doc, key, number):
        """The payment settling ``doc``, which is marked closed."""
        ctx = self.ctx
        amount = decimal.Decimal(doc["total"])
        doc.update(status="closed", balance=totals.quantize(0, ctx.precision),
                   totalPaid=totals.money(amount, ctx.precision))
        ctx.session.append_ledger("payments", key, [
            ("invoices", doc["id"], amount),
            ("bank-accounts", self.account["id"], amount)])
        payment = {
            "id": key, "type": "in", "date": doc["date"],
            "bankAccount": {"id": self.account["id"],
                            "name": self.account["name"]},
            "paymentMethod": "transfer",
            "client": {"id": doc["client"]["id"],
                       "name": doc["client"]["name"]},
            "invoices": [{"id": doc["id"], "amount": amount}],
            "amount": amount, "status": "open",
            "numberTemplate": number, "number": number["fullNumber"]}
        doc["payments"] = [ledger.payment_entry(
            payment, key, doc["totalPaid"])]
        return payment


class Numbering:
    """A template's numbers taken in memory and written back once."""

    def __init__(self, ctx, template):
        self.ctx = ctx
        self.template = template
        self.number = int(template.get("nextInvoiceNumber") or 1)

    def next(self):
        ref = template_ref(self.ctx, self.template, self.number)
        self.number += 1
        return ref

    def save(self):
        self.template["nextInvoiceNumber"] = self.number
        self.ctx.session.save("number-templates", self.template)
