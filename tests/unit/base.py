"""Shared test scaffolding: an isolated environment and an in-process CLI."""

import io
import os
import tempfile

import fixtures
import requests_mock
import testtools

from alegra import command
from alegra import i18n
from alegra.app.application import AlegraApp

BASE = "https://api.alegra.com/api/v1"


class Terminal(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self):
        return True


class Pipe(io.StringIO):
    def isatty(self):
        return False


def isolated_environ(home):
    """An environment with no ALEGRA_* variables and XDG dirs under home."""
    environ = {
        key: value for key, value in os.environ.items()
        if not key.startswith("ALEGRA_")
        and key not in ("LC_ALL", "LC_MESSAGES")
    }
    environ.update({
        # Messages in English whatever the developer's locale; a test that
        # wants Spanish sets LANG or ALEGRA_LANG.
        "LANG": "C.UTF-8",
        "HOME": home,
        "XDG_CONFIG_HOME": os.path.join(home, "config"),
        "XDG_DATA_HOME": os.path.join(home, "data"),
        "XDG_STATE_HOME": os.path.join(home, "state"),
        "XDG_CACHE_HOME": os.path.join(home, "cache"),
        "PYTHON_KEYRING_BACKEND": "keyrings.alt.file.PlaintextKeyring",
    })
    return environ


class TestCase(testtools.TestCase):
    """A test with a private home directory and ALEGRA_* cleared."""

    def setUp(self):
        super().setUp()
        self.home = self.useFixture(fixtures.TempDir()).path
        self.environ = isolated_environ(self.home)
        for key in list(os.environ):
            if key.startswith("ALEGRA_"):
                self.useFixture(fixtures.EnvironmentVariable(key))
        for key in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME",
                    "XDG_STATE_HOME", "XDG_CACHE_HOME",
                    "PYTHON_KEYRING_BACKEND"):
            self.useFixture(
                fixtures.EnvironmentVariable(key, self.environ[key]))
        # Formatters and the keyring backend are chosen once per process;
        # every test starts afresh.
        command._FORMATTERS.clear()
        self.addCleanup(command._FORMATTERS.clear)
        # A run chooses the process's language; the next test chooses again.
        self.addCleanup(i18n.set_language, None)
        self.useFixture(fixtures.MonkeyPatch(
            "keyring.core._keyring_backend", None))

    def run_cli(self, *argv, stdin="", tty=False, env=None):
        """Run alegra in-process; returns ``(exit code, stdout, stderr)``."""
        import keyring.core

        keyring.core._keyring_backend = None
        environ = dict(self.environ)
        environ.update(env or {})
        stream = Terminal if tty else Pipe
        out, err = io.StringIO(), io.StringIO()
        app = AlegraApp(stdin=stream(stdin), stdout=out, stderr=err,
                        environ=environ)
        # argparse writes help and usage errors to sys.stdout/sys.stderr.
        with fixtures.MonkeyPatch("os.environ", environ), \
                fixtures.MonkeyPatch("sys.stdout", out), \
                fixtures.MonkeyPatch("sys.stderr", err):
            code = app.run(list(argv))
        return code, out.getvalue(), err.getvalue()


class APITestCase(TestCase):
    """A test with credentials in the environment and HTTP mocked."""

    def setUp(self):
        super().setUp()
        self.environ["ALEGRA_EMAIL"] = "me@example.com"
        self.environ["ALEGRA_TOKEN"] = "secret-token"
        # The account's company was read before and names no country, so
        # that no test meets an extra GET /company (they count requests).
        from alegra.app import company

        company.remember_country(BASE, "me@example.com", None, self.environ)
        self.http = self.useFixture(
            fixtures.MockPatch("time.sleep")).mock
        self.mock = self.useFixture(RequestsMock()).mock

    def url(self, path):
        return f"{BASE}/{path.lstrip('/')}"


class RequestsMock(fixtures.Fixture):
    def _setUp(self):
        self.mock = requests_mock.Mocker()
        self.mock.start()
        self.addCleanup(self.mock.stop)


def temporary_file(test, name, text):
    path = os.path.join(test.useFixture(fixtures.TempDir()).path, name)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
    return path


__all__ = ["BASE", "APITestCase", "TestCase", "temporary_file", "tempfile"]
