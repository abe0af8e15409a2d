"""Answers whose shape the sources disagree on are read either way."""

import json

from tests.unit import base

CUFE = "ab12" * 24
SUBSCRIPTION = {"id": "9", "event": "new-bill", "url": "https://x.test/h",
                "status": "active"}


class TestStampAnswers(base.APITestCase):
    """``POST /invoices/stamp``: an array, one object, or a wrapped list."""

    def emit(self, answer):
        self.mock.get(self.url("company"), json={"identification": "9001"})
        self.mock.get(self.url("invoices/12"), json={"id": "12"})
        self.mock.post(self.url("invoices/stamp"), json=answer)
        code, out, err = self.run_cli("invoices", "emit", "12", "-o",
                                      "json")
        self.assertEqual(0, code, err)
        return {str(row["id"]): row for row in json.loads(out)}

    def stamped(self):
        return {"id": "12", "stamp": {"legalStatus": "STAMPED_AND_ACCEPTED",
                                      "cufe": CUFE}}

    def test_an_array(self):
        row = self.emit([self.stamped()])["12"]
        self.assertEqual(("emitted", CUFE),
                         (row["result"], row["fiscal_code"]))

    def test_one_object(self):
        row = self.emit(self.stamped())["12"]
        self.assertEqual(("emitted", CUFE),
                         (row["result"], row["fiscal_code"]))

    def test_an_object_wrapping_the_list(self):
        row = self.emit({"invoices": [self.stamped()]})["12"]
        self.assertEqual(("emitted", CUFE),
                         (row["result"], row["fiscal_code"]))

    def test_an_object_without_documents_still_means_accepted(self):
        row = self.emit({"code": 200, "message": "ok"})["12"]
        self.assertEqual("emitted", row["result"])


class TestSubscriptionAnswers(base.APITestCase):
    """A subscription wrapped in ``subscription`` or bare."""

    def test_wrapped_and_bare_read_alike(self):
        for answer in ({"subscription": SUBSCRIPTION}, SUBSCRIPTION):
            with self.subTest(wrapped="subscription" in answer):
                self.mock.get(self.url("webhooks/subscriptions/9"),
                              json=answer)
                code, out, err = self.run_cli(
                    "webhook-subscriptions", "get", "9", "-f", "json")
                self.assertEqual(0, code, err)
                self.assertEqual(SUBSCRIPTION, json.loads(out))

    def test_create_answered_bare(self):
        self.mock.post(self.url("webhooks/subscriptions"), status_code=201,
                       json=SUBSCRIPTION)
        code, out, err = self.run_cli(
            "webhook-subscriptions", "create", "--event", "new-bill",
            "--url", "https://x.test/h", "-o", "json")
        self.assertEqual(0, code, err)
        self.assertEqual("9", json.loads(out)["id"])
