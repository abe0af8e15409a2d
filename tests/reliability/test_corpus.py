"""The bad-input corpus (see corpus.py), one test per case.

Most cases run in-process through ``AlegraApp`` (fast); every tenth, and
every case that would start a server, runs the installed executable.
"""

import io
import os

from tests.reliability import base, corpus

EXECUTABLE_EVERY = 10


def _materialise(test, case):
    """Write the case's files and config; returns the @name substitutions."""
    paths = {}
    folder = os.path.join(test.home, "inputs")
    os.makedirs(folder, exist_ok=True)
    for name, data in (case.files or {}).items():
        path = os.path.join(folder, name.rstrip("/"))
        paths[name] = path
        if name.endswith("/"):
            os.makedirs(path, exist_ok=True)
        elif data == "fifo":
            os.mkfifo(path)
        else:
            with open(path, "wb") as stream:
                stream.write(data)
    if case.config is not None:
        config = os.path.join(test.environ["XDG_CONFIG_HOME"], "alegra",
                              "config.yaml")
        os.makedirs(os.path.dirname(config), exist_ok=True)
        data = case.config if isinstance(case.config, bytes) \
            else case.config.encode("utf-8")
        with open(config, "wb") as stream:
            stream.write(data)
    return paths


def _substitute(text, paths):
    if not isinstance(text, str) or not text.startswith("@"):
        return text
    name = text[1:]
    if name in paths:
        return paths[name]
    head, _, tail = name.partition("/")
    if head in paths:
        return os.path.join(paths[head], tail)
    return text


def _runs_for_real(number, case):
    return (number % EXECUTABLE_EVERY == 0
            or case.argv[:2] == ["sandbox", "serve"])


def _make_test(number, case):
    def test(self):
        paths = _materialise(self, case)
        argv = [_substitute(word, paths) for word in case.argv]
        env = {key: _substitute(value, paths)
               for key, value in (case.env or {}).items()}
        for key in [key for key, value in env.items() if value is None]:
            env.pop(key)
            self.environ.pop(key, None)
        stdin = case.stdin
        if _runs_for_real(number, case):
            data = stdin if isinstance(stdin, bytes) else stdin.encode(
                "utf-8", "surrogateescape")
            code, out, err = self.run_executable(argv, stdin=data, env=env,
                                                 timeout=30)
        else:
            if isinstance(stdin, bytes):
                stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
            code, out, err = self.run_in_process(argv, stdin=stdin, env=env)
        label = f"{case.channel}/{case.label}: {argv!r}"
        self.assertOneLineError(code, out, err, label)
        self.assertNothingSent(label)

    test.__doc__ = f"{case.channel}: {case.label}"
    return test


class TestBadInputCorpus(base.ReliabilityTestCase):
    """One test per case of corpus.CASES."""


for _number, _case in enumerate(corpus.CASES):
    setattr(TestBadInputCorpus,
            f"test_{_case.channel}_{_number:03d}_{_case.label}".replace(
                "-", "_"),
            _make_test(_number, _case))


class TestCorpusSize(base.ReliabilityTestCase):

    def test_at_least_two_hundred_cases_over_every_channel(self):
        channels = {case.channel for case in corpus.CASES}
        self.assertGreaterEqual(len(corpus.CASES), 200)
        self.assertEqual({"argv", "data", "file", "stdin", "set", "config",
                          "env", "option", "id", "import"}, channels)
