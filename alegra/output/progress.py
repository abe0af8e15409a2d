"""Progress of long work on stderr: a bar on a terminal, a line elsewhere.

- stderr a terminal: a ``rich`` progress bar with rows done of the total,
  the rate and an ETA, and, while the pacer holds a request back for more
  than a second, "waiting 42 s for the rate limit (150 a minute)" in place
  of its label. The rate is measured over the last minute (Alegra's
  window), and the ETA is the rows left at that rate, or longer when the
  rate-limit budget says so (more requests needed than the window has
  left, or than ``--rate`` allows): so after a pause both count it.
- stderr not a terminal (a log, cron): no bar, one summary line at the end
  (the client says each pause on its own line).
- ``--quiet``: nothing.

``rich`` is imported only when a bar is shown. Stdout is never touched.
"""

import collections
import math
import time

from alegra.i18n import _

WINDOW = 60.0
DEFAULT_LIMIT = 150
# Speed samples closer together than this are merged.
SAMPLE_EVERY = 0.5


def pause_text(pause, seconds=None):
    """``waiting 42 s for the rate limit (150 a minute)`` for a
    :class:`~alegra.http.ratelimit.Pause` (``seconds``: what is left of
    it)."""
    seconds = pause.seconds if seconds is None else seconds
    if pause.capped:
        text = _("waiting {seconds} s for your rate limit "
                 "({limit} a minute)")
    else:
        text = _("waiting {seconds} s for the rate limit "
                 "({limit} a minute)")
    return text.format(seconds=max(1, round(seconds)),
                       limit=pause.per_minute)


def budget_eta(rows_left, rows_per_request, requests_per_second, pacer):
    """Seconds until ``rows_left`` are done, or None when unknown: the
    longer of the time at ``requests_per_second`` and the time the pacer's
    budget (Alegra's window, the cap) needs for the requests left."""
    if rows_left <= 0:
        return 0.0
    requests = math.ceil(rows_left / max(rows_per_request, 1))
    plain = requests / requests_per_second if requests_per_second else None
    paced = max(_window_seconds(requests, pacer),
                _cap_seconds(requests, pacer))
    if not paced:
        return plain
    return max(plain or 0.0, paced)


def _window_seconds(requests, pacer):
    """Seconds Alegra's window makes ``requests`` wait, at least."""
    if pacer is None or pacer.remaining is None or pacer.resets_at is None:
        return 0.0
    if requests <= pacer.remaining:
        return 0.0
    left = max(0.0, pacer.resets_at - pacer.clock())
    beyond = requests - pacer.remaining
    limit = pacer.limit or DEFAULT_LIMIT
    return left + (beyond / limit) * WINDOW


def _cap_seconds(requests, pacer):
    """Seconds ``--rate`` spreads ``requests`` over, at least."""
    cap = getattr(pacer, "cap", None)
    if not isinstance(cap, (int, float)) or cap <= 0 or requests <= 1:
        return 0.0
    return (requests - 1) * WINDOW / cap


def known_total(client, path, params):
    """The number of records a walk will give, from one ``metadata=true``
    request; None when the endpoint does not say (never a walk to count,
    which would double the requests)."""
    from alegra.errors import AlegraError

    try:
        return client.announced_total(path, params)
    except AlegraError:
        return None


def duration(seconds):
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


class Progress:
    """``with Progress(...) as progress: progress.advance(n)``.

    ``mode`` is ``"bar"``, ``"line"`` or ``"off"`` (see :func:`mode_for`).
    ``finish(text)`` prints the closing line (not in ``off`` mode); leaving
    the block without it (an error) just takes the bar away.
    """

    def __init__(self, stream, label, mode, total=None, pacer=None,
                 rows_per_request=1, clock=time.monotonic):
        self.stream = stream
        self.label = label
        self.mode = mode
        self.total = total
        self.pacer = pacer
        self.rows_per_request = rows_per_request
        self.clock = clock
        self.done = 0
        self.started = clock()
        # (time, rows done) at most SAMPLE_EVERY apart, the oldest one a
        # minute back or more: the window of :meth:`recent_rate`.
        self._samples = collections.deque([(self.started, 0)])
        self._pause = None
        self._paused_until = None
        self._bar = None
        self._task = None

    def __enter__(self):
        if self.mode == "bar":
            self._start_bar()
            listeners = getattr(self.pacer, "listeners", None)
            if isinstance(listeners, list):
                listeners.append(self._show_pause)
        return self

    def __exit__(self, *exc_info):
        self._stop_bar()
        return False

    @property
    def elapsed(self):
        return max(self.clock() - self.started, 1e-9)

    @property
    def rate(self):
        """Rows a second so far."""
        return self.done / self.elapsed

    def recent_rate(self):
        """Rows a second over the last minute (since the start, before
        a minute has passed), pauses included."""
        now = self.clock()
        since, done = self._samples[0]
        for when, count in self._samples:
            if when > now - WINDOW:
                break
            since, done = when, count
        return (self.done - done) / max(now - since, 1e-9)

    def eta(self):
        if self.total is None:
            return None
        rate = self.recent_rate()
        requests_per_second = rate / max(self.rows_per_request, 1)
        return budget_eta(self.total - self.done, self.rows_per_request,
                          requests_per_second if rate > 0 else None,
                          self.pacer)

    def advance(self, count=1):
        self.done += count
        self._sample()
        if self._bar is not None:
            self._bar.update(self._task, completed=self.done)

    def _sample(self):
        now = self.clock()
        samples = self._samples
        if now - samples[-1][0] < SAMPLE_EVERY and len(samples) > 1:
            samples[-1] = (samples[-1][0], self.done)
        else:
            samples.append((now, self.done))
        # Keep one sample at least a minute old, and none older.
        while len(samples) > 2 and samples[1][0] <= now - WINDOW:
            samples.popleft()

    def _show_pause(self, pause):
        """The pacer's listener: the pause in place of the label."""
        if self._bar is None:
            return False
        self._pause = pause
        self._paused_until = self.clock() + pause.seconds
        return True

    def paused(self):
        """Seconds left of the pause under way, or 0."""
        if self._pause is None:
            return 0
        left = self._paused_until - self.clock()
        if left <= 0:
            self._pause = None
            return 0
        return left

    def description(self):
        """The label, or the pause under way."""
        left = self.paused()
        return pause_text(self._pause, left) if left else self.label

    def log(self, text):
        """A line for people above the bar (or just a line, without one)."""
        if self._bar is not None:
            self._bar.console.print(text, markup=False, highlight=False,
                                    soft_wrap=True)
        else:
            self.stream.write(text + "\n")
            self.stream.flush()

    def set_total(self, total):
        self.total = total
        if self._bar is not None:
            self._bar.update(self._task, total=total)

    def finish(self, text):
        self._stop_bar()
        if self.mode != "off" and text:
            self.stream.write(text + "\n")
            self.stream.flush()

    def summary(self, what):
        """``3000 invoices in 2.1 s (1420 a second)``."""
        rate = self.rate
        shown = f"{rate:.0f}" if rate >= 10 else f"{rate:.1f}"
        return _("{count} {what} in {elapsed} ({rate} a second)").format(
            count=self.done, what=what, elapsed=duration(self.elapsed),
            rate=shown)

    def _start_bar(self):
        from rich.console import Console
        from rich.progress import (
            BarColumn, MofNCompleteColumn, Progress as RichProgress)

        console = Console(file=self.stream, stderr=True)
        self._bar = RichProgress(
            _column(self.description), _bar_column(self, BarColumn),
            MofNCompleteColumn(), _rate_column(self), _eta_column(self),
            console=console, transient=True, refresh_per_second=4,
            redirect_stdout=False, redirect_stderr=False)
        self._bar.start()
        self._task = self._bar.add_task(self.label, total=self.total)

    def _stop_bar(self):
        listeners = getattr(self.pacer, "listeners", None)
        if isinstance(listeners, list) and self._show_pause in listeners:
            listeners.remove(self._show_pause)
        if self._bar is not None:
            self._bar.stop()
            self._bar = None


def _column(render):
    """A rich column class drawing ``render()`` (rich is imported late)."""
    from rich.progress import ProgressColumn
    from rich.text import Text

    class Column(ProgressColumn):
        def render(self, task):
            return Text(render())

    return Column()


def _bar_column(progress, bar_class):
    """The bar, away during a pause: the pause's words take its room
    (an 80-column terminal has no room for both)."""
    from rich.text import Text

    class Bar(bar_class):
        def render(self, task):
            if progress.paused():
                return Text("")
            return super().render(task)

    return Bar()


def _rate_column(progress):
    def render():
        rate = progress.recent_rate()
        shown = f"{rate:,.0f}" if rate >= 10 else f"{rate:.1f}"
        return _("{rate} rows/s").format(rate=shown)
    return _column(render)


def _eta_column(progress):
    def render():
        eta = progress.eta()
        if eta is None:
            return _("ETA --")
        return _("ETA {time}").format(time=duration(eta))
    return _column(render)


def mode_for(command, stdout_matters=False):
    """``bar``, ``line`` or ``off`` for a command's stderr.

    ``stdout_matters``: the data goes to stdout, and a bar on a terminal
    that also shows the rows would garble them; then a terminal stdout
    gets neither bar nor line.
    """
    from alegra.output.terminal import is_terminal

    app = command.app
    if app.options.verbose_level < 1:
        return "off"
    if is_terminal(app.stderr):
        if stdout_matters and is_terminal(app.stdout):
            return "off"
        return "bar"
    return "line"
