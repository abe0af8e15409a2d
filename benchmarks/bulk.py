"""Bulk import and export: memory, pacing and read rate, measured.

Runs the installed ``alegra`` against ``alegra sandbox serve`` and prints:

- the peak RSS of ``invoices export`` (CSV and NDJSON, to a file) at 3,000
  and at 30,000 invoices, from the child's own ``getrusage``;
- an import of 300 items under a 600-a-minute ceiling: its wall time
  (the ideal, at ten requests a second, is 30 s) and the 429s it met;
- an export of every invoice under the same ceiling: requests a minute,
  against the ceiling.

::

    python benchmarks/bulk.py [--large 30000] [--skip-rate]

The export under the ceiling reads 1,000 pages and spans two rate windows
(about 70 s).
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

from tests.functional.base import SandboxServer, alegra_executable  # noqa
from tests.unit.base import isolated_environ  # noqa


def environ(home, server):
    env = isolated_environ(home)
    env.update(ALEGRA_BASE_URL=server.base_url,
               ALEGRA_EMAIL="sandbox@alegra.test", ALEGRA_TOKEN="sandbox")
    return env


def run(argv, env, cwd):
    """``(exit code, seconds, peak RSS in MB, stderr)`` of one alegra run."""
    started = time.perf_counter()
    process = subprocess.Popen([alegra_executable(), *argv], env=env,
                               cwd=cwd, stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    err = process.stderr.read().decode()
    _, status, usage = os.wait4(process.pid, 0)
    process.stderr.close()
    elapsed = time.perf_counter() - started
    return (os.waitstatus_to_exitcode(status), elapsed,
            usage.ru_maxrss / 1024, err)


def seed(db, count, env):
    subprocess.run([alegra_executable(), "sandbox", "seed", "--db", db,
                    "--invoices", str(count), "--seed", "1"], env=env,
                   check=True, capture_output=True)


def memory(home, server, env, sizes):
    print("export peak RSS (MB) and time")
    have = 16
    for size in sizes:
        seed(server.db, size - have, env)
        have = size
        for kind in ("csv", "ndjson"):
            code, seconds, mb, err = run(
                ["invoices", "export", "--format", kind, "--out",
                 os.path.join(home, f"out.{kind}")], env, home)
            assert code == 0, err
            with open(os.path.join(home, f"out.{kind}"), "rb") as handle:
                rows = sum(1 for _ in handle) - (kind == "csv")
            print(f"  {size:>6} invoices {kind:<6} rows {rows:>6}  "
                  f"{mb:6.1f} MB  {seconds:5.1f} s  "
                  f"({rows / seconds:,.0f} rows/s)")


def paced_import(home, env):
    path = os.path.join(home, "paced.csv")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("SKU,Name,price\n")
        for number in range(1, 301):
            handle.write(f"PACE-{number:04d},Item {number},{100 + number}\n")
    code, seconds, mb, err = run(
        ["-v", "-v", "items", "import", "-f", path, "--map",
         "SKU=reference,Name=name"], env, home)
    assert code == 0, err
    print(f"import of 300 rows at 600/min: {seconds:.1f} s (ideal at the "
          f"ceiling's pace 30 s), {err.count('HTTP 429')} answers 429")


def paced_export(home, env):
    code, seconds, mb, err = run(
        ["-v", "-v", "invoices", "export", "--format", "ndjson", "--out",
         os.path.join(home, "paced.ndjson")], env, home)
    assert code == 0, err
    with open(os.path.join(home, "paced.ndjson"), "rb") as handle:
        rows = sum(1 for _ in handle)
    requests = -(-rows // 30) + (rows % 30 == 0)
    rate = requests / seconds * 60
    print(f"export of {rows} rows at 600/min: {requests} requests in "
          f"{seconds:.1f} s = {rate:.0f} a minute ({rate / 6:.0f} % of the "
          f"ceiling), {err.count('HTTP 429')} answers 429")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=3000)
    parser.add_argument("--large", type=int, default=30000)
    parser.add_argument("--skip-rate", action="store_true")
    options = parser.parse_args()
    home = tempfile.mkdtemp(prefix="alegra-bench-bulk-")
    try:
        server = SandboxServer(home, "--rate-limit", "off", "--quiet")
        try:
            memory(home, server, environ(home, server),
                   (options.small, options.large))
        finally:
            server.stop()
        if options.skip_rate:
            return
        paced = SandboxServer(home, "--rate-limit", "600", "--quiet")
        try:
            env = environ(home, paced)
            paced_import(home, env)
            # A fresh window for the export: the import spent part of it.
            time.sleep(61)
            paced_export(home, env)
        finally:
            paced.stop()
    finally:
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
