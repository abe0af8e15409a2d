"""Natural dates, and the date-range options of the lists."""

import datetime
import urllib.parse

import fixtures
import testtools

from alegra.inputs import dates
from tests.unit import base

TODAY = datetime.date(2026, 5, 31)  # a Sunday, the last day of a month


def span(text, today=TODAY):
    found = dates.parse(text, today)
    return found.first.isoformat(), found.last.isoformat()


class TestParse(testtools.TestCase):
    def test_a_calendar_day(self):
        self.assertEqual(("2026-06-30", "2026-06-30"), span("2026-06-30"))
        self.assertEqual(("2024-02-29", "2024-02-29"), span("2024-02-29"))

    def test_words_for_days(self):
        self.assertEqual(("2026-05-31",) * 2, span("today"))
        self.assertEqual(("2026-05-30",) * 2, span("Yesterday"))
        self.assertEqual(("2026-06-01",) * 2, span("tomorrow"))

    def test_months(self):
        self.assertEqual(("2026-05-01", "2026-05-31"), span("this-month"))
        self.assertEqual(("2026-04-01", "2026-04-30"), span("last-month"))
        self.assertEqual(("2025-12-01", "2025-12-31"),
                         span("last-month", datetime.date(2026, 1, 15)))
        self.assertEqual(("2024-02-01", "2024-02-29"),
                         span("this-month", datetime.date(2024, 2, 10)))

    def test_quarters_and_years(self):
        self.assertEqual(("2026-04-01", "2026-06-30"), span("this-quarter"))
        self.assertEqual(("2026-01-01", "2026-03-31"), span("last-quarter"))
        self.assertEqual(("2025-10-01", "2025-12-31"),
                         span("last-quarter", datetime.date(2026, 2, 1)))
        self.assertEqual(("2026-01-01", "2026-12-31"), span("this-year"))
        self.assertEqual(("2025-01-01", "2025-12-31"), span("last-year"))

    def test_some_time_ago(self):
        self.assertEqual(("2026-05-24",) * 2, span("7d"))
        self.assertEqual(("2026-05-17",) * 2, span("2w"))
        # 31 May minus three months is the last day of February.
        self.assertEqual(("2026-02-28",) * 2, span("3m"))
        self.assertEqual(("2025-05-31",) * 2, span("1y"))
        self.assertEqual(("2023-02-28",) * 2,
                         span("1y", datetime.date(2024, 2, 29)))

    def test_bad_input(self):
        for text in ("", "2026-02-30", "2026-13-01", "26-01-01", "next-month",
                     "this-weak", "7x", "-7d", "d", "yesterday2",
                     "2026/01/01", "1e3d"):
            self.assertRaises(ValueError, dates.parse, text, TODAY)

    def test_the_message_says_what_works(self):
        error = self.assertRaises(ValueError, dates.parse, "soon", TODAY)
        self.assertIn("'soon' is not a date", str(error))
        self.assertIn("this-month", str(error))
        error = self.assertRaises(ValueError, dates.parse, "2026-02-30")
        self.assertIn("not a calendar date", str(error))

    def test_query_values_keep_the_whole_span(self):
        month = dates.parse("last-month", TODAY)
        self.assertEqual("2026-03-31", dates.since(month))
        self.assertEqual("2026-05-01", dates.until(month))
        self.assertEqual("2026-04-30", dates.after(month))
        self.assertEqual("2026-04-01", dates.before(month))


class TestListOptions(base.APITestCase):
    def setUp(self):
        super().setUp()
        self.useFixture(fixtures.MonkeyPatch(
            "alegra.inputs.dates._today", lambda: datetime.date(2026, 6, 15)))

    def query(self, *argv):
        self.mock.get(self.url(argv[0]), json=[])
        code, out, err = self.run_cli(*argv)
        self.assertEqual(0, code, err)
        query = urllib.parse.parse_qs(
            urllib.parse.urlsplit(self.mock.last_request.url).query)
        return {key: value[0] for key, value in query.items()
                if key not in ("start", "limit")}

    def test_since_and_until_include_their_days(self):
        self.assertEqual(
            {"date_after": "2026-05-31", "date_before": "2026-07-01"},
            self.query("invoices", "list", "--since", "this-month",
                       "--until", "2026-06-30"))

    def test_since_some_days_ago(self):
        self.assertEqual({"date_after": "2026-06-07"},
                         self.query("payments", "list", "--since", "7d"))

    def test_raw_ranges_on_every_dated_resource(self):
        for resource in ("invoices", "bills", "estimates"):
            self.assertEqual(
                {"date_after": "2026-01-01", "date_before": "2026-06-30",
                 "dueDate_after": "2026-06-14",
                 "dueDate_before": "2026-07-01"},
                self.query(resource, "list", "--date-after", "2026-01-01",
                           "--date-before", "2026-06-30", "--due-after",
                           "yesterday", "--due-before", "2026-07-01"))
        self.assertEqual({"date_after": "2026-05-31"},
                         self.query("payments", "list", "--date-after",
                                    "last-month"))

    def test_a_single_date_filter_takes_words(self):
        self.assertEqual({"date": "2026-06-15"},
                         self.query("credit-notes", "list", "--date",
                                    "today"))

    def test_resources_without_ranges_have_no_range_options(self):
        code, out, err = self.run_cli("taxes", "list", "--since", "7d")
        self.assertEqual(2, code)
        code, out, err = self.run_cli("payments", "list", "--due-after",
                                      "7d")
        self.assertEqual(2, code)

    def test_a_bad_date_is_one_usage_line_and_no_request(self):
        code, out, err = self.run_cli("invoices", "list", "--since",
                                      "next-week")
        self.assertEqual(2, code)
        self.assertEqual(1, len(err.splitlines()), err)
        self.assertIn("'next-week' is not a date", err)
        self.assertFalse(self.mock.called)

    def test_since_and_date_after_together_are_refused(self):
        code, out, err = self.run_cli("invoices", "list", "--since", "7d",
                                      "--date-after", "2026-01-01")
        self.assertEqual(2, code)
        self.assertIn("--since and --date-after", err)
        self.assertFalse(self.mock.called)
