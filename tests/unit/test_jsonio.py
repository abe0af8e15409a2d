import decimal

import testtools

from alegra import jsonio

EXACT = ('{"total": 19928.00, "totalPaid": 0.0000000000, '
         '"big": 1234567890123456.78, "id": 9007199254740993, '
         '"neg": -12.50, "sci": 1.5E+3, "name": "Consultoría"}')


class TestExactJSON(testtools.TestCase):
    def test_round_trip_keeps_every_digit(self):
        parsed = jsonio.loads(EXACT)
        self.assertEqual(
            '{"total":19928.00,"totalPaid":0.0000000000,'
            '"big":1234567890123456.78,"id":9007199254740993,'
            '"neg":-12.50,"sci":1.5E+3,"name":"Consultoría"}',
            jsonio.dumps(parsed))

    def test_numbers_are_decimals_not_floats(self):
        parsed = jsonio.loads(EXACT)
        self.assertIsInstance(parsed["total"], decimal.Decimal)
        self.assertEqual("0.0000000000", str(parsed["totalPaid"]))
        self.assertEqual(9007199254740993, parsed["id"])

    def test_indented_output_matches_json_module_layout(self):
        import json

        value = {"a": [1, {"b": None, "c": True}], "d": {}, "e": []}
        self.assertEqual(json.dumps(value, indent=2),
                         jsonio.dumps(value, indent=2))

    def test_plain_decimals_are_written_without_exponent(self):
        self.assertEqual("0.0000000000",
                         jsonio.dumps(decimal.Decimal("0E-10")))

    def test_non_finite_decimal_is_refused(self):
        self.assertRaises(ValueError, jsonio.dumps, decimal.Decimal("NaN"))
