"""Hostile records through the installed executable: fields that are
spreadsheet formulas or terminal control sequences, from a stand-in server
over loopback.

CSV (``-o csv``, ``export``, ``export --excel``) must hold no cell that a
spreadsheet would run, headers included, and keep negative numbers as
numbers; a terminal (a real pseudo-terminal) must receive no raw control
character from tables, values, warnings or ``Error:`` lines; JSON keeps the
exact strings.
"""

import csv
import http.server
import io
import json
import os
import re
import shutil
import subprocess
import time
import unittest
from urllib.parse import parse_qs, urlsplit

from tests import terminal
from tests.functional.base import alegra_executable
from tests.reliability import base

CMD_KEY = "=cmd|' /C calc'!A0"
ESCAPE_KEY = "\x1b]0;key\x07"
CONTACTS = [
    {"id": "1", "name": '=HYPERLINK("http://evil.example","click")',
     "identification": "a\n=1+1", "email": "x\r@SUM(A1)",
     "type": "\t-2+3", "status": "\x1b]0;title\x07", CMD_KEY: "k",
     ESCAPE_KEY: "v", "balance": -5, "debt": "-19928.00"},
    {"id": "2", "name": "\x1b[2Jclear", "identification": "\u202eevil",
     "email": "\x9b31mred", "type": "back\x08\x08", "status": "cr\rover",
     ESCAPE_KEY: "\u2066isolate\u2069", "balance": -7, "debt": "@x"},
]
ERROR_BODY = {"code": 1, "message": "\u001b[2Jbad"}
RAW = ["\x1b", "\x07", "\x9b", "\x08", "\r", *map(chr, range(0x202a, 0x202f)),
       *map(chr, range(0x2066, 0x206a))]
NUMBERS = re.compile(r"-?\d+(\.\d+)?")


class HostileServer(base.LoopbackServer):
    """Answers every contacts list with CONTACTS (one page), contact 1 and
    2 with themselves, and any other contact with a 400 whose message
    holds a screen clear."""

    def __init__(self):
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                url = urlsplit(self.path)
                query = parse_qs(url.query)
                status, body = 200, CONTACTS
                if query.get("start", ["0"])[0] != "0":
                    body = []
                match = re.fullmatch(r"/api/v1/contacts/(\w+)", url.path)
                if match:
                    found = [c for c in CONTACTS if c["id"] == match[1]]
                    status, body = (200, found[0]) if found else (
                        400, ERROR_BODY)
                if status == 200 and query.get("metadata") == ["true"]:
                    body = {"metadata": {"total": len(body)}, "data": body}
                text = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(text)))
                self.end_headers()
                self.wfile.write(text)

            def log_message(self, *args):
                pass

        self.start(Handler)


class TestHostileRecords(base.ReliabilityTestCase):

    def setUp(self):
        super().setUp()
        self.hostile = HostileServer()
        self.addCleanup(self.hostile.stop)
        self.environ["ALEGRA_BASE_URL"] = self.hostile.base_url

    # -- helpers -------------------------------------------------------

    def run_ok(self, *argv):
        code, out, err = self.run_executable(list(argv))
        self.assertEqual(0, code, f"{argv}: {err}")
        return out

    def run_on_terminal(self, *argv, timeout=60):
        """Run alegra with stdout and stderr on a pseudo-terminal; returns
        ``(exit code, everything the terminal received)``."""
        master, slave = terminal.pseudo_terminal(200, raw=True)
        environ = dict(self.environ)
        environ.pop("COLUMNS", None)
        try:
            process = subprocess.Popen(
                [alegra_executable(), *argv], stdin=subprocess.DEVNULL,
                stdout=slave, stderr=slave, env=environ, cwd=self.home)
        finally:
            os.close(slave)
        deadline = time.monotonic() + timeout
        try:
            received = terminal.read_terminal(master, process, timeout)
            code = process.wait(timeout=max(1, deadline - time.monotonic()))
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
            os.close(master)
        return code, received.decode("utf-8")

    def assertNoRawControl(self, text, label):
        for raw in RAW:
            self.assertNotIn(raw, text, f"{label}: {text!r}")

    def assertInertCSV(self, text, delimiter=","):
        rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"),
                                           newline=""), delimiter=delimiter))
        self.assertGreater(len(rows), 1)
        for row in rows:
            for cell in row:
                for piece in re.split(r"[\n\r\t]", cell):
                    if piece[:1] in ("=", "+", "-", "@"):
                        self.assertTrue(NUMBERS.fullmatch(piece),
                                        f"live formula {piece!r} in {row}")
        return rows

    # -- CSV -----------------------------------------------------------

    def test_list_as_csv(self):
        out = self.run_ok("contacts", "list", "-o", "csv", "--columns",
                          f"id,name,identification,email,type,{CMD_KEY},"
                          "balance,debt")
        header, first, second = self.assertInertCSV(out)
        self.assertEqual("'" + CMD_KEY, header[5])
        self.assertEqual(["1", "'" + CONTACTS[0]["name"], "a\n'=1+1",
                          "x\r'@SUM(A1)", "'\t'-2+3", "k", "-5",
                          "-19928.00"], first)
        self.assertEqual(["-7", "'@x"], second[-2:])
        # Every cell holding a line break or carriage return is quoted.
        self.assertIn('"x\r\'@SUM(A1)"', out)

    def test_export_to_a_file(self):
        for extra, delimiter in (([], ","), (["--excel"], ";")):
            path = os.path.join(self.home, f"contacts{len(extra)}.csv")
            self.run_ok("contacts", "export", "--out", path, "--columns",
                        "all", *extra)
            with open(path, encoding="utf-8", newline="") as stream:
                text = stream.read()
            rows = self.assertInertCSV(text, delimiter)
            header = rows[0]
            self.assertIn("'" + CMD_KEY, header)
            self.assertIn(ESCAPE_KEY, header)  # CSV keeps the data exact
            balance = header.index("balance")
            self.assertEqual(["-5", "-7"], [row[balance] for row in rows[1:]])
            self.assertIn("\x1b]0;title\x07", rows[1])

    def test_export_to_standard_output(self):
        out = self.run_ok("contacts", "export")
        rows = self.assertInertCSV(out)
        self.assertEqual("a\n'=1+1", rows[1][2])

    @unittest.skipUnless(shutil.which("soffice"),
                         "LibreOffice (soffice) is not installed")
    def test_a_spreadsheet_reads_text_not_formulas(self):
        path = os.path.join(self.home, "contacts.csv")
        self.run_ok("contacts", "export", "--out", path, "--columns", "all")
        subprocess.run(
            ["soffice", "--headless", "--convert-to", "fods", "--outdir",
             self.home, path], capture_output=True, timeout=120, check=True,
            env={**self.environ, "HOME": self.home})
        with open(os.path.join(self.home, "contacts.fods"),
                  encoding="utf-8") as stream:
            document = stream.read()
        self.assertNotIn("table:formula=", document)

    # -- JSON keeps the data -------------------------------------------

    def test_json_is_exact(self):
        self.assertEqual(CONTACTS, json.loads(
            self.run_ok("contacts", "list", "-o", "json")))
        self.assertEqual(CONTACTS[1], json.loads(
            self.run_ok("contacts", "get", "2", "-o", "json")))
        self.assertEqual(CONTACTS, [json.loads(line) for line in self.run_ok(
            "contacts", "list", "-o", "ndjson").splitlines()])

    # -- a terminal ----------------------------------------------------

    def test_table_on_a_terminal(self):
        code, text = self.run_on_terminal("contacts", "list")
        self.assertEqual(0, code, text)
        self.assertNoRawControl(text, "table")
        self.assertIn("\\x1b]0;title\\x07", text)
        self.assertIn("\\u202eevil", text)
        self.assertIn("\\x9b31mred", text)

    def test_value_on_a_terminal(self):
        code, text = self.run_on_terminal("contacts", "list", "-o", "value")
        self.assertEqual(0, code, text)
        self.assertNoRawControl(text, "value")
        self.assertIn("\\x1b[2Jclear", text)

    def test_record_view_on_a_terminal(self):
        for contact in ("1", "2"):
            code, text = self.run_on_terminal("contacts", "get", contact)
            self.assertEqual(0, code, text)
            self.assertNoRawControl(text, f"get {contact}")
        self.assertIn("\\x1b]0;key\\x07", text)  # a field's name

    def test_warning_naming_the_servers_fields(self):
        code, text = self.run_on_terminal("contacts", "list", "--columns",
                                          "nosuch")
        self.assertEqual(0, code, text)
        self.assertIn("Warning: no contact has the field nosuch", text)
        self.assertIn("\\x1b]0;key\\x07", text)
        self.assertNoRawControl(text, "warning")

    def test_error_message_on_a_terminal(self):
        code, text = self.run_on_terminal("contacts", "get", "9")
        self.assertNotEqual(0, code)
        self.assertNoRawControl(text, "error")
        self.assertEqual(1, len(text.strip().splitlines()), text)
        self.assertTrue(text.startswith("Error: "), text)
        self.assertIn("\\x1b[2Jbad", text)

    def test_error_message_into_a_pipe_is_one_line(self):
        code, out, err = self.run_executable(["contacts", "get", "9"])
        self.assertOneLineError(code, out, err, "get 9")
        self.assertIn("bad", err)
