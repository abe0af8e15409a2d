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


class TestBoundedNumbers(testtools.TestCase):
    """Nothing here may materialise a number: each case would take hours
    (in C, deaf to signals) if it did."""

    def test_long_integers_keep_their_text(self):
        text = "9" * 5000
        value = jsonio.loads(text)
        self.assertIsInstance(value, jsonio.Number)
        self.assertEqual(text, jsonio.dumps(value))
        self.assertEqual(9007199254740993, jsonio.loads("9007199254740993"))

    def test_what_no_reader_holds(self):
        for text in ("1e999999999", "-1e999999999", "1e400", "1.8e308",
                     "1e-999999999", "1e-400", "9" * 101, "9" * 5000,
                     "0." + "1" * 100):
            self.assertIsNotNone(jsonio.number_problem(jsonio.loads(text)),
                                 text[:20])
        self.assertIsNotNone(jsonio.number_problem(10 ** 100))
        self.assertIsNotNone(jsonio.number_problem(float("inf")))
        self.assertIsNotNone(jsonio.number_problem(decimal.Decimal("NaN")))

    def test_what_every_reader_holds(self):
        for text in ("19928.00", "0.0000000000", "1234567890123456.78",
                     "9007199254740993", "1e308", "5e-324", "0e999999999",
                     "9" * 100, "-12.50"):
            self.assertIsNone(jsonio.number_problem(jsonio.loads(text)),
                              text)
        self.assertIsNone(jsonio.number_problem(10 ** 100 - 1))
        self.assertIsNone(jsonio.number_problem(True))

    def test_plain_decimal_with_a_huge_exponent_is_written_short(self):
        self.assertEqual("1E+999999999",
                         jsonio.dumps(decimal.Decimal("1e999999999")))
