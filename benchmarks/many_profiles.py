"""How long ``--all-profiles`` takes next to one profile.

Serves N sandbox companies (one ``alegra sandbox serve`` each, on loopback),
writes N profiles for them, then times, through the installed executable,
``alegra --profile p01 invoices list --status open --count`` and
``alegra --all-profiles invoices list --status open --count`` (median of
several runs each). Usage: ``python benchmarks/many_profiles.py [N] [RUNS]``.
"""

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

EXECUTABLE = os.path.join(os.path.dirname(sys.executable), "alegra")


def environ(home):
    env = {key: value for key, value in os.environ.items()
           if not key.startswith("ALEGRA_")}
    env.update({"HOME": home,
                "XDG_CONFIG_HOME": os.path.join(home, "config"),
                "XDG_DATA_HOME": os.path.join(home, "data"),
                "XDG_STATE_HOME": os.path.join(home, "state"),
                "PYTHON_KEYRING_BACKEND":
                    "keyrings.alt.file.PlaintextKeyring"})
    return env


def serve(home, name, env):
    process = subprocess.Popen(
        [EXECUTABLE, "sandbox", "serve", "--port", "0", "--quiet",
         "--rate-limit", "off", "--db", os.path.join(home, f"{name}.db")],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL, text=True, env=env)
    for line in process.stdout:
        if "http://" in line:
            return process, line.split()[-1]
    raise RuntimeError("a sandbox did not start")


def write_profiles(home, urls):
    folder = os.path.join(home, "config", "alegra")
    os.makedirs(folder, mode=0o700, exist_ok=True)
    with open(os.path.join(folder, "config.yaml"), "w") as stream:
        stream.write("default_profile: p01\nprofiles:\n")
        for name, url in urls.items():
            stream.write(f"  {name}: {{email: sandbox@alegra.test, "
                         f"base_url: '{url}'}}\n")
    path = os.path.join(folder, "credentials.yaml")
    with open(path, "w") as stream:
        for name in urls:
            stream.write(f"{name}: sandbox\n")
    os.chmod(path, 0o600)


def timed(argv, env, runs):
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run([EXECUTABLE, *argv], env=env,
                              capture_output=True, text=True,
                              stdin=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
        if done.returncode != 0:
            raise RuntimeError(done.stderr)
    return statistics.median(times), done.stdout


def main(count=20, runs=5):
    home = tempfile.mkdtemp(prefix="alegra-bench-profiles-")
    env = environ(home)
    servers = []
    try:
        urls = {}
        for number in range(1, count + 1):
            name = f"p{number:02d}"
            process, urls[name] = serve(home, name, env)
            servers.append(process)
        write_profiles(home, urls)
        query = ["invoices", "list", "--status", "open", "--count"]
        timed(["--all-profiles", *query], env, 1)  # warm caches
        ones, manys = [], []
        for _ in range(runs):  # interleaved, so that load hits both alike
            one, _ = timed(["--profile", "p01", *query], env, 1)
            many, out = timed(["--all-profiles", *query], env, 1)
            assert len(out.splitlines()) == count, out
            ones.append(one)
            manys.append(many)
        one, many = statistics.median(ones), statistics.median(manys)
        print(f"one profile:   {one * 1000:.0f} ms (median of {runs})")
        print(f"{count} profiles:  {many * 1000:.0f} ms "
              f"({many / one:.2f} x one profile)")
    finally:
        for process in servers:
            process.terminate()
        for process in servers:
            process.wait(10)
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:3]))
