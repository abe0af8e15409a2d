"""Where tokens are kept: environment, keyring, the fallback file."""

import os
import stat

import fixtures

from alegra.local import credentials
from alegra.errors import UsageError
from tests.unit import base

PLAINTEXT = "keyrings.alt.file.PlaintextKeyring"
NO_KEYRING = "keyring.backends.fail.Keyring"


class KeyringTestCase(base.TestCase):
    """A test whose keyring backend is chosen afresh for every run.

    keyring picks its backend once per process; the tests switch between
    keyrings.alt's plaintext file (a real backend, under the temporary
    home) and the backend that refuses everything.
    """

    def use_keyring(self, backend):
        import keyring.core

        self.environ["PYTHON_KEYRING_BACKEND"] = backend
        os.environ["PYTHON_KEYRING_BACKEND"] = backend
        keyring.core._keyring_backend = None

    @property
    def config_file(self):
        return os.path.join(self.home, "config", "alegra", "config.yaml")

    @property
    def credentials_file(self):
        return os.path.join(self.home, "config", "alegra",
                            "credentials.yaml")

    @property
    def keyring_file(self):
        return os.path.join(self.home, "data", "python_keyring",
                            "keyring_pass.cfg")

    def read(self, path):
        with open(path, encoding="utf-8") as handle:
            return handle.read()

    def stored(self, profile="default"):
        import keyring.core

        keyring.core._keyring_backend = None
        return credentials.load_token(profile, self.environ)


class TestResolve(KeyringTestCase):

    def test_environment_pair_wins_over_everything(self):
        credentials.store_token("default", "stored", self.environ)
        self.environ.update(ALEGRA_EMAIL="env@example.com",
                            ALEGRA_TOKEN="env-token")
        found = credentials.resolve(
            "default", {"email": "p@example.com"}, self.environ)
        self.assertEqual(("env@example.com", "env-token"),
                         (found.email, found.token))
        self.assertEqual("environment (ALEGRA_EMAIL, ALEGRA_TOKEN)",
                         found.source)

    def test_token_alone_pairs_with_profile_email(self):
        self.environ["ALEGRA_TOKEN"] = "env-token"
        found = credentials.resolve(
            "default", {"email": "p@example.com"}, self.environ)
        self.assertEqual(("p@example.com", "env-token"),
                         (found.email, found.token))
        self.assertEqual("environment (ALEGRA_TOKEN)", found.source)

    def test_stored_token_needs_an_email(self):
        credentials.store_token("default", "stored", self.environ)
        self.assertIsNone(credentials.resolve("default", {}, self.environ))

    def test_keyring_token(self):
        credentials.store_token("default", "stored", self.environ)
        found = credentials.resolve(
            "default", {"email": "p@example.com"}, self.environ)
        self.assertEqual("stored", found.token)
        self.assertEqual(f"keyring ({PLAINTEXT})", found.source)

    def test_nothing(self):
        self.assertIsNone(credentials.resolve(
            "default", {"email": "p@example.com"}, self.environ))

    def test_repr_hides_the_token(self):
        found = credentials.Credentials("a@b.c", "s3cret", "keyring")
        self.assertNotIn("s3cret", repr(found))


class TestStore(KeyringTestCase):

    def test_keyring_holds_the_token_not_a_file(self):
        where = credentials.store_token("p", "tok", self.environ)
        self.assertEqual(f"keyring ({PLAINTEXT})", where)
        self.assertTrue(os.path.exists(self.keyring_file))
        self.assertFalse(os.path.exists(self.credentials_file))
        self.assertEqual(("tok", where), self.stored("p"))

    def test_fallback_file_is_private_and_announced(self):
        self.use_keyring(NO_KEYRING)
        warnings = []
        where = credentials.store_token("p", "s3cr3t", self.environ,
                                        warn=warnings.append)
        self.assertEqual(f"file {self.credentials_file}", where)
        self.assertEqual(0o600, stat.S_IMODE(
            os.stat(self.credentials_file).st_mode))
        self.assertEqual(1, len(warnings))
        self.assertIn("no working keyring", warnings[0])
        self.assertNotIn("s3cr3t", warnings[0])
        self.assertEqual(("s3cr3t", where), self.stored("p"))

    def test_keyring_store_clears_the_file(self):
        self.use_keyring(NO_KEYRING)
        credentials.store_token("p", "old", self.environ)
        credentials.store_token("q", "other", self.environ)
        self.use_keyring(PLAINTEXT)
        credentials.store_token("p", "new", self.environ)
        self.assertEqual("new", self.stored("p")[0])
        self.assertNotIn("old", self.read(self.credentials_file))
        self.assertIn("other", self.read(self.credentials_file))

    def test_refusing_keyring_falls_back_to_the_file(self):
        warnings = []
        self.useFixture(fixtures.MockPatch(
            "keyrings.alt.file.PlaintextKeyring.set_password",
            side_effect=RuntimeError("locked")))
        where = credentials.store_token("p", "tok", self.environ,
                                        warn=warnings.append)
        self.assertEqual(f"file {self.credentials_file}", where)
        self.assertIn("the keyring refused the token", warnings[0])
        self.assertIn("no working keyring", warnings[1])

    def test_delete_everywhere(self):
        self.use_keyring(NO_KEYRING)
        credentials.store_token("p", "in-file", self.environ)
        self.use_keyring(PLAINTEXT)
        import keyring

        keyring.set_password(credentials.SERVICE, "p", "in-keyring")
        removed = credentials.delete_token("p", self.environ)
        self.assertEqual(2, len(removed))
        self.assertEqual((None, None), self.stored("p"))
        self.assertFalse(os.path.exists(self.credentials_file))
        self.assertEqual([], credentials.delete_token("p", self.environ))

    def test_damaged_file_is_an_error_not_a_silent_logout(self):
        self.use_keyring(NO_KEYRING)
        os.makedirs(os.path.dirname(self.credentials_file))
        with open(self.credentials_file, "w", encoding="utf-8") as handle:
            handle.write("- not\n- a mapping\n")
        error = self.assertRaises(UsageError, credentials.load_token, "p",
                                  self.environ)
        self.assertIn("is damaged", str(error))
