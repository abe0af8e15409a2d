"""The secret scan: no command, at any verbosity, in success, error or dry
run, prints the token or its Basic form; every state file is 0600.

Every installed ``alegra.commands`` entry point is run in-process three
ways: ``-vvv --debug`` against a stand-in that answers, ``-vvv --debug``
against one that answers 500, and ``--debug --dry-run``. Required
positional arguments get ``1``.
"""

import base64
import os
import signal
import stat
from importlib.metadata import entry_points

from tests.reliability import base

# Commands that serve until stopped: run elsewhere (functional tests).
BLOCKING = {"mcp_start", "sandbox_serve", "webhooks_listen"}
SECRETS = (
    base.TOKEN,
    base64.b64encode(f"{base.EMAIL}:{base.TOKEN}".encode()).decode(),
    base64.b64encode(base.TOKEN.encode()).decode(),
)


def command_names():
    names = sorted({entry.name for entry in
                    entry_points(group="alegra.commands")} - BLOCKING)
    return names


class Alarm(Exception):
    pass


def _alarm(signum, frame):
    raise Alarm("the command did not finish in time")


class SecretScanCase(base.ReliabilityTestCase):

    secrets = SECRETS

    def setUp(self):
        super().setUp()
        # The stand-in's 500s are final here: walks give up at once
        # instead of spending their retry budget.
        self.environ.update({"ALEGRA_RETRY_WAIT": "0",
                             "ALEGRA_RETRY_BACKOFF": "0"})

    def argv_for(self, name):
        """The command words plus a value for every required argument."""
        from alegra.app.application import AlegraApp

        words = name.replace("_", " ").split()
        app = AlegraApp(environ=self.environ)
        factory, found, _ = app.command_manager.find_command(words)
        command = factory(app, None, cmd_name=found)
        parser = command.get_parser(f"alegra {found}")
        argv = list(words)
        body = os.path.join(self.home, "body.json")
        with open(body, "w") as stream:
            stream.write('{"name": "x"}')
        for action in parser._actions:
            if not action.option_strings and action.nargs != 0 and (
                    action.required or action.nargs is None):
                argv.append("1")
            elif action.option_strings and action.required:
                argv += [action.option_strings[-1],
                         body if "file" in action.dest else "1"]
        return argv

    def scan(self, name):
        argv = self.argv_for(name)
        # Client configuration commands write beside the working folder.
        self.addCleanup(os.chdir, os.getcwd())
        os.chdir(self.home)
        previous = signal.signal(signal.SIGALRM, _alarm)
        self.addCleanup(signal.signal, signal.SIGALRM, previous)
        runs = (["-vvv", "--debug", *argv],
                ["--debug", "-vv", *argv, "--dry-run"])
        for number, run in enumerate(runs + (["-vvv", "--debug", *argv],)):
            if number == 2:
                self.server.status = 500
            signal.alarm(30)
            try:
                code, out, err = self.run_in_process(run, stdin="")
            finally:
                signal.alarm(0)
            for secret in self.secrets:
                self.assertNotIn(secret, out, f"{run}: stdout")
                self.assertNotIn(secret, err, f"{run}: stderr")
        self.check_state_files()

    def check_state_files(self):
        for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME",
                         "XDG_STATE_HOME", "XDG_CACHE_HOME"):
            top = os.path.join(self.environ[variable], "alegra")
            for folder, _, files in os.walk(top):
                mode = stat.S_IMODE(os.stat(folder).st_mode)
                self.assertEqual(0, mode & 0o077, f"{folder} is {mode:o}")
                for file_name in files:
                    path = os.path.join(folder, file_name)
                    mode = stat.S_IMODE(os.lstat(path).st_mode)
                    self.assertEqual(0, mode & 0o077, f"{path} is {mode:o}")


def _scan(name):
    def test(self):
        self.scan(name)
    return test


NAMES = command_names()
GROUPS = 4
SCANNED = NAMES  # every command: about 20 s on two workers
for _group in range(GROUPS):
    _class = type(f"TestSecretScan{_group}", (SecretScanCase,), {})
    globals()[_class.__name__] = _class
    for _name in SCANNED[_group::GROUPS]:
        setattr(_class, "test_" + _name.replace("-", "_"), _scan(_name))


BEARER = "b3ar3r-reliability-oauth-token"
# A Bearer token is scanned on a sample of every shape of command (the
# full scan above runs each command with Basic credentials).
BEARER_SAMPLE = [name for name in NAMES if name.split("_")[-1] in (
    "list", "get", "create", "delete", "attach", "comments", "transfer",
    "preview", "login", "status", "doctor")]


class TestBearerSecretScan(SecretScanCase):
    """The scan again with ``ALEGRA_BEARER_TOKEN`` instead of Basic."""

    def setUp(self):
        super().setUp()
        self.environ.pop("ALEGRA_EMAIL", None)
        self.environ.pop("ALEGRA_TOKEN", None)
        self.environ["ALEGRA_BEARER_TOKEN"] = BEARER

    secrets = (BEARER, *SECRETS)


for _name in BEARER_SAMPLE:
    setattr(TestBearerSecretScan, "test_" + _name.replace("-", "_"),
            _scan(_name))


class TestShowTokenIsTheOnlyWay(base.ReliabilityTestCase):

    def test_dry_run_show_token_prints_the_header(self):
        code, out, err = self.run_in_process(
            ["contacts", "list", "--dry-run", "--show-token"])
        self.assertEqual(0, code, err)
        self.assertIn(SECRETS[1], out + err)

    def test_every_command_is_scanned(self):
        self.assertGreater(len(NAMES), 300)
