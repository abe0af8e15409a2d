"""Alegra's rate-limit window, remembered from one invocation to the next.

A shell loop runs alegra many times, and each process would otherwise start
knowing nothing of the quota and meet the 429 it could have seen coming.
The pacer's view (limit, remaining, when the window resets) is saved per
account when a command ends, and read back by the next one while that
window lasts.
"""

import hashlib
import json
import time

from alegra.local.config import write_private, xdg_dir


def state_file(environ=None):
    return xdg_dir("XDG_STATE_HOME", environ) / "ratelimit.json"


def account_key(base_url, email):
    return hashlib.sha256(f"{base_url}\n{email}".encode()).hexdigest()[:24]


def _read(path):
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def restore(pacer, key, environ=None, now=None):
    """Give ``pacer`` the window a previous invocation saw, if still open."""
    now = time.time() if now is None else now
    entry = _read(state_file(environ)).get(key)
    if not isinstance(entry, dict):
        return
    try:
        left = float(entry["resets_at"]) - now
        remaining = int(entry["remaining"])
        limit = int(entry["limit"]) if entry.get("limit") else None
    except (KeyError, TypeError, ValueError):
        return
    if 0 < left <= 3600:
        pacer.limit = limit
        pacer.remaining = remaining
        pacer.resets_at = pacer.clock() + left


def save(pacer, key, environ=None, now=None):
    """Record the pacer's window for the next invocation (best effort)."""
    if pacer.remaining is None or pacer.resets_at is None:
        return
    now = time.time() if now is None else now
    resets_at = now + max(0.0, pacer.resets_at - pacer.clock())
    path = state_file(environ)
    data = {name: entry for name, entry in _read(path).items()
            if isinstance(entry, dict)
            and float(entry.get("resets_at", 0)) > now}
    data[key] = {"limit": pacer.limit, "remaining": pacer.remaining,
                 "resets_at": round(resets_at, 3)}
    try:
        write_private(path, json.dumps(data))
    except OSError:
        pass
