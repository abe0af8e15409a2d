"""Running a tool: its command, in this process, through alegra's app.

Every call runs the command exactly as ``alegra <words> ...`` would, on
the app that started the server, so that one context serves every call:
the profile chosen at start, one client (and so one rate limiter) and,
with ``--sandbox``, one embedded sandbox. Calls run one at a time; their
output is captured and never reaches the server's own streams. An export's
page and an import's inline rows are given to the command through the
client factory and a private temporary folder (see
:mod:`alegra.mcp.bulktools`).
"""

import contextlib
import io
import threading
from dataclasses import dataclass, field

from alegra import errors, jsonio
from alegra.mcp import bulktools
from alegra.mcp.tools import with_options

# The note that an embedded sandbox ends with the run, and to pass
# --base-url: a tool takes no such flag, and the server's sandbox lives as
# long as the server.
CLI_ONLY = "is a temporary sandbox embedded in this run"
MAX_RESULT = 200_000  # characters: about 600 invoices as JSON
SAFE_INTEGER = 2 ** 53


class ResultTooLarge(errors.UsageError):
    pass


class BoundedStream(io.StringIO):
    """A capture that refuses to grow past ``limit`` characters, so that a
    command streaming a huge answer stops instead of filling memory."""

    def __init__(self, limit):
        super().__init__()
        self.limit = limit
        self.overflowed = False

    def write(self, text):
        if self.tell() + len(text) > self.limit:
            self.overflowed = True
            raise ResultTooLarge(
                f"the result is larger than {self.limit} characters; "
                "nothing more was read",
                "ask for less: a filter or a smaller limit")
        return super().write(text)

    def isatty(self):
        return False


class Closed(io.StringIO):
    """Standard input for a tool's command: nobody there to answer."""

    def isatty(self):
        return False


@dataclass
class ToolResult:
    """What a tool call gives back."""

    text: str
    is_error: bool = False
    notes: list = field(default_factory=list)
    structured: object = None
    preview: bool = False


def exact_json(text):
    """The parsed JSON of ``text`` when every number in it survives a
    float round trip (so that a client reading it loses nothing), else
    None. ``19928.00`` does not survive: it would read back as 19928.0."""
    try:
        value = jsonio.loads(text)
    except ValueError:
        return None

    def exact(item):
        if isinstance(item, bool) or item is None or isinstance(item, str):
            return True
        if isinstance(item, jsonio.Number):
            return repr(float(item)) == item.text
        if isinstance(item, int):
            return abs(item) <= SAFE_INTEGER
        if isinstance(item, dict):
            return all(exact(v) for v in item.values())
        if isinstance(item, list):
            return all(exact(v) for v in item)
        return False

    if not exact(value):
        return None
    import json

    return json.loads(text)


def records_in(text):
    """The number of records in a JSON array ``text``, or None."""
    if not text:
        return None
    try:
        found = jsonio.loads(text)
    except ValueError:
        return None
    return len(found) if isinstance(found, list) else None


class SharedClient:
    """A client factory that gives every call that sends one client, so
    that its rate limiter and connection pool last as long as the server;
    dry runs and other accounts get clients of their own."""

    def __init__(self):
        self.client = None
        # (start, limit) while an export tool's call runs, and the
        # windowed client it was given.
        self.window = None
        self.windowed = None

    def __call__(self, context, dry_run_sink=None, show_token=False,
                 credentials=None, base_url=None):
        from alegra.app.context import new_client

        if dry_run_sink is None and credentials is None and base_url is None:
            if self.client is None:
                self.client = new_client(context)
            if self.window is not None:
                self.windowed = bulktools.PageWindow(self.client,
                                                     *self.window)
                return self.windowed
            return self.client
        return new_client(context, dry_run_sink, show_token, credentials,
                          base_url)


class Runner:
    """Runs tools on one app, one call at a time."""

    def __init__(self, app, tools, max_result=MAX_RESULT):
        self.app = app
        self.tools = tools
        self.max_result = max_result
        self.lock = threading.Lock()
        # Results are whole objects as JSON, whatever the profile prefers.
        app.options.output = "json"
        app.options.columns = None
        self._secrets = None
        self._account = None
        from alegra.app.context import Context

        # The app's context, but with one client for every call.
        started = app.context
        self.context = Context(started.options, started.environ,
                               started.stderr, config=started.config,
                               client_factory=SharedClient())

    def close(self):
        self.context.close()

    def call(self, name, arguments, tool=None):
        """Run one call; ``tool`` when it is not one of :attr:`tools`
        (reached through discovery)."""
        tool = tool or self.tools.get(name)
        if tool is None:
            return ToolResult(f"Error: unknown tool {name!r}", is_error=True)
        try:
            call = tool.plan(arguments)
        except errors.AlegraError as exc:
            return ToolResult(f"Error: {exc}", is_error=True)
        with self.lock:
            staging = None
            factory = self.context.client_factory
            try:
                argv = call.argv
                if call.rows is not None:
                    staging = bulktools.Staging(call.rows,
                                                call.failures_given)
                    argv = with_options(argv, staging.words)
                factory.window, factory.windowed = call.window, None
                code, out, err = self.run(argv)
                failed = staging.failed() if staging else None
            except OSError as exc:
                return ToolResult("Error: cannot stage the rows: "
                                  f"{exc.strerror or exc}", is_error=True)
            finally:
                factory.window = None
                if staging is not None:
                    staging.close()
            count = factory.windowed.count if call.window else None
        outcome = self.outcome(tool, arguments or {}, code, out, err,
                               call.preview, count)
        if staging is not None:
            outcome.text = staging.hide(outcome.text)
            outcome.notes = [staging.hide(note) for note in outcome.notes]
            if failed:
                outcome.notes.append("The rows that failed, each with its "
                                     "error in _error:\n" + failed)
        return self.scrubbed(outcome)

    def read(self, argv):
        """The JSON text ``alegra <argv>`` prints, or AlegraError."""
        with self.lock:
            code, out, err = self.run(argv)
        if code != 0:
            lines = [line for line in err.splitlines() if line.strip()]
            raise errors.AlegraError(
                (lines[-1] if lines else f"alegra exited with {code}")
                .removeprefix("Error: "))
        return self.scrubbed(ToolResult(out.strip())).text

    def account(self):
        """``(company name, country)`` of the account, read once; the
        profile's name when the company cannot be read."""
        if self._account is None:
            name = (f"profile '{self.app.options.profile}'"
                    if self.app.options.profile else "this account")
            country = ""
            try:
                company = exact_json(self.read(["company", "get"])) or {}
                name = company.get("name") or name
                country = (company.get("address") or {}).get("country", "")
            except errors.AlegraError:
                pass
            self._account = name, country
        return self._account

    def run(self, argv):
        """``(exit code, stdout, stderr)`` of ``alegra <argv>``."""
        app = self.app
        out, err = BoundedStream(self.max_result), io.StringIO()
        saved = app.stdin, app.stdout, app.stderr, app.context
        app.stdin, app.stdout, app.stderr = Closed(), out, err
        app.context = self.context
        self.context.stderr = err
        try:
            # argparse writes its errors to sys.stderr (and help to stdout).
            with contextlib.redirect_stdout(out), \
                    contextlib.redirect_stderr(err):
                code = app.run_subcommand(argv)
        except ResultTooLarge as exc:
            code = exc.exit_code
            err.write(f"Error: {exc}\n")
        except (Exception, SystemExit) as exc:  # a call never ends the server
            code = errors.API_ERROR
            err.write(f"Error: {type(exc).__name__}: {exc}\n")
        finally:
            app.stdin, app.stdout, app.stderr, app.context = saved
        # Half a result too large is no result.
        return code, "" if out.overflowed else out.getvalue(), err.getvalue()

    def outcome(self, tool, arguments, code, out, err, preview,
                count=None):
        lines = [line for line in err.splitlines()
                 if line.strip() and CLI_ONLY not in line]
        failures = [line for line in lines if line.startswith("Error:")]
        notes = [line for line in lines if not line.startswith("Error:")]
        text = out.strip()
        if code != 0:
            message = "\n".join(failures) or (
                lines[-1] if lines else f"Error: alegra exited with {code}")
            outcome = ToolResult(message, is_error=True, notes=notes)
            if text:
                outcome.notes.append(text)
            return outcome
        if preview and tool.kind == "destructive":
            notes.insert(0, (
                f"Nothing was sent: {tool.name} changes data for good. This "
                "is the request it would send; call it again with "
                "confirm: true to do it."))
        elif preview:
            notes.insert(0, "Dry run: nothing was sent.")
        elif tool.paged and not arguments.get("count"):
            notes.extend(self.page_note(tool, arguments, text))
        elif count is not None:
            notes.extend(self.page_note(tool, arguments, text, count))
        outcome = ToolResult(text or "OK", notes=notes, preview=preview)
        if text:
            outcome.structured = exact_json(text)
        return outcome

    @staticmethod
    def page_note(tool, arguments, text, count=None):
        """How to get the next page, when this one was full. ``count`` is
        the number of records for a result that is not a JSON array."""
        if count is None:
            count = records_in(text)
        if count is None:
            return []
        limit = arguments.get("limit") or tool.page
        start = arguments.get("start") or 0
        if count < limit:
            return []
        return [f"Showed {count} records from {start}; there may be "
                f"more: call {tool.name} again with start: "
                f"{start + count}"]

    def secrets(self):
        if self._secrets is None:
            self._secrets = self._read_secrets()
        return self._secrets

    def _read_secrets(self):
        context = self.context
        try:
            found = context.credentials(required=False)
        except errors.AlegraError:
            return []
        token = getattr(found, "token", None)
        if not token or len(token) < 8:
            return []
        import base64

        if getattr(found, "scheme", "basic") == "bearer":
            return [token]  # sent as it is: "Bearer <token>"
        email = getattr(found, "email", "") or ""
        basic = base64.b64encode(f"{email}:{token}".encode()).decode()
        return [basic, token]

    def scrubbed(self, outcome):
        """The outcome with any secret replaced (the CLI prints none; this
        makes sure no plugin's output leaks one either)."""
        secrets = self.secrets()
        if not secrets:
            return outcome

        def clean(text):
            for secret in secrets:
                text = text.replace(secret, "<redacted>")
            return text

        leaked = any(secret in outcome.text for secret in secrets)
        outcome.text = clean(outcome.text)
        outcome.notes = [clean(note) for note in outcome.notes]
        if leaked:
            outcome.structured = None
        return outcome
