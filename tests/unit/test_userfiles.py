"""alegra.local.userfiles: the checks, the atomic write and its clean-up."""

import errno
import os
import socket
import stat

import fixtures
import testtools

from alegra.errors import UsageError
from alegra.local import statefile, userfiles


def read(path):
    with open(path, encoding="utf-8") as stream:
        return stream.read()


class TestCheck(testtools.TestCase):
    def setUp(self):
        super().setUp()
        self.folder = self.useFixture(fixtures.TempDir()).path

    def path(self, name):
        return os.path.join(self.folder, name)

    def assertRefused(self, path, kind):
        before = os.lstat(path)
        error = self.assertRaises(UsageError, userfiles.check, path)
        self.assertIn(f"{path} ", str(error))
        self.assertIn(f"is {kind}, not a regular file", str(error))
        self.assertEqual(2, error.exit_code)
        after = os.lstat(path)
        self.assertEqual((before.st_mode, before.st_rdev, before.st_ino),
                         (after.st_mode, after.st_rdev, after.st_ino))
        return error

    def test_a_new_name_and_a_regular_file_pass(self):
        self.assertEqual(self.path("new.csv"),
                         str(userfiles.check(self.path("new.csv"))))
        with open(self.path("old.csv"), "w") as stream:
            stream.write("x")
        self.assertEqual(self.path("old.csv"),
                         str(userfiles.check(self.path("old.csv"))))

    def test_a_link_to_a_regular_file_gives_its_target(self):
        with open(self.path("real.csv"), "w") as stream:
            stream.write("x")
        os.symlink(self.path("real.csv"), self.path("link.csv"))
        self.assertEqual(self.path("real.csv"),
                         str(userfiles.check(self.path("link.csv"))))

    def test_a_fifo_is_refused_without_opening_it(self):
        # Opening a FIFO with no reader blocks: the check must not.
        os.mkfifo(self.path("fifo"))
        self.assertRefused(self.path("fifo"), "a FIFO")

    def test_a_folder_is_refused(self):
        os.mkdir(self.path("folder"))
        self.assertRefused(self.path("folder"), "a directory")

    def test_a_socket_is_refused(self):
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.addCleanup(listener.close)
        listener.bind(self.path("sock"))
        self.assertRefused(self.path("sock"), "a socket")

    def test_a_device_is_refused(self):
        try:
            os.mknod(self.path("null"), stat.S_IFCHR | 0o600,
                     os.makedev(1, 3))
        except PermissionError:
            self.skipTest("making a device node needs root")
        self.assertRefused(self.path("null"), "a device")

    def test_a_link_to_a_fifo_names_both(self):
        os.mkfifo(self.path("fifo"))
        os.symlink(self.path("fifo"), self.path("link"))
        error = self.assertRefused(self.path("link"), "a FIFO")
        self.assertIn(f"a link to {self.path('fifo')}", str(error))
        self.assertTrue(os.path.islink(self.path("link")))

    def test_a_file_as_a_parent_folder(self):
        with open(self.path("file"), "w") as stream:
            stream.write("x")
        error = self.assertRaises(UsageError, userfiles.check,
                                  self.path("file/out.csv"))
        self.assertIn("not a folder", str(error))

    def test_standard_output(self):
        self.assertTrue(userfiles.is_stdout(None))
        self.assertTrue(userfiles.is_stdout("-"))
        self.assertFalse(userfiles.is_stdout("./-"))
        self.assertFalse(userfiles.is_stdout("out.csv"))


class TestWriting(testtools.TestCase):
    def setUp(self):
        super().setUp()
        self.folder = self.useFixture(fixtures.TempDir()).path
        self.target = os.path.join(self.folder, "out.csv")
        with open(self.target, "w", encoding="utf-8") as stream:
            stream.write("old\n")
        os.chmod(self.target, 0o640)

    def assertUntouched(self):
        self.assertEqual("old\n", read(self.target))
        self.assertEqual(["out.csv"], os.listdir(self.folder))

    def test_replaces_in_one_step_keeping_the_mode(self):
        with userfiles.writing(self.target) as stream:
            stream.write("new\n")
            self.assertEqual("old\n", read(self.target))
            self.assertEqual(2, len(os.listdir(self.folder)))
        self.assertEqual("new\n", read(self.target))
        self.assertEqual(0o640, stat.S_IMODE(os.stat(self.target).st_mode))
        self.assertEqual(["out.csv"], os.listdir(self.folder))

    def test_a_new_file_gets_the_umask(self):
        old = os.umask(0o027)
        self.addCleanup(os.umask, old)
        path = os.path.join(self.folder, "new.csv")
        userfiles.write_text(path, "a\n")
        self.assertEqual(0o640, stat.S_IMODE(os.stat(path).st_mode))
        private = os.path.join(self.folder, "private.json")
        userfiles.write_text(private, "{}", new_mode=0o600)
        self.assertEqual(0o600, stat.S_IMODE(os.stat(private).st_mode))

    def test_a_link_is_written_through_and_survives(self):
        link = os.path.join(self.folder, "link.csv")
        os.symlink(self.target, link)
        userfiles.write_text(link, "new\n")
        self.assertTrue(os.path.islink(link))
        self.assertEqual("new\n", read(self.target))

    def test_an_error_midway_leaves_the_old_file_and_no_temporary(self):
        def fail():
            with userfiles.writing(self.target) as stream:
                stream.write("half")
                raise ValueError("the writer broke")

        self.assertRaises(ValueError, fail)
        self.assertUntouched()

    def test_an_interrupt_midway_leaves_the_old_file_and_no_temporary(self):
        def interrupted():
            with userfiles.writing(self.target) as stream:
                stream.write("half" * 10000)
                raise KeyboardInterrupt

        self.assertRaises(KeyboardInterrupt, interrupted)
        self.assertUntouched()

    def test_a_full_disk_leaves_the_old_file_and_no_temporary(self):
        def full(descriptor):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        self.useFixture(fixtures.MonkeyPatch("os.fsync", full))
        error = self.assertRaises(OSError, userfiles.write_text,
                                  self.target, "new\n")
        self.assertEqual(errno.ENOSPC, error.errno)
        self.assertUntouched()

    def test_a_fifo_swapped_in_while_writing_is_left_alone(self):
        def swapped():
            with userfiles.writing(self.target) as stream:
                stream.write("new\n")
                os.unlink(self.target)
                os.mkfifo(self.target)

        error = self.assertRaises(UsageError, swapped)
        self.assertIn("a FIFO", str(error))
        self.assertTrue(stat.S_ISFIFO(os.lstat(self.target).st_mode))
        self.assertEqual(["out.csv"], os.listdir(self.folder))

    def test_refused_targets_are_not_created_or_changed(self):
        fifo = os.path.join(self.folder, "fifo")
        os.mkfifo(fifo)

        def write():
            with userfiles.writing(fifo) as stream:
                stream.write("never")

        self.assertRaises(UsageError, write)
        self.assertTrue(stat.S_ISFIFO(os.lstat(fifo).st_mode))
        self.assertEqual(["fifo", "out.csv"], sorted(os.listdir(self.folder)))

    def test_a_folder_that_cannot_be_written_is_one_usage_error(self):
        missing = os.path.join(self.folder, "no", "out.csv")
        error = self.assertRaises(UsageError, userfiles.write_text,
                                  missing, "x")
        self.assertIn("cannot write in", str(error))


class TestStateFilesShareTheWrite(testtools.TestCase):
    def test_a_failed_state_write_leaves_no_temporary(self):
        folder = self.useFixture(fixtures.TempDir()).path
        path = os.path.join(folder, "state.json")
        statefile.write_text(path, "old")

        def full(descriptor):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        self.useFixture(fixtures.MonkeyPatch("os.fsync", full))
        self.assertRaises(OSError, statefile.write_text, path, "new")
        self.assertEqual("old", read(path))
        self.assertEqual(0o600, stat.S_IMODE(os.stat(path).st_mode))
        self.assertEqual(["state.json"], os.listdir(folder))
