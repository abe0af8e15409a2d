"""Deciding whether a row whose create answer was lost exists after all.

A row in doubt (its POST went out, no answer came back) is looked up by
its natural key: the contact's identification number, the item's
reference, or the ``--key`` column. With a list filter for the key one
request per row does it; without one the whole list is read once and
indexed. Matches are checked on the records themselves, never trusted to
a free-text search, so a record that merely resembles the row is not
taken for it. When the server cannot be asked, the answer is "unknown".
"""

from alegra.errors import AlegraError

MISSING = "missing"
UNDECIDED = "undecided"


class Lookup:
    def __init__(self, client, path, key):
        self.client = client
        self.path = path
        self.key = key
        self._index = None

    def find(self, value):
        """The id of the record holding ``value``, ``MISSING``, or
        ``UNDECIDED`` (no key value, or the server could not be asked)."""
        if self.key is None or value is None:
            return UNDECIDED
        try:
            for record in self._candidates(value):
                if self.key.matches(record, value):
                    found = record.get("id")
                    return None if found is None else str(found)
        except AlegraError:
            return UNDECIDED
        return MISSING

    def _candidates(self, value):
        if self.key.param:
            return self.client.paginate(self.path, {self.key.param: value})
        if self._index is None:
            # Only what matches() reads is kept: the id and the key's field.
            tops = {name.split(".")[0] for name in self.key.fields}
            self._index = [
                {"id": record.get("id"),
                 **{top: record.get(top) for top in tops}}
                for record in self.client.paginate(self.path)
                if isinstance(record, dict)]
        return self._index
