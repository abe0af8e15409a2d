"""Inputs that must be refused before anything is sent (issue 11, 2 and 6)."""

import json

from alegra import errors
from tests.unit import base


class InputTestCase(base.APITestCase):

    def refused(self, *argv, code=errors.USAGE, stdin="", env=None,
                contains=None):
        actual, out, err = self.run_cli(*argv, stdin=stdin, env=env)
        self.assertEqual(code, actual, err)
        self.assertEqual(1, len(err.splitlines()), err)
        self.assertTrue(err.startswith("Error: "), err)
        self.assertNotIn("Traceback", err)
        self.assertEqual([], self.mock.request_history)
        if contains:
            self.assertIn(contains, err)
        return err


class TestIdentifiers(InputTestCase):

    def test_dot_segments_and_slashes(self):
        for identifier in (".", "..", "", " ", "1/2", "../users", "a\\b",
                           "1?x=2", "1#2", "\x00"):
            with self.subTest(identifier=identifier):
                self.refused("contacts", "get", identifier)
                self.refused("contacts", "delete", identifier, "-y")
                self.refused("invoices", "void", identifier)

    def test_ordinary_ids_still_work(self):
        self.mock.get(self.url("contacts/12"), json={"id": 12})
        code, out, err = self.run_cli("contacts", "get", "12", "-o", "json")
        self.assertEqual(0, code, err)

    def test_the_identifier_type(self):
        import argparse

        from alegra.inputs.identifiers import identifier

        self.assertEqual("12", identifier("12"))
        self.assertEqual("FE-12", identifier("FE-12"))
        self.assertRaises(argparse.ArgumentTypeError, identifier, "..")

    def test_client_refuses_dot_segments_from_anywhere(self):
        from alegra.http.client import Client

        client = Client(base.BASE, "a@b.c", "t")
        for path in ("contacts/..", "contacts/./x", "../users", "a//b"):
            with self.subTest(path=path):
                self.assertRaises(errors.UsageError, client.request, "GET",
                                  path)
        self.assertEqual([], self.mock.request_history)


class TestBodies(InputTestCase):

    def test_nan_and_infinity(self):
        for text in ('{"price": NaN}', '{"price": Infinity}',
                     '{"price": -Infinity}'):
            with self.subTest(text=text):
                self.refused("items", "create", "-d", text,
                             contains="not a JSON number")
        # --set parses JSON when valid: NaN is not JSON, so it stays text.
        from alegra.inputs.body import parse_value
        self.assertEqual("NaN", parse_value("NaN"))
        self.assertEqual("[Infinity]", parse_value("[Infinity]"))

    def test_deep_nesting(self):
        deep = "[" * 100000 + "]" * 100000
        err = self.refused("items", "create", "-d", deep)
        self.assertIn("nested too deeply", err)
        self.refused("items", "create", "-f", "-", stdin=deep)

    def test_surrogate_escaped_bytes(self):
        self.refused("contacts", "create", "-d", '{"name": "a\udcff"}',
                     contains="not valid UTF-8")
        self.refused("contacts", "create", "-f", "-",
                     stdin='{"name": "a\udcff"}', contains="not valid UTF-8")
        self.refused("contacts", "create", "-d", "{}", "--set",
                     "name=a\udcff", contains="not valid UTF-8")
        self.refused("contacts", "list", "-q", "a\udcff")
        self.refused("contacts", "get", "1\udcff")

    def test_escaped_surrogates_in_json_are_refused_too(self):
        self.refused("contacts", "create", "-d", '{"name": "a\\udcff"}')


class TestGlobalOptions(InputTestCase):

    def test_base_url_without_scheme(self):
        for value in ("api.alegra.com/api/v1", "ftp://x.test/api", "https://",
                      "http//x"):
            with self.subTest(value=value):
                err = self.refused("--base-url", value, "contacts", "list",
                                   contains="base URL")
                self.assertNotIn("HTTPS", err.split("Error:")[0])

    def test_base_url_is_checked_before_credentials(self):
        for variable in ("ALEGRA_EMAIL", "ALEGRA_TOKEN"):
            self.environ.pop(variable, None)
        self.refused("--base-url", "api.alegra.com", "contacts", "list",
                     contains="base URL")

    def test_empty_base_url(self):
        self.refused("--base-url", "", "contacts", "list",
                     contains="base URL")
        self.refused("contacts", "list", env={"ALEGRA_BASE_URL": " "},
                     contains="base URL")

    def test_empty_output(self):
        self.refused("-o", "", "contacts", "list", contains="output format")
        self.refused("contacts", "list", "-o", "", contains="output format")

    def test_boolean_variables(self):
        for name in ("ALEGRA_SANDBOX", "ALEGRA_DRY_RUN", "ALEGRA_DEBUG",
                     "ALEGRA_QUIET", "ALEGRA_SHOW_TOKEN"):
            with self.subTest(name=name):
                self.refused("contacts", "list", env={name: "maybe"},
                             contains=name)

    def test_boolean_variables_that_are_fine(self):
        self.mock.get(self.url("contacts"), json=[])
        for value in ("0", "false", "no", "off", "", "1", "TRUE", "yes"):
            with self.subTest(value=value):
                code, out, err = self.run_cli(
                    "contacts", "list", env={"ALEGRA_DEBUG": value,
                                             "ALEGRA_QUIET": value})
                self.assertEqual(0, code, err)


class TestOutputStillWorks(InputTestCase):

    def test_json_body_goes_out(self):
        self.mock.post(self.url("items"), json={"id": 1})
        code, out, err = self.run_cli("items", "create", "-d",
                                      '{"name": "x", "price": 1.50}',
                                      "-o", "json")
        self.assertEqual(0, code, err)
        self.assertEqual({"name": "x", "price": 1.5},
                         json.loads(self.mock.last_request.text))
