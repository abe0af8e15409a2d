"""``alegra auth login|logout|status`` through the real application."""

import base64
import json
import os
import stat

import fixtures
import yaml

from alegra import errors
from tests.unit import base
from tests.unit.test_credentials import NO_KEYRING, PLAINTEXT, KeyringTestCase

USER = {"id": "1", "name": "Ana", "lastName": "Pérez",
        "email": "ana@example.com"}
KEYRING = f"keyring ({PLAINTEXT})"


def basic(email, token):
    raw = base64.b64encode(f"{email}:{token}".encode()).decode()
    return f"Basic {raw}"


class AuthTestCase(KeyringTestCase):
    """HTTP mocked, no credentials in the environment."""

    def setUp(self):
        super().setUp()
        self.useFixture(fixtures.MockPatch("time.sleep"))
        self.mock = self.useFixture(base.RequestsMock()).mock

    def url(self, path):
        return f"{base.BASE}/{path}"

    def answer(self, user=USER, company=None, status=200):
        self.users = self.mock.get(self.url("users/self"), json=user,
                                   status_code=status)
        self.company = self.mock.get(
            self.url("company"),
            json=company or {"applicationVersion": "colombia"})

    def login(self, *argv, token="tok-123\n", email="ana@example.com",
              **kwargs):
        words = list(argv) + ["auth", "login"]
        if email:
            words += ["--email", email]
        return self.run_cli(*words, stdin=token, **kwargs)

    def config(self):
        with open(self.config_file, encoding="utf-8") as handle:
            return yaml.safe_load(handle)

    def status_json(self, *argv, env=None):
        code, out, err = self.run_cli(*argv, "auth", "status", "-o", "json",
                                      env=env)
        return code, (json.loads(out) if out else None), err


class TestLogin(AuthTestCase):

    def test_token_from_stdin_is_verified_then_stored(self):
        self.answer(company={"applicationVersion": "costaRica"})
        code, out, err = self.login()
        self.assertEqual(0, code, err)
        self.assertEqual("", out)
        self.assertEqual(basic("ana@example.com", "tok-123"),
                         self.users.last_request.headers["Authorization"])
        self.assertIn("Logged in as Ana Pérez <ana@example.com> (profile "
                      f"default); token stored in {KEYRING}", err)
        self.assertIn("Country: cr", err)
        self.assertEqual(
            {"default_profile": "default",
             "profiles": {"default": {"email": "ana@example.com",
                                      "country": "cr"}}},
            self.config())
        self.assertEqual(("tok-123", KEYRING), self.stored())

    def test_token_never_lands_in_the_config_file(self):
        self.answer()
        self.login(token="very-secret-token")
        self.assertNotIn("very-secret-token", self.read(self.config_file))
        self.assertFalse(os.path.exists(self.credentials_file))
        self.assertTrue(os.path.exists(self.keyring_file))

    def test_terminal_prompts_for_email_and_hidden_token(self):
        self.answer()
        getpass = self.useFixture(fixtures.MockPatch(
            "getpass.getpass", return_value="tty-token")).mock
        code, out, err = self.login(email=None, token="ana@example.com\n",
                                    tty=True)
        self.assertEqual(0, code, err)
        getpass.assert_called_once()
        self.assertIn("Alegra e-mail: ", err)
        self.assertNotIn("tty-token", err + out)
        self.assertEqual("tty-token", self.stored()[0])
        self.assertEqual("ana@example.com",
                         self.config()["profiles"]["default"]["email"])

    def test_rejected_token_saves_nothing(self):
        self.answer(user={"code": 401, "message": "Unauthorized"},
                    status=401)
        code, out, err = self.login()
        self.assertEqual(errors.AUTH, code)
        self.assertEqual(1, len(err.splitlines()), err)
        self.assertTrue(err.startswith(
            "Error: Alegra rejected the token for ana@example.com"))
        self.assertIn("nothing was saved", err)
        self.assertFalse(self.company.called)
        self.assertFalse(os.path.exists(self.config_file))
        self.assertEqual((None, None), self.stored())

    def test_empty_stdin_is_a_usage_error(self):
        self.answer()
        code, out, err = self.login(token="\n")
        self.assertEqual(errors.USAGE, code)
        self.assertTrue(err.startswith("Error: no token given"))
        self.assertFalse(self.mock.called)

    def test_several_lines_on_stdin_are_refused(self):
        code, out, err = self.login(token="one\ntwo\n")
        self.assertEqual(errors.USAGE, code)
        self.assertIn("several lines", err)

    def test_token_is_never_an_argument(self):
        code, out, err = self.run_cli(
            "auth", "login", "--email", "a@b.c", "--token", "x")
        self.assertEqual(errors.USAGE, code)

    def test_email_is_required_off_a_terminal(self):
        code, out, err = self.login(email=None)
        self.assertEqual(errors.USAGE, code)
        self.assertIn("no e-mail given", err)

    def test_bad_email(self):
        code, out, err = self.login(email="not-an-address")
        self.assertEqual(errors.USAGE, code)
        self.assertIn("is not an e-mail address", err)

    def test_no_keyring_uses_a_private_file_and_says_so(self):
        self.use_keyring(NO_KEYRING)
        self.answer()
        code, out, err = self.login(token="s3cr3t\n")
        self.assertEqual(0, code, err)
        self.assertIn("Warning: no working keyring; the token is stored in "
                      f"{self.credentials_file} (mode 0600", err)
        self.assertEqual(0o600, stat.S_IMODE(
            os.stat(self.credentials_file).st_mode))
        self.assertNotIn("s3cr3t", self.read(self.config_file))
        self.assertNotIn("s3cr3t", err)
        code, status, err = self.status_json()
        self.assertEqual(f"file {self.credentials_file}",
                         status["credentials"])

    def test_country_detection_is_best_effort(self):
        self.answer()
        self.mock.get(self.url("company"), status_code=402,
                      json={"message": "plan"})
        code, out, err = self.login()
        self.assertEqual(0, code, err)
        self.assertIn("Country not detected", err)
        self.assertNotIn("country", self.config()["profiles"]["default"])

    def test_unknown_application_version(self):
        self.answer(company={"applicationVersion": "international"})
        code, out, err = self.login()
        self.assertEqual(0, code, err)
        self.assertIn("names no country", err)

    def test_global_profile_and_base_url(self):
        self.mock.get("https://alegra.test/api/v1/users/self", json=USER)
        self.mock.get("https://alegra.test/api/v1/company", json={})
        code, out, err = self.login(
            "--profile", "clienteB", "--base-url",
            "https://alegra.test/api/v1/")
        self.assertEqual(0, code, err)
        self.assertIn("(profile clienteB)", err)
        config = self.config()
        self.assertEqual("clienteB", config["default_profile"])
        self.assertEqual("https://alegra.test/api/v1",
                         config["profiles"]["clienteB"]["base_url"])
        self.assertEqual("tok-123", self.stored("clienteB")[0])

    def test_existing_default_profile_is_kept(self):
        self.answer()
        self.login("--profile", "clienteA")
        self.login("--profile", "clienteB")
        self.assertEqual("clienteA", self.config()["default_profile"])

    def test_login_again_replaces_the_token(self):
        self.answer()
        self.login(token="first")
        self.login(email=None, token="second")
        self.assertEqual("second", self.stored()[0])

    def test_dry_run_sends_and_saves_nothing(self):
        code, out, err = self.login("--dry-run", token="")
        self.assertEqual(0, code, err)
        self.assertIn(f"GET {base.BASE}/users/self", out)
        self.assertIn("Basic <redacted>", out)
        self.assertFalse(self.mock.called)
        self.assertFalse(os.path.exists(self.config_file))
        self.assertEqual((None, None), self.stored())

    def test_dry_run_after_the_command(self):
        code, out, err = self.run_cli(
            "auth", "login", "--email", "a@b.c", "--dry-run")
        self.assertEqual(0, code, err)
        self.assertIn("curl", out)
        self.assertFalse(self.mock.called)

    def test_sandbox_needs_no_login(self):
        code, out, err = self.login("--sandbox")
        self.assertEqual(errors.USAGE, code)
        self.assertIn("the sandbox needs no login", err)

    def test_plain_http_is_warned_about(self):
        self.mock.get("http://alegra.test/api/v1/users/self", json=USER)
        self.mock.get("http://alegra.test/api/v1/company", json={})
        code, out, err = self.login("--base-url",
                                    "http://alegra.test/api/v1")
        self.assertEqual(0, code, err)
        self.assertIn("is not HTTPS", err)

    def test_quiet_login_prints_nothing(self):
        self.answer()
        code, out, err = self.login("--quiet")
        self.assertEqual((0, "", ""), (code, out, err))


class TestLogout(AuthTestCase):

    def test_logout_removes_the_token_and_keeps_the_profile(self):
        self.answer()
        self.login()
        code, out, err = self.run_cli("auth", "logout")
        self.assertEqual(0, code, err)
        self.assertIn(f"Logged out of profile default: token removed from "
                      f"{KEYRING}", err)
        self.assertEqual((None, None), self.stored())
        self.assertIn("default", self.config()["profiles"])
        code, out, err = self.run_cli("auth", "status")
        self.assertEqual(errors.AUTH, code)

    def test_logout_removes_the_fallback_file(self):
        self.use_keyring(NO_KEYRING)
        self.answer()
        self.login()
        code, out, err = self.run_cli("auth", "logout")
        self.assertEqual(0, code, err)
        self.assertIn(f"file {self.credentials_file}", err)
        self.assertFalse(os.path.exists(self.credentials_file))

    def test_logout_without_a_token(self):
        code, out, err = self.run_cli("auth", "logout")
        self.assertEqual(0, code, err)
        self.assertIn("No stored token for profile default", err)

    def test_logout_dry_run_keeps_the_token(self):
        self.answer()
        self.login()
        code, out, err = self.run_cli("--dry-run", "auth", "logout")
        self.assertEqual(0, code, err)
        self.assertEqual("tok-123", self.stored()[0])

    def test_logout_mentions_environment_credentials(self):
        code, out, err = self.run_cli(
            "auth", "logout",
            env={"ALEGRA_EMAIL": "e@x.com", "ALEGRA_TOKEN": "t"})
        self.assertIn("still set in the environment", err)


class TestStatus(AuthTestCase):

    def test_ok_after_login(self):
        self.answer()
        self.login()
        code, status, err = self.status_json()
        self.assertEqual(0, code, err)
        self.assertEqual(
            {"profile": "default", "company": None,
             "email": "ana@example.com",
             "base_url": base.BASE, "country": "co",
             "credentials": KEYRING, "status": "ok",
             "user": "Ana Pérez <ana@example.com>"},
            status)
        self.assertEqual(basic("ana@example.com", "tok-123"),
                         self.users.last_request.headers["Authorization"])

    def test_company_named_and_asked_for_once(self):
        self.answer(company={"name": "Acme S.A.S",
                             "applicationVersion": "colombia"})
        self.login()
        asked = self.company.call_count
        code, out, err = self.run_cli("auth", "status")
        self.assertEqual(0, code, err)
        self.assertRegex(out, r"\| company +\| Acme S\.A\.S +\|")
        code, status, err = self.status_json()
        self.assertEqual("Acme S.A.S", status["company"])
        self.assertEqual(asked + 1, self.company.call_count)

    def test_company_unreadable_is_no_failure(self):
        self.answer()
        self.login()
        self.mock.get(self.url("company"), status_code=500)
        code, status, err = self.status_json()
        self.assertEqual((0, None, "ok"),
                         (code, status["company"], status["status"]))

    def test_table(self):
        self.answer()
        self.login()
        code, out, err = self.run_cli("auth", "status")
        self.assertEqual(0, code, err)
        self.assertIn("ok", out)
        self.assertIn(KEYRING, out)
        self.assertNotIn("tok-123", out + err)

    def test_environment_overrides_everything(self):
        # Seed 001: ALEGRA_EMAIL, ALEGRA_TOKEN, ALEGRA_OUTPUT=json.
        self.answer()
        self.login()
        code, out, err = self.run_cli("auth", "status", env={
            "ALEGRA_EMAIL": "ci@example.com", "ALEGRA_TOKEN": "ci-token",
            "ALEGRA_OUTPUT": "json"})
        self.assertEqual(0, code, err)
        status = json.loads(out)
        self.assertEqual("environment (ALEGRA_EMAIL, ALEGRA_TOKEN)",
                         status["credentials"])
        self.assertEqual("ci@example.com", status["email"])
        self.assertEqual(basic("ci@example.com", "ci-token"),
                         self.users.last_request.headers["Authorization"])

    def test_missing_credentials(self):
        code, status, err = self.status_json()
        self.assertEqual(errors.AUTH, code)
        self.assertEqual(
            ["Error: no credentials for profile 'default' (run 'alegra auth "
             "login --email you@example.com', or set ALEGRA_EMAIL and "
             "ALEGRA_TOKEN)"], err.splitlines())
        self.assertEqual(("missing", "none"),
                         (status["status"], status["credentials"]))
        self.assertFalse(self.mock.called)

    def test_rejected_credentials(self):
        self.answer()
        self.login()
        self.answer(user={"message": "bad token"}, status=401)
        code, status, err = self.status_json()
        self.assertEqual(errors.AUTH, code)
        self.assertEqual("rejected", status["status"])
        self.assertEqual(1, len(err.splitlines()))
        self.assertTrue(err.startswith("Error: HTTP 401: bad token"))

    def test_other_failures_keep_their_exit_code(self):
        # A wrong base URL: neither missing nor rejected credentials.
        self.mock.get(self.url("users/self"), status_code=404,
                      json={"message": "not found"})
        code, status, err = self.status_json(
            env={"ALEGRA_EMAIL": "e@x.com", "ALEGRA_TOKEN": "t"})
        self.assertEqual(errors.NOT_FOUND, code)
        self.assertEqual("unverified", status["status"])
        self.assertEqual(1, len(err.splitlines()))

    def test_seed_001_check(self):
        # if ! alegra auth status >/dev/null 2>&1; then ... fi
        code, out, err = self.run_cli("auth", "status")
        self.assertNotEqual(0, code)

    def test_dry_run_prints_the_request(self):
        code, out, err = self.run_cli("auth", "status", "--dry-run")
        self.assertEqual(0, code, err)
        self.assertIn(f"GET {base.BASE}/users/self", out)
        self.assertFalse(self.mock.called)

    def test_sandbox(self):
        fake = FakeSandbox()
        self.useFixture(fixtures.MonkeyPatch(
            "alegra.app.context.Context.sandbox", property(lambda self: fake)))
        self.mock.get(f"{fake.base_url}/users/self", json=USER)
        self.mock.get(f"{fake.base_url}/company", json={"name": "Demo"})
        code, status, err = self.status_json("--sandbox")
        self.assertEqual(0, code, err)
        self.assertEqual(("sandbox", "sandbox", fake.base_url, "ok"),
                         (status["profile"], status["credentials"],
                          status["base_url"], status["status"]))


class FakeSandbox:
    base_url = "http://127.0.0.1:8765/api/v1"
    email = "demo@sandbox.test"
    token = "sandbox-token"
    country = "co"

    def stop(self):
        pass


class TestTwoProfilesAtOnce(AuthTestCase):
    """Two terminals, two companies: --profile and ALEGRA_PROFILE."""

    def setUp(self):
        super().setUp()
        self.answer()
        self.login("--profile", "clienteA", email="a@example.com",
                   token="token-a")
        self.login("--profile", "clienteB", email="b@example.com",
                   token="token-b")

    def sent_auth(self):
        return self.users.last_request.headers["Authorization"]

    def test_default_profile(self):
        self.assertEqual(0, self.status_json()[0])
        self.assertEqual(basic("a@example.com", "token-a"), self.sent_auth())

    def test_flag(self):
        code, status, err = self.status_json("--profile", "clienteB")
        self.assertEqual(0, code, err)
        self.assertEqual("clienteB", status["profile"])
        self.assertEqual(basic("b@example.com", "token-b"), self.sent_auth())

    def test_environment(self):
        code, status, err = self.status_json(
            env={"ALEGRA_PROFILE": "clienteB"})
        self.assertEqual(basic("b@example.com", "token-b"), self.sent_auth())
        code, status, err = self.status_json(
            "--profile", "clienteA", env={"ALEGRA_PROFILE": "clienteB"})
        self.assertEqual(basic("a@example.com", "token-a"), self.sent_auth())

    def test_logout_of_one_keeps_the_other(self):
        self.run_cli("--profile", "clienteA", "auth", "logout")
        self.assertEqual(errors.AUTH, self.status_json()[0])
        self.assertEqual(0, self.status_json("--profile", "clienteB")[0])
