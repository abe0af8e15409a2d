"""Special files in place of a user's output file are refused, untouched.

For a device node, a FIFO, a folder, a socket and a link to the FIFO,
every option that writes a user's file is run through the installed
executable: each must exit 2 with one ``Error:`` line naming the path and
what it is, send nothing, and leave the special file (and its folder)
exactly as it was. A FIFO that alegra opened would block the run, so each
run has a deadline.
"""

import os
import socket
import stat

import fixtures

from tests.reliability import base

NAME = ".claude.json"  # what `mcp claude enable` writes in $HOME
DEADLINE = 30


class TestSpecialFiles(base.ReliabilityTestCase):
    def setUp(self):
        super().setUp()
        self.scratch = self.useFixture(fixtures.TempDir()).path
        self.source = os.path.join(self.scratch, "items.csv")
        with open(self.source, "w", encoding="utf-8") as stream:
            # The second row has no name: it would be a failed row.
            stream.write("name,price\nScrew,1.50\n,2.00\n")

    def folder(self, kind):
        folder = os.path.join(self.scratch, kind)
        os.mkdir(folder)
        return folder

    def make(self, kind):
        """A special file of ``kind`` named NAME in a folder of its own;
        returns its path and the paths whose state must not change."""
        path = os.path.join(self.folder(kind), NAME)
        if kind == "device":
            try:
                os.mknod(path, stat.S_IFCHR | 0o600, os.makedev(1, 3))
            except PermissionError:
                self.skipTest("making a device node needs root")
        elif kind == "fifo":
            os.mkfifo(path)
        elif kind == "folder":
            os.mkdir(path)
        elif kind == "socket":
            listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            self.addCleanup(listener.close)
            listener.bind(path)
        elif kind == "link":
            fifo = self.make("fifo")[0]
            os.symlink(fifo, path)
            return path, [path, fifo]
        return path, [path]

    def commands(self, target):
        """Every way to have alegra write ``target``: (label, argv, env)."""
        home = {"HOME": os.path.dirname(target)}
        return [
            ("contacts export", ["contacts", "export", "--out", target], {}),
            ("invoices export csv", ["invoices", "export", "--format", "csv",
                                     "--out", target], {}),
            ("invoices export json", ["invoices", "export", "--format",
                                      "json", "--out", target], {}),
            ("items import --failures", ["items", "import", "-f",
                                         self.source, "--failures", target],
             {}),
            ("two profiles' export", ["--profile", "a,b", "contacts",
                                      "export", "--out", target], {}),
            ("mcp claude enable", ["mcp", "claude", "enable"], home),
        ]

    def snapshot(self, paths):
        states = []
        for path in paths:
            info = os.lstat(path)
            states.append((path, info.st_mode, info.st_rdev, info.st_ino,
                           sorted(os.listdir(os.path.dirname(path)))))
        return states

    def check_refused(self, kind, words):
        target, watched = self.make(kind)
        before = self.snapshot(watched)
        for label, argv, env in self.commands(target):
            label = f"{kind}: {label}"
            code, out, err = self.run_executable(argv, env=env,
                                                 timeout=DEADLINE)
            self.assertOneLineError(code, out, err, label)
            self.assertEqual(2, code, f"{label}: {err}")
            self.assertIn(target, err, label)
            self.assertIn(f"is {words}, not a regular file", err, label)
            self.assertEqual("", out, label)
            self.assertNothingSent(label)
            self.assertEqual(before, self.snapshot(watched), label)

    def test_a_device(self):
        self.check_refused("device", "a device")

    def test_a_fifo(self):
        self.check_refused("fifo", "a FIFO")

    def test_a_folder(self):
        self.check_refused("folder", "a directory")

    def test_a_socket(self):
        self.check_refused("socket", "a socket")

    def test_a_link_to_a_fifo(self):
        self.check_refused("link", "a FIFO")

    def test_a_fifo_as_the_default_failures_file(self):
        folder = self.folder("beside")
        source = os.path.join(folder, "items.csv")
        os.rename(self.source, source)
        fifo = os.path.join(folder, "items.failures.csv")
        os.mkfifo(fifo)
        before = self.snapshot([fifo, source])
        code, out, err = self.run_executable(
            ["items", "import", "-f", source], timeout=DEADLINE)
        self.assertOneLineError(code, out, err)
        self.assertEqual(2, code, err)
        self.assertIn(f"{fifo} is a FIFO", err)
        self.assertNothingSent()
        self.assertEqual(before, self.snapshot([fifo, source]))

    def test_regular_files_are_still_written(self):
        target = os.path.join(self.scratch, "contacts.csv")
        with open(target, "w", encoding="utf-8") as stream:
            stream.write("old\n")
        os.chmod(target, 0o640)
        code, out, err = self.run_executable(
            ["contacts", "export", "--out", target], timeout=DEADLINE)
        self.assertEqual(0, code, err)
        with open(target, encoding="utf-8") as stream:
            self.assertNotEqual("old\n", stream.read())
        self.assertEqual(0o640, stat.S_IMODE(os.stat(target).st_mode))
        self.assertEqual(["contacts.csv", "items.csv"],
                         sorted(os.listdir(self.scratch)))
