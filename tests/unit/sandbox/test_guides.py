"""The requests behind the user guides' command lines, with their ids."""

import decimal

from tests.unit.sandbox import base

D = decimal.Decimal


class TestInvoiceToCash(base.SandboxTestCase):
    """Invoice to cash: client, item, invoice, e-mail, payment, reversal."""

    def test_the_whole_cycle(self):
        self.assertEqual([], self.ok(self.get("/contacts", query="acme")))
        client = self.ok(self.post("/contacts", {
            "name": "Acme S.A.S",
            "identification": {"type": "NIT", "number": "901123456"},
            "type": ["client"], "kindOfPerson": "LEGAL_ENTITY"}), 201)
        item = self.ok(self.post("/items", {
            "name": "Consultoría mensual", "price": 500000,
            "tax": [{"id": 3}]}), 201)
        invoice = self.ok(self.post("/invoices", {
            "client": {"id": client["id"]}, "numberTemplate": {"id": 7},
            "date": "2026-06-06", "dueDate": "2026-06-21",
            "paymentForm": "CREDIT",
            "items": [{"id": item["id"], "price": 500000, "quantity": 1,
                       "tax": [{"id": 3}]}],
            "stamp": {"generateStamp": True}}), 201)
        key = invoice["id"]
        shown = self.ok(self.get(f"/invoices/{key}"))
        self.assertEqual(("open", D("595000.00"), D("595000.00")),
                         (shown["status"], shown["total"], shown["balance"]))
        self.assertEqual(shown["numberTemplate"]["fullNumber"],
                         shown["number"])
        self.ok(self.post(f"/invoices/{key}/email",
                          {"emails": ["cuentas@acme.com"]}))
        payment = self.ok(self.post("/payments", {
            "type": "in", "date": "2026-06-06", "bankAccount": {"id": 2},
            "client": {"id": client["id"]},
            "invoices": [{"id": key, "amount": 595000}],
            "paymentMethod": "transfer"}), 201)
        paid = self.ok(self.get(f"/invoices/{key}"))
        self.assertEqual(("closed", D("0")), (paid["status"],
                                              paid["balance"]))
        self.assertEqual("void", self.ok(self.post(
            f"/invoices/{key}/void"))["status"])
        self.ok(self.post(f"/invoices/{key}/open"))
        self.ok(self.post(f"/payments/{payment['id']}/void"))
        self.ok(self.post(f"/payments/{payment['id']}/open"))
        # The preview is of an invoice being created (the documented
        # body), not of an existing one.
        self.assertIn(".pdf", self.ok(self.post("/invoices/preview", {
            "client": {"id": client["id"]},
            "items": [{"id": 5, "price": 1000, "quantity": 1}]}))["url"])
        note = self.ok(self.post("/credit-notes", {
            "client": {"id": client["id"]},
            "items": [{"id": item["id"], "price": 100, "tax": []}]}), 201)
        self.assertEqual(D("100.00"), note["total"])


class TestElectronicInvoicing(base.SandboxTestCase):
    """Electronic invoicing: drafts, emission, the guard, country rules."""

    BODY = {"client": {"id": 12}, "numberTemplate": {"id": 7},
            "date": "2026-06-06", "dueDate": "2026-06-21",
            "paymentForm": "CASH",
            "items": [{"id": 5, "price": 50000, "quantity": 1,
                       "tax": [{"id": 3}]}],
            "stamp": {"generateStamp": True}}

    def test_emit_on_creation(self):
        invoice = self.ok(self.post("/invoices", self.BODY), 201)
        self.assertEqual("open", invoice["status"])
        self.assertIn("cufe", invoice["stamp"])

    def test_draft_then_emit(self):
        body = {key: value for key, value in self.BODY.items()
                if key != "stamp"}
        draft = self.ok(self.post("/invoices", body), 201)
        self.assertEqual("draft", draft["status"])
        drafts = self.ok(self.get("/invoices", status="draft"))
        self.assertIn(draft["id"], [row["id"] for row in drafts])
        emitted = self.ok(self.post("/invoices/stamp",
                                    {"ids": [draft["id"]]}))[0]
        self.assertEqual("STAMPED_AND_ACCEPTED",
                         emitted["stamp"]["legalStatus"])

    def test_number_templates_show_type_and_prefix(self):
        rows = self.ok(self.get("/number-templates"))
        template = {row["id"]: row for row in rows}[7]
        self.assertEqual(("invoice", "FE", True),
                         (template["documentType"], template["prefix"],
                          template["isElectronic"]))

    def test_tax_3_is_iva_19(self):
        tax = self.ok(self.get("/taxes/3"))
        self.assertEqual(("IVA 19%", D(19)), (tax["name"],
                                              tax["percentage"]))


class TestCreatingAndUpdating(base.SandboxTestCase):
    """Creating and updating records: the ids the examples use."""

    def test_examples(self):
        self.ok(self.put("/invoices/12",
                         {"observations": "Pagada por transferencia"}))
        self.ok(self.put("/contacts/99", {"email": "nuevo@example.com"}))
        self.ok(self.post("/invoices/12/void"))
        self.ok(self.post("/invoices/12/open"))
        self.ok(self.post("/invoices/12/email",
                          {"emails": ["client@acme.com"]}))
        self.ok(self.post("/invoices/stamp",
                          {"invoices": [{"id": 12}, {"id": 13}]}))
        self.ok(self.post("/bills/7/close", {"date": "2026-06-05",
                                             "category": {"id": 5}}))
        self.ok(self.post("/bank-accounts/3/transfer", {
            "idDestination": 4, "amount": 100000}), 201)
        self.ok(self.delete("/contacts/99"))

    def test_imported_rows(self):
        for name, nit in (("Uno S.A.S", "901000001"),
                          ("Dos S.A.S", "901000002")):
            self.ok(self.post("/contacts", {
                "name": name, "identification": {"type": "NIT",
                                                 "number": nit},
                "type": ["client"], "kindOfPerson": "LEGAL_ENTITY"}), 201)
        self.ok(self.post("/items", {"reference": "SKU-1",
                                     "name": "Importado", "price": 1}), 201)


class TestFaq(base.SandboxTestCase):
    def test_currency_by_code_and_counts(self):
        self.assertEqual("USD", self.ok(self.get("/currencies/USD"))["code"])
        count = self.ok(self.get("/invoices", status="open",
                                 metadata="true", limit="1"))
        self.assertGreater(count["metadata"]["total"], 0)

    def test_webhook_subscriptions_list(self):
        self.assertEqual({"subscriptions": []},
                         self.ok(self.get("/webhooks/subscriptions")))
