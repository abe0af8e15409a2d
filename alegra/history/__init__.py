"""The local history of writes: every request that can change data.

:func:`watch` is the observer the context gives each client, entered
around each request it sends, and the app
calls :func:`begin` once a command's arguments are parsed and :func:`end`
with its exit code. A write that is sent, refused by Alegra, refused before
sending (a declined confirmation, a failed validation) or left with an
unknown outcome becomes one JSON line of the journal (see
:mod:`alegra.history.journal`); dry runs send nothing and are not recorded.
Nothing here imports more than the standard library until a write happens.
"""

import threading

WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
DISABLED = ("0", "off", "no", "false")
# The sandbox's own controls (sandbox trigger) change no data.
UNRECORDED = ("sandbox/", "/sandbox/")

_current = threading.local()


class Run:
    """One command of one invocation (one per thread with --all-profiles)."""

    def __init__(self, app, cmd, parsed_args):
        import os

        self.app = app
        self.cmd = cmd
        self.parsed_args = parsed_args
        self.id = os.urandom(6).hex()
        self.recorded = False
        self.company = None

    @property
    def environ(self):
        return self.app.environ

    def profile(self):
        context = getattr(self.app, "context", None)
        if context is None:
            return None
        if context.sandbox_mode:
            return "sandbox"
        try:
            return context.profile_name
        except Exception:  # an unreadable config: the entry still counts
            return None

    def command_name(self):
        return getattr(self.cmd, "cmd_name", None)

    def record(self, entry):
        from alegra.history import journal

        self.recorded = True
        company = {"company": self.company} if self.company else {}
        journal.append(self.environ, {
            "run": self.id, "profile": self.profile(), **company,
            "command": self.command_name(), **entry})


def begin(app, cmd, parsed_args):
    """Start recording the writes of ``cmd`` (unless ALEGRA_HISTORY=0 or a
    dry run)."""
    _current.run = None
    setting = str(app.environ.get("ALEGRA_HISTORY", "")).strip().lower()
    if setting in DISABLED:
        return
    dry_run = bool(getattr(parsed_args, "dry_run", False) or getattr(
        getattr(app, "options", None), "dry_run", False))
    if not dry_run:
        _current.run = Run(app, cmd, parsed_args)


def end(result, error=None):
    """The command ended with exit code ``result``: note it."""
    run = getattr(_current, "run", None)
    _current.run = None
    if run is None:
        return
    from alegra.history import recorder

    recorder.finish_quietly(run, result, error)


def watch(client, method, path, payload):
    """A context manager around one request; records it if it is a write
    (and notes the company's name if the request reads it).

    The client enters it (see ``Client(observe=...)``)::

        with self.observe(self, method, path, payload) as seen:
            response = send()
            return seen.done(response, decode(response))
    """
    from alegra.http.client import UNOBSERVED

    run = getattr(_current, "run", None)
    if run is None:
        return UNOBSERVED
    if method == "GET" and path.strip("/") == "company":
        return _CompanySeen(run)  # the company, when a command asks anyway
    if method not in WRITES or path.startswith(UNRECORDED):
        return UNOBSERVED
    from alegra.history import recorder

    return recorder.Watch(run, client, method, path, payload)


class _CompanySeen:
    """Notes the company's name from a ``GET /company`` a command sent."""

    def __init__(self, run):
        self.run = run

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        return False

    def done(self, response, answer):
        if isinstance(answer, dict) and isinstance(answer.get("name"), str):
            self.run.company = answer["name"]
        return answer
