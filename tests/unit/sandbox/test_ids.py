"""Ids as Alegra gives them: text, and UUID v7 for new records."""

import datetime
import time
import uuid

import testtools

from alegra.sandbox import ids, schema
from tests.unit.sandbox.base import SandboxTestCase

A_UUID = "01959152-fe97-7a6e-a2d5-c0c63e82f80a"


class TestUuid7(testtools.TestCase):
    def test_version_variant_and_time(self):
        before = time.time_ns() // 1_000_000
        text = ids.uuid7()
        value = uuid.UUID(text)
        self.assertEqual(7, value.version)
        self.assertEqual(uuid.RFC_4122, value.variant)
        self.assertEqual(36, len(text))
        self.assertLessEqual(before, value.int >> 80)
        self.assertTrue(ids.is_uuid(text))

    def test_fixed_time_and_random_bits(self):
        text = ids.uuid7(0x01959152FE97, bytes(10))
        self.assertEqual("01959152-fe97-7000-8000-000000000000", text)
        text = ids.uuid7(0x01959152FE97, b"\xff" * 10)
        self.assertEqual("01959152-fe97-7fff-bfff-ffffffffffff", text)

    def test_later_times_sort_later(self):
        first = ids.uuid7(1_700_000_000_000)
        second = ids.uuid7(1_700_000_000_001)
        self.assertLess(first, second)

    def test_what_is_not_a_uuid(self):
        for text in ("1", "abc", A_UUID[:-1], A_UUID + "0", None, 12,
                     A_UUID.replace("-", ""), A_UUID + "\n"):
            self.assertFalse(ids.is_uuid(text), text)


class TestEras(testtools.TestCase):
    def test_alegra_switches_by_resource_and_date(self):
        day = datetime.date
        self.assertFalse(ids.takes_uuid("alegra", "warehouses",
                                        day(2025, 12, 31)))
        self.assertTrue(ids.takes_uuid("alegra", "warehouses",
                                       day(2026, 1, 1)))
        self.assertTrue(ids.takes_uuid("alegra", "price-lists",
                                       day(2025, 5, 10)))
        self.assertFalse(ids.takes_uuid("alegra", "estimates",
                                        day(2026, 7, 29)))
        self.assertFalse(ids.takes_uuid("alegra", "invoices",
                                        day(2030, 1, 1)))

    def test_uuid_everywhere_and_never(self):
        day = datetime.date(2020, 1, 1)
        self.assertTrue(ids.takes_uuid("uuid", "invoices", day))
        self.assertFalse(ids.takes_uuid("string", "warehouses",
                                        datetime.date(2030, 1, 1)))

    def test_unknown_format(self):
        error = self.assertRaises(ValueError, ids.check_format, "uuid4")
        self.assertIn("alegra, string, uuid, integer", str(error))
        self.assertEqual("alegra", ids.check_format(None))
        self.assertEqual("uuid", ids.check_format(" UUID "))


class NoUuids:
    def uuids_of(self, keys):
        return {}


class TestEncoding(testtools.TestCase):
    def test_only_id_members_become_text(self):
        policy = ids.Policy("string", None)
        text = ('{"id":1,"client":{"id":12,"name":"x"},"note":'
                '"{\\"id\\":5}","items":[{"id":3}],"number":7}')
        self.assertEqual(
            '{"id":"1","client":{"id":"12","name":"x"},"note":'
            '"{\\"id\\":5}","items":[{"id":"3"}],"number":7}',
            policy.encode(text, NoUuids()))

    def test_integer_format_keeps_numbers(self):
        policy = ids.Policy("integer", None)
        self.assertEqual('[{"id":1}]', policy.encode('[{"id":1}]',
                                                     NoUuids()))


class IdsTestCase(SandboxTestCase):
    app_options = {"id_format": "uuid"}

    def set_today(self, year, month, day):
        # The company's date decides the era of a new record.
        self.app.store.id_policy.today = lambda: datetime.date(
            year, month, day)


class TestStringFormat(IdsTestCase):
    app_options = {"id_format": "string"}

    def test_every_id_is_text(self):
        invoice = self.ok(self.get("/invoices/1"))
        self.assertEqual("1", invoice["id"])
        self.assertIsInstance(invoice["client"]["id"], str)
        for line in invoice["items"]:
            self.assertIsInstance(line["id"], str)
        listed = self.ok(self.get("/contacts", metadata="true"))
        self.assertTrue(all(isinstance(contact["id"], str)
                            for contact in listed["data"]))

    def test_references_as_text_numbers_or_objects(self):
        created = self.create_invoice(
            client={"id": "12"},
            items=[{"id": "5", "price": 100, "quantity": 1}])
        self.assertEqual("12", created["client"]["id"])
        self.assertEqual("5", created["items"][0]["id"])
        listed = self.ok(self.get("/invoices", client_id="12"))
        self.assertIn(created["id"], [doc["id"] for doc in listed])

    def test_new_warehouse_is_numeric_text(self):
        created = self.ok(self.post("/warehouses", {"name": "Sur"}), 201)
        self.assertTrue(created["id"].isdigit())


class TestUuidFormat(IdsTestCase):
    def test_new_records_get_uuids_seeded_ones_keep_numbers(self):
        created = self.ok(self.post("/warehouses", {"name": "Sur"}), 201)
        self.assertTrue(ids.is_uuid(created["id"]), created)
        self.assertEqual(7, uuid.UUID(created["id"]).version)
        self.assertEqual("1", self.ok(self.get("/warehouses/1"))["id"])
        contact = self.ok(self.post("/contacts", {"name": "Nuevo"}), 201)
        self.assertTrue(ids.is_uuid(contact["id"]), contact)

    def test_a_uuid_record_read_changed_and_deleted_by_its_uuid(self):
        key = self.ok(self.post("/warehouses", {"name": "Sur"}), 201)["id"]
        shown = self.ok(self.get(f"/warehouses/{key}"))
        self.assertEqual({"id": key, "name": "Sur"},
                         {"id": shown["id"], "name": shown["name"]})
        changed = self.ok(self.put(f"/warehouses/{key}", {"name": "Norte"}))
        self.assertEqual(key, changed["id"])
        upper = self.ok(self.get(f"/warehouses/{key.upper()}"))
        self.assertEqual(key, upper["id"])
        listed = self.ok(self.get("/warehouses"))
        self.assertEqual(key, listed[-1]["id"])
        self.ok(self.delete(f"/warehouses/{key}"))
        self.fails(self.get(f"/warehouses/{key}"), 404)

    def test_unknown_uuid_is_404_naming_it(self):
        message = self.fails(self.get(f"/warehouses/{A_UUID}"), 404)
        self.assertIn(A_UUID, message)

    def test_uuid_of_another_resource_names_nothing(self):
        key = self.ok(self.post("/warehouses", {"name": "Sur"}), 201)["id"]
        self.fails(self.get(f"/sellers/{key}"), 404)

    def test_body_references_by_uuid(self):
        seller = self.ok(self.post("/sellers", {"name": "Ana"}), 201)["id"]
        contact = self.ok(self.post("/contacts", {"name": "Nuevo",
                                                  "type": "client"}),
                          201)["id"]
        invoice = self.create_invoice(client={"id": contact},
                                      seller={"id": seller})
        self.assertTrue(ids.is_uuid(invoice["id"]), invoice)
        self.assertEqual(contact, invoice["client"]["id"])
        self.assertEqual(seller, invoice["seller"]["id"])
        listed = self.ok(self.get("/invoices", client_id=contact))
        self.assertEqual([invoice["id"]], [doc["id"] for doc in listed])

    def test_unknown_uuid_reference_is_refused(self):
        reply = self.post("/invoices", self.invoice_body(
            client={"id": A_UUID}))
        self.assertEqual(400, reply.status, reply.text)

    def test_seeded_records_keep_numeric_ids(self):
        listed = self.ok(self.get("/warehouses"))
        self.assertTrue(all(doc["id"].isdigit() for doc in listed))


class TestAlegraFormat(IdsTestCase):
    app_options = {"id_format": "alegra"}

    def test_the_company_date_picks_the_era(self):
        self.set_today(2025, 12, 31)
        before = self.ok(self.post("/warehouses", {"name": "A"}), 201)
        self.set_today(2026, 1, 1)
        after = self.ok(self.post("/warehouses", {"name": "B"}), 201)
        contact = self.ok(self.post("/contacts", {"name": "C"}), 201)
        self.assertTrue(before["id"].isdigit(), before)
        self.assertTrue(ids.is_uuid(after["id"]), after)
        self.assertTrue(contact["id"].isdigit(), contact)
        # Numbers first, then UUIDs in creation order: the store's id order.
        listed = [doc["id"] for doc in self.ok(self.get("/warehouses"))]
        self.assertEqual([before["id"], after["id"]], listed[-2:])


class TestIntegerFormat(IdsTestCase):
    app_options = {"id_format": "integer"}

    def test_numbers_as_before(self):
        self.assertEqual(1, self.ok(self.get("/contacts/1"))["id"])
        created = self.ok(self.post("/warehouses", {"name": "Sur"}), 201)
        self.assertIsInstance(created["id"], int)


class TestMigration(testtools.TestCase):
    def test_version_1_gains_the_uuid_table(self):
        import sqlite3

        conn = sqlite3.connect(":memory:")
        for statement in schema.TABLES[:-1]:
            conn.execute(statement)
        conn.execute("PRAGMA user_version = 1")
        self.assertFalse(schema.prepare(conn, ":memory:"))
        self.assertEqual(2, schema.version_of(conn))
        conn.execute("INSERT INTO external_ids VALUES (?, ?, ?)",
                     (ids.UUID_BASE + 1, A_UUID, "warehouses"))
