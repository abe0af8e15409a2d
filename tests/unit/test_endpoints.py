"""Documented bodies and the endpoints made reachable: what each command
sends, against requests-mock."""

import json
import os

import fixtures

from tests.unit import base


class EndpointCase(base.APITestCase):

    def ok(self, *argv):
        code, out, err = self.run_cli(*argv)
        self.assertEqual(0, code, err)
        return out, err

    def fails(self, code, *argv):
        found, out, err = self.run_cli(*argv)
        self.assertEqual(code, found, err)
        self.assertEqual(1, len(err.strip().splitlines()), err)
        self.assertTrue(err.startswith("Error: "), err)
        self.assertNotIn("Traceback", err)
        return err

    def upload_file(self, name="factura.pdf", content=b"%PDF-1.4 hola"):
        folder = self.useFixture(fixtures.TempDir()).path
        path = os.path.join(folder, name)
        with open(path, "wb") as handle:
            handle.write(content)
        return path


class TestAttachments(EndpointCase):

    def test_attach_sends_one_multipart_file_part(self):
        self.mock.post(self.url("bills/7/attachment"), status_code=201,
                       json={"id": 3, "name": "factura.pdf"})
        self.ok("bills", "attach", "7", "--file", self.upload_file())
        sent = self.mock.last_request
        kind = sent.headers["Content-Type"]
        self.assertTrue(kind.startswith("multipart/form-data; boundary="),
                        kind)
        body = sent.body
        self.assertEqual(1, body.count(b'name="file"'))
        self.assertIn(b'filename="factura.pdf"', body)
        self.assertIn(b"Content-Type: application/pdf", body)
        self.assertIn(b"%PDF-1.4 hola", body)

    def test_the_file_may_be_positional_or_dash_f(self):
        path = self.upload_file("nota.txt", b"hola")
        for resource, words in (("invoices", [path]),
                                ("items", ["-f", path]),
                                ("contacts", [path])):
            self.mock.post(self.url(f"{resource}/5/attachment"),
                           status_code=201, json={"id": 1})
            self.ok(resource, "attach", "5", *words)
            self.assertIn(b"Content-Type: text/plain",
                          self.mock.last_request.body)

    def test_every_documented_attachment_endpoint(self):
        path = self.upload_file()
        for resource in ("payments", "purchase-orders", "remissions",
                         "transportation-receipts", "item-categories"):
            self.mock.post(self.url(f"{resource}/4/attachment"),
                           status_code=201, json={"id": 1})
            self.ok(resource, "attach", "4", path)
        for resource in ("company", "users"):
            self.mock.post(self.url(f"{resource}/attachment"),
                           status_code=201, json={"id": 1})
            self.ok(resource, "attach", path)
        for resource in ("invoices", "items", "contacts", "purchase-orders",
                         "remissions", "transportation-receipts",
                         "item-categories"):
            self.mock.delete(self.url(f"{resource}/attachment/9"),
                             json={"code": 200})
            self.ok(resource, "attachment-delete", "9", "-y")
            self.assertEqual("DELETE", self.mock.last_request.method)

    def test_dry_run_shows_the_part_not_the_bytes(self):
        path = self.upload_file(content=b"SECRET-BYTES")
        out, _ = self.ok("bills", "attach", "7", "--file", path,
                         "--dry-run")
        self.assertFalse(self.mock.called)
        self.assertIn("POST https://api.alegra.com/api/v1/bills/7/"
                      "attachment", out)
        self.assertIn(f"-F 'file=@{path};type=application/pdf'", out)
        self.assertIn("part 'file' = factura.pdf (application/pdf", out)
        self.assertNotIn("SECRET-BYTES", out)
        self.assertNotIn("secret-token", out)
        out, _ = self.ok("bills", "attach", "7", "--file", path,
                         "--dry-run", "-o", "json")
        shown = json.loads(out)
        self.assertEqual({"kind": "multipart/form-data", "field": "file",
                          "filename": "factura.pdf",
                          "content_type": "application/pdf", "bytes": 12},
                         shown["body"])

    def test_a_file_over_the_limit_is_refused_before_sending(self):
        path = self.upload_file("grande.bin")
        with open(path, "r+b") as handle:
            handle.truncate(10 * 1024 * 1024 + 1)
        err = self.fails(2, "bills", "attach", "7", "--file", path)
        self.assertIn("10.0 MB", err)
        self.assertFalse(self.mock.called)

    def test_missing_folder_and_twice_given_files_are_usage_errors(self):
        self.fails(2, "bills", "attach", "7", "--file",
                   os.path.join(self.home, "nada.pdf"))
        self.fails(2, "bills", "attach", "7", "--file", self.home)
        self.fails(2, "bills", "attach", "7")
        path = self.upload_file()
        self.fails(2, "bills", "attach", "7", path, "--file", path)
        self.assertFalse(self.mock.called)

    def test_an_upload_is_never_resent_after_a_server_error(self):
        self.mock.post(self.url("bills/7/attachment"), status_code=503,
                       json={"code": 503, "message": "down"})
        found, _, err = self.run_cli("bills", "attach", "7", "--file",
                                     self.upload_file())
        self.assertNotEqual(0, found)
        self.assertEqual(1, self.mock.call_count)


class TestDocumentedBodies(EndpointCase):

    def test_comments_text_builds_the_array(self):
        self.mock.post(self.url("bills/7/comments"), status_code=201,
                       json={"comments": [{"id": 1, "comment": "x"}]})
        self.ok("bills", "comments", "7", "--text", "Revisado")
        self.assertEqual({"comments": [{"text": "Revisado"}]},
                         self.mock.last_request.json())

    def test_the_old_comment_spelling_is_translated(self):
        for resource in ("bills", "purchase-orders", "debit-notes"):
            self.mock.post(self.url(f"{resource}/7/comments"),
                           status_code=201, json={"comments": []})
            _, err = self.ok(resource, "comments", "7", "--set",
                             "comment=Viejo")
            self.assertEqual({"comments": [{"text": "Viejo"}]},
                             self.mock.last_request.json())
            self.assertIn("comments", err)

    def test_transfer_sends_id_destination(self):
        self.mock.post(self.url("bank-accounts/3/transfer"),
                       status_code=201, json={"id": 1})
        self.ok("bank-accounts", "transfer", "3", "--to", "4", "--set",
                "amount=100000")
        self.assertEqual({"amount": 100000, "idDestination": "4"},
                         self.mock.last_request.json())
        _, err = self.ok("bank-accounts", "transfer", "3", "--set",
                         'destinationAccount={"id":4}', "--set",
                         "amount=100000")
        self.assertEqual({"amount": 100000, "idDestination": 4},
                         self.mock.last_request.json())
        self.assertIn("idDestination", err)

    def test_preview_posts_the_invoice_being_created(self):
        self.mock.post(self.url("invoices/preview"),
                       json={"url": "https://x/p.pdf"})
        out, _ = self.ok("invoices", "preview", "--set",
                         'client={"id":1}', "--set",
                         'items=[{"id":2,"quantity":1}]', "-o", "json")
        self.assertEqual({"client": {"id": 1},
                          "items": [{"id": 2, "quantity": 1}]},
                         self.mock.last_request.json())
        self.assertIn("https://x/p.pdf", out)

    def test_preview_of_an_id_sends_a_copy_of_that_invoice(self):
        self.mock.get(self.url("invoices/12"), json={
            "id": "12", "status": "open", "total": 10,
            "client": {"id": "1"}, "items": [{"id": "2"}]})
        self.mock.post(self.url("invoices/preview"), json={"url": "u"})
        self.ok("invoices", "preview", "12")
        self.assertEqual({"client": {"id": "1"}, "items": [{"id": "2"}]},
                         self.mock.last_request.json())

    def test_preview_without_an_invoice_is_a_usage_error(self):
        self.fails(2, "invoices", "preview")
        self.assertFalse(self.mock.called)

    def test_close_requires_a_date_and_defaults_to_today(self):
        import datetime

        self.mock.post(self.url("bills/7/close"), json={"id": 7})
        self.ok("bills", "close", "7", "--date", "2026-06-05",
                "--category", "5")
        self.assertEqual({"category": {"id": "5"}, "date": "2026-06-05"},
                         self.mock.last_request.json())
        _, err = self.ok("bills", "close", "7", "--set",
                         'category={"id":5}')
        self.assertEqual(datetime.date.today().isoformat(),
                         self.mock.last_request.json()["date"])
        self.assertIn("--date", err)
        self.ok("bills", "close", "7", "--set", "date=2026-06-05",
                "--set", 'category={"id":5}')
        self.assertEqual("2026-06-05", self.mock.last_request.json()["date"])

    def test_close_without_a_category_sends_nothing(self):
        self.fails(2, "bills", "close", "7", "--date", "2026-06-05")
        self.assertFalse(self.mock.called)


class TestReachable(EndpointCase):

    def test_retentions_put_to_retentions_applied(self):
        self.mock.put(self.url("invoices/12/retentionsApplied"),
                      json={"id": 12})
        self.ok("invoices", "retentions", "12", "--set", "retentions=[]")
        self.assertEqual({"retentions": []}, self.mock.last_request.json())

    def test_contacts_restore(self):
        self.mock.put(self.url("contacts/restore/5"), json={"id": 5})
        self.ok("contacts", "restore", "5")
        self.assertEqual("PUT", self.mock.last_request.method)

    def test_several_deletes_are_one_request_and_one_question(self):
        for resource in ("contacts", "items"):
            self.mock.delete(self.url(resource), json={"code": 200})
            code, out, err = self.run_cli(resource, "delete", "1", "2", "3",
                                          stdin="y\n", tty=True)
            self.assertEqual(0, code, err)
            sent = self.mock.last_request
            self.assertEqual(f"/api/v1/{resource}", sent.path)
            self.assertEqual({"id": ["1,2,3"]}, sent.qs)
            self.assertIn("1, 2, 3", out + err)

    def test_one_id_keeps_the_item_path(self):
        self.mock.delete(self.url("contacts/4"), json={"code": 200})
        self.ok("contacts", "delete", "4", "-y")
        self.assertEqual("/api/v1/contacts/4", self.mock.last_request.path)

    def test_users_self_and_metadata(self):
        for words, path in ((["update-self", "--set", "name=Ana"],
                             "users/self"),
                            (["self-metadata", "--set", "a=1"],
                             "users/self/metadata"),
                            (["metadata", "8", "--set", "a=1"],
                             "users/8/metadata")):
            self.mock.put(self.url(path), json={"id": 1})
            self.ok("users", *words)
            self.assertEqual(f"/api/v1/{path}", self.mock.last_request.path)

    def test_fields_on_get_and_list(self):
        self.mock.get(self.url("invoices/12"), json={"id": 12, "pdf": "u"})
        self.ok("invoices", "get", "12", "--fields", "pdf")
        self.assertEqual({"fields": ["pdf"]}, self.mock.last_request.qs)
        self.mock.get(self.url("items"), json=[])
        self.ok("items", "list", "--fields", "variantAttributes")
        self.assertEqual(["variantattributes"],
                         self.mock.last_request.qs["fields"])


class TestBearer(EndpointCase):

    def test_bearer_token_from_the_environment(self):
        self.environ.pop("ALEGRA_EMAIL")
        self.environ.pop("ALEGRA_TOKEN")
        self.environ["ALEGRA_BEARER_TOKEN"] = "oauth-secret"
        self.mock.get(self.url("invoices/1"), json={"id": 1})
        self.ok("invoices", "get", "1")
        self.assertEqual("Bearer oauth-secret",
                         self.mock.last_request.headers["Authorization"])

    def test_dry_run_redacts_the_bearer_token(self):
        self.environ["ALEGRA_BEARER_TOKEN"] = "oauth-secret"
        out, _ = self.ok("invoices", "void", "1", "--dry-run")
        self.assertIn("Authorization: Bearer <redacted>", out)
        self.assertNotIn("oauth-secret", out)
        out, _ = self.ok("invoices", "void", "1", "--dry-run",
                         "--show-token")
        self.assertIn("Bearer oauth-secret", out)

    def test_auth_login_bearer_stores_and_uses_the_token(self):
        self.environ.pop("ALEGRA_EMAIL")
        self.environ.pop("ALEGRA_TOKEN")
        self.mock.get(self.url("users/self"),
                      json={"name": "Ana", "email": "ana@example.com"})
        self.mock.get(self.url("company"), json={"name": "Acme"})
        code, out, err = self.run_cli("auth", "login", "--bearer",
                                      stdin="oauth-stored\n")
        self.assertEqual(0, code, err)
        self.assertEqual("Bearer oauth-stored",
                         self.mock.request_history[0].headers[
                             "Authorization"])
        self.assertNotIn("oauth-stored", out + err)
        self.mock.get(self.url("invoices/1"), json={"id": 1})
        self.ok("invoices", "get", "1")
        self.assertEqual("Bearer oauth-stored",
                         self.mock.last_request.headers["Authorization"])
        out, _ = self.ok("invoices", "void", "1", "--dry-run")
        self.assertIn("Bearer <redacted>", out)
        self.assertNotIn("oauth-stored", out)
