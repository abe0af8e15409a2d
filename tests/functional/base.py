"""Functional tests: the installed ``alegra`` executable, for real.

Every test runs the console script in a subprocess with a private home
directory, and talks to a sandbox served by ``alegra sandbox serve`` on
loopback (one server per test class).
"""

import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading

import testtools

from tests.unit.base import isolated_environ

EXECUTABLE = os.path.join(os.path.dirname(sys.executable), "alegra")
TIMEOUT = 60


def alegra_executable():
    if os.path.exists(EXECUTABLE):
        return EXECUTABLE
    return shutil.which("alegra")


class Result:
    def __init__(self, completed):
        self.code = completed.returncode
        self.out = completed.stdout
        self.err = completed.stderr

    def json(self):
        return json.loads(self.out)

    def __repr__(self):
        return f"<exit {self.code}\nstdout: {self.out}\nstderr: {self.err}>"


class LoopbackServer:
    """A threaded HTTP server on 127.0.0.1 for one handler class, which
    reaches this object as ``self.server.stand_in``."""

    def start(self, handler):
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                                      handler)
        self.server.daemon_threads = True
        self.server.stand_in = self
        self.thread = threading.Thread(target=self.server.serve_forever,
                                       kwargs={"poll_interval": 0.02},
                                       daemon=True)
        self.thread.start()
        self.port = self.server.server_port
        self.base_url = f"http://127.0.0.1:{self.port}/api/v1"

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


class SandboxServer:
    """``alegra sandbox serve`` in a subprocess, on a free loopback port."""

    def __init__(self, home, *options):
        self.home = home
        self.db = os.path.join(home, "sandbox.db")
        environ = isolated_environ(home)
        self.process = subprocess.Popen(
            [alegra_executable(), "sandbox", "serve", "--port", "0",
             "--db", self.db, *options],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True,
            env=environ,
        )
        self.base_url = None
        lines = []
        for line in self.process.stdout:
            lines.append(line)
            if "http://" in line:
                self.base_url = line.split()[-1].strip()
                break
        if self.base_url is None:
            self.stop()
            raise RuntimeError("the sandbox did not start: " + "".join(lines)
                               + self.process.stderr.read())

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        for stream in (self.process.stdout, self.process.stderr):
            if stream:
                stream.close()


class FunctionalTestCase(testtools.TestCase):
    """Runs ``alegra`` against one sandbox server per class."""

    serve_options = ()

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.home = tempfile.mkdtemp(prefix="alegra-functional-")
        cls.server = SandboxServer(cls.home, *cls.serve_options)

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        shutil.rmtree(cls.home, ignore_errors=True)
        super().tearDownClass()

    def environ(self, **extra):
        environ = isolated_environ(self.home)
        environ.update({
            "ALEGRA_BASE_URL": self.server.base_url,
            "ALEGRA_EMAIL": "sandbox@alegra.test",
            "ALEGRA_TOKEN": "sandbox",
        })
        environ.update(extra)
        return environ

    def alegra(self, *argv, stdin=None, env=None, cwd=None):
        completed = subprocess.run(
            [alegra_executable(), *argv], **_standard_input(stdin),
            capture_output=True, text=True, env=env or self.environ(),
            timeout=TIMEOUT, cwd=cwd or self.home,
        )
        return Result(completed)

    def ok(self, *argv, **kwargs):
        result = self.alegra(*argv, **kwargs)
        self.assertEqual(0, result.code, result)
        return result

    def shell(self, script, env=None):
        """Run a shell script with ``alegra`` on the PATH (as the seeds do)."""
        environ = env or self.environ()
        environ["PATH"] = (os.path.dirname(alegra_executable()) + os.pathsep
                           + environ.get("PATH", ""))
        completed = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", script],
            stdin=subprocess.DEVNULL, capture_output=True, text=True,
            env=environ, timeout=TIMEOUT, cwd=self.home,
        )
        return Result(completed)


def _standard_input(text):
    """``input=`` for text to feed, else an empty standard input (never
    the test runner's own, which may be a terminal or closed)."""
    if text is None:
        return {"stdin": subprocess.DEVNULL}
    return {"input": text}


# Linux counts in a child's peak RSS the pages of the process it was forked
# from, so a test runner that has grown would show in every measure: the
# command is started from a small interpreter that reports it instead.
PEAK_SCRIPT = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], stdin=subprocess.DEVNULL,
                      stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                      timeout=600)
sys.stderr.write(done.stderr.decode())
if done.returncode:
    sys.exit(done.returncode)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def peak_rss(argv, env, cwd=None, timeout=900):
    """``(exit code, stderr, peak RSS in KiB)`` of ``alegra <argv>``."""
    measured = subprocess.run(
        [sys.executable, "-c", PEAK_SCRIPT, alegra_executable(), *argv],
        capture_output=True, text=True, env=env, cwd=cwd, timeout=timeout,
        stdin=subprocess.DEVNULL)
    words = measured.stdout.split()
    peak = int(words[-1]) if measured.returncode == 0 and words else None
    return measured.returncode, measured.stderr, peak

