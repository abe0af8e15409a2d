"""Money that moves: payments, credit notes, transfers, bill closings."""

import decimal

from tests.unit.sandbox import base

D = decimal.Decimal


class TestPayments(base.SandboxTestCase):
    def setUp(self):
        super().setUp()
        self.invoice = self.create_invoice(status="open")
        self.key = self.invoice["id"]

    def balance(self, account):
        return self.ok(self.get(f"/bank-accounts/{account}"))["balance"]

    def test_full_payment_closes_the_invoice(self):
        before = self.balance(2)
        payment = self.ok(self.pay(self.key, 59500), 201)
        self.assertEqual(D("59500.00"), payment["amount"])
        self.assertEqual("open", payment["status"])
        invoice = self.ok(self.get(f"/invoices/{self.key}"))
        self.assertEqual("closed", invoice["status"])
        self.assertEqual(D("0.00"), invoice["balance"])
        self.assertMoney("59500.00", invoice["totalPaid"])
        self.assertEqual(before + D("59500"), self.balance(2))

    def test_partial_payments_add_up(self):
        self.ok(self.pay(self.key, "20000.50"), 201)
        self.ok(self.pay(self.key, "10000.25"), 201)
        invoice = self.ok(self.get(f"/invoices/{self.key}"))
        self.assertEqual("open", invoice["status"])
        self.assertEqual(D("29499.25"), invoice["balance"])
        self.assertMoney("30000.75", invoice["totalPaid"])

    def test_paying_more_than_the_balance_is_400(self):
        self.fails(self.pay(self.key, "59500.01"), 400, 4001)
        self.assertEqual(D("59500.00"), self.ok(self.get(
            f"/invoices/{self.key}"))["balance"])

    def test_paying_a_draft_or_void_invoice_is_400(self):
        self.fails(self.pay(12, 10), 400, 4002)
        self.fails(self.pay(6, 10), 400, 4002)

    def test_payment_needs_its_fields(self):
        for field in ("bankAccount", "paymentMethod", "date"):
            body = {"type": "in", "date": "2026-06-07",
                    "bankAccount": {"id": 2}, "paymentMethod": "cash",
                    "invoices": [{"id": self.key, "amount": 1}]}
            del body[field]
            self.fails(self.post("/payments", body), 400, 1002)
        self.fails(self.pay(self.key, 1, bankAccount={"id": 77}), 400, 1004)
        self.fails(self.post("/payments", {
            "type": "in", "date": "2026-06-07", "bankAccount": {"id": 2},
            "paymentMethod": "cash"}), 400, 4003)
        self.fails(self.pay(4040, 1), 400, 1004)
        self.fails(self.pay(self.key, 1, bills=[{"id": 1, "amount": 1}]),
                   400, 1003)

    def test_void_restores_balance_and_status(self):
        before = self.balance(2)
        payment = self.ok(self.pay(self.key, 59500), 201)
        voided = self.ok(self.post(f"/payments/{payment['id']}/void"))
        self.assertEqual("void", voided["status"])
        invoice = self.ok(self.get(f"/invoices/{self.key}"))
        self.assertEqual("open", invoice["status"])
        self.assertEqual(D("59500.00"), invoice["balance"])
        self.assertMoney("0.00", invoice["totalPaid"])
        self.assertEqual(before, self.balance(2))
        self.fails(self.post(f"/payments/{payment['id']}/void"), 400, 4004)

    def test_open_applies_a_voided_payment_again(self):
        payment = self.ok(self.pay(self.key, 59500), 201)
        self.ok(self.post(f"/payments/{payment['id']}/void"))
        self.ok(self.post(f"/payments/{payment['id']}/open"))
        self.assertEqual("closed", self.ok(self.get(
            f"/invoices/{self.key}"))["status"])
        self.fails(self.post(f"/payments/{payment['id']}/open"), 400, 4004)

    def test_reopening_fails_when_the_balance_is_gone(self):
        payment = self.ok(self.pay(self.key, 59500), 201)
        self.ok(self.post(f"/payments/{payment['id']}/void"))
        self.ok(self.pay(self.key, 59500), 201)
        self.fails(self.post(f"/payments/{payment['id']}/open"), 400, 4001)

    def test_delete_restores_the_balance(self):
        payment = self.ok(self.pay(self.key, 30000), 201)
        self.ok(self.delete(f"/payments/{payment['id']}"))
        self.assertEqual(D("59500.00"), self.ok(self.get(
            f"/invoices/{self.key}"))["balance"])

    def test_update_reallocates(self):
        payment = self.ok(self.pay(self.key, 30000), 201)
        updated = self.ok(self.put(f"/payments/{payment['id']}", {
            "invoices": [{"id": self.key, "amount": 59500}]}))
        self.assertEqual(D("59500.00"), updated["amount"])
        self.assertEqual("closed", self.ok(self.get(
            f"/invoices/{self.key}"))["status"])

    def test_payment_on_ledger_accounts_only(self):
        payment = self.ok(self.post("/payments", {
            "type": "in", "date": "2026-06-07", "bankAccount": {"id": 1},
            "paymentMethod": "cash",
            "categories": [{"id": 6, "price": 1000, "quantity": 2,
                            "tax": [{"id": 3}]}]}), 201)
        self.assertEqual(D("2380.00"), payment["amount"])

    def test_expense_payment_moves_a_bill(self):
        bill = self.ok(self.get("/bills/7"))
        before = self.balance(3)
        self.ok(self.post("/payments", {
            "type": "out", "date": "2026-06-07", "bankAccount": {"id": 3},
            "paymentMethod": "transfer",
            "bills": [{"id": 7, "amount": bill["total"]}]}), 201)
        bill = self.ok(self.get("/bills/7"))
        self.assertEqual("closed", bill["status"])
        self.assertEqual(D("0.00"), bill["balance"])
        self.assertEqual(before - D(bill["totalPaid"]), self.balance(3))

    def test_expense_payment_needs_a_bill_or_category(self):
        self.fails(self.post("/payments", {
            "type": "out", "date": "2026-06-07", "bankAccount": {"id": 3},
            "paymentMethod": "transfer"}), 400, 4003)

    def test_payment_receipt_stamp_is_not_colombian(self):
        payment = self.ok(self.pay(self.key, 100), 201)
        self.fails(self.post(f"/payments/{payment['id']}/stamp"), 400, 4005)

    def test_seeded_closed_invoices_have_their_payments(self):
        for key in (1, 2, 8, 15):
            invoice = self.ok(self.get(f"/invoices/{key}"))
            self.assertEqual("closed", invoice["status"])
            self.assertEqual(invoice["total"], D(invoice["totalPaid"]))


class TestCreditNotes(base.SandboxTestCase):
    def note(self, **changes):
        body = {"client": {"id": 12}, "date": "2026-06-08",
                "items": [{"id": 5, "price": 10000, "tax": []}],
                "invoices": [{"id": 4, "amount": 10000}]}
        body.update(changes)
        return self.post("/credit-notes", body)

    def test_credit_note_lowers_the_invoice_balance(self):
        before = self.ok(self.get("/invoices/4"))
        note = self.ok(self.note(), 201)
        self.assertEqual("closed", note["status"])
        self.assertEqual(D("10000.00"), note["totalApplied"])
        after = self.ok(self.get("/invoices/4"))
        self.assertEqual(before["balance"] - 10000, after["balance"])
        self.assertEqual(before["totalPaid"], after["totalPaid"])

    def test_allocations_under_their_other_name(self):
        note = self.ok(self.note(invoices=None, invoiceCreditAllocations=[
            {"id": 4, "amount": 5000}]), 201)
        self.assertEqual(D("5000.00"), note["balance"])
        self.assertEqual("open", note["status"])

    def test_credit_note_cannot_exceed_its_total_or_the_balance(self):
        self.fails(self.note(invoices=[{"id": 4, "amount": 10001}]), 400,
                   4001)
        invoice = self.ok(self.get("/invoices/4"))
        self.fails(self.note(
            items=[{"id": 5, "price": invoice["balance"] + 1, "tax": []}],
            invoices=[{"id": 4, "amount": invoice["balance"] + 1}]), 400,
            4001)

    def test_credit_note_for_another_clients_invoice_is_400(self):
        self.fails(self.note(invoices=[{"id": 1, "amount": 1}]), 400, 1003)

    def test_credit_note_type_is_checked(self):
        self.fails(self.note(type="WHATEVER"), 400, 1003)
        self.ok(self.note(type="PRICE_ADJUSTMENT"), 201)

    def test_deleting_a_credit_note_restores_the_balance(self):
        before = self.ok(self.get("/invoices/4"))["balance"]
        note = self.ok(self.note(), 201)
        self.ok(self.delete(f"/credit-notes/{note['id']}"))
        self.assertEqual(before, self.ok(self.get("/invoices/4"))["balance"])

    def test_stamped_credit_note_is_immutable(self):
        note = self.ok(self.note(stamp={"generateStamp": True}), 201)
        self.assertIn("cufe", note["stamp"])
        self.fails(self.put(f"/credit-notes/{note['id']}", {
            "observations": "x"}), 400, 3002)
        self.fails(self.delete(f"/credit-notes/{note['id']}"), 400, 1008)

    def test_refund_moves_money_out_of_an_account(self):
        before = self.ok(self.get("/bank-accounts/1"))["balance"]
        self.ok(self.note(invoices=[], refunds=[
            {"date": "2026-06-08", "amount": 10000, "account": {"id": 1}}]),
            201)
        self.assertEqual(before - 10000,
                         self.ok(self.get("/bank-accounts/1"))["balance"])

    def test_seeded_credit_note_applies_to_invoice_7(self):
        invoice = self.ok(self.get("/invoices/7"))
        self.assertEqual(invoice["total"] - 100000, invoice["balance"])


class TestBanks(base.SandboxTestCase):
    def balance(self, account):
        return self.ok(self.get(f"/bank-accounts/{account}"))["balance"]

    def test_destination_account_is_not_alegra_s_name(self):
        three = self.balance(3)
        self.fails(self.post("/bank-accounts/3/transfer", {
            "destinationAccount": {"id": 4}, "amount": 100000}), 400, 1010)
        self.assertEqual(three, self.balance(3))

    def test_transfer_with_id_destination(self):
        four = self.balance(4)
        self.ok(self.post("/bank-accounts/2/transfer", {
            "idDestination": 4, "amount": "250.75",
            "date": "2026-06-01"}), 201)
        self.assertEqual(four + D("250.75"), self.balance(4))

    def test_bad_transfers_are_400(self):
        self.fails(self.post("/bank-accounts/3/transfer",
                             {"amount": 1}), 400, 1002)
        self.fails(self.post("/bank-accounts/3/transfer", {
            "idDestination": 3, "amount": 1}), 400, 1003)
        self.fails(self.post("/bank-accounts/3/transfer", {
            "idDestination": 99, "amount": 1}), 400, 1004)
        self.fails(self.post("/bank-accounts/3/transfer", {
            "idDestination": 4, "amount": 0}), 400, 1003)
        self.fails(self.post("/bank-accounts/3/transfer", {
            "idDestination": 4}), 400, 1002)
        self.fails(self.post("/bank-accounts/404/transfer", {
            "idDestination": 4, "amount": 1}), 404)

    def test_new_account_needs_an_opening_balance(self):
        self.fails(self.post("/bank-accounts", {"name": "Nueva"}), 400, 1002)
        account = self.ok(self.post("/bank-accounts", {
            "name": "Nueva", "initialBalance": "10.50"}), 201)
        self.assertEqual(D("10.50"), account["balance"])

    def test_account_with_movements_cannot_be_deleted(self):
        self.fails(self.delete("/bank-accounts/2"), 400, 1008)
        self.ok(self.delete("/bank-accounts/5"))

    def test_bill_close_writes_off_the_balance(self):
        closed = self.ok(self.post("/bills/7/close", {
            "date": "2026-06-05", "category": {"id": 5}}))
        self.assertEqual("closed", closed["status"])
        self.assertEqual(D("0.00"), closed["balance"])
        self.fails(self.post("/bills/7/close", {
            "date": "2026-06-05", "category": {"id": 5}}), 400, 3001)
        # Alegra requires the closing date: 11201 without it.
        self.fails(self.post("/bills/3/close", {"category": {"id": 5}}),
                   400, 11201)
        self.fails(self.post("/bills/3/close", {}), 400, 1002)
        self.fails(self.post("/bills/3/close", {"category": {"id": 404}}),
                   400, 1004)


class TestContacts(base.SandboxTestCase):
    def test_name_and_type_are_enough(self):
        contact = self.ok(self.post("/contacts", {
            "name": "Acme", "type": ["client"]}), 201)
        self.assertEqual("Acme", contact["name"])

    def test_identification_object_reads_back_as_text(self):
        contact = self.ok(self.post("/contacts", {
            "name": "Acme S.A.S", "type": ["client"],
            "identification": {"type": "NIT", "number": "901123456"},
            "kindOfPerson": "LEGAL_ENTITY"}), 201)
        self.assertEqual("901123456", contact["identification"])
        self.assertEqual({"type": "NIT", "number": "901123456", "dv": "1"},
                         contact["identificationObject"])

    def test_duplicate_identification_is_2006(self):
        existing = self.ok(self.get("/contacts/12"))
        reply = self.post("/contacts", {
            "name": "Otro", "identification": {
                "type": "NIT", "number": existing["identification"]}})
        self.fails(reply, 400, 2006)
        self.assertEqual("12", reply.body["contactId"])
        self.ok(self.post("/contacts", {
            "name": "Otro", "ignoreRepeated": True, "identification": {
                "type": "NIT", "number": existing["identification"]}}), 201)

    def test_soft_delete_and_restore(self):
        self.ok(self.delete("/contacts/99"))
        self.fails(self.get("/contacts/99"), 404)
        self.assertNotIn(99, [row["id"] for row in self.ok(
            self.get("/contacts", limit="30"))])
        deleted = [row["id"] for row in self.ok(
            self.get("/contacts", status="deleted"))]
        self.assertIn(99, deleted)
        self.assertIn(15, deleted)
        restored = self.ok(self.put("/contacts/restore/99"))
        self.assertEqual(99, restored["id"])
        self.ok(self.get("/contacts/99"))
        self.ok(self.put("/contacts/restore/99"))
        self.fails(self.put("/contacts/restore/4040"), 404)

    def test_bad_values_are_400(self):
        self.fails(self.post("/contacts", {"name": "X", "type": "vendor"}),
                   400, 1003)
        self.fails(self.post("/contacts", {"type": ["client"]}), 400, 1002)
        self.fails(self.post("/contacts", {
            "name": "X", "kindOfPerson": "ROBOT"}), 400, 2103)

    def test_name_object_is_joined(self):
        contact = self.ok(self.post("/contacts", {"name": {
            "firstName": "Ana", "lastName": "Pérez"}}), 201)
        self.assertEqual("Ana Pérez", contact["name"])
