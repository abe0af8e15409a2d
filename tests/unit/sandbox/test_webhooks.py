"""Webhook subscriptions, their verification and the deliveries."""

import os
import threading
import time

from alegra.sandbox import webhooks
from tests.unit.sandbox import base


class TestSubscriptions(base.SandboxTestCase):
    def setUp(self):
        super().setUp()
        self.receiver = self.useFixture(base.Receiver())

    def subscribe(self, event="new-invoice", url=None):
        return self.post("/webhooks/subscriptions",
                         {"event": event, "url": url or self.receiver.url
                          + "/hook"})

    def test_subscribing_verifies_the_url_with_an_empty_post(self):
        reply = self.ok(self.subscribe(), 201)
        subscription = reply["subscription"]
        self.assertEqual("new-invoice", subscription["event"])
        self.assertIsInstance(subscription["id"], int)
        self.assertEqual([("/hook", b"")], self.receiver.requests)

    def test_list_and_get_are_wrapped(self):
        created = self.ok(self.subscribe(), 201)["subscription"]
        listed = self.ok(self.get("/webhooks/subscriptions"))
        self.assertEqual([created], listed["subscriptions"])
        shown = self.ok(self.get(
            f"/webhooks/subscriptions/{created['id']}"))
        self.assertEqual(created, shown["subscription"])

    def test_failed_verification_refuses_the_subscription(self):
        self.receiver.statuses = [500]
        self.fails(self.subscribe(), 400, 5002)
        self.assertEqual([], self.ok(self.get(
            "/webhooks/subscriptions"))["subscriptions"])

    def test_unreachable_url_refuses_the_subscription(self):
        self.fails(self.subscribe(url="http://127.0.0.1:9/nobody"), 400,
                   5002)

    def test_url_without_scheme_is_https(self):
        self.assertEqual("https://example.com/x",
                         webhooks.target_url("example.com/x"))
        self.assertEqual("http://h/x", webhooks.target_url("http://h/x"))

    def test_unknown_event_is_400(self):
        self.fails(self.subscribe(event="new-payment"), 400, 5001)
        self.assertEqual([], self.receiver.requests)

    def test_same_event_and_url_twice_is_400(self):
        self.ok(self.subscribe(), 201)
        self.fails(self.subscribe(), 400, 5003)
        self.ok(self.subscribe(event="edit-invoice"), 201)

    def test_twelve_events(self):
        self.assertEqual(12, len(webhooks.EVENTS))
        for obj in ("invoice", "bill", "client", "item"):
            for verb in ("new", "edit", "delete"):
                self.assertIn(f"{verb}-{obj}", webhooks.EVENTS)

    def test_update_and_delete(self):
        key = self.ok(self.subscribe(), 201)["subscription"]["id"]
        updated = self.ok(self.put(f"/webhooks/subscriptions/{key}",
                                   {"event": "edit-item"}))
        self.assertEqual("edit-item", updated["subscription"]["event"])
        self.ok(self.delete(f"/webhooks/subscriptions/{key}"))
        self.fails(self.get(f"/webhooks/subscriptions/{key}"), 404)


class TestDeliveries(base.SandboxTestCase):
    def setUp(self):
        super().setUp()
        self.receiver = self.useFixture(base.Receiver())

    def subscribe(self, *events):
        for event in events:
            self.ok(self.post("/webhooks/subscriptions", {
                "event": event, "url": f"{self.receiver.url}/{event}"}), 201)
        self.receiver.requests.clear()

    def delivered(self):
        self.app.webhooks.join()
        return [(path, payload) for (path, _), payload in zip(
            self.receiver.requests, self.receiver.payloads())]

    def test_new_invoice_is_delivered_with_its_object(self):
        self.subscribe("new-invoice")
        invoice = self.create_invoice()
        [(path, payload)] = self.delivered()
        self.assertEqual("/new-invoice", path)
        self.assertEqual("new-invoice", payload["subject"])
        self.assertEqual(invoice["id"], payload["message"]["invoice"]["id"])
        self.assertEqual(str(invoice["total"]),
                         str(payload["message"]["invoice"]["total"]))

    def test_edits_of_an_invoice_are_delivered(self):
        self.subscribe("edit-invoice")
        self.ok(self.post("/invoices/12/void"))
        self.ok(self.pay(4, 100), 201)
        delivered = self.delivered()
        self.assertEqual(["edit-invoice", "edit-invoice"],
                         [payload["subject"] for _, payload in delivered])
        self.assertEqual([12, 4], [payload["message"]["invoice"]["id"]
                                   for _, payload in delivered])
        self.assertEqual("void", delivered[0][1]["message"]["invoice"][
            "status"])

    def test_new_invoice_with_payment_is_one_new_event(self):
        self.subscribe("new-invoice", "edit-invoice")
        self.create_invoice(payments=[{"account": {"id": 1},
                                       "amount": 59500}])
        delivered = self.delivered()
        self.assertEqual(["new-invoice"],
                         [payload["subject"] for _, payload in delivered])
        self.assertEqual("closed",
                         delivered[0][1]["message"]["invoice"]["status"])

    def test_client_item_and_bill_events(self):
        self.subscribe("new-client", "delete-client", "edit-item",
                       "new-bill")
        self.ok(self.post("/contacts", {"name": "Nuevo",
                                        "type": ["client"]}), 201)
        self.ok(self.post("/contacts", {"name": "Proveedor",
                                        "type": ["provider"]}), 201)
        self.ok(self.delete("/contacts/99"))
        self.ok(self.put("/items/5", {"description": "Instalación"}))
        self.ok(self.post("/bills", {
            "provider": {"id": 8}, "date": "2026-06-01",
            "purchases": {"categories": [{"id": 5, "price": 1000}]}}), 201)
        subjects = {payload["subject"]: payload["message"]
                    for _, payload in self.delivered()}
        self.assertEqual({"new-client", "delete-client", "edit-item",
                          "new-bill"}, set(subjects))
        self.assertEqual("Nuevo", subjects["new-client"]["client"]["name"])
        self.assertEqual(99, subjects["delete-client"]["client"]["id"])
        self.assertEqual("Instalación",
                         subjects["edit-item"]["item"]["description"])
        self.assertIn("bill", subjects["new-bill"])

    def test_failed_writes_deliver_nothing(self):
        self.subscribe("new-invoice")
        self.fails(self.post("/invoices", self.invoice_body(items=[])), 400)
        self.assertEqual([], self.delivered())

    def test_ten_consecutive_failures_delete_the_subscription(self):
        self.subscribe("edit-item")
        self.receiver.statuses = [500] * 9 + [200] + [500] * 10
        for number in range(9):
            self.ok(self.put("/items/5", {"description": f"v{number}"}))
        self.delivered()
        self.ok(self.put("/items/5", {"description": "bien"}))
        self.delivered()
        for number in range(9):
            self.ok(self.put("/items/5", {"description": f"w{number}"}))
        self.delivered()
        self.assertEqual(1, len(self.ok(self.get(
            "/webhooks/subscriptions"))["subscriptions"]))
        self.ok(self.put("/items/5", {"description": "última"}))
        self.delivered()
        self.assertEqual([], self.ok(self.get(
            "/webhooks/subscriptions"))["subscriptions"])
        self.assertEqual(20, len(self.receiver.requests))

    def test_unanswered_delivery_counts_as_failed(self):
        self.subscribe("edit-item")
        self.app.webhooks.timeout = 0.2
        self.receiver.server.shutdown()
        self.ok(self.put("/items/5", {"description": "nadie escucha"}))
        self.delivered()
        with self.app.store.session() as session:
            [subscription] = session.find("webhook-subscriptions")
            self.assertEqual(1, session.internal(
                "webhook-subscriptions", subscription["id"])["failures"])


class TestVerificationLock(base.SandboxTestCase):
    def test_a_slow_url_does_not_hold_up_other_writes(self):
        receiver = self.useFixture(base.Receiver(delay=1.5))
        live = self.useFixture(base.LiveSandbox(
            os.path.join(self.useFixture(base.fixtures.TempDir()).path,
                         "live.db")))
        subscribing = threading.Thread(target=live.request, args=(
            "POST", "/webhooks/subscriptions",
            {"event": "new-item", "url": receiver.url + "/slow"}))
        subscribing.start()
        self.addCleanup(subscribing.join)
        time.sleep(0.3)
        started = time.monotonic()
        status, _, _ = live.request("POST", "/contacts",
                                    {"name": "Sin esperar"})
        self.assertEqual(201, status)
        self.assertLess(time.monotonic() - started, 1.0)
