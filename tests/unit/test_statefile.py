"""The shared state-file helper: atomic, private, locked, never a non-file."""

import json
import multiprocessing
import os
import stat

import fixtures
import testtools

from alegra.local import statefile
from alegra.errors import UsageError


def _add(path, key):
    def change(data):
        data = data or {}
        data[key] = True
        return data
    statefile.update(path, change, load=lambda t: json.loads(t) if t else {},
                     dump=json.dumps)


def _writer(path, prefix, count):
    for number in range(count):
        _add(path, f"{prefix}{number}")


class TestStateFile(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.folder = self.useFixture(fixtures.TempDir()).path

    def test_write_is_private_in_private_folders(self):
        path = os.path.join(self.folder, "a", "b", "state.json")
        statefile.write_text(path, "{}")
        self.assertEqual(0o600, stat.S_IMODE(os.stat(path).st_mode))
        self.assertEqual(
            0o700, stat.S_IMODE(os.stat(os.path.dirname(path)).st_mode))
        self.assertEqual("{}", statefile.read_text(path))

    def test_missing_file_reads_as_none(self):
        self.assertIsNone(
            statefile.read_text(os.path.join(self.folder, "none")))

    def test_refuses_a_directory(self):
        error = self.assertRaises(UsageError, statefile.write_text,
                                  self.folder, "x")
        self.assertIn("a directory, not a regular file", str(error))

    def test_refuses_a_fifo(self):
        fifo = os.path.join(self.folder, "fifo")
        os.mkfifo(fifo)
        error = self.assertRaises(UsageError, statefile.write_text, fifo, "x")
        self.assertIn("a FIFO", str(error))
        self.assertTrue(stat.S_ISFIFO(os.stat(fifo).st_mode))
        self.assertRaises(UsageError, statefile.read_text, fifo)

    def test_refuses_a_device(self):
        error = self.assertRaises(UsageError, statefile.write_text,
                                  "/dev/null", "x")
        self.assertIn("a device", str(error))
        self.assertTrue(stat.S_ISCHR(os.stat("/dev/null").st_mode))

    def test_symlink_is_written_through(self):
        target = os.path.join(self.folder, "real.yaml")
        link = os.path.join(self.folder, "link.yaml")
        statefile.write_text(target, "old")
        os.symlink(target, link)
        statefile.write_text(link, "new")
        self.assertTrue(os.path.islink(link))
        with open(target) as stream:
            self.assertEqual("new", stream.read())

    def test_read_limit(self):
        path = os.path.join(self.folder, "big")
        with open(path, "w") as stream:
            stream.write("x" * 2000)
        error = self.assertRaises(UsageError, statefile.read_text, path,
                                  limit=1024)
        self.assertIn("larger than", str(error))

    def test_update_under_concurrency_loses_nothing(self):
        path = os.path.join(self.folder, "shared.json")
        context = multiprocessing.get_context("fork")
        workers = [context.Process(target=_writer, args=(path, p, 25))
                   for p in "ab"]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(60)
        with open(path) as stream:
            self.assertEqual(50, len(json.load(stream)))

    def test_update_with_none_removes(self):
        path = os.path.join(self.folder, "gone")
        statefile.write_text(path, "x")
        statefile.update(path, lambda value: None, load=lambda t: t,
                         dump=lambda value: value)
        self.assertFalse(os.path.exists(path))
