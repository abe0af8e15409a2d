"""Answers that would cost unbounded memory or time, through the installed
executable: each run ends within its deadline, with one ``Error:`` line
and a code that says what happened."""

import gzip
import http.server
import json
import threading
import time

from tests.reliability.base import LoopbackServer
from tests.reliability.base import ReliabilityTestCase as Base

MIB = 1024 * 1024


class StandIn(LoopbackServer):
    """A loopback server whose every answer is ``behaviour(handler)``."""

    def __init__(self, behaviour):
        self.behaviour = behaviour
        self.requests = []
        self.released = threading.Event()
        stand_in = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                stand_in.requests.append(
                    (self.command, self.path,
                     self.headers.get("Authorization")))
                try:
                    stand_in.behaviour(self, stand_in)
                except OSError:
                    pass

            do_GET = do_POST = _answer

            def log_message(self, *args):
                pass

        self.start(Handler)

    def stop(self):
        self.released.set()
        super().stop()


def send(handler, body, status=200, headers=()):
    handler.send_response(status)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(body)))
    for name, value in headers:
        handler.send_header(name, value)
    handler.end_headers()
    handler.wfile.write(body)


def gzip_bomb(handler, stand_in):
    # A few KB that inflate to 8 MiB of valid JSON.
    body = gzip.compress(b"[" + b" " * (8 * MIB) + b"]", 9)
    send(handler, body, headers=[("Content-Encoding", "gzip")])


def page_of(first):
    return [{"id": str(first + n), "name": f"r{first + n}"}
            for n in range(30)]


def endless(handler, stand_in):
    first = 30 * (len(stand_in.requests) - 1)
    send(handler, json.dumps({"metadata": {"total": 60},
                              "data": page_of(first)}).encode())


def repeating(handler, stand_in):
    send(handler, json.dumps(page_of(0)).encode())


def drip(handler, stand_in):
    handler.send_response(200)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", "1000")
    handler.end_headers()
    handler.wfile.flush()
    for _ in range(200):  # at most 100 s, far past every deadline
        handler.wfile.write(b" ")
        handler.wfile.flush()
        if stand_in.released.wait(0.5):
            return


def silent(handler, stand_in):
    stand_in.released.wait(60)


def too_long(handler, stand_in):
    handler.send_error(414)


class TestHostileAnswers(Base):

    def stand_in(self, behaviour):
        stand_in = StandIn(behaviour)
        self.addCleanup(stand_in.stop)
        return stand_in

    def run_against(self, stand_in, *argv, env=None, deadline=30):
        started = time.monotonic()
        code, out, err = self.run_executable(
            ["--base-url", stand_in.base_url, *argv], env=env,
            timeout=deadline)
        return code, out, err, time.monotonic() - started

    def assertWholeRecords(self, out, count):
        records = [json.loads(line) for line in out.splitlines()]
        self.assertEqual(count, len(records))
        self.assertEqual(len(records), len({r["id"] for r in records}))

    def assertNoPartialDocument(self, out):
        try:
            if out.strip():
                json.loads(out)  # a whole document, or nothing at all
        except ValueError as exc:
            self.fail(f"a partial JSON document on stdout: {exc}")

    def test_a_gzip_bomb_stops_at_the_cap(self):
        stand_in = self.stand_in(gzip_bomb)
        code, out, err, took = self.run_against(
            stand_in, "invoices", "list", "-o", "json",
            env={"ALEGRA_MAX_RESPONSE": "1M"})
        self.assertOneLineError(code, out, err)
        self.assertEqual(1, code, err)
        self.assertIn("larger than 1 MiB", err)
        self.assertIn("ALEGRA_MAX_RESPONSE", err)
        self.assertNotIn("MemoryError", err)
        self.assertEqual("", out)
        self.assertEqual(1, len(stand_in.requests))

    def test_a_list_that_never_ends_stops_past_its_total(self):
        stand_in = self.stand_in(endless)
        code, out, err, took = self.run_against(
            stand_in, "invoices", "list", "--all", "-o", "ndjson")
        self.assertOneLineError(code, out, err)
        self.assertEqual(8, code, err)
        self.assertIn("announced 60", err)
        self.assertIn("stopped after 120 records", err)
        # 60 announced, two pages of margin, then the page that ran over.
        self.assertEqual(5, len(stand_in.requests))
        self.assertWholeRecords(out, 120)

    def test_a_list_that_repeats_stops(self):
        stand_in = self.stand_in(repeating)
        code, out, err, took = self.run_against(
            stand_in, "invoices", "list", "--all", "-o", "ndjson")
        self.assertOneLineError(code, out, err)
        self.assertEqual(8, code, err)
        self.assertIn("seen before", err)
        self.assertEqual(2, len(stand_in.requests))
        self.assertWholeRecords(out, 30)

    def test_a_walk_stopped_midway_leaves_no_partial_json(self):
        stand_in = self.stand_in(repeating)
        code, out, err, took = self.run_against(
            stand_in, "invoices", "list", "--all", "-o", "json")
        self.assertEqual(8, code, err)
        # The array written as the pages arrived is closed: the records
        # that came, one whole document; stderr and the exit code say why
        # it stopped.
        self.assertNoPartialDocument(out)
        self.assertEqual(30, len(json.loads(out)))

    def test_a_drip_fed_body_meets_the_deadline(self):
        stand_in = self.stand_in(drip)
        code, out, err, took = self.run_against(
            stand_in, "--timeout", "2", "invoices", "list", "-o", "json")
        self.assertOneLineError(code, out, err)
        self.assertEqual(9, code, err)
        self.assertIn("within 2 s", err)
        self.assertIn("--timeout", err)
        self.assertLess(took, 10)
        self.assertEqual("", out)

    def test_a_silent_server_meets_the_deadline(self):
        stand_in = self.stand_in(silent)
        code, out, err, took = self.run_against(
            stand_in, "--timeout", "2", "invoices", "list", "-o", "json")
        self.assertOneLineError(code, out, err)
        self.assertEqual(9, code, err)
        self.assertLess(took, 10)
        self.assertEqual("", out)

    def test_a_silent_server_after_a_post_is_an_unknown_outcome(self):
        stand_in = self.stand_in(silent)
        code, out, err, took = self.run_against(
            stand_in, "--timeout", "2", "contacts", "create",
            "-d", '{"name": "Acme"}', "--no-validate")
        self.assertOneLineError(code, out, err)
        self.assertEqual(10, code, err)
        self.assertIn("outcome is unknown", err)
        self.assertEqual(["POST"], [r[0] for r in stand_in.requests])
        self.assertLess(took, 10)

    def test_a_long_wait_is_noted_once_on_stderr(self):
        stand_in = self.stand_in(silent)
        code, out, err, took = self.run_against(
            stand_in, "--timeout", "6.5", "invoices", "list", "-o", "json")
        self.assertEqual(9, code, err)
        lines = err.strip().splitlines()
        self.assertEqual(2, len(lines), err)
        self.assertEqual(f"Waiting for 127.0.0.1:{stand_in.port} (2 s so "
                         "far)...", lines[0])
        self.assertTrue(lines[1].startswith("Error: "), err)
        self.assertEqual("", out)

    def test_quiet_waits_without_a_note(self):
        stand_in = self.stand_in(silent)
        code, out, err, took = self.run_against(
            stand_in, "--quiet", "--timeout", "6", "invoices", "list")
        self.assertOneLineError(code, out, err)

    def test_a_redirect_to_another_host_is_not_followed(self):
        elsewhere = self.stand_in(repeating)

        def redirect(handler, stand_in):
            send(handler, b"", status=302, headers=[(
                "Location",
                f"http://localhost:{elsewhere.port}/api/v1/invoices")])

        stand_in = self.stand_in(redirect)
        code, out, err, took = self.run_against(
            stand_in, "invoices", "list", "-o", "json")
        self.assertOneLineError(code, out, err)
        self.assertIn("to another host", err)
        self.assertEqual([], elsewhere.requests)
        self.assertEqual("", out)

    def test_an_error_page_is_told_in_plain_words(self):
        stand_in = self.stand_in(too_long)
        code, out, err, took = self.run_against(
            stand_in, "invoices", "list")
        self.assertOneLineError(code, out, err)
        self.assertIn("the request is too long for the server (HTTP 414)",
                      err)
        self.assertNotIn("Error response", err)

    def test_an_unparsable_base_url_is_a_usage_error(self):
        code, out, err = self.run_executable(
            ["--base-url", "http://[::1", "invoices", "list"])
        self.assertOneLineError(code, out, err)
        self.assertEqual(2, code, err)
        self.assertIn("is not a valid URL", err)

