"""--jq: the expression runs over the JSON -o json prints, numbers exact."""

import argparse
import io

import testtools

from alegra.output import jqfilter
from alegra import jsonio
from tests.unit import base

DOCUMENT = ('{"id": 12345678901234567891, "number": "FE12", "status": "open",'
            ' "total": 19928.00, "tiny": 0.0000000000,'
            ' "big": 1234567890123456.78, "name": "Acme S.A.S"}')


def run(expression, value, compact=False):
    out = io.StringIO()
    jqfilter.write_results(jqfilter.compile_expression(expression), value,
                           out, compact)
    return out.getvalue()


class TestJqFilter(testtools.TestCase):

    def test_picked_fields_keep_their_exact_text(self):
        value = jsonio.loads(DOCUMENT)
        self.assertEqual(
            '{\n  "number": "FE12",\n  "status": "open",\n'
            '  "total": 19928.00\n}\n',
            run("{number, status, total}", value))
        self.assertEqual(
            "12345678901234567891\n0.0000000000\n1234567890123456.78\n",
            run(".id, .tiny, .big", value))

    def test_strings_print_raw(self):
        value = jsonio.loads(DOCUMENT)
        self.assertEqual("Acme S.A.S\n", run(".name", value))

    def test_compact_output(self):
        value = jsonio.loads('[{"id": 1, "total": 10.50}, {"id": 2}]')
        self.assertEqual('{"id":1,"total":10.50}\n{"id":2}\n',
                         run(".[]", value, compact=True))

    def test_computed_numbers_print_as_jq_computes_them(self):
        value = jsonio.loads('{"a": 1.5, "b": 2.25}')
        self.assertEqual("3.75\n", run(".a + .b", value))
        self.assertEqual("2\n", run("[.a, .b] | length", value))

    def test_two_ids_one_float_are_not_guessed(self):
        value = jsonio.loads('[12345678901234567891, 12345678901234567892]')
        # Both round to one float: printed as jq rounds them, never as
        # the other id.
        out = run(".[0]", value)
        self.assertNotIn(out.strip(), ("12345678901234567892",))

    def test_a_bad_expression_is_an_argument_error(self):
        error = self.assertRaises(argparse.ArgumentTypeError,
                                  jqfilter.compile_expression, ".[")
        self.assertIn("invalid jq expression '.['", str(error))
        self.assertNotIn("\n", str(error))


class TestJqOption(base.APITestCase):

    def test_get_with_jq(self):
        self.mock.get(self.url("invoices/12"), text=DOCUMENT)
        code, out, err = self.run_cli("invoices", "get", "12", "--jq",
                                      "{number, total}")
        self.assertEqual(0, code, err)
        self.assertEqual(
            '{\n  "number": "FE12",\n  "total": 19928.00\n}\n', out)

    def test_list_runs_over_the_array(self):
        self.mock.get(self.url("invoices"),
                      text='[{"id": 1, "total": 1.10}, {"id": 2}]')
        code, out, err = self.run_cli("invoices", "list", "--jq",
                                      ".[] | .total // \"none\"")
        self.assertEqual(0, code, err)
        self.assertEqual("1.10\nnone\n", out)

    def test_a_bad_expression_sends_nothing(self):
        code, out, err = self.run_cli("invoices", "list", "--jq", "{")
        self.assertEqual(2, code)
        self.assertEqual("", out)
        self.assertEqual(1, len(err.splitlines()), err)
        self.assertTrue(err.startswith("Error: "), err)
        self.assertFalse(self.mock.called)
