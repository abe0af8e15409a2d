"""What a strict sandbox refuses, and the shapes of its answers."""

import decimal

from alegra.sandbox import errors, fields
from alegra.sandbox.resources import build
from tests.unit.sandbox import base

MONEY = ("total", "subtotal", "balance", "totalPaid", "price", "amount",
         "discount", "initialBalance", "totalApplied", "unitCost")


def money_fields(value, path=""):
    """``(path, value)`` of every money-named field, at any depth."""
    if isinstance(value, dict):
        for key, inner in value.items():
            if key in MONEY and not isinstance(inner, (dict, list)):
                yield f"{path}.{key}", inner
            yield from money_fields(inner, f"{path}.{key}")
    elif isinstance(value, list):
        for inner in value:
            yield from money_fields(inner, path + "[]")


class TestUnknownFields(base.SandboxTestCase):

    def test_a_typo_is_refused_naming_the_field(self):
        before = self.invoice_count()
        reply = self.post("/invoices", self.invoice_body(
            annotation="Entregar en portería"))
        message = self.fails(reply, 400, errors.UNKNOWN_FIELD)
        self.assertIn("'annotation'", message)
        self.assertIn("'anotation'", message)
        self.assertEqual(before, self.invoice_count())

    def invoice_count(self):
        return self.ok(self.get("/invoices", metadata="true"))[
            "metadata"]["total"]

    def test_the_documented_field_is_kept(self):
        invoice = self.create_invoice(anotation="Entregar en portería")
        self.assertEqual("Entregar en portería", invoice["anotation"])

    def test_an_update_with_an_unknown_field_changes_nothing(self):
        before = self.ok(self.get("/items/1"))
        self.fails(self.put("/items/1", {"name": "Nuevo", "nmae": "x"}),
                   400, errors.UNKNOWN_FIELD)
        self.assertEqual(before, self.ok(self.get("/items/1")))

    def test_unknown_fields_are_refused_on_every_kind_of_resource(self):
        for path, body in (
                ("/contacts", {"name": "Acme", "emial": "a@b.co"}),
                ("/items", {"name": "Tornillo", "prize": 10}),
                ("/payments", {"type": "in", "date": "2026-06-07",
                               "bankAccount": {"id": 2},
                               "paymentMethod": "cash", "ammount": 1}),
                ("/webhooks/subscriptions", {"event": "new-invoice",
                                             "url": "https://x.test",
                                             "evnt": "x"}),
                ("/taxes", {"name": "IVA", "percentage": 19,
                            "porcentaje": 19})):
            with self.subTest(path=path):
                self.fails(self.post(path, body), 400, errors.UNKNOWN_FIELD)

    def test_nested_fields_are_not_checked(self):
        invoice = self.create_invoice(items=[
            {"id": 5, "price": 100, "quantity": 1, "tax": [],
             "lineNote": "libre"}])
        self.assertEqual("libre", invoice["items"][0]["lineNote"])

    def test_a_record_read_back_can_be_sent_again(self):
        for name, resource in sorted(build().items()):
            if "update" not in resource.verbs or "list" not in \
                    resource.verbs:
                continue
            records = self.ok(self.get(resource.url))
            if isinstance(records, dict) or not records:
                continue
            key = records[0].get("code") if name == "currencies" else \
                records[0]["id"]
            with self.subTest(resource=name):
                reply = self.put(f"{resource.url}/{key}", records[0])
                if reply.status != 200:
                    self.assertNotEqual(errors.UNKNOWN_FIELD,
                                        reply.body["code"], reply.text)

    def test_every_writable_resource_has_its_list(self):
        # sandbox-events is the sandbox's own endpoint, not Alegra's.
        for name, resource in build().items():
            if {"create", "update"} & set(resource.verbs) and \
                    name != "sandbox-events":
                self.assertTrue(name in fields.KNOWN, name)


class TestPaidInvoices(base.SandboxTestCase):

    def test_a_paid_invoice_lists_its_payments(self):
        invoice = self.create_invoice(status="open")
        self.assertEqual([], invoice["payments"])
        first = self.ok(self.pay(invoice["id"], "20000.50"), 201)
        second = self.ok(self.pay(invoice["id"], 39499.5), 201)
        paid = self.ok(self.get(f"/invoices/{invoice['id']}"))
        self.assertEqual([first["id"], second["id"]],
                         [entry["id"] for entry in paid["payments"]])
        self.assertEqual(["2026-06-07", "2026-06-07"],
                         [entry["date"] for entry in paid["payments"]])
        self.assertMoney("20000.50", paid["payments"][0]["amount"])
        self.assertMoney("39499.50", paid["payments"][1]["amount"])
        self.assertEqual("closed", paid["status"])

    def test_a_voided_payment_leaves_the_list(self):
        invoice = self.create_invoice(status="open")
        payment = self.ok(self.pay(invoice["id"], 100), 201)
        self.ok(self.post(f"/payments/{payment['id']}/void"))
        shown = self.ok(self.get(f"/invoices/{invoice['id']}"))
        self.assertEqual([], shown["payments"])
        self.assertMoney("0.00", shown["totalPaid"])

    def test_inline_payments_are_listed(self):
        invoice = self.create_invoice(payments=[
            {"date": "2026-06-06", "account": {"id": 2}, "amount": 59500,
             "paymentMethod": "cash"}])
        self.assertEqual(1, len(invoice["payments"]))
        self.assertMoney("59500.00", invoice["payments"][0]["amount"])
        self.assertEqual("cash", invoice["payments"][0]["paymentMethod"])

    def test_seeded_paid_invoices_list_their_payments(self):
        for invoice in self.ok(self.get("/invoices", status="closed")):
            paid = sum((decimal.Decimal(entry["amount"])
                        for entry in invoice["payments"]), decimal.Decimal(0))
            self.assertEqual(decimal.Decimal(invoice["totalPaid"]), paid)


class TestMoneyIsNumbers(base.SandboxTestCase):

    def test_every_resource_answers_money_as_numbers(self):
        self.ok(self.pay(self.create_invoice(status="open")["id"], 10), 201)
        checked = 0
        for name, resource in sorted(build().items()):
            if "list" not in resource.verbs:
                continue
            reply = self.get(resource.url)
            if reply.status != 200:
                continue
            for path, value in money_fields(reply.body):
                checked += 1
                with self.subTest(resource=name, field=path):
                    self.assertNotIsInstance(value, str)
        self.assertGreater(checked, 100)

    def test_money_keeps_the_company_precision_in_the_text(self):
        invoice = self.create_invoice(status="open")
        self.ok(self.pay(invoice["id"], 10), 201)
        text = self.get(f"/invoices/{invoice['id']}").text
        self.assertIn('"totalPaid":10.00', text)
        self.assertIn('"balance":59490.00', text)
