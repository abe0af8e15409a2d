"""Ids as Alegra gives them: numeric text, and UUID v7 for new records.

Since 2025-01-06 Alegra answers every id as a string (``"id": "1"``), and
new records of more and more resources get a UUID v7 instead of the next
number. The store keeps integer keys: a record that gets a UUID gets a key
from one range shared by every resource (``UUID_BASE`` up), and its UUID
is kept beside it, so that any integer key found in an answer names one
UUID whatever resource it belongs to. Ids are translated only at the edge:
paths and body references are read in any form, answers are written in
the chosen one.

Formats: ``alegra`` (the default) answers numeric text, with UUIDs for
the records created through the API on or after the day their resource
switched (by the company's date); ``string`` answers numeric text only;
``uuid`` gives every record created through the API a UUID (seeded ones
keep numeric text); ``integer`` answers JSON numbers, as before 2025.
"""

import contextvars
import datetime
import os
import re
import secrets
import time

from alegra.i18n import _

FORMATS = ("alegra", "string", "uuid", "integer")
DEFAULT_FORMAT = "alegra"
ENVIRONMENT = "ALEGRA_SANDBOX_ID_FORMAT"

# The day new records of a resource began to get UUID v7 ids.
SWITCHES = {
    "inventory-adjustments": datetime.date(2025, 5, 10),
    "price-lists": datetime.date(2025, 5, 10),
    "warehouse-transfers": datetime.date(2025, 12, 1),
    "warehouses": datetime.date(2026, 1, 1),
    "sellers": datetime.date(2026, 4, 30),
    "estimates": datetime.date(2026, 7, 30),
    "remissions": datetime.date(2026, 7, 30),
}

# Keys of UUID records; numeric ids never get this far.
UUID_BASE = 1 << 48
# SQLite's integers are 64-bit: no key is larger (nor any Alegra id).
MAX_KEY = 2 ** 63 - 1
# The key of a UUID no record has: it names nothing, so the reader of a
# reference to it answers as for any missing record.
NO_RECORD = 0
UUID_SEQUENCE = "uuid-keys"

_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-"
                   r"[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\Z")
# An "id" member of an object in compact JSON; inside a string its
# quotes would be escaped, so the brace or comma cannot come before it.
_ID_MEMBER = re.compile(r'(?<=[{,])"id":(\d+)(?=[,}])')

# The session of the request being served, for readers of references.
_ACTIVE = contextvars.ContextVar("alegra_sandbox_session", default=None)


def check_format(text):
    """``text`` as a known format; ValueError naming them otherwise."""
    value = (text or DEFAULT_FORMAT).strip().lower()
    if value not in FORMATS:
        raise ValueError(_("unknown id format {text!r}; the formats are "
                           "{formats}").format(text=text,
                                               formats=", ".join(FORMATS)))
    return value


def from_environment():
    return check_format(os.environ.get(ENVIRONMENT))


def uuid7(milliseconds=None, random_bytes=None):
    """A UUID v7 (RFC 9562): a 48-bit Unix time in milliseconds, the
    version, 12 random bits, the variant and 62 random bits."""
    if milliseconds is None:
        milliseconds = time.time_ns() // 1_000_000
    rest = int.from_bytes(random_bytes or secrets.token_bytes(10), "big")
    rand_a = (rest >> 68) & 0xFFF
    rand_b = rest & ((1 << 62) - 1)
    value = ((milliseconds & ((1 << 48) - 1)) << 80) | (0x7 << 76) | \
        (rand_a << 64) | (0b10 << 62) | rand_b
    text = f"{value:032x}"
    return "-".join((text[:8], text[8:12], text[12:16], text[16:20],
                     text[20:]))


def is_uuid(value):
    return isinstance(value, str) and _UUID.match(value) is not None


def takes_uuid(id_format, resource, today):
    """Whether a record of ``resource`` created on ``today`` (a date)
    gets a UUID."""
    if id_format == "uuid":
        return True
    switch = SWITCHES.get(resource)
    return id_format == "alegra" and switch is not None and today >= switch


class Policy:
    """How the ids of one sandbox are given: its format and its date."""

    def __init__(self, id_format, today):
        self.id_format = check_format(id_format)
        # today() -> the company's date, as a datetime.date
        self.today = today

    def takes_uuid(self, resource):
        if self.id_format in ("string", "integer"):
            return False
        return takes_uuid(self.id_format, resource, self.today())

    def encode(self, text, session):
        """The JSON ``text`` of an answer with its ids in this format (the
        integer format replaces only the UUID records' keys)."""
        as_text = self.id_format != "integer"
        keys = {int(match) for match in _ID_MEMBER.findall(text)}
        uuids = session.uuids_of(key for key in keys if key >= UUID_BASE)
        if not uuids and not as_text:
            return text

        def external(match):
            key = int(match.group(1))
            if key in uuids or as_text:
                return f'"id":"{uuids.get(key, key)}"'
            return match.group(0)
        return _ID_MEMBER.sub(external, text)


def activate(session):
    """Make ``session`` the one references are resolved in; returns the
    token for :func:`deactivate`."""
    return _ACTIVE.set(session)


def deactivate(token):
    _ACTIVE.reset(token)


def key_of(text):
    """The store key of the record whose UUID is ``text``; None when no
    record has it (or no request is being served)."""
    session = _ACTIVE.get()
    if session is None:
        return None
    return session.key_of_uuid(text.lower())


def uuid_key(text):
    """The store key of the UUID ``text``; NO_RECORD when none has it."""
    key = key_of(text)
    return NO_RECORD if key is None else key
