"""Retries as the CLI reports them, through the app against
requests-mock with ``time.sleep`` patched.
"""

import requests

from alegra import errors
from tests.unit.httpfakes import (
    INVOICES,
    CLITestCase,
    dropped,
    refused,
)


class TestCLIRetry(CLITestCase):
    def test_429_then_success(self):
        self.mock.get(INVOICES, [
            {"status_code": 429, "headers": {"Retry-After": "7"}},
            {"json": [{"id": 1}]},
        ])
        code, out, err = self.run_cli("invoices", "list", "-f", "value",
                                      "--columns", "id")
        self.assertEqual((0, "1\n"), (code, out))
        # The wait Alegra asked for is said, like any rate-limit pause.
        self.assertEqual("waiting 7 s for the rate limit (150 a minute)\n",
                         err)
        self.assertEqual([7.0], self.slept)

    def test_429_on_create_is_retried(self):
        self.mock.post(INVOICES, [
            {"status_code": 429, "headers": {"Retry-After": "2"}},
            {"status_code": 201, "json": {"id": 7}},
        ])
        code, _, err = self.create("-o", "json")
        self.assertEqual(0, code, err)
        self.assertEqual(2, self.mock.call_count)

    def test_429_forever(self):
        self.mock.get(INVOICES, status_code=429,
                      headers={"Retry-After": "40"},
                      json={"message": "Too many requests"})
        code, out, err = self.run_cli("invoices", "list")
        self.assertEqual(errors.RATE_LIMITED, code)
        self.assertEqual("", out)
        *waits, last = err.splitlines(keepends=True)
        # Each wait Alegra asked for is said, then one error line.
        self.assertEqual(
            ["waiting 40 s for the rate limit (150 a minute)\n"] * 2, waits)
        line = self.assertOneErrorLine(last)
        self.assertIn("HTTP 429", line)
        self.assertIn("150 requests a minute", line)
        self.assertIn("try again in 40 s", line)
        self.assertLessEqual(sum(self.slept), 90)

    def test_5xx_on_get_retried_then_success(self):
        self.mock.get(INVOICES, [{"status_code": 503}, {"status_code": 500},
                                 {"json": []}])
        code, _, err = self.run_cli("invoices", "list", "-o", "json")
        self.assertEqual((0, ""), (code, err))
        self.assertEqual(3, self.mock.call_count)
        self.assertEqual(2, len(self.slept))
        self.assertLess(self.slept[0], self.slept[1])

    def test_5xx_on_get_gives_up(self):
        self.mock.get(INVOICES, status_code=500,
                      json={"message": "Internal Server Error"})
        code, _, err = self.run_cli("invoices", "list")
        self.assertEqual(errors.API_ERROR, code)
        line = self.assertOneErrorLine(err)
        self.assertIn("HTTP 500: Internal Server Error", line)
        self.assertIn("try again later", line)
        self.assertEqual(4, self.mock.call_count)

    def test_5xx_on_update_and_delete_retried(self):
        self.mock.put(f"{INVOICES}/5", [{"status_code": 502},
                                        {"json": {"id": 5}}])
        self.mock.delete(f"{INVOICES}/5", [{"status_code": 503},
                                           {"json": {"code": 200}}])
        code, _, err = self.run_cli("invoices", "update", "5", "--set",
                                    "observations=x", "-o", "json")
        self.assertEqual(0, code, err)
        code, _, err = self.run_cli("invoices", "delete", "5", "-y")
        self.assertEqual(0, code, err)
        self.assertEqual(4, self.mock.call_count)

    def test_5xx_on_create_is_not_retried(self):
        self.mock.post(INVOICES, status_code=502, text="Bad Gateway")
        code, out, err = self.create()
        self.assertEqual(errors.UNKNOWN_OUTCOME, code)
        self.assertEqual(1, len(self.mock.request_history))
        line = self.assertOneErrorLine(err)
        self.assertIn("POST /api/v1/invoices", line)
        self.assertIn("outcome is unknown", line)
        self.assertEqual([], self.slept)

    def test_5xx_on_an_action_is_not_retried(self):
        # The emission ledger is keyed by the company (one GET).
        self.mock.get(INVOICES.replace("/invoices", "/company"),
                      json={"identification": "9001"})
        self.mock.post(f"{INVOICES}/stamp", status_code=500)
        code, _, err = self.run_cli("invoices", "stamp", "-d",
                                    '{"ids": [1, 2]}')
        self.assertEqual(errors.UNKNOWN_OUTCOME, code)
        self.assertEqual(1, sum(1 for request in self.mock.request_history
                                if request.method == "POST"))
        self.assertOneErrorLine(err)

    def test_refused_connection(self):
        self.mock.post(INVOICES, exc=refused())
        code, _, err = self.create()
        self.assertEqual(errors.CONNECTION, code)
        self.assertIn("nothing was sent", self.assertOneErrorLine(err))
        self.assertEqual(1, self.mock.call_count)

    def test_connect_timeout(self):
        self.mock.get(INVOICES, exc=requests.ConnectTimeout)
        code, _, err = self.run_cli("invoices", "list")
        self.assertEqual(errors.CONNECTION, code)
        self.assertIn("nothing was sent", self.assertOneErrorLine(err))

    def test_read_timeout_on_create(self):
        self.mock.post(INVOICES, exc=requests.ReadTimeout)
        code, _, err = self.create()
        self.assertEqual(errors.UNKNOWN_OUTCOME, code)
        self.assertEqual(1, len(self.mock.request_history))
        line = self.assertOneErrorLine(err)
        self.assertIn("outcome is unknown", line)

    def test_dropped_connection_on_create(self):
        self.mock.post(INVOICES, exc=dropped())
        code, _, err = self.create()
        self.assertEqual(errors.UNKNOWN_OUTCOME, code)
        self.assertEqual(1, len(self.mock.request_history))
        self.assertOneErrorLine(err)

    def test_dropped_connection_on_list_is_retried(self):
        self.mock.get(INVOICES, [{"exc": dropped()}, {"json": [{"id": 3}]}])
        code, out, err = self.run_cli("invoices", "list", "-f", "value",
                                      "--columns", "id")
        self.assertEqual((0, "3\n", ""), (code, out, err))
        self.assertEqual(2, self.mock.call_count)

    def test_interrupting_a_create_warns_that_it_may_have_happened(self):
        self.mock.post(INVOICES, exc=KeyboardInterrupt)
        code, _, err = self.create()
        self.assertEqual(errors.INTERRUPTED, code)
        self.assertIn("interrupted while POST /api/v1/invoices was in "
                      "flight", err)

    def test_interrupting_a_list_says_nothing_more(self):
        self.mock.get(INVOICES, exc=KeyboardInterrupt)
        code, _, err = self.run_cli("invoices", "list")
        self.assertEqual(errors.INTERRUPTED, code)
        self.assertNotIn("in flight", err)

    def test_retries_are_logged_only_with_verbose(self):
        responses = [{"status_code": 503}, {"json": []}]
        self.mock.get(INVOICES, responses)
        code, _, err = self.run_cli("invoices", "list", "-o", "json")
        self.assertEqual((0, ""), (code, err))
        self.mock.get(INVOICES, responses)
        code, _, err = self.run_cli("-v", "invoices", "list")
        self.assertEqual(0, code)
        self.assertIn("HTTP 503; retrying in", err)
