"""Resetting a sandbox database and describing what it holds."""

import os
import sqlite3

from alegra.i18n import N_, _
from alegra.sandbox import app, countries, schema, seeding

SIDE_FILES = ("", "-wal", "-shm", "-journal")
SHOWN = ("contacts", "items", "invoices", "payments", "credit-notes",
         "bills", "estimates", "bank-accounts", "webhook-subscriptions")
# The status lines' labels, translated where shown.
LABELS = {"contacts": N_("contacts"), "items": N_("items"),
          "invoices": N_("invoices"), "payments": N_("payments"),
          "credit-notes": N_("credit-notes"), "bills": N_("bills"),
          "estimates": N_("estimates"),
          "bank-accounts": N_("bank-accounts"),
          "webhook-subscriptions": N_("webhook-subscriptions")}


def reset(db_path, country=None):
    """Give ``db_path`` a fresh demo company; returns its country.

    A database this sandbox can read is emptied and reseeded in one
    transaction, so servers using it see the new data at once; anything
    else at that path (an unknown schema, a damaged file) is replaced.
    """
    code = countries.normalize(country) if country else None
    if os.path.exists(db_path):
        try:
            store, current = app.open_store(db_path)
        except (schema.SchemaError, sqlite3.DatabaseError):
            for suffix in SIDE_FILES:
                if os.path.exists(db_path + suffix):
                    os.remove(db_path + suffix)
        else:
            chosen = countries.get(code or current.code)
            with store.session(write=True) as session:
                for table in ("records", "ledger", "sequences",
                              "fiscal_documents", "meta"):
                    session.conn.execute(f"DELETE FROM {table}")
                seeding.initialize(session, chosen, store.resources)
            return chosen
    return app.open_store(db_path, code or "co")[1]


def status(store, country):
    """``(label, value)`` lines describing the database."""
    with store.session() as session:
        conn = session.conn
        counts = dict(conn.execute(
            "SELECT resource, count(*) FROM records WHERE deleted = 0 "
            "GROUP BY resource"))
        by_status = conn.execute(
            "SELECT status, count(*) FROM records WHERE resource = "
            "'invoices' GROUP BY status ORDER BY status").fetchall()
        fiscal = conn.execute(
            "SELECT count(*) FROM fiscal_documents").fetchone()[0]
        lines = [
            (_("database"), store.path),
            (_("size"), f"{os.path.getsize(store.path) / 1024:.0f} KiB"),
            (_("country"), f"{country.name} ({country.code}, "
                           "applicationVersion "
                           f"{country.application_version})"),
            (_("schema version"), schema.version_of(conn)),
            (_("created"), session.meta("created_at", _("unknown"))),
        ]
    for resource in SHOWN:
        value = counts.get(resource, 0)
        if resource == "invoices" and by_status:
            value = f"{value} (" + ", ".join(
                f"{count} {status}" for status, count in by_status) + ")"
        lines.append((_(LABELS[resource]), value))
    lines.append((_("fiscal documents issued"), fiscal))
    return lines
