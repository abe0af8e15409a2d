"""webhooks listen: the receiver, the printed lines, the options."""

import argparse
import json
import urllib.request

import testtools

from alegra.webhooks import listen, receiver
from tests.unit import base


class TestListenPieces(testtools.TestCase):

    def delivery(self, body):
        return receiver.Delivery(received="2026-06-06T10:00:00Z",
                                 path="/hook",
                                 headers=[("Content-Type", "application/json"),
                                          ("Host", "x")], body=body)

    def test_describe_and_one_line(self):
        record = listen.describe(self.delivery(
            b'{"subject": "new-invoice", "message": {"invoice": '
            b'{"id": 12, "total": 19928.00}}}'))
        self.assertEqual(("new-invoice", "invoice", 12),
                         (record["event"], record["object"], record["id"]))
        self.assertEqual("19928.00",
                         str(record["body"]["message"]["invoice"]["total"]))
        self.assertEqual("2026-06-06T10:00:00Z  new-invoice  invoice 12",
                         listen.line_of(record))
        record["forward"] = {"url": "http://h/x", "status": 204}
        self.assertTrue(listen.line_of(record).endswith(
            "-> http://h/x [204]"))

    def test_events_option(self):
        self.assertEqual(["new-invoice", "edit-invoice"],
                         listen.events_argument("new-invoice, edit-invoice"))
        self.assertRaises(argparse.ArgumentTypeError,
                          listen.events_argument, "new-payment")

    def test_receiver_queues_deliveries_not_verifications(self):
        server = receiver.Server("127.0.0.1", 0)
        self.addCleanup(server.stop)
        url = f"http://127.0.0.1:{server.port}/hook"
        for body in (b"", b'{"subject": "new-item"}'):
            request = urllib.request.Request(url, data=body, method="POST")
            with urllib.request.urlopen(request, timeout=5) as response:
                self.assertEqual(200, response.status)
        self.assertEqual(1, server.receiver.verifications)
        delivery = server.receiver.deliveries.get(timeout=5)
        self.assertEqual({"subject": "new-item"}, json.loads(delivery.body))

    def test_forward_keeps_headers_and_reports_status(self):
        target = receiver.Server("127.0.0.1", 0)
        self.addCleanup(target.stop)
        answer = receiver.forward(f"http://127.0.0.1:{target.port}/in",
                                  self.delivery(b'{"subject": "x"}'))
        self.assertEqual(200, answer["status"])
        got = target.receiver.deliveries.get(timeout=5)
        self.assertIn(("Content-Type", "application/json"), got.headers)
        failed = receiver.forward("http://127.0.0.1:9/none",
                                  self.delivery(b"{}"), timeout=2)
        self.assertIsNone(failed["status"])
        self.assertIn("error", failed)


class TestCommandName(testtools.TestCase):
    """``webhooks listen`` is a command of its own beside the
    ``webhooks`` alias of webhook-subscriptions."""

    def test_listen_wins_over_the_alias(self):
        from alegra.app.commandmanager import LazyCommandManager

        manager = LazyCommandManager()
        factory, name, rest = manager.find_command(
            ["webhooks", "listen", "--events", "new-invoice"])
        self.assertIs(listen.Listen, factory)
        self.assertEqual(["--events", "new-invoice"], rest)
        if "webhooks" in getattr(manager, "aliases", {}):
            _, name, _ = manager.find_command(["webhooks", "list"])
            self.assertEqual("webhook-subscriptions list", name)


class TestUnsubscribe(testtools.TestCase):

    def test_a_subscription_left_behind_is_named(self):
        from alegra import errors

        class Client:
            deleted = []

            def delete(self, path):
                if path.endswith("/2"):
                    raise errors.APIError("HTTP 500: boom")
                if path.endswith("/3"):
                    raise errors.NotFoundError("gone")
                self.deleted.append(path)

        reported = []
        command = listen.Listen.__new__(listen.Listen)
        command.app = type("App", (), {
            "report_error": lambda self, exc: reported.append(str(exc)),
            "options": type("O", (), {"verbose_level": 0})(),
        })()
        code = command.unsubscribe(Client(), [(1, "new-invoice"),
                                              (2, "edit-invoice"),
                                              (3, "new-item")])
        self.assertEqual(1, code)
        self.assertEqual(["webhooks/subscriptions/1"], Client.deleted)
        [line] = reported
        self.assertIn("subscription 2 (edit-invoice) could not be removed",
                      line)
        self.assertIn("webhook-subscriptions delete 2", line)


class TestListenAgainstAlegra(base.APITestCase):

    def test_alegra_needs_a_public_url(self):
        code, out, err = self.run_cli("webhooks", "listen")
        self.assertEqual(2, code)
        self.assertIn("--public-url", err)
        self.assertFalse(self.mock.called)

    def test_a_refused_subscription_removes_the_others(self):
        url = self.url("webhooks/subscriptions")
        self.mock.post(url, [
            {"status_code": 201, "text": '{"subscription": {"id": 4}}'},
            {"status_code": 400,
             "text": '{"code": 5002, "message": "no 2XX"}'}])
        self.mock.delete(f"{url}/4", text='{"code": 200}')
        code, out, err = self.run_cli(
            "webhooks", "listen", "--events", "new-invoice,edit-invoice",
            "--public-url", "https://tunnel.example/hook")
        self.assertNotEqual(0, code)
        self.assertEqual(["POST", "POST", "DELETE"],
                         [r.method for r in self.mock.request_history])
