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

from alegra.errors import UsageError
from alegra.local import statefile
from alegra.local.config import xdg_dir


def state_file(environ=None):
    return xdg_dir("XDG_STATE_HOME", environ) / "ratelimit.json"


def account_key(base_url, email):
    return hashlib.sha256(f"{base_url}\n{email}".encode()).hexdigest()[:24]


def _read(path):
    """The saved windows; anything unreadable (a folder or a FIFO in the
    file's place, text that is not JSON) is as good as none."""
    try:
        data = json.loads(statefile.read_text(path) or "{}")
    except (UsageError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _resets_at(entry):
    try:
        return float(entry["resets_at"])
    except (KeyError, TypeError, ValueError):
        return None


def restore(pacer, key, environ=None, now=None):
    """Give ``pacer`` the window a previous invocation saw, if still open."""
    now = time.time() if now is None else now
    entry = _read(state_file(environ)).get(key)
    if not isinstance(entry, dict):
        return
    try:
        remaining = int(entry["remaining"])
        limit = int(entry["limit"]) if entry.get("limit") else None
    except (KeyError, TypeError, ValueError, OverflowError):
        return
    left = (_resets_at(entry) or 0.0) - now
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
            if isinstance(entry, dict) and (_resets_at(entry) or 0.0) > now}
    data[key] = {"limit": pacer.limit, "remaining": pacer.remaining,
                 "resets_at": round(resets_at, 3)}
    try:
        statefile.write_text(path, json.dumps(data))
    except (OSError, UsageError):
        pass
