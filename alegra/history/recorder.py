"""What one write becomes in the history: an entry without secrets.

The body is never kept, only its SHA-256 and size; the id is the one
Alegra gave a created object, or the one in the path of an update, a
delete or an action, always as text (numeric, or a UUID).
"""

import hashlib
import re
import urllib.parse

from alegra import errors

MESSAGE_LIMIT = 200
_UUID = re.compile(r"[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}\Z")


def body_digest(payload):
    if payload is None:
        return None
    return {"sha256": hashlib.sha256(payload).hexdigest(),
            "bytes": len(payload)}


def split_path(path):
    """``(path without query, resource, id in the path or None)``."""
    path = urllib.parse.urlsplit(path).path.strip("/")
    parts = path.split("/")
    resource = parts[0] if parts else ""
    identifier = None
    for part in parts[1:]:
        if (part.isascii() and part.isdigit()) or _UUID.match(part):
            identifier = part
            break
        if resource == "currencies" and len(part) == 3:
            identifier = urllib.parse.unquote(part)
            break
    return path, resource, identifier


def answer_id(answer):
    """The id of the object an answer describes, bare or wrapped once,
    as text."""
    if isinstance(answer, dict):
        if answer.get("id") is not None:
            return str(answer["id"])
        inner = [value for value in answer.values() if isinstance(value, dict)
                 and value.get("id") is not None]
        if len(inner) == 1:
            return str(inner[0]["id"])
    return None


def short(message):
    text = " ".join(str(message).split())
    return text if len(text) <= MESSAGE_LIMIT else text[:MESSAGE_LIMIT] + "…"


class Watch:
    def __init__(self, run, client, method, path, payload):
        self.run = run
        self.method = method
        self.path, self.resource, self.path_id = split_path(path)
        self.common = {
            "account": client.email,
            "api": urllib.parse.urlsplit(client.base_url).netloc,
            "method": method, "path": self.path, "resource": self.resource,
            "body": body_digest(payload),
        }

    def __enter__(self):
        return self

    def done(self, response, answer):
        identifier = self.path_id
        if identifier is None or self.method == "POST":
            identifier = answer_id(answer) or identifier
        self._record(status=response.status_code, outcome="sent",
                     id=identifier)
        return answer

    def __exit__(self, kind, exc, traceback):
        if exc is None:
            return False
        status = getattr(exc, "status", None)
        if isinstance(exc, errors.UnknownOutcome) or (
                isinstance(exc, KeyboardInterrupt) and self.method == "POST"):
            outcome = "unknown"
        elif status is not None and 400 <= status < 500:
            outcome = "refused"
        else:
            outcome = "failed"
        self._record(status=status, outcome=outcome, id=self.path_id,
                     error=short(exc) or type(exc).__name__)
        return False

    def _record(self, **fields):
        try:
            self.run.record({**self.common, **fields})
        except Exception as exc:  # never the reason a write fails
            warn(self.run, exc)


def is_refusal(error):
    """A write refused before it was sent: validation or confirmation."""
    if isinstance(error, errors.ValidationError):
        return True
    if isinstance(error, errors.UsageError):
        if getattr(error, "code", None) == "refused":  # any language
            return True
        message = getattr(error, "message", str(error))
        return message.startswith(("cancelled", "refusing to"))
    return False


def target(cmd, parsed_args):
    """``(method, path)`` a write command would have sent, or None."""
    write_target = getattr(cmd, "write_target", None)  # plain cliff: None
    return write_target(parsed_args) if callable(write_target) else None


def warn(run, exc):
    from alegra.i18n import _
    from alegra.output.terminal import for_terminal

    stderr = getattr(run.app, "stderr", None)
    if stderr is not None:
        stderr.write(for_terminal(stderr)(
            _("Warning: the history of writes could not be written: "
              "{error}").format(error=exc)) + "\n")


def finish_quietly(run, result, error):
    """:func:`finish`, with a failure only warned about: the history never
    changes a command's outcome."""
    try:
        finish(run, result, error)
    except Exception as exc:
        warn(run, exc)


def finish(run, result, error):
    """Write the exit code of a run that wrote, or the entry of a write
    refused before it was sent."""
    if run.recorded:
        from alegra.history import journal

        journal.append_exit(run.environ, run.id, result)
        return
    if error is None or not is_refusal(error):
        return
    found = target(run.cmd, run.parsed_args)
    if found is None:
        return
    method, path = found
    path, resource, identifier = split_path(path)
    run.record({"method": method, "path": path, "resource": resource,
                "status": None, "outcome": "refused", "id": identifier,
                "error": short(error), "exit": result})
