"""The documented bodies and the endpoints made reachable, through the
installed executable against ``alegra sandbox serve``; the undocumented
forms sent raw, refused with Alegra's error codes."""

import datetime
import os

from tests.functional import base

AUTH = ("sandbox@alegra.test", "sandbox")


class EndpointCase(base.FunctionalTestCase):

    def raw(self, method, path, **kwargs):
        import requests

        return requests.request(method, f"{self.server.base_url}/{path}",
                                auth=AUTH, timeout=30, **kwargs)

    def refused(self, code, method, path, **kwargs):
        answer = self.raw(method, path, **kwargs)
        self.assertEqual(400, answer.status_code, answer.text)
        self.assertEqual(code, answer.json()["code"], answer.text)
        return answer.json()

    def upload(self, name="factura.pdf", content=b"%PDF-1.4 prueba"):
        path = os.path.join(self.home, name)
        with open(path, "wb") as handle:
            handle.write(content)
        return path


class TestAttachments(EndpointCase):

    def test_attach_and_delete_on_every_resource(self):
        path = self.upload()
        for resource, key in (("bills", "7"), ("invoices", "1"),
                              ("items", "1"), ("contacts", "1"),
                              ("purchase-orders", "1"),
                              ("item-categories", "1")):
            added = self.ok(resource, "attach", key, "--file", path, "-o",
                            "json").json()
            self.assertEqual("factura.pdf", added["name"])
            self.assertEqual(15, added["size"])
            self.ok(resource, "attachment-delete", str(added["id"]), "-y")
            gone = self.alegra(resource, "attachment-delete",
                               str(added["id"]), "-y")
            self.assertEqual(4, gone.code, gone)

    def test_company_users_and_payments_take_uploads(self):
        path = self.upload("logo.png", b"\x89PNG")
        for words in (("company", "attach"), ("users", "attach"),
                      ("payments", "attach", "1")):
            added = self.ok(*words, path, "-o", "json").json()
            self.assertEqual("logo.png", added["name"])

    def test_the_sandbox_refuses_json_uploads_with_904(self):
        self.refused(904, "POST", "bills/7/attachment",
                     json={"file": "aGVsbG8=", "name": "a.txt"})
        self.refused(904, "POST", "bills/7/attachment",
                     files={"archivo": ("a.txt", b"x")})

    def test_an_oversized_file_is_one_error_line(self):
        path = self.upload("grande.bin")
        with open(path, "r+b") as handle:
            handle.truncate(10 * 1024 * 1024 + 1)
        result = self.alegra("bills", "attach", "7", "--file", path)
        self.assertEqual(2, result.code, result)
        self.assertEqual(1, len(result.err.strip().splitlines()), result)
        self.assertIn("10 MB", result.err.replace(".0 MB", " MB"))


class TestDocumentedBodies(EndpointCase):

    def test_comments_with_text_and_the_old_spelling(self):
        added = self.ok("bills", "comments", "7", "--text", "Revisado",
                        "-o", "json").json()
        self.assertEqual("Revisado", added["comments"][0]["comment"])
        old = self.ok("purchase-orders", "comments", "1", "--set",
                      "comment=Viejo", "-o", "json")
        self.assertEqual("Viejo", old.json()["comments"][0]["comment"])
        self.assertIn("comments", old.err)
        self.refused(11103, "POST", "bills/7/comments",
                     json={"comment": "hola"})
        self.refused(11103, "POST", "bills/7/comments",
                     json={"comments": "hola"})

    def test_transfer_with_to_and_the_old_spelling(self):
        def balance(account):
            return float(self.ok("bank-accounts", "get", account, "-f",
                                 "value", "-c", "balance").out)

        before = balance("4")
        self.ok("bank-accounts", "transfer", "3", "--to", "4", "--set",
                "amount=1000")
        old = self.ok("bank-accounts", "transfer", "3", "--set",
                      'destinationAccount={"id":4}', "--set", "amount=1000")
        self.assertIn("idDestination", old.err)
        self.assertEqual(before + 2000, balance("4"))
        self.refused(1010, "POST", "bank-accounts/3/transfer",
                     json={"destinationAccount": {"id": 4}, "amount": 1})

    def test_preview_of_a_body_and_of_an_id(self):
        shown = self.ok("invoices", "preview", "--set", 'client={"id":1}',
                        "--set", 'items=[{"id":1,"price":10,"quantity":1}]',
                        "-o", "json").json()
        self.assertTrue(shown["url"].endswith(".pdf"))
        self.assertIn("url", self.ok("invoices", "preview", "1", "-o",
                                     "json").json())
        self.refused(1010, "POST", "invoices/preview", json={"id": 1})

    def test_close_requires_the_date(self):
        self.refused(11201, "POST", "bills/7/close",
                     json={"category": {"id": 5}})
        result = self.ok("bills", "close", "7", "--category", "5", "-o",
                         "json")
        today = datetime.date.today().isoformat()
        self.assertEqual(today, result.json()["closing"]["date"])
        self.assertIn("--date", result.err)


class TestReachable(EndpointCase):

    def test_fields_pdf_on_get(self):
        found = self.ok("invoices", "get", "1", "--fields", "pdf", "-o",
                        "json").json()
        self.assertTrue(found["pdf"].endswith(".pdf"))

    def test_delete_several_contacts_then_restore_one(self):
        ids = [self.ok("contacts", "create", "--set", f"name=Borrar {n}",
                       "-o", "json").json()["id"] for n in range(3)]
        ids = [str(one) for one in ids]
        result = self.ok("contacts", "delete", *ids, "-y")
        self.assertIn(", ".join(ids), result.err)
        for one in ids:
            self.assertEqual(4, self.alegra("contacts", "get", one).code)
        self.ok("contacts", "restore", ids[0])
        self.ok("contacts", "get", ids[0])

    def test_delete_several_items(self):
        ids = [str(self.ok("items", "create", "--set", f"name=Borrar {n}",
                           "--set", "price=10", "-o", "json").json()["id"])
               for n in range(2)]
        self.ok("items", "delete", *ids, "-y")
        for one in ids:
            self.assertEqual(4, self.alegra("items", "get", one).code)

    def test_users_self_and_metadata(self):
        self.ok("users", "update-self", "--set", "name=Ana")
        self.assertEqual("Ana", self.ok("users", "self", "-f", "value", "-c",
                                        "name").out.strip())
        found = self.ok("users", "self-metadata", "--set", "tema=oscuro",
                        "-o", "json").json()
        self.assertEqual({"tema": "oscuro"}, found["metadata"])
        found = self.ok("users", "metadata", "1", "--set", "idioma=es",
                        "-o", "json").json()
        self.assertEqual("es", found["metadata"]["idioma"])

    def test_retentions_of_an_open_invoice(self):
        invoice = self.ok("invoices", "list", "--status", "open", "-f",
                          "value", "-c", "id", "--limit", "1").out.split()[0]
        found = self.ok("invoices", "retentions", invoice, "--set",
                        "retentions=[]", "-o", "json").json()
        self.assertEqual([], found["retentions"])
