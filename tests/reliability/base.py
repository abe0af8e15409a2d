"""Scaffolding for the reliability suite: a stand-in for Alegra that only
records what reaches it, and runners for alegra in-process and for real."""

import http.server
import io
import json
import os
import subprocess
import threading

import fixtures
import testtools

from tests.functional.base import LoopbackServer, alegra_executable
from tests.unit.base import isolated_environ

EMAIL = "reliability@example.com"
TOKEN = "s3cr3t-reliability-token"


class RecordingServer(LoopbackServer):
    """A loopback HTTP server that answers ``[]``/``{}`` and records every
    request; ``delay`` holds each answer back (for signals in flight)."""

    def __init__(self, delay=0.0):
        self.requests = []
        self.delay = delay
        self.status = 200
        self.arrived = threading.Event()
        recorder = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                recorder.requests.append((self.command, self.path, body))
                recorder.arrived.set()
                if recorder.delay:
                    threading.Event().wait(recorder.delay)
                text = b"[]" if self.command == "GET" else b'{"id": 1}'
                if recorder.status >= 400:
                    text = b'{"code": 500, "message": "boom"}'
                try:
                    self.send_response(recorder.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(text)))
                    self.end_headers()
                    self.wfile.write(text)
                except OSError:
                    pass

            do_GET = do_POST = do_PUT = do_DELETE = _answer

            def log_message(self, *args):
                pass

        self.start(Handler)


class ReliabilityTestCase(testtools.TestCase):
    """A private home, a recording stand-in, and credentials for it."""

    server_delay = 0.0

    def setUp(self):
        super().setUp()
        self.home = self.useFixture(fixtures.TempDir()).path
        self.server = RecordingServer(self.server_delay)
        self.addCleanup(self.server.stop)
        self.environ = isolated_environ(self.home)
        self.environ.update({"ALEGRA_BASE_URL": self.server.base_url,
                             "ALEGRA_EMAIL": EMAIL, "ALEGRA_TOKEN": TOKEN,
                             "ALEGRA_RETRY_BACKOFF": "0.01"})
        # The stand-in's company was read before and names no country, so
        # that the requests a test counts (and interrupts) are its own.
        from alegra.app import company

        company.remember_country(self.server.base_url, EMAIL, None,
                                 self.environ)

    def run_in_process(self, argv, stdin="", env=None):
        """alegra through AlegraApp; ``(code, stdout, stderr)``."""
        import keyring.core

        from alegra import command
        from alegra.app.application import AlegraApp

        from alegra import i18n

        keyring.core._keyring_backend = None
        command._FORMATTERS.clear()
        # A run chooses the process's language; the next test chooses again.
        self.addCleanup(i18n.set_language, None)
        environ = dict(self.environ)
        environ.update(env or {})
        out, err = io.StringIO(), io.StringIO()
        stdin_stream = stdin if not isinstance(stdin, str) \
            else io.StringIO(stdin)
        app = AlegraApp(stdin=stdin_stream, stdout=out, stderr=err,
                        environ=environ)
        with fixtures.MonkeyPatch("os.environ", environ), \
                fixtures.MonkeyPatch("sys.stdout", out), \
                fixtures.MonkeyPatch("sys.stderr", err), \
                fixtures.MonkeyPatch("sys.stdin", stdin_stream):
            try:
                code = app.run(list(argv))
            except SystemExit as exc:  # a leak of argparse's exit
                code = exc.code
        return code, out.getvalue(), err.getvalue()

    def run_executable(self, argv, stdin=b"", env=None, timeout=60):
        environ = dict(self.environ)
        environ.update(env or {})
        completed = subprocess.run(
            [alegra_executable(), *argv], input=stdin, capture_output=True,
            env=environ, timeout=timeout, cwd=self.home)
        return (completed.returncode,
                completed.stdout.decode("utf-8", "replace"),
                completed.stderr.decode("utf-8", "replace"))

    def assertOneLineError(self, code, out, err, label=""):
        self.assertNotEqual(0, code, f"{label}: {err}")
        self.assertNotIn("Traceback", err, label)
        lines = err.strip().splitlines()
        self.assertEqual(1, len(lines), f"{label}: {err!r}")
        self.assertTrue(lines[0].startswith("Error: "), f"{label}: {err!r}")

    def assertNothingSent(self, label=""):
        self.assertEqual([], self.server.requests, label)


def sandbox_state(db, sql, *args):
    import sqlite3

    conn = sqlite3.connect(db, timeout=30)
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


def write_json(path, value):
    with open(path, "w", encoding="utf-8") as stream:
        json.dump(value, stream)
    return path


__all__ = ["EMAIL", "TOKEN", "RecordingServer", "ReliabilityTestCase",
           "os"]
