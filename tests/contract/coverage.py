"""The manifest against the documented endpoints and the allow-lists.

Paths are compared with every ``{...}`` read as ``{}``: ``{id}``,
``{fileId}`` and ``{commentId}`` are all one id.
"""

import csv
import re

from tests.contract.manifest import HERE

DOCUMENTED = HERE / "documented_endpoints.csv"
ALLOWED_UNDOCUMENTED = HERE / "allowed_undocumented.csv"
ALLOWED_UNREACHABLE = HERE / "allowed_unreachable.csv"
NOT_YET = "not yet reachable: "


def key(method, path):
    """``("GET", "/invoices/{}")``: how two endpoints are compared."""
    return method.upper(), re.sub(r"\{[^}]*\}", "{}", path.rstrip("/"))


def read_rows(path):
    with open(path, newline="", encoding="utf-8") as stream:
        return list(csv.DictReader(stream))


def documented():
    """``{key: row}`` of every documented endpoint."""
    return {key(row["method"], row["path"]): row
            for row in read_rows(DOCUMENTED)}


def allowed(path):
    """``{key: reason}`` of an allow-list (method, path, reason)."""
    return {key(row["method"], row["path"]): row["reason"].strip()
            for row in read_rows(path)}


def sent(entries):
    """``{key: [commands]}`` of every request in the manifest."""
    found = {}
    for entry in entries:
        found.setdefault(key(entry["method"], entry["path"]),
                         []).append(entry["command"])
    return found


def reachable(entries):
    docs = documented()
    return sorted(set(docs) & set(sent(entries)))


def summary(entries):
    docs = documented()
    return (f"{len(reachable(entries))} of {len(docs)} documented "
            "endpoints reachable")


def undocumented(entries):
    """Requests no source documents: ``[(key, commands)]``."""
    docs = documented()
    return sorted((found, commands) for found, commands
                  in sent(entries).items() if found not in docs)


def unreachable(entries):
    """Documented endpoints no command reaches."""
    requests = sent(entries)
    return sorted(found for found in documented() if found not in requests)


def show(found):
    method, path = found
    return f"{method} {path}"
