"""Walks of every page finish under transient faults, or say where they
stopped (issue 11, item 3); deletes and updates retried after a lost answer
report what happened (item 4)."""

import json

from alegra import errors
from tests.unit import base
from tests.unit.httpfakes import CLITestCase, dropped, records

CONTACTS = f"{base.BASE}/contacts"


def page(start, count=30):
    return {"json": records(start, count), "status_code": 200}


class TestWalkUnderFaults(CLITestCase):

    def walk_answers(self, failures):
        """Three pages (30, 30, 10), each first failing with ``failures``."""
        answers = {}
        for start, count in ((0, 30), (30, 30), (60, 10)):
            answers[start] = list(failures) + [page(start, count)]
        return answers

    def mock_walk(self, failures):
        answers = self.walk_answers(failures)

        def respond(request, context):
            start = int(request.qs["start"][0])
            answer = answers[start].pop(0)
            if "exc" in answer:
                raise answer["exc"]
            context.status_code = answer["status_code"]
            context.headers.update(answer.get("headers", {}))
            return json.dumps(answer.get("json", {"message": "x"}))

        self.mock.get(CONTACTS, text=respond)

    def check_complete(self, failures):
        self.mock_walk(failures)
        code, out, err = self.run_cli("contacts", "list", "--all",
                                      "-o", "json")
        self.assertEqual(0, code, err)
        self.assertEqual(list(range(70)), [r["id"] for r in json.loads(out)])

    def test_a_page_that_fails_many_times_is_resumed(self):
        failure = {"status_code": 503}
        self.check_complete([failure] * 6)

    def test_dropped_connections_many_times(self):
        self.check_complete([{"exc": dropped()}] * 6)

    def test_a_429_storm(self):
        storm = {"status_code": 429, "headers": {"Retry-After": "1"}}
        self.check_complete([storm] * 8)

    def test_a_walk_that_gives_up_says_where_to_resume(self):
        self.mock_walk([{"status_code": 503}] * 1000)
        code, out, err = self.run_cli(
            "contacts", "list", "--all", "-o", "json",
            env={"ALEGRA_RETRY_WAIT": "20"})
        self.assertEqual(errors.PARTIAL, code, err)
        line = self.assertOneErrorLine(err)
        self.assertIn("--start 0", line)
        self.assertIn("0 records", line)
        self.assertLessEqual(sum(self.slept), 20)

    def test_a_walk_that_gives_up_later(self):
        answers = self.walk_answers([])
        answers[30] = [{"status_code": 500}] * 1000

        def respond(request, context):
            answer = answers[int(request.qs["start"][0])].pop(0)
            context.status_code = answer["status_code"]
            return json.dumps(answer.get("json", {"message": "x"}))

        self.mock.get(CONTACTS, text=respond)
        code, out, err = self.run_cli(
            "contacts", "list", "--all", "-o", "csv", "-c", "id",
            env={"ALEGRA_RETRY_WAIT": "5"})
        self.assertEqual(errors.PARTIAL, code, err)
        self.assertIn("30 records", err)
        self.assertIn("--start 30", err)

    def test_zero_waits_never_retry_one_page_forever(self):
        self.mock_walk([{"status_code": 503}] * 1000)
        code, out, err = self.run_cli(
            "contacts", "list", "--all", "-o", "json",
            env={"ALEGRA_RETRY_BACKOFF": "0"})
        self.assertNotEqual(0, code, err)
        self.assertLessEqual(self.mock.call_count, 100)

    def test_a_zero_budget_gives_up_at_once(self):
        self.mock_walk([{"status_code": 503}] * 1000)
        code, out, err = self.run_cli(
            "contacts", "list", "--all", "-o", "json",
            env={"ALEGRA_RETRY_WAIT": "0", "ALEGRA_RETRY_BACKOFF": "0"})
        self.assertNotEqual(0, code, err)
        self.assertEqual(1, self.mock.call_count)

    def test_the_budget_must_be_a_number(self):
        code, out, err = self.run_cli("contacts", "list", "--all",
                                      env={"ALEGRA_RETRY_WAIT": "soon"})
        self.assertEqual(errors.USAGE, code, err)
        self.assertIn("ALEGRA_RETRY_WAIT", self.assertOneErrorLine(err))


class TestLostAnswers(CLITestCase):

    def test_delete_retried_after_a_lost_answer_then_404(self):
        self.mock.delete(f"{CONTACTS}/5", [
            {"exc": dropped()},
            {"status_code": 404,
             "json": {"code": 404, "message": "No existe"}}])
        code, out, err = self.run_cli("contacts", "delete", "5", "-y")
        self.assertEqual(0, code, err)
        self.assertIn("gone", err)
        self.assertIn("lost", err)

    def test_delete_404_at_once_is_still_not_found(self):
        self.mock.delete(f"{CONTACTS}/5", status_code=404,
                         json={"code": 404, "message": "No existe"})
        code, out, err = self.run_cli("contacts", "delete", "5", "-y")
        self.assertEqual(errors.NOT_FOUND, code, err)

    def test_update_retried_after_a_lost_answer_then_404(self):
        self.mock.put(f"{CONTACTS}/5", [
            {"exc": dropped()},
            {"status_code": 404,
             "json": {"code": 404, "message": "No existe"}}])
        code, out, err = self.run_cli("contacts", "update", "5", "-d",
                                      '{"name": "x"}')
        self.assertEqual(errors.NOT_FOUND, code, err)
        self.assertIn("lost", self.assertOneErrorLine(err))
