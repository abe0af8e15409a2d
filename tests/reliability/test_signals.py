"""SIGTERM with a write in flight warns like Ctrl-C (issue 11, item 4)."""

import signal
import subprocess

from tests.functional.base import alegra_executable
from tests.reliability import base


class TestTerminatedInFlight(base.ReliabilityTestCase):

    server_delay = 5.0

    def interrupt(self, sent):
        process = subprocess.Popen(
            [alegra_executable(), "contacts", "create", "-d",
             '{"name": "Acme"}'], stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env=self.environ, cwd=self.home)
        self.assertTrue(self.server.arrived.wait(30))
        process.send_signal(sent)
        out, err = process.communicate(timeout=30)
        return process.returncode, out, err

    def test_sigterm_warns_the_outcome_is_unknown(self):
        code, out, err = self.interrupt(signal.SIGTERM)
        self.assertIn("in flight", err)
        self.assertIn("check", err)
        self.assertNotIn("Traceback", err)
        self.assertNotEqual(0, code)

    def test_sigint_too(self):
        code, out, err = self.interrupt(signal.SIGINT)
        self.assertIn("in flight", err)
        self.assertEqual(130, code)
