"""Hostile input through the installed executable: numbers that would take
hours to materialise, nesting past any sane depth, bodies of the wrong
shape and ids of the wrong kind. Each is one ``Error:`` line, quickly, and
nothing reaches the recording stand-in; a stamp goes in batches of ten;
SIGTERM ends a run waiting on a slow server."""

import json
import os
import signal
import subprocess
import time

from tests.functional.base import alegra_executable
from tests.reliability import base

# A number case must end well under this (it used to run for hours).
QUICK = 3.0
HUGE = ("1e999999999", "-1e999999999", "1e400", "1e-999999999",
        "9" * 5000)
DEEP = "[" * 50000 + "]" * 50000


class HostileInputTest(base.ReliabilityTestCase):

    def refused(self, argv, stdin=b"", label=None):
        started = time.monotonic()
        code, out, err = self.run_executable(argv, stdin=stdin, timeout=10)
        elapsed = time.monotonic() - started
        label = label or " ".join(argv)[:120]
        self.assertOneLineError(code, out, err, label)
        self.assertNothingSent(label)
        return code, err, elapsed

    def write(self, name, data):
        path = os.path.join(self.home, name)
        with open(path, "wb") as stream:
            stream.write(data if isinstance(data, bytes) else data.encode())
        return path


class TestHugeNumbers(HostileInputTest):

    def check_every_channel(self, number, field="price"):
        body = '{"name": "a", "' + field + '": ' + number + '}'
        runs = {
            "data": (["items", "create", "-d", body], b""),
            "dry-run": (["items", "create", "-d", body, "--dry-run"], b""),
            "file": (["items", "create", "-f", self.write("b.json", body)],
                     b""),
            "stdin": (["items", "create", "-f", "-"], body.encode()),
            "set": (["items", "create", "--set", "name=a", "--set",
                     f"{field}={number}"], b""),
        }
        for channel, (argv, stdin) in runs.items():
            code, err, elapsed = self.refused(argv, stdin,
                                              f"{channel} {number[:20]}")
            self.assertEqual(2, code, err)
            if channel != "set" or not number.isdigit():
                self.assertIn(field, err, channel)
            self.assertLess(elapsed, QUICK, channel)

    def test_exponent_past_a_double(self):
        self.check_every_channel("1e999999999")

    def test_negative_exponent_past_a_double(self):
        self.check_every_channel("-1e999999999")

    def test_overflowing_double(self):
        self.check_every_channel("1e400")

    def test_five_thousand_digits(self):
        self.check_every_channel("9" * 5000)

    def test_nested_field_is_named(self):
        code, err, _ = self.refused(
            ["invoices", "create", "-d",
             '{"items": [{"id": 1, "price": 1e999999999}]}'])
        self.assertIn("items[0].price", err)

    def test_contact_with_an_unknown_field(self):
        self.refused(["contacts", "create", "-d",
                      '{"name": "a", "x": 1e999999999}', "--dry-run"])

    def test_import_cell(self):
        for number in HUGE:
            rows = self.write("rows.csv", f"name,price\na,{number}\n")
            started = time.monotonic()
            code, out, err = self.run_executable(
                ["items", "import", "-f", rows, "--country", "co"],
                timeout=10)
            self.assertLess(time.monotonic() - started, QUICK + 2, number)
            self.assertNotEqual(0, code, err)
            self.assertNotIn("Traceback", err)
            self.assertIn("Error: ", err)
            self.assertNothingSent(number[:20])


class TestExactNumbersStillGo(HostileInputTest):

    def test_money_and_big_ids_are_sent_exactly(self):
        code, out, err = self.run_executable(
            ["items", "create", "--no-validate", "-d",
             '{"name": "a", "price": 19928.00, "id": 9007199254740993,'
             ' "tiny": 0.0000000000, "big": 1e308}'], timeout=10)
        self.assertEqual(0, code, err)
        (_, _, sent), = self.server.requests
        self.assertEqual(b'{"name":"a","price":19928.00,'
                         b'"id":9007199254740993,"tiny":0.0000000000,'
                         b'"big":1e308}', sent)


class TestDeepNesting(HostileInputTest):

    def test_every_channel(self):
        self.refused(["contacts", "create", "--set", "name=a", "--set",
                      f"k={DEEP}"])
        self.refused(["contacts", "create", "--set", "name=a", "--set",
                      "k=" + "[" * 65 + "]" * 65])
        self.refused(["contacts", "create", "-d", DEEP])
        self.refused(["contacts", "create", "-f", "-"], DEEP.encode())
        self.refused(["contacts", "create", "-f",
                      self.write("deep.json", DEEP)])

    def test_sixty_levels_are_fine(self):
        value = "[" * 60 + "]" * 60
        code, out, err = self.run_executable(
            ["contacts", "create", "--no-validate", "--set", "name=a",
             "--set", f"k={value}"], timeout=10)
        self.assertEqual(0, code, err)
        self.assertEqual(1, len(self.server.requests))


class TestBodyShape(HostileInputTest):

    def test_not_an_object(self):
        for text in ("[]", '"x"', "1", "true", "null"):
            code, err, _ = self.refused(
                ["contacts", "update", "12", "-d", text])
            self.assertEqual(2, code)
            # null is no body at all, which says so.
            self.assertIn("JSON object" if text != "null" else "no request",
                          err)
        self.refused(["invoices", "stamp", "-d", "[1, 2]"])
        self.refused(["invoices", "void", "12", "-d", "[]"])

    def test_stamp_without_ids(self):
        for text in ("{}", '{"ids": []}', '{"ids": "1"}'):
            code, err, _ = self.refused(["invoices", "stamp", "-d", text])
            self.assertEqual(2, code, err)


class TestIds(HostileInputTest):

    def test_ids_that_cannot_be_ids(self):
        for bad in ("abc", "-1", "1.5", "1e3", "+1", "12a",
                    "0190a6c4-7b1e-7000-8000-00000000000"):
            code, err, _ = self.refused(
                ["contacts", "delete", "-y", "--", bad])
            self.assertEqual(2, code, err)
            self.assertIn("is not a contact id (a number or a UUID)", err)
        self.refused(["currencies", "get", "12"])
        self.refused(["bills", "comment-delete", "7", "x", "-y"])

    def test_numbers_uuids_and_codes_go(self):
        for good in ("0", "12", "0190a6c4-7b1e-7000-8000-000000000001"):
            code, out, err = self.run_executable(
                ["contacts", "delete", "-y", good], timeout=10)
            self.assertEqual(0, code, err)
        code, out, err = self.run_executable(["currencies", "get", "USD"],
                                             timeout=10)
        self.assertEqual(0, code, err)
        self.assertEqual(4, len(self.server.requests))


class TestStampBatches(HostileInputTest):

    def setUp(self):
        super().setUp()
        handler = self.server.server.RequestHandlerClass
        recorder = self.server

        class StampHandler(handler):
            """Answers a company, unstamped invoices and stamp batches."""

            def do_GET(self):
                if self.path.endswith("/company"):
                    return self.reply({"name": "Demo", "identification":
                                       "900123456"})
                return self.reply({"id": self.path.rsplit("/", 1)[-1]})

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                recorder.requests.append((self.command, self.path, body))
                ids = json.loads(body)["ids"]
                self.reply([{"id": str(i), "stamp": {"cufe": f"c{i}"}}
                            for i in ids])

            def reply(self, value):
                text = json.dumps(value).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(text)))
                self.end_headers()
                self.wfile.write(text)

        self.server.server.RequestHandlerClass = StampHandler

    def test_eleven_ids_are_two_calls(self):
        ids = list(range(1, 12))
        code, out, err = self.run_executable(
            ["invoices", "stamp", "-d", json.dumps({"ids": ids}), "-o",
             "json"], timeout=30)
        self.assertEqual(0, code, err)
        posts = [json.loads(body)["ids"] for method, path, body
                 in self.server.requests if method == "POST"]
        self.assertEqual([ids[:10], ids[10:]], posts)
        self.assertEqual([str(i) for i in ids],
                         [doc["id"] for doc in json.loads(out)])

    def test_dry_run_shows_two_calls_and_sends_nothing(self):
        ids = list(range(1, 12))
        code, out, err = self.run_executable(
            ["invoices", "stamp", "-d", json.dumps({"ids": ids}),
             "--dry-run"], timeout=30)
        self.assertEqual(0, code, err)
        self.assertEqual(2, sum(line.startswith("POST ")
                                for line in out.splitlines()))
        self.assertNothingSent()


class TestSigtermOnASlowServer(HostileInputTest):

    server_delay = 30.0

    def test_ends_within_a_second(self):
        process = subprocess.Popen(
            [alegra_executable(), "contacts", "get", "12"], env=self.environ,
            cwd=self.home, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.addCleanup(process.kill)
        self.assertTrue(self.server.arrived.wait(10), "never arrived")
        started = time.monotonic()
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=10)
        self.assertLess(time.monotonic() - started, 1.0)
        self.assertNotEqual(0, process.returncode)
        self.assertNotIn(b"Traceback", err)
