"""Invoices: arithmetic, numbering, lifecycle and stamping."""

import decimal

from alegra.sandbox import totals
from tests.unit.sandbox import base

D = decimal.Decimal


class TestArithmetic(base.SandboxTestCase):
    def test_alegra_example_price_excludes_tax(self):
        # 16746.218487 x 1 + IVA 19 % = 19928.00, as in Alegra's data.
        invoice = self.create_invoice(items=[
            {"id": 5, "price": "16746.218487", "quantity": 1,
             "tax": [{"id": 3}]}])
        self.assertEqual(D("16746.22"), invoice["subtotal"])
        self.assertEqual(D("3181.78"), invoice["tax"])
        self.assertEqual(D("19928.00"), invoice["total"])
        self.assertEqual(D("19928.00"), invoice["balance"])
        self.assertMoney("0.00", invoice["totalPaid"])

    def test_amounts_are_written_with_exact_digits(self):
        invoice = self.create_invoice(items=[
            {"id": 5, "price": "0.10", "quantity": 3, "tax": []}])
        text = self.get(f"/invoices/{invoice['id']}").text
        self.assertIn('"total":0.30', text)
        self.assertIn('"totalPaid":0.00', text)
        self.assertIn('"price":0.10', text)

    def test_discount_and_several_taxes(self):
        invoice = self.create_invoice(items=[
            {"id": 1, "price": 1000, "quantity": 2, "discount": 10,
             "tax": [{"id": 3}, {"id": 4}]},
            {"id": 5, "price": "333.33", "quantity": 3, "tax": [3]}])
        # line 1: 2000 - 200 = 1800, taxes 342 + 144
        # line 2: 999.99, tax 189.9981
        self.assertEqual(D("2999.99"), invoice["subtotal"])
        self.assertEqual(D("200.00"), invoice["discount"])
        self.assertEqual(D("676.00"), invoice["tax"])
        self.assertEqual(D("3475.99"), invoice["total"])
        line = invoice["items"][0]
        self.assertEqual([D("342.00"), D("144.00")],
                         [tax["amount"] for tax in line["tax"]])
        self.assertEqual(D("2286.00"), line["total"])

    def test_line_without_price_or_tax_takes_the_items(self):
        invoice = self.create_invoice(items=[{"id": 5, "quantity": 2}])
        line = invoice["items"][0]
        self.assertEqual(D("50000.00"), line["price"])
        self.assertEqual([3], [tax["id"] for tax in line["tax"]])
        self.assertEqual(D("119000.00"), invoice["total"])

    def test_rounding_is_half_up(self):
        self.assertEqual(D("0.13"), totals.quantize(D("0.125"), 2))
        self.assertEqual(D("1"), totals.quantize(D("0.5"), 0))

    def test_bad_lines_are_400(self):
        self.fails(self.post("/invoices", self.invoice_body(items=[])),
                   400, 1002)
        self.fails(self.post("/invoices", self.invoice_body(
            items=[{"price": 10}])), 400, 1002)
        self.fails(self.post("/invoices", self.invoice_body(
            items=[{"id": 404}])), 400, 1004)
        self.fails(self.post("/invoices", self.invoice_body(
            items=[{"id": 5, "quantity": "two"}])), 400, 1003)
        self.fails(self.post("/invoices", self.invoice_body(
            items=[{"id": 5, "discount": 150}])), 400, 1003)
        self.fails(self.post("/invoices", self.invoice_body(
            items=[{"id": 5, "tax": [{"id": 99}]}])), 400, 1004)
        self.fails(self.post("/invoices", self.invoice_body(
            date="06/06/2026")), 400, 1003)

    def test_unknown_client_is_400(self):
        self.fails(self.post("/invoices", self.invoice_body(
            client={"id": 4040})), 400, 1004)
        self.fails(self.post("/invoices", self.invoice_body(client=None)),
                   400, 1002)


class TestNumberingAndStatus(base.SandboxTestCase):
    def next_number(self, template=7):
        return self.ok(self.get(f"/number-templates/{template}"))[
            "nextInvoiceNumber"]

    def test_new_invoice_is_a_draft_without_number(self):
        before = self.next_number()
        invoice = self.create_invoice()
        self.assertEqual("draft", invoice["status"])
        self.assertIsNone(invoice["numberTemplate"]["number"])
        self.assertEqual(7, invoice["numberTemplate"]["id"])
        self.assertNotIn("stamp", invoice)
        self.assertEqual(before, self.next_number())

    def test_open_invoice_takes_the_next_number(self):
        number = self.next_number()
        invoice = self.create_invoice(status="open")
        self.assertEqual("open", invoice["status"])
        self.assertEqual(str(number), invoice["numberTemplate"]["number"])
        self.assertEqual(f"FE{number}",
                         invoice["numberTemplate"]["fullNumber"])
        self.assertEqual(number + 1, self.next_number())

    def test_only_draft_or_open_on_create(self):
        self.fails(self.post("/invoices", self.invoice_body(
            status="closed")), 400, 3001)

    def test_default_template_when_none_is_given(self):
        body = self.invoice_body()
        del body["numberTemplate"]
        invoice = self.ok(self.post("/invoices", body), 201)
        self.assertEqual(7, invoice["numberTemplate"]["id"])

    def test_template_of_another_document_type_is_400(self):
        self.fails(self.post("/invoices", self.invoice_body(
            numberTemplate={"id": 2})), 400, 1003)

    def test_manual_number(self):
        invoice = self.create_invoice(
            status="open", numberTemplate={"prefix": "MAN", "number": 77})
        self.assertEqual("MAN77", invoice["numberTemplate"]["fullNumber"])

    def test_numbering_runs_out(self):
        self.ok(self.put("/number-templates/1", {
            "maxInvoiceNumber": self.next_number(1) - 1}))
        self.fails(self.post("/invoices", self.invoice_body(
            status="open", numberTemplate={"id": 1})), 400, 3004)

    def test_inline_payments_open_and_pay(self):
        invoice = self.create_invoice(payments=[
            {"date": "2026-06-06", "account": {"id": 1},
             "amount": 59500, "paymentMethod": "cash"}])
        self.assertEqual("closed", invoice["status"])
        self.assertEqual(D("0.00"), invoice["balance"])
        self.assertMoney("59500.00", invoice["totalPaid"])

    def test_inline_payments_outside_the_plan_are_402(self):
        app = self.app
        object.__setattr__(app.settings, "gated", frozenset({"payments"}))
        reply = self.post("/invoices", self.invoice_body(payments=[
            {"date": "2026-06-06", "account": {"id": 1}, "amount": 1}]))
        self.fails(reply, 402, 907)

    def test_draft_update_changes_totals(self):
        invoice = self.create_invoice()
        updated = self.ok(self.put(f"/invoices/{invoice['id']}", {
            "items": [{"id": 5, "price": 100, "quantity": 1, "tax": []}],
            "observations": "Pagada por transferencia"}))
        self.assertEqual(D("100.00"), updated["total"])
        self.assertEqual("Pagada por transferencia", updated["observations"])
        self.assertEqual("draft", updated["status"])

    def test_update_draft_to_open_numbers_it(self):
        invoice = self.create_invoice()
        updated = self.ok(self.put(f"/invoices/{invoice['id']}",
                                   {"status": "open"}))
        self.assertEqual("open", updated["status"])
        self.assertIsNotNone(updated["numberTemplate"]["number"])

    def test_update_cannot_close_or_void(self):
        invoice = self.create_invoice(status="open")
        self.fails(self.put(f"/invoices/{invoice['id']}",
                            {"status": "void"}), 400, 3001)

    def test_update_below_paid_amount_is_refused(self):
        invoice = self.create_invoice(status="open")
        self.ok(self.pay(invoice["id"], 50000), 201)
        self.fails(self.put(f"/invoices/{invoice['id']}", {"items": [
            {"id": 5, "price": 10, "tax": []}]}), 400, 4001)

    def test_void_and_open(self):
        invoice = self.create_invoice(status="open")
        key = invoice["id"]
        self.assertEqual("void", self.ok(self.post(
            f"/invoices/{key}/void"))["status"])
        self.fails(self.post(f"/invoices/{key}/void"), 400, 3001)
        self.fails(self.put(f"/invoices/{key}", {"observations": "x"}),
                   400, 1007)
        reopened = self.ok(self.post(f"/invoices/{key}/open"))
        self.assertEqual("open", reopened["status"])
        self.assertEqual(invoice["numberTemplate"]["number"],
                         reopened["numberTemplate"]["number"])
        self.fails(self.post(f"/invoices/{key}/open"), 400, 3001)

    def test_open_a_draft_numbers_it(self):
        opened = self.ok(self.post("/invoices/12/open"))
        self.assertEqual("open", opened["status"])
        self.assertIsNotNone(opened["numberTemplate"]["fullNumber"])

    def test_reopened_paid_invoice_is_closed_again(self):
        invoice = self.create_invoice(status="open")
        self.ok(self.pay(invoice["id"], 59500), 201)
        self.ok(self.post(f"/invoices/{invoice['id']}/void"))
        reopened = self.ok(self.post(f"/invoices/{invoice['id']}/open"))
        self.assertEqual("closed", reopened["status"])

    def test_delete_rules(self):
        draft = self.create_invoice()
        self.ok(self.delete(f"/invoices/{draft['id']}"))
        stamped = self.create_invoice(stamp={"generateStamp": True})
        self.fails(self.delete(f"/invoices/{stamped['id']}"), 400, 1008)
        paid = self.create_invoice(status="open")
        self.ok(self.pay(paid["id"], 100), 201)
        self.fails(self.delete(f"/invoices/{paid['id']}"), 400, 1008)

    def test_email_needs_addresses(self):
        self.ok(self.post("/invoices/1/email",
                          {"emails": ["cuentas@acme.com"]}))
        self.fails(self.post("/invoices/1/email", {}), 400, 1002)
        self.fails(self.post("/invoices/1/email", {"emails": ["nope"]}),
                   400, 1003)

    def test_preview_of_the_invoice_being_created(self):
        self.assertIn(".pdf", self.ok(self.post("/invoices/preview", {
            "client": {"id": 1},
            "items": [{"id": 1, "price": 10, "quantity": 1}]}))["url"])
        self.fails(self.post("/invoices/preview", {"id": 1}), 400, 1010)
        self.fails(self.post("/invoices/preview", {"client": {"id": 1}}),
                   400, 1002)


class TestStamping(base.SandboxTestCase):
    def test_stamp_on_create_opens_numbers_and_stamps(self):
        invoice = self.create_invoice(stamp={"generateStamp": True})
        self.assertEqual("open", invoice["status"])
        self.assertIsNotNone(invoice["numberTemplate"]["number"])
        stamp = invoice["stamp"]
        self.assertEqual("STAMPED_AND_ACCEPTED", stamp["legalStatus"])
        self.assertRegex(stamp["cufe"], r"^[0-9a-f]{96}$")
        self.assertIn(stamp["cufe"], stamp["barCodeContent"])
        self.assertEqual([], stamp["warnings"])

    def test_stamp_flag_accepts_text(self):
        invoice = self.create_invoice(stamp={"generateStamp": "true"})
        self.assertIn("stamp", invoice)

    def test_stamped_invoice_cannot_be_updated_but_comments_can(self):
        invoice = self.create_invoice(stamp={"generateStamp": True})
        key = invoice["id"]
        self.fails(self.put(f"/invoices/{key}", {"observations": "x"}),
                   400, 3002)
        updated = self.ok(self.put(f"/invoices/{key}",
                                   {"comments": ["revisada"]}))
        self.assertEqual(["revisada"], updated["comments"])

    def test_stamped_invoice_can_be_voided(self):
        invoice = self.create_invoice(stamp={"generateStamp": True})
        voided = self.ok(self.post(f"/invoices/{invoice['id']}/void"))
        self.assertEqual("void", voided["status"])
        self.assertEqual(invoice["stamp"]["cufe"], voided["stamp"]["cufe"])

    def test_bulk_stamp_with_ids(self):
        stamped = self.ok(self.post("/invoices/stamp", {"ids": [12, 13]}))
        self.assertEqual([12, 13], [row["id"] for row in stamped])
        for row in stamped:
            self.assertEqual("open", row["status"])
            self.assertIn("cufe", row["stamp"])
        self.assertIn("cufe", self.ok(self.get("/invoices/13"))["stamp"])

    def test_bulk_stamp_with_invoice_objects(self):
        stamped = self.ok(self.post("/invoices/stamp", {
            "invoices": [{"id": 12}, {"id": "13"}]}))
        self.assertEqual(2, len(stamped))

    def test_bulk_stamp_takes_at_most_ten(self):
        ids = [self.create_invoice()["id"] for _ in range(11)]
        self.fails(self.post("/invoices/stamp", {"ids": ids}), 400, 3003)
        self.ok(self.post("/invoices/stamp", {"ids": ids[:10]}))

    def test_bulk_stamp_needs_ids(self):
        self.fails(self.post("/invoices/stamp", {}), 400, 1002)

    def test_bulk_stamp_is_all_or_nothing(self):
        reply = self.post("/invoices/stamp", {"ids": [12, 11]})
        self.fails(reply, 400, 3001)
        self.assertNotIn("stamp", self.ok(self.get("/invoices/12")))
        self.fails(self.post("/invoices/stamp", {"ids": [12, 4040]}), 404)

    def test_stamping_again_issues_a_second_fiscal_document(self):
        first = self.create_invoice(stamp={"generateStamp": True})
        again = self.ok(self.post("/invoices/stamp",
                                  {"ids": [first["id"]]}))[0]
        self.assertNotEqual(first["stamp"]["cufe"], again["stamp"]["cufe"])
        with self.app.store.session() as session:
            count = session.conn.execute(
                "SELECT count(*) FROM fiscal_documents WHERE resource = "
                "'invoices' AND record_id = ?", (first["id"],)).fetchone()[0]
        self.assertEqual(2, count)

    def test_stamp_needs_an_electronic_numbering(self):
        reply = self.post("/invoices", self.invoice_body(
            numberTemplate={"id": 1}, stamp={"generateStamp": True}))
        self.fails(reply, 400, 3010)
        self.fails(self.post("/invoices", self.invoice_body(
            numberTemplate={"prefix": "M", "number": 1},
            stamp={"generateStamp": True})), 400, 3010)

    def test_failed_stamp_leaves_nothing_behind(self):
        count = len(self.ok(self.get("/invoices", limit="30")))
        number = self.ok(self.get("/number-templates/7"))[
            "nextInvoiceNumber"]
        self.fails(self.post("/invoices", self.invoice_body(
            client={"id": 13}, stamp={"generateStamp": True})), 400, 3020)
        self.assertEqual(count, len(self.ok(self.get("/invoices",
                                                     limit="30"))))
        self.assertEqual(number, self.ok(self.get("/number-templates/7"))[
            "nextInvoiceNumber"])

    def test_update_with_stamp_flag_emits_a_draft(self):
        updated = self.ok(self.put("/invoices/12", {
            "stamp": {"generateStamp": True}}))
        self.assertEqual("open", updated["status"])
        self.assertIn("cufe", updated["stamp"])
