"""POST /sandbox/events: an event announced on demand, as a change would."""

from tests.unit.sandbox import base


class TestSandboxEvents(base.SandboxTestCase):
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

    def test_the_newest_invoice_is_announced(self):
        self.subscribe("new-invoice")
        invoice = self.create_invoice()
        self.delivered()
        self.receiver.requests.clear()
        reply = self.ok(self.post("/sandbox/events",
                                  {"event": "new-invoice"}))
        self.assertEqual({"event": "new-invoice", "object": "invoice",
                          "id": invoice["id"], "subscribers": 1}, reply)
        [(path, payload)] = self.delivered()
        self.assertEqual("/new-invoice", path)
        self.assertEqual(invoice["id"], payload["message"]["invoice"]["id"])

    def test_an_object_by_id_and_nothing_changes(self):
        self.subscribe("edit-item")
        before = self.ok(self.get("/items/1"))
        reply = self.ok(self.post("/sandbox/events",
                                  {"event": "edit-item", "id": 1}))
        self.assertEqual(1, reply["id"])
        [(_, payload)] = self.delivered()
        self.assertEqual("edit-item", payload["subject"])
        self.assertEqual(before, self.ok(self.get("/items/1")))

    def test_unknown_event_and_object(self):
        self.fails(self.post("/sandbox/events", {"event": "new-payment"}),
                   400, 5001)
        self.fails(self.post("/sandbox/events",
                             {"event": "new-invoice", "id": 99999}), 404)

    def test_authenticated_like_the_rest(self):
        self.fails(self.post("/sandbox/events", {"event": "new-invoice"},
                             auth=False), 401)
