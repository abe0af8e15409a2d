"""Tables fitted to a width, and the hint for a refused draft."""

import io
import json

import requests
import testtools

from alegra.http import failures
from alegra.output import fitting


class TestFit(testtools.TestCase):

    def test_a_table_that_fits_is_untouched(self):
        kept, widths = fitting.fit(["id", "name"], [["1", "Acme"]], 80)
        self.assertEqual(([0, 1], [2, 4]), (kept, widths))

    def test_text_shrinks_before_numbers_and_dates(self):
        rows = [["1", "A very long client name indeed", "2026-10-07",
                 "374731.00"]]
        kept, widths = fitting.fit(["id", "client", "date", "total"], rows,
                                   45)
        self.assertEqual([0, 1, 2, 3], kept)
        self.assertEqual([2, 10, 9], [widths[0], widths[2], widths[3]])
        self.assertLessEqual(fitting.table_width(widths), 45)
        self.assertEqual("A very l…", fitting.shorten(rows[0][1], 9))

    def test_lowest_priority_columns_go_first(self):
        rows = [["1", "2026-10-07", "2026-11-06", "374731.00"]]
        kept, widths = fitting.fit(["id", "date", "due", "total"], rows,
                                   34, priority=[0, 3, 1, 2])
        self.assertEqual([0, 1, 3], kept)

    def test_without_priority_nothing_is_left_out(self):
        rows = [["2026-10-07", "2026-11-06", "374731.00"]]
        kept, widths = fitting.fit(["a", "b", "c"], rows, 20)
        self.assertEqual([0, 1, 2], kept)

    def test_wide_characters_count_two(self):
        self.assertEqual(4, fitting.width("日本"))
        self.assertEqual(5, fitting.width("Gómez"))

    def test_width_from_columns_variable(self):
        self.assertEqual(
            123, fitting.terminal_width(io.StringIO(), {"COLUMNS": "123"}))


class TestDraftHint(testtools.TestCase):

    def answer(self, status, message):
        response = requests.Response()
        response.status_code = status
        response._content = json.dumps(
            {"code": 3062, "message": message}).encode()
        response.headers["Content-Type"] = "application/json"
        return response

    def test_a_refused_draft_points_at_emit(self):
        error = failures.http_error("POST", self.answer(
            400, "La factura 12 está en borrador"))
        self.assertIn("alegra invoices emit", error.hint)
        self.assertNotIn("--dry-run", error.hint)

    def test_other_refusals_keep_the_dry_run_hint(self):
        error = failures.http_error("POST", self.answer(400, "bad date"))
        self.assertIn("--dry-run", error.hint)
