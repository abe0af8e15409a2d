"""What pre-flight validation costs a ``contacts create``, end to end.

Runs the installed ``alegra`` against ``alegra sandbox serve`` in pairs,
alternating a create with validation (A) and the same create with
``--no-validate`` (B), so that drift in the machine's load hits both
sides alike, and prints the median of each and their difference::

    python benchmarks/validation.py [--pairs 15] [--country co]

Each run creates a real contact (a unique Colombian CC number), so the
server does the same work on both sides.
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


def timed(argv, environ):
    started = time.perf_counter()
    done = subprocess.run(argv, env=environ, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed: {done.stderr.strip()}")
    return elapsed


def in_process(country):
    """Milliseconds a fresh interpreter spends importing the validators and
    checking one body (what the end-to-end figure measures, less noise)."""
    # The command line has imported stevedore and read the entry point
    # cache before it validates; so does this.
    body = {"name": "B", "identification": {"type": "CC",
                                            "number": "10203000"}}
    code = "\n".join([
        "import time",
        "from alegra import namespaces, registry",
        "registry.claims(namespaces.COMMANDS)",
        "t = time.perf_counter()",
        "from alegra import validation",
        f"validation.problems('contacts', {country!r}, {body!r})",
        "print((time.perf_counter() - t) * 1000)"])
    runs = [float(subprocess.run([sys.executable, "-c", code],
                                 capture_output=True, text=True,
                                 check=True).stdout) for _ in range(7)]
    return statistics.median(runs)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=15)
    parser.add_argument("--country", default="co")
    options = parser.parse_args()
    home = tempfile.mkdtemp(prefix="alegra-bench-")
    server = SandboxServer(home, "--quiet", "--rate-limit", "off")
    try:
        environ = isolated_environ(home)
        environ.update({"ALEGRA_BASE_URL": server.base_url,
                        "ALEGRA_EMAIL": "sandbox@alegra.test",
                        "ALEGRA_TOKEN": "sandbox"})
        executable = alegra_executable()
        validated, unvalidated = [], []
        for pair in range(options.pairs + 1):
            sides = (("", validated), ("--no-validate", unvalidated))
            for side, sink in sides:
                number = f"{10203000 + pair * 2 + bool(side)}"
                body = json.dumps({
                    "name": f"Bench {number}",
                    "identification": {"type": "CC", "number": number},
                    "kindOfPerson": "PERSON_ENTITY"})
                argv = [executable, "contacts", "create", "-d", body,
                        "--country", options.country, "-o", "json"]
                if side:
                    argv.append(side)
                elapsed = timed(argv, environ)
                if pair:  # the first pair warms the caches up
                    sink.append(elapsed)
        a = statistics.median(validated) * 1000
        b = statistics.median(unvalidated) * 1000
        print(f"pairs: {options.pairs}, country: {options.country}")
        print(f"contacts create, validated:    median {a:7.1f} ms")
        print(f"contacts create, --no-validate: median {b:7.1f} ms")
        paired = statistics.median(
            v - n for v, n in zip(validated, unvalidated)) * 1000
        print(f"validation cost:                       {a - b:+7.1f} ms")
        print(f"median of the paired differences:      {paired:+7.1f} ms")
        print(f"in process, loading and running the validators: "
              f"{in_process(options.country):.1f} ms")
    finally:
        server.stop()
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
