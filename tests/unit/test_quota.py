"""The rate-limit window carries over from one invocation to the next."""

import json
import os

from alegra.http import quota
from alegra.http.ratelimit import Pacer
from tests.unit import base

LOW = {"X-Rate-Limit-Limit": "150", "X-Rate-Limit-Remaining": "0",
       "X-Rate-Limit-Reset": "30"}


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


class TestQuotaFile(base.TestCase):
    def test_save_then_restore(self):
        clock = FakeClock()
        pacer = Pacer(clock=clock)
        pacer.observe(LOW)
        quota.save(pacer, "k", self.environ, now=5000.0)
        later = Pacer(clock=clock)
        quota.restore(later, "k", self.environ, now=5010.0)
        self.assertEqual(0, later.remaining)
        self.assertAlmostEqual(20.0, later.delay(), places=3)
        path = quota.state_file(self.environ)
        self.assertEqual(0o600, os.stat(path).st_mode & 0o777)

    def test_an_expired_window_is_ignored(self):
        pacer = Pacer(clock=FakeClock())
        pacer.observe(LOW)
        quota.save(pacer, "k", self.environ, now=5000.0)
        later = Pacer(clock=FakeClock())
        quota.restore(later, "k", self.environ, now=5031.0)
        self.assertIsNone(later.remaining)

    def test_a_corrupt_file_is_ignored(self):
        path = quota.state_file(self.environ)
        path.parent.mkdir(parents=True)
        path.write_text("{not json")
        pacer = Pacer()
        quota.restore(pacer, "k", self.environ)
        self.assertIsNone(pacer.remaining)

    def test_entries_of_another_shape_are_dropped(self):
        path = quota.state_file(self.environ)
        path.parent.mkdir(parents=True)
        path.write_text('{"a": {"resets_at": "soon"}, "b": {"resets_at":'
                        ' null}, "c": {"remaining": Infinity, "resets_at":'
                        ' 5020}, "d": 7}')
        later = Pacer(clock=FakeClock())
        quota.restore(later, "c", self.environ, now=5000.0)
        self.assertIsNone(later.remaining)
        pacer = Pacer(clock=FakeClock())
        pacer.observe(LOW)
        quota.save(pacer, "k", self.environ, now=5000.0)
        self.assertEqual(["c", "k"], sorted(json.loads(path.read_text())))

    def test_a_folder_in_the_files_place_is_left_alone(self):
        path = quota.state_file(self.environ)
        path.mkdir(parents=True)
        pacer = Pacer(clock=FakeClock())
        pacer.observe(LOW)
        quota.save(pacer, "k", self.environ, now=5000.0)
        quota.restore(Pacer(), "k", self.environ, now=5000.0)
        self.assertTrue(path.is_dir())

    def test_a_fifo_in_the_files_place_is_not_opened(self):
        path = quota.state_file(self.environ)
        path.parent.mkdir(parents=True)
        os.mkfifo(path)
        pacer = Pacer()
        quota.restore(pacer, "k", self.environ)  # would block on open
        self.assertIsNone(pacer.remaining)


class TestAcrossInvocations(base.APITestCase):
    def test_the_next_command_waits_for_the_window(self):
        self.mock.get(self.url("invoices"), json=[], headers=LOW)
        code, out, err = self.run_cli("invoices", "list")
        self.assertEqual(0, code, err)
        self.http.reset_mock()
        code, out, err = self.run_cli("invoices", "list")
        self.assertEqual(0, code, err)
        waits = [call.args[0] for call in self.http.call_args_list]
        self.assertTrue(waits and 25 < waits[0] <= 30, waits)

    def test_a_dry_run_reads_and_writes_nothing(self):
        code, out, err = self.run_cli("invoices", "list", "--dry-run")
        self.assertEqual(0, code, err)
        self.assertFalse(quota.state_file(self.environ).exists())
