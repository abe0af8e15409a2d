"""Two writers at once lose nothing: the config file and the sandbox."""

import concurrent.futures
import os
import subprocess

import testtools
import yaml

from tests.functional.base import FunctionalTestCase, alegra_executable
from tests.reliability import base

LOOPS = 10


def _run(argv, env):
    return subprocess.run([alegra_executable(), *argv], capture_output=True,
                          text=True, env=env, timeout=120,
                          stdin=subprocess.DEVNULL)


class TestTwoConfigWriters(base.ReliabilityTestCase):

    def test_two_loops_of_set_profile_keep_every_profile(self):
        def loop(prefix):
            return [_run(["config", "set-profile", f"{prefix}{number}",
                          "--email", f"{prefix}{number}@example.com"],
                         self.environ).returncode for number in range(LOOPS)]

        with concurrent.futures.ThreadPoolExecutor(2) as pool:
            codes = sum(pool.map(loop, ("a", "b")), [])
        self.assertEqual([0] * (2 * LOOPS), codes)
        path = os.path.join(self.environ["XDG_CONFIG_HOME"], "alegra",
                            "config.yaml")
        with open(path) as stream:
            profiles = yaml.safe_load(stream)["profiles"]
        self.assertEqual(2 * LOOPS, len(profiles))


class TestTwoSandboxWriters(FunctionalTestCase, testtools.TestCase):

    def test_two_loops_of_creates_keep_every_contact(self):
        def loop(prefix):
            return [self.alegra("contacts", "create", "-d",
                                f'{{"name": "Writer {prefix} {number}"}}',
                                "-o", "value", "-c", "id").out.strip()
                    for number in range(LOOPS)]

        with concurrent.futures.ThreadPoolExecutor(2) as pool:
            ids = sum(pool.map(loop, ("a", "b")), [])
        self.assertEqual(2 * LOOPS, len(set(ids)))
        rows = base.sandbox_state(
            self.server.db, "SELECT count(*) FROM records WHERE resource = "
            "'contacts' AND name LIKE 'Writer %'")
        self.assertEqual(2 * LOOPS, rows[0][0])
