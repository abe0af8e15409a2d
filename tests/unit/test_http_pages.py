"""The HTTP client's pagination and counts, with a Client built
directly against requests-mock.
"""

import inspect

from alegra import errors
from tests.unit.httpfakes import (
    INVOICES,
    ClientTestCase,
    query_of,
    records,
)


class TestPaginate(ClientTestCase):
    def test_is_lazy(self):
        self.mock.get(INVOICES, json=records(0, 30))
        walk = self.client().paginate("invoices")
        self.assertTrue(inspect.isgenerator(walk))
        self.assertFalse(self.mock.called)
        next(walk)
        self.assertEqual(1, self.mock.call_count)

    def test_stops_on_a_short_page(self):
        self.mock.get(INVOICES, [{"json": records(0, 30)},
                                 {"json": records(30, 30)},
                                 {"json": records(60, 2)}])
        found = list(self.client().paginate("invoices"))
        self.assertEqual(list(range(62)), [r["id"] for r in found])
        self.assertEqual(
            [{"start": "0", "limit": "30"}, {"start": "30", "limit": "30"},
             {"start": "60", "limit": "30"}],
            [query_of(r) for r in self.mock.request_history])

    def test_max_items_asks_only_for_what_is_missing(self):
        self.mock.get(INVOICES, [{"json": records(0, 30)},
                                 {"json": records(30, 15)}])
        found = list(self.client().paginate("invoices", max_items=45))
        self.assertEqual(45, len(found))
        self.assertEqual(["30", "15"], [query_of(r)["limit"]
                                        for r in self.mock.request_history])

    def test_a_server_ignoring_limit_is_cut_to_size(self):
        self.mock.get(INVOICES, json=records(0, 50))
        found = list(self.client().paginate("invoices", max_items=10))
        self.assertEqual(10, len(found))

    def test_the_same_page_twice_stops_the_walk(self):
        self.mock.get(INVOICES, json=records(0, 30))
        walk = self.client().paginate("invoices")
        error = self.assertRaises(errors.PartialFailure, list, walk)
        self.assertIn("a page seen before at start=30", str(error))
        self.assertEqual(2, self.mock.call_count)

    def test_filters_are_kept_on_every_page(self):
        self.mock.get(INVOICES, [{"json": records(0, 30)}, {"json": []}])
        list(self.client().paginate("invoices", {"status": "open"}))
        self.assertEqual(["open", "open"],
                         [query_of(r)["status"]
                          for r in self.mock.request_history])

    def test_wrapped_lists(self):
        for key in ("data", "results", "rows", "subscriptions"):
            self.mock.get(INVOICES, json={key: records(0, 2),
                                          "metadata": {"total": 2}})
            self.assertEqual(2, len(list(
                self.client().paginate("invoices"))), key)

    def test_an_unexpected_shape_is_an_error(self):
        self.mock.get(INVOICES, json={"id": 1})
        self.assertRaises(errors.APIError, list,
                          self.client().paginate("invoices"))


class TestCount(ClientTestCase):
    def test_reads_the_metadata_total(self):
        self.mock.get(INVOICES, json={"metadata": {"total": 1234},
                                      "data": records(0, 1)})
        self.assertEqual(1234, self.client().count("invoices"))
        self.assertEqual({"metadata": "true", "start": "0", "limit": "1"},
                         query_of(self.mock.last_request))

    def test_a_string_total(self):
        self.mock.get(INVOICES, json={"metadata": {"total": "4"},
                                      "data": records(0, 1)})
        self.assertEqual(4, self.client().count("invoices"))

    def test_a_top_level_total(self):
        self.mock.get(INVOICES, json={"total": "4",
                                      "results": records(0, 1)})
        self.assertEqual(4, self.client().count("invoices"))

    def test_counts_pages_when_no_total_comes_back(self):
        self.mock.get(INVOICES, [{"json": records(0, 1)},
                                 {"json": records(0, 30)},
                                 {"json": records(30, 30)},
                                 {"json": records(60, 5)}])
        self.assertEqual(65, self.client().count("invoices"))
        walked = [query_of(r) for r in self.mock.request_history[1:]]
        self.assertNotIn("metadata", walked[0])
        self.assertEqual(["0", "30", "60"], [q["start"] for q in walked])

    def test_a_zero_total_contradicted_by_records_is_not_trusted(self):
        self.mock.get(INVOICES, [{"json": {"total": 0,
                                           "data": records(0, 1)}},
                                 {"json": records(0, 3)}])
        self.assertEqual(3, self.client().count("invoices"))

    def test_a_true_zero(self):
        self.mock.get(INVOICES, json={"metadata": {"total": 0}, "data": []})
        self.assertEqual(0, self.client().count("invoices"))
        self.assertEqual(1, self.mock.call_count)
