"""The country is known whatever the credentials: with ALEGRA_EMAIL and
ALEGRA_TOKEN, the company's country is read from Alegra once (then kept
per base URL and e-mail), so the country's checks run before sending."""

import json
import os

from tests.functional import base

WRONG_CHECK_DIGIT = json.dumps({
    "name": "Dígito Errado SAS", "type": ["client"],
    "kindOfPerson": "LEGAL_ENTITY", "regime": "COMMON_REGIME",
    "identificationObject": {"type": "NIT", "number": "900123456",
                             "dv": "1"}})


class TestCountryFromTheAccount(base.FunctionalTestCase):
    serve_options = ("--quiet", "--rate-limit", "off")

    def names(self):
        found = self.ok("contacts", "list", "--all", "-o", "json").json()
        return [contact["name"] for contact in found]

    def cache(self):
        path = os.path.join(self.home, "state", "alegra", "companies.json")
        with open(path, encoding="utf-8") as stream:
            return json.load(stream)

    def test_a_wrong_nit_is_refused_as_with_country_co(self):
        before = self.names()
        detected = self.alegra("contacts", "create", "-d", WRONG_CHECK_DIGIT)
        explicit = self.alegra("--country", "co", "contacts", "create",
                               "-d", WRONG_CHECK_DIGIT)
        self.assertEqual(7, detected.code, detected)
        self.assertEqual(explicit.code, detected.code)
        self.assertEqual(explicit.err, detected.err)
        self.assertIn("check digit 8, not 1", detected.err)
        self.assertEqual(before, self.names())
        self.assertEqual(
            {"country": "co"},
            self.cache()[f"{self.server.base_url} sandbox@alegra.test"])

    def test_the_option_and_variable_still_win(self):
        result = self.alegra("contacts", "create", "-d", WRONG_CHECK_DIGIT,
                             "--dry-run",
                             env=self.environ(ALEGRA_COUNTRY="mx"))
        self.assertNotIn("check digit", result.err)

    def test_a_dry_run_reads_only_what_was_read_before(self):
        environ = self.environ(XDG_STATE_HOME=os.path.join(
            self.home, "fresh-state"))
        unknown = self.alegra("contacts", "create", "-d", WRONG_CHECK_DIGIT,
                              "--dry-run", env=environ)
        self.assertEqual(0, unknown.code, unknown)
        self.assertIn("curl", unknown.out)
        self.alegra("company", "get", env=environ)  # no country read
        self.assertFalse(os.path.exists(os.path.join(
            self.home, "fresh-state", "alegra", "companies.json")))
        self.alegra("contacts", "create", "-d", WRONG_CHECK_DIGIT,
                    env=environ)
        known = self.alegra("contacts", "create", "-d", WRONG_CHECK_DIGIT,
                            "--dry-run", env=environ)
        self.assertEqual(7, known.code, known)
