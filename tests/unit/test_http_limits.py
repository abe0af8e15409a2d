"""Bounds on answers: their size, their deadline, their redirects, the
walks they drive, and what an error answer that is not Alegra's says."""

import gzip
import io
import time

import fixtures
import requests

from alegra import errors
from alegra.http import limits
from tests.unit.base import BASE
from tests.unit.httpfakes import (
    EXPECTED_AUTH, INVOICE, INVOICES, ClientTestCase, CLITestCase, dropped,
    records,
)

MIB = 1024 * 1024


def slow(seconds, exc=None, json=None):
    """A requests-mock callback that takes ``seconds`` of real time."""

    def answer(request, context):
        time.sleep(seconds)
        if exc is not None:
            raise exc
        return json

    return answer


class TestSizes(ClientTestCase):

    def test_parse_size(self):
        self.assertEqual(1024, limits.parse_size("1024"))
        self.assertEqual(512 * 1024, limits.parse_size("512K"))
        self.assertEqual(10 * MIB, limits.parse_size("10M"))
        self.assertEqual(10 * MIB, limits.parse_size("10 mib"))
        self.assertEqual(2 * 1024 * MIB, limits.parse_size("2G"))
        for wrong in ("", "0", "-1", "1.5M", "ten", "10X", "M"):
            self.assertIsNone(limits.parse_size(wrong), wrong)

    def test_size_text(self):
        self.assertEqual("64 MiB", limits.size_text(64 * MIB))
        self.assertEqual("512 KiB", limits.size_text(512 * 1024))
        self.assertEqual("1000 bytes", limits.size_text(1000))

    def test_an_answer_at_the_cap_is_read(self):
        self.mock.get(INVOICES, text="[" + " " * 98 + "]")
        self.assertEqual([], self.client(max_response=100).get("invoices"))

    def test_an_answer_past_the_cap_is_refused(self):
        self.mock.get(INVOICES, text="[" + " " * 99 + "]")
        error = self.assertRaises(errors.APIError,
                                  self.client(max_response=100).get,
                                  "invoices")
        self.assertIn("larger than 100 bytes", str(error))
        self.assertIn("ALEGRA_MAX_RESPONSE", str(error))
        self.assertEqual(1, self.mock.call_count)  # never retried

    def test_a_gzip_bomb_is_refused_once_inflated_past_the_cap(self):
        bomb = gzip.compress(b"[" + b" " * (4 * MIB) + b"]", 9)
        self.assertLess(len(bomb), 16 * 1024)
        self.mock.get(INVOICES, body=io.BytesIO(bomb),
                      headers={"Content-Encoding": "gzip"})
        error = self.assertRaises(errors.APIError,
                                  self.client(max_response=MIB).get,
                                  "invoices")
        self.assertIn("larger than 1 MiB", str(error))

    def test_a_gzip_answer_under_the_cap_is_decoded(self):
        self.mock.get(INVOICES, body=io.BytesIO(gzip.compress(b'[{"id":1}]')),
                      headers={"Content-Encoding": "gzip"})
        self.assertEqual([{"id": 1}], self.client().get("invoices"))

    def test_an_error_answer_past_the_cap_is_refused_too(self):
        self.mock.get(INVOICES, status_code=400, text="x" * 200)
        error = self.assertRaises(errors.APIError,
                                  self.client(max_response=100).get,
                                  "invoices")
        self.assertIn("larger than 100 bytes", str(error))

    def test_a_post_past_the_cap_says_it_was_accepted(self):
        self.mock.post(INVOICES, status_code=201, text="{" + " " * 200 + "}")
        error = self.assertRaises(errors.APIError,
                                  self.client(max_response=100).post,
                                  "invoices", INVOICE)
        self.assertIn("HTTP 201: the request was accepted", str(error))

    def test_memory_error_becomes_one_line(self):
        def exhausted(*args, **kwargs):
            raise MemoryError()

        self.useFixture(fixtures.MonkeyPatch("alegra.jsonio.loads",
                                             exhausted))
        self.mock.get(INVOICES, text="[]")
        error = self.assertRaises(errors.APIError, self.client().get,
                                  "invoices")
        self.assertIn("too large to hold in memory", str(error))


class TestDeadline(ClientTestCase):

    def test_a_get_past_its_deadline_is_a_connection_failure(self):
        self.mock.get(INVOICES, json=slow(0.3, exc=requests.ReadTimeout))
        error = self.assertRaises(errors.ConnectionFailed,
                                  self.client(timeout=(1.0, 0.2)).get,
                                  "invoices")
        self.assertIn("no whole answer from api.alegra.com within 0.2 s",
                      str(error))
        self.assertIn("raise --timeout", str(error))
        self.assertEqual(1, self.mock.call_count)  # no time left to retry

    def test_a_post_past_its_deadline_is_an_unknown_outcome(self):
        self.mock.post(INVOICES, json=slow(0.3, exc=requests.ReadTimeout))
        error = self.assertRaises(errors.UnknownOutcome,
                                  self.client(timeout=(1.0, 0.2)).post,
                                  "invoices", INVOICE)
        self.assertIn("the outcome is unknown", str(error))
        self.assertIn("before sending it again", str(error))
        self.assertEqual(1, self.mock.call_count)

    def test_a_put_past_its_deadline_is_safe_to_repeat(self):
        self.mock.put(f"{INVOICES}/1", json=slow(0.3, exc=dropped()))
        error = self.assertRaises(errors.UnknownOutcome,
                                  self.client(timeout=(1.0, 0.2)).put,
                                  "invoices/1", {"a": 1})
        self.assertIn("running it again is safe", str(error))

    def test_a_refused_connection_is_still_nothing_sent(self):
        from tests.unit.httpfakes import refused

        self.mock.get(INVOICES, json=slow(0.3, exc=refused()))
        error = self.assertRaises(errors.ConnectionFailed,
                                  self.client(timeout=(1.0, 0.2)).get,
                                  "invoices")
        self.assertIn("nothing was sent", str(error))

    def test_retries_share_what_is_left_of_the_deadline(self):
        self.mock.get(INVOICES, [{"json": slow(0.2, exc=dropped())},
                                 {"json": []}])
        self.client(timeout=(3.0, 5.0)).get("invoices")
        first, second = [r.timeout for r in self.mock.request_history]
        self.assertEqual((3.0, 5.0), first)
        self.assertLessEqual(second[1], 4.8)
        self.assertGreater(second[1], 4.0)

    def test_a_slow_request_is_noted_once(self):
        notes = []
        client = self.client(note=notes.append)
        client.note_after = 0.05
        self.mock.get(INVOICES, [{"json": slow(0.15, exc=dropped())},
                                 {"json": slow(0.15, json=[])}])
        self.assertEqual([], client.get("invoices"))
        self.assertEqual(["Waiting for api.alegra.com (0 s so far)..."],
                         notes)

    def test_a_quick_request_is_not_noted(self):
        notes = []
        self.mock.get(INVOICES, json=[])
        self.client(note=notes.append).get("invoices")
        self.assertEqual([], notes)

    def test_the_watch_marks_an_expired_deadline(self):
        notes = limits.Notes("host", None)
        with limits.Watch(time.monotonic() + 0.05, notes) as watch:
            for _ in range(100):  # at most a second
                if watch.expired:
                    break
                time.sleep(0.01)
        self.assertTrue(watch.expired)


class TestRedirects(ClientTestCase):

    def test_redirect_problems(self):
        problem = limits.redirect_problem
        here = "https://api.alegra.com/api/v1/invoices"
        self.assertIsNone(problem(here, "https://api.alegra.com/api/v2/x"))
        self.assertIsNone(problem("http://h/a", "https://h/b"))
        self.assertIsNone(problem("http://h:8080/a", "http://h:8080/b"))
        self.assertEqual("from https down to plain http",
                         problem(here, "http://api.alegra.com/api/v1/x"))
        self.assertEqual("to another host",
                         problem(here, "https://evil.example/api/v1/x"))
        self.assertEqual("to another port",
                         problem(here, "https://api.alegra.com:8443/x"))
        self.assertEqual("not an http(s) address",
                         problem(here, "file:///etc/passwd"))
        self.assertEqual("not a valid address",
                         problem(here, "https://api.alegra.com:99999/x"))

    def test_a_same_host_redirect_is_followed_with_the_credentials(self):
        moved = f"{BASE}/invoices-moved"
        self.mock.get(INVOICES, status_code=301,
                      headers={"Location": "/api/v1/invoices-moved"})
        self.mock.get(moved, json=[{"id": 1}])
        self.assertEqual([{"id": 1}], self.client().get("invoices"))
        self.assertEqual(EXPECTED_AUTH,
                         self.mock.last_request.headers["Authorization"])

    def test_https_to_http_is_not_followed(self):
        plain = "http://api.alegra.com/api/v1/invoices"
        self.mock.get(INVOICES, status_code=302, headers={"Location": plain})
        self.mock.get(plain, json=[])
        error = self.assertRaises(errors.APIError, self.client().get,
                                  "invoices")
        self.assertIn("from https down to plain http", str(error))
        self.assertIn("credentials were not sent", str(error))
        self.assertEqual([INVOICES],
                         [r.url for r in self.mock.request_history])

    def test_another_host_is_not_followed(self):
        other = "https://collector.example/steal"
        self.mock.get(INVOICES, status_code=307, headers={"Location": other})
        self.mock.get(other, json=[])
        error = self.assertRaises(errors.APIError, self.client().get,
                                  "invoices")
        self.assertIn("to another host", str(error))
        self.assertEqual(1, self.mock.call_count)

    def test_a_redirect_loop_stops(self):
        self.mock.get(INVOICES, status_code=302,
                      headers={"Location": INVOICES})
        error = self.assertRaises(errors.APIError, self.client().get,
                                  "invoices")
        self.assertIn("redirected more than 5 times", str(error))
        self.assertEqual(6, self.mock.call_count)

    def test_a_write_is_never_redirected(self):
        self.mock.post(INVOICES, status_code=307,
                       headers={"Location": f"{BASE}/elsewhere"})
        error = self.assertRaises(errors.APIError, self.client().post,
                                  "invoices", INVOICE)
        self.assertIn("nothing was changed", str(error))
        self.assertEqual(1, self.mock.call_count)


class TestWalkGuard(ClientTestCase):

    def test_a_walk_past_the_announced_total_stops(self):
        pages = [{"json": {"metadata": {"total": 60},
                           "data": records(30 * n, 30)}}
                 for n in range(10)]
        self.mock.get(INVOICES, pages)
        walk = self.client().paginate("invoices")
        got = []
        error = self.assertRaises(errors.PartialFailure,
                                  lambda: got.extend(walk))
        self.assertEqual(120, len(got))
        self.assertIn("stopped after 120 records", str(error))
        self.assertIn("announced 60", str(error))
        self.assertEqual(5, self.mock.call_count)

    def test_a_total_that_grows_a_little_is_fine(self):
        pages = [{"json": {"metadata": {"total": 60},
                           "data": records(30 * n, 30)}} for n in range(3)]
        self.mock.get(INVOICES, pages + [{"json": {"data": []}}])
        self.assertEqual(90, len(list(self.client().paginate("invoices"))))

    def test_an_earlier_page_again_stops_the_walk(self):
        self.mock.get(INVOICES, [{"json": records(0, 30)},
                                 {"json": records(30, 30)},
                                 {"json": records(0, 30)}])
        got = []
        error = self.assertRaises(
            errors.PartialFailure,
            lambda: got.extend(self.client().paginate("invoices")))
        self.assertEqual(60, len(got))
        self.assertIn("a page seen before at start=60", str(error))

    def test_pages_without_ids_are_told_apart_by_content(self):
        page = [{"name": f"n{n}"} for n in range(30)]
        self.mock.get(INVOICES, json=page)
        self.assertRaises(errors.PartialFailure, list,
                          self.client().paginate("invoices"))
        self.assertEqual(2, self.mock.call_count)


class TestPlainWords(ClientTestCase):

    def test_a_bare_414_page_says_what_it_means(self):
        self.mock.get(INVOICES, status_code=414, reason="URI Too Long",
                      text="<html><title>Error response</title></html>")
        error = self.assertRaises(errors.APIError, self.client().get,
                                  "invoices")
        self.assertEqual(
            "the request is too long for the server (HTTP 414) (use fewer "
            "or shorter filters and ids)", str(error))

    def test_the_servers_own_words_are_kept_when_they_say_more(self):
        self.mock.get(INVOICES, status_code=413, text="limit is 1 MB")
        error = self.assertRaises(errors.APIError, self.client().get,
                                  "invoices")
        self.assertIn("too large for the server (HTTP 413): limit is 1 MB",
                      str(error))

    def test_alegras_json_error_is_shown_as_it_is(self):
        self.mock.get(INVOICES, status_code=414,
                      json={"code": 414, "message": "Demasiado largo"})
        error = self.assertRaises(errors.APIError, self.client().get,
                                  "invoices")
        self.assertIn("HTTP 414: Demasiado largo", str(error))

    def test_a_proxy_502_on_a_post_is_still_unknown(self):
        self.mock.post(INVOICES, status_code=502, reason="Bad Gateway",
                       text="<html><title>502 Bad Gateway</title></html>")
        error = self.assertRaises(errors.UnknownOutcome, self.client().post,
                                  "invoices", INVOICE)
        self.assertIn("no valid answer from it (HTTP 502)", str(error))
        self.assertIn("outcome is unknown", str(error))


class TestTimeoutSetting(CLITestCase):

    def read_timeout(self, *argv, env=None):
        self.mock.get(INVOICES, json=[])
        code, out, err = self.run_cli(*argv, "invoices", "list", env=env)
        self.assertEqual(0, code, err)
        return self.mock.last_request.timeout[1]

    def test_precedence(self):
        self.write_settings("settings:\n  timeout: 15\n"
                            "profiles:\n  default:\n    timeout: 20\n")
        self.assertEqual(20.0, self.read_timeout())
        env = {"ALEGRA_TIMEOUT": "25"}
        self.assertEqual(25.0, self.read_timeout(env=env))
        self.assertEqual(30.0, self.read_timeout("--timeout", "30", env=env))

    def test_the_default_is_sixty_seconds(self):
        self.assertEqual(60.0, self.read_timeout())

    def test_a_wrong_timeout_is_a_usage_error(self):
        for argv, env, where in (
                (["--timeout", "0"], {}, "--timeout '0'"),
                (["--timeout", "soon"], {}, "--timeout 'soon'"),
                ([], {"ALEGRA_TIMEOUT": "-3"}, "ALEGRA_TIMEOUT='-3'")):
            code, out, err = self.run_cli(*argv, "invoices", "list",
                                          env=env)
            self.assertEqual(2, code, err)
            line = self.assertOneErrorLine(err)
            self.assertIn(f"{where} is not a positive number", line)
        self.assertEqual(0, self.mock.call_count)

    def test_a_wrong_max_response_is_a_usage_error(self):
        code, out, err = self.run_cli(
            "invoices", "list", env={"ALEGRA_MAX_RESPONSE": "lots"})
        self.assertEqual(2, code, err)
        self.assertIn("ALEGRA_MAX_RESPONSE='lots' is not a size",
                      self.assertOneErrorLine(err))

    def test_max_response_from_the_environment(self):
        self.mock.get(INVOICES, text="[" + " " * 2048 + "]")
        code, out, err = self.run_cli(
            "invoices", "list", env={"ALEGRA_MAX_RESPONSE": "1K"})
        self.assertEqual(1, code, err)
        self.assertIn("larger than 1 KiB", self.assertOneErrorLine(err))

    def test_an_unparsable_base_url_is_a_usage_error(self):
        code, out, err = self.run_cli("--base-url", "http://[::1",
                                      "invoices", "list")
        self.assertEqual(2, code, err)
        self.assertIn("'http://[::1' is not a valid URL",
                      self.assertOneErrorLine(err))
