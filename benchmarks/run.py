"""What each command costs, measured side by side with bare tools.

Runs the installed ``alegra`` against its own ``alegra sandbox serve
--rate-limit off`` and prints medians of paired runs (A B A B ...) and
their ratios::

    python benchmarks/run.py                 # every measurement
    python benchmarks/run.py startup create  # some of them
    python benchmarks/run.py --rows 3000,30000 --repeat 5 yaml

Measurements:

- ``startup``: ``alegra --version`` and ``alegra --help`` wall time;
- ``floor``: one ``invoices list`` (a page from the sandbox) and
  ``invoices list --help`` against the floor of any cliff command that
  speaks HTTP, ``python -c 'import cliff.app, requests'`` with alegra's
  own interpreter (goals: 1.15x and 0.8x);
- ``yaml``: ``invoices list --all -o yaml`` against ``-o ndjson``, time and
  peak memory at each row count (flat means the same peak at both);
- ``json``: CPU (user + system) of ``--all -o ndjson`` and ``-o json``
  against a bare ``requests`` page loop writing JSON lines;
- ``table``: peak memory of ``--all -o table`` at each row count;
- ``create``: one ``contacts create`` (validated) against one httpie
  POST (httpie from ``$HTTPIE`` or the PATH; skipped when absent);
- ``script``: 100 ``contacts create`` lines piped into ``alegra`` (the
  shell reading a script) against 100 ``curl`` POSTs;
- ``epilog``: whether a built-in command's help scans the installed
  distributions (it must not).

Times come from ``os.wait4`` (the child's own CPU and peak RSS) and
``time.perf_counter``.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

from tests.functional.base import SandboxServer, alegra_executable  # noqa
from tests.unit.base import isolated_environ  # noqa

EMAIL, TOKEN = "sandbox@alegra.test", "sandbox"

# A bare page loop: what a script using requests would do.
BARE_LOOP = r"""
import json, sys, requests
base, email, token = sys.argv[1:4]
session = requests.Session()
session.auth = (email, token)
start, out = 0, sys.stdout
while True:
    page = session.get(base + "/invoices",
                       params={"start": start, "limit": 30}).json()
    for record in page:
        out.write(json.dumps(record) + "\n")
    if len(page) < 30:
        break
    start += 30
"""

# What any cliff command that speaks HTTP pays before doing anything.
FLOOR = "import cliff.app, requests"

_SERIAL = iter(range(10_000_000, 99_999_999))


def contact():
    """A contact body Colombia's validator accepts, with a fresh id (the
    sandbox, like Alegra, refuses a second contact with the same one)."""
    number = str(next(_SERIAL))
    return json.dumps({
        "name": "Bench S.A.S.", "kindOfPerson": "PERSON_ENTITY",
        "regime": "SIMPLIFIED_REGIME",
        "identification": {"type": "CC", "number": number},
        "address": {"address": "Calle 1 # 2-3", "city": "Bogotá"},
        "type": ["client"]})


class Measure:
    def __init__(self, code, seconds, cpu, mb, err):
        self.code, self.seconds, self.cpu, self.mb = code, seconds, cpu, mb
        self.err = err


def run(argv, env, stdin=None, stdout=subprocess.DEVNULL):
    """One process: exit code, wall and CPU seconds, peak RSS in MB."""
    started = time.perf_counter()
    process = subprocess.Popen(
        argv, env=env, stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
        stdout=stdout, stderr=subprocess.PIPE)
    if stdin:
        process.stdin.write(stdin)
        process.stdin.close()
    err = process.stderr.read().decode(errors="replace")
    _, status, usage = os.wait4(process.pid, 0)
    process.stderr.close()
    elapsed = time.perf_counter() - started
    return Measure(os.waitstatus_to_exitcode(status), elapsed,
                   usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
                   err)


def interpreter():
    """The Python that runs the installed ``alegra`` (its #! line)."""
    with open(alegra_executable(), "rb") as script:
        first = script.readline().decode(errors="replace")
    if first.startswith("#!") and os.path.isabs(first[2:].strip()):
        return first[2:].strip()
    return sys.executable


def paired(runs, repeat):
    """Run each ``(label, thunk)`` in turn, ``repeat`` rounds (A B A B)."""
    results = {label: [] for label, _ in runs}
    for _ in range(repeat):
        for label, thunk in runs:
            measure = thunk()
            if measure.code != 0:
                raise SystemExit(f"{label} failed ({measure.code}): "
                                 f"{measure.err[-500:]}")
            results[label].append(measure)
    return results


def median(measures, field):
    return statistics.median(getattr(m, field) for m in measures)


class Bench:
    def __init__(self, home, options):
        self.home = home
        self.options = options
        self.server = SandboxServer(home, "--rate-limit", "off", "--quiet")
        self.env = isolated_environ(home)
        self.env.update(ALEGRA_BASE_URL=self.server.base_url,
                        ALEGRA_EMAIL=EMAIL, ALEGRA_TOKEN=TOKEN)
        # Byte code is written, as for an installed copy: without it every
        # run would compile the modules changed since the last one.
        self.env.pop("PYTHONDONTWRITEBYTECODE", None)
        self.invoices = 16

    def close(self):
        self.server.stop()

    def alegra(self, *argv, **kwargs):
        return run([alegra_executable(), *argv], self.env, **kwargs)

    def grow(self, count):
        """Seed invoices until the sandbox holds ``count``."""
        if count > self.invoices:
            subprocess.run(
                [alegra_executable(), "sandbox", "seed", "--db",
                 self.server.db, "--invoices", str(count - self.invoices),
                 "--seed", "1"], env=self.env, check=True,
                capture_output=True)
            self.invoices = count

    # -- the measurements -------------------------------------------------

    def startup(self):
        results = paired([
            ("--version", lambda: self.alegra("--version")),
            ("--help", lambda: self.alegra("--help")),
        ], self.options.repeat)
        for label, budget in (("--version", 0.130), ("--help", 0.200)):
            wall = median(results[label], "seconds")
            cpu = median(results[label], "cpu")
            print(f"  alegra {label:<10} {wall * 1000:6.0f} ms wall, "
                  f"{cpu * 1000:4.0f} ms CPU (budget {budget * 1000:.0f} ms:"
                  f" {'ok' if min(wall, cpu) <= budget else 'OVER'})")

    def floor(self):
        python = interpreter()
        goals = (("list", ("invoices", "list"), 1.15),
                 ("help", ("invoices", "list", "--help"), 0.8))
        runs = [("floor", lambda: run([python, "-c", FLOOR], self.env))]
        runs += [(label, lambda argv=argv: self.alegra(*argv))
                 for label, argv, _ in goals]
        for _, thunk in runs:  # once unmeasured: caches, byte code
            thunk()
        results = paired(runs, self.options.repeat)
        base = results["floor"]
        print(f"  {python} -c '{FLOOR}' "
              f"{median(base, 'seconds') * 1000:.0f} ms wall, "
              f"{median(base, 'cpu') * 1000:.0f} ms CPU")
        for label, argv, goal in goals:
            # Judged as printed, so that 0.80x is never 'OVER 0.8x'.
            times = round(median(results[label], "seconds")
                          / median(base, "seconds"), 2)
            print(f"    alegra {' '.join(argv):<22} "
                  f"{median(results[label], 'seconds') * 1000:5.0f} ms = "
                  f"{times:.2f}x the floor (goal <= {goal}x: "
                  f"{'ok' if times <= goal else 'OVER'}; CPU "
                  f"{ratio(results[label], base, 'cpu')})")

    def yaml(self, rows):
        self.grow(rows)
        results = paired([
            (fmt, lambda fmt=fmt: self.alegra(
                "invoices", "list", "--all", "-o", fmt))
            for fmt in ("ndjson", "yaml")
        ], self.repeat_for(rows))
        nd, ya = results["ndjson"], results["yaml"]
        print(f"  {rows:>6} rows  ndjson {median(nd, 'seconds'):6.2f} s "
              f"{median(nd, 'mb'):6.1f} MB   yaml "
              f"{median(ya, 'seconds'):6.2f} s {median(ya, 'mb'):6.1f} MB"
              f"   yaml/ndjson time {ratio(ya, nd, 'seconds')}")

    def json(self, rows):
        if rows != max(self.options.rows):
            print(f"  measured at {max(self.options.rows)} rows only")
            return
        self.grow(rows)
        bare = [sys.executable, "-c", BARE_LOOP, self.server.base_url, EMAIL,
                TOKEN]
        results = paired([
            ("bare", lambda: run(bare, self.env)),
            ("ndjson", lambda: self.alegra("invoices", "list", "--all",
                                           "-o", "ndjson")),
            ("json", lambda: self.alegra("invoices", "list", "--all",
                                         "-o", "json")),
        ], self.repeat_for(rows))
        base = results["bare"]
        print(f"  {rows} rows, CPU: bare requests loop "
              f"{median(base, 'cpu'):.2f} s")
        for fmt in ("ndjson", "json"):
            print(f"    -o {fmt:<7} {median(results[fmt], 'cpu'):6.2f} s CPU"
                  f"  = {ratio(results[fmt], base, 'cpu')} the bare loop "
                  f"(wall {median(results[fmt], 'seconds'):.2f} s)")

    def table(self, rows):
        self.grow(rows)
        results = paired([("table", lambda: self.alegra(
            "invoices", "list", "--all", "-o", "table"))],
            self.repeat_for(rows))
        print(f"  {rows:>6} rows  table peak "
              f"{median(results['table'], 'mb'):6.1f} MB, "
              f"{median(results['table'], 'seconds'):6.2f} s")

    def create(self):
        httpie = os.environ.get("HTTPIE") or shutil.which("http")
        if not httpie:
            print("  skipped: no httpie (set HTTPIE=/path/to/http)")
            return
        results = paired([
            ("httpie", lambda: run(
                [httpie, "--ignore-stdin", "-q", "-a", f"{EMAIL}:{TOKEN}",
                 "--raw", contact(), "POST",
                 self.server.base_url + "/contacts"], self.env)),
            ("alegra", lambda: self.alegra(
                "contacts", "create", "-d", contact(), "-o", "json")),
        ], self.options.repeat)
        httpie_ms = median(results["httpie"], "seconds") * 1000
        print(f"  httpie POST {httpie_ms:5.0f} ms   alegra contacts create "
              f"{median(results['alegra'], 'seconds') * 1000:5.0f} ms   "
              f"alegra/httpie {ratio(results['alegra'], results['httpie'])}")

    def script(self):
        def lines():
            return "".join(f"contacts create -o json -d '{contact()}'\n"
                           for _ in range(100)).encode()

        def curls():
            return "".join(
                f"curl -sf -o /dev/null -u {EMAIL}:{TOKEN} -H 'Content-Type:"
                f" application/json' -d '{contact()}' "
                f"{self.server.base_url}/contacts\n" for _ in range(100))

        results = paired([
            ("curl", lambda: run(["sh", "-ec", curls()], self.env)),
            ("alegra", lambda: self.alegra(stdin=lines())),
        ], max(1, self.options.repeat // 2))
        for measure in results["alegra"]:  # the shell goes on after errors
            if "Error" in measure.err:
                raise SystemExit("a piped create failed: " + measure.err[:300])
        print(f"  100 curl POSTs {median(results['curl'], 'seconds'):5.2f} s"
              f"   100 lines piped into alegra "
              f"{median(results['alegra'], 'seconds'):5.2f} s   alegra/curl "
              f"{ratio(results['alegra'], results['curl'])}")

    def epilog(self):
        probe = (
            "import sys; from alegra import registry\n"
            "from alegra.app import application\n"
            "calls = []\n"
            "real = registry.scan\n"
            "registry.scan = lambda *a, **k: (calls.append(1)\n"
            "                                 or real(*a, **k))\n"
            "app = application.AlegraApp()\n"
            "factory, name, _ = app.command_manager.find_command("
            "['contacts', 'create'])\n"
            "factory.__module__\n"
            "cmd = factory(app, None, cmd_name=name)\n"
            "cmd.get_epilog()\n"
            "print(factory.__module__, len(calls))\n")
        found = subprocess.run([sys.executable, "-c", probe], env=self.env,
                               capture_output=True, text=True, check=True)
        module, scans = found.stdout.split()
        results = paired([("help", lambda: self.alegra(
            "contacts", "create", "--help"))], self.options.repeat)
        print(f"  contacts create: class module {module}, distribution "
              f"scans for its epilog: {scans}; --help "
              f"{median(results['help'], 'seconds') * 1000:.0f} ms")

    def repeat_for(self, rows):
        """Fewer rounds for the long walks (each takes seconds)."""
        if rows >= 20000:
            return min(3, self.options.repeat)
        return self.options.repeat


def ratio(a, b, field="seconds"):
    return f"{median(a, field) / median(b, field):.2f}x"


PLAIN = ("startup", "floor", "epilog", "create", "script")
SIZED = ("table", "yaml", "json")
NAMES = PLAIN + SIZED


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", choices=(*NAMES, []),
                        metavar="NAME", help=", ".join(NAMES))
    parser.add_argument("--rows", default="3000,30000",
                        help="invoice counts for yaml, json and table")
    parser.add_argument("--repeat", type=int, default=5,
                        help="rounds of paired runs (default 5)")
    options = parser.parse_args()
    options.rows = sorted(int(part) for part in options.rows.split(","))
    home = tempfile.mkdtemp(prefix="alegra-bench-")
    bench = Bench(home, options)
    try:
        names = options.names or NAMES
        for name in (name for name in PLAIN if name in names):
            print(f"{name}:", flush=True)
            getattr(bench, name)()
        for rows in options.rows:  # each size once, growing
            for name in (name for name in SIZED if name in names):
                print(f"{name} ({rows} invoices):", flush=True)
                getattr(bench, name)(rows)
                sys.stdout.flush()
    finally:
        bench.close()
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
