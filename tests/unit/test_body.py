import io

import testtools

from alegra.inputs import body
from alegra import jsonio
from alegra.errors import UsageError
from tests.unit import base


class TestParseValue(testtools.TestCase):
    def test_json_values(self):
        self.assertEqual(["client"], body.parse_value('["client"]'))
        self.assertEqual({"city": "Cali"}, body.parse_value('{"city":"Cali"}'))
        self.assertIs(True, body.parse_value("true"))
        self.assertIsNone(body.parse_value("null"))
        self.assertEqual(500000, body.parse_value("500000"))

    def test_decimals_keep_their_text(self):
        value = body.parse_value("1.50")
        self.assertEqual("1.50", jsonio.dumps(value))

    def test_text_that_only_looks_numeric_stays_text(self):
        for text in ("0900123", "+573001234567", "1234567890123456",
                     "00", "-0012"):
            self.assertEqual(text, body.parse_value(text), text)

    def test_plain_text(self):
        self.assertEqual("Acme S.A.S", body.parse_value("Acme S.A.S"))
        self.assertEqual("2026-06-05", body.parse_value("2026-06-05"))

    def test_declared_text_fields_stay_text(self):
        self.assertEqual("900123456",
                         body.parse_value("900123456", keep_text=True))


class TestBuild(testtools.TestCase):
    def test_dotted_keys_nest(self):
        built = body.build(assignments=[
            "identification.type=NIT", "identification.number=901123456",
            "name=Acme"], text_fields={"identification.number"})
        self.assertEqual({"identification": {"type": "NIT",
                                             "number": "901123456"},
                          "name": "Acme"}, built)

    def test_set_merges_on_top_of_data(self):
        built = body.build(data='{"name": "A", "address": {"city": "X"}}',
                           assignments=["address.city=Cali", "price=10"])
        self.assertEqual({"name": "A", "address": {"city": "Cali"},
                          "price": 10}, built)

    def test_numeric_segment_indexes_a_list(self):
        built = body.build(data='{"items": [{"price": 1}]}',
                           assignments=["items.0.price=2"])
        self.assertEqual({"items": [{"price": 2}]}, built)

    def test_index_out_of_range_is_a_usage_error(self):
        error = self.assertRaises(UsageError, body.build,
                                  data='{"items": []}',
                                  assignments=["items.3.price=2"])
        self.assertIn("items", str(error))

    def test_file_and_data_together_is_a_usage_error(self):
        self.assertRaises(UsageError, body.build, file="x.json", data="{}")

    def test_stdin(self):
        built = body.build(file="-", stdin=io.StringIO('{"a": 1}'))
        self.assertEqual({"a": 1}, built)

    def test_malformed_json_says_where(self):
        error = self.assertRaises(UsageError, body.build,
                                  data='{"name": "A",\n "x": }')
        self.assertIn("line 2", str(error))
        self.assertIn("--data", str(error))

    def test_missing_file(self):
        error = self.assertRaises(UsageError, body.build,
                                  file="/nonexistent/invoice.json")
        self.assertIn("cannot read /nonexistent/invoice.json", str(error))

    def test_bad_assignment(self):
        for bad in ("novalue", "=x", "a..b=1"):
            self.assertRaises(UsageError, body.build, assignments=[bad])

    def test_set_on_a_non_object_body(self):
        self.assertRaises(UsageError, body.build, data="[1]",
                          assignments=["a=1"])

    def test_set_through_a_scalar(self):
        self.assertRaises(UsageError, body.build, data='{"a": [1]}',
                          assignments=["a.0.b=1"])

    def test_nothing_given(self):
        self.assertIsNone(body.build())


class TestBodyOnTheCommandLine(base.APITestCase):
    def test_file_body_is_sent_exactly(self):
        path = base.temporary_file(
            self, "invoice.json",
            '{"client": {"id": 12}, "date": "2026-06-06", '
            '"items": [{"id": 5, "price": 50000.00, "quantity": 1}]}')
        self.mock.post(self.url("invoices"), status_code=201,
                       json={"id": 1})
        code, out, err = self.run_cli("invoices", "create", "-f", path,
                                      "-o", "json")
        self.assertEqual(0, code, err)
        self.assertEqual(
            b'{"client":{"id":12},"date":"2026-06-06","items":[{"id":5,'
            b'"price":50000.00,"quantity":1}]}',
            self.mock.last_request.body)

    def test_stdin_body(self):
        self.mock.post(self.url("contacts"), status_code=201,
                       json={"id": 7, "name": "Acme"})
        code, out, err = self.run_cli(
            "contacts", "create", "-f", "-", "-o", "json",
            stdin='{"name": "Acme", "type": ["client"]}')
        self.assertEqual(0, code, err)
        self.assertEqual({"name": "Acme", "type": ["client"]},
                         self.mock.last_request.json())

    def test_bad_json_sends_nothing(self):
        code, out, err = self.run_cli("contacts", "create", "-d", "{nope")
        self.assertEqual(2, code)
        self.assertFalse(self.mock.called)
        self.assertEqual(1, len(err.strip().splitlines()), err)
        self.assertTrue(err.startswith("Error: --data is not valid JSON"))

    def test_file_with_data_sends_nothing(self):
        code, out, err = self.run_cli("contacts", "create", "-f", "x.json",
                                      "-d", "{}")
        self.assertEqual(2, code)
        self.assertFalse(self.mock.called)
        self.assertIn("not both", err)

    def test_bad_set_sends_nothing(self):
        code, out, err = self.run_cli("contacts", "create", "--set", "name")
        self.assertEqual(2, code)
        self.assertFalse(self.mock.called)
        self.assertIn("expected key=value", err)

    def test_no_body_at_all(self):
        code, out, err = self.run_cli("contacts", "create")
        self.assertEqual(2, code)
        self.assertIn("no request body", err)

    def test_identification_number_stays_a_string(self):
        self.mock.post(self.url("contacts"), status_code=201, json={"id": 1})
        code, out, err = self.run_cli(
            "contacts", "create", "--set", "name=Acme",
            "--set", "identification.number=0901123456",
            "--set", "phonePrimary=3001234567")
        self.assertEqual(0, code, err)
        sent = self.mock.last_request.json()
        self.assertEqual("0901123456", sent["identification"]["number"])
        self.assertEqual("3001234567", sent["phonePrimary"])


class TestHostileBodies(testtools.TestCase):

    def assertRefused(self, fragment, **kwargs):
        error = self.assertRaises(UsageError, body.build, **kwargs)
        self.assertIn(fragment, error.message)
        return error

    def test_huge_numbers_name_their_field(self):
        for number in ("1e999999999", "1e400", "-1e999999999", "9" * 5000):
            self.assertRefused(
                "items[0].price",
                data='{"items": [{"price": ' + number + '}]}')
            self.assertRefused("price", assignments=[f"price={number}"])

    def test_exact_numbers_pass(self):
        built = body.build(data='{"total": 19928.00, '
                                '"id": 9007199254740993, "big": 1e308}')
        self.assertEqual('{"total":19928.00,"id":9007199254740993,'
                         '"big":1e308}', jsonio.dumps(built))

    def test_deep_set_value_is_refused_not_sent_as_text(self):
        for depth in (65, 900, 50000):
            value = "[" * depth + "]" * depth
            self.assertRefused("nested too deeply",
                               assignments=[f"k={value}"])
        self.assertEqual({"k": [[[]]]},
                         body.build(assignments=["k=[[[]]]"]))

    def test_deep_key_and_value_together(self):
        key = ".".join(["a"] * 40)
        value = "[" * 30 + "]" * 30
        self.assertRefused("nested too deeply",
                           assignments=[f"{key}={value}"])

    def test_absurd_digits_in_a_set_value(self):
        self.assertRefused("more than 100 digits",
                           assignments=["price=" + "9" * 101])
        self.assertEqual({"phone": "9" * 200},
                         body.build(assignments=["phone=" + "9" * 200],
                                    text_fields={"phone"}))

    def test_huge_list_index_is_not_an_index(self):
        self.assertRefused("not an index",
                           data='{"items": []}',
                           assignments=["items." + "9" * 5000 + ".x=1"])
