"""Errors in a person's words: no exception of Python's or of a library
reaches the user as its own bare message."""

import ast
import pathlib
import sqlite3
import subprocess

import testtools

import alegra
from alegra import errors
from alegra.app.running import in_plain_words
from tests.functional.base import alegra_executable
from tests.unit import base

# What Python says where a person should be told something else.
INTERNAL_WORDS = ("codec can't", "ordinal not in range", "MemoryError",
                  "maximum recursion depth", "Errno", "Traceback")


def foreign_exceptions():
    def encode():
        "cajón".encode("ascii")

    def decode():
        b"\xff\xfe".decode("utf-8")

    def recurse():
        recurse()

    def database():
        raise sqlite3.DatabaseError("file is not a database")

    made = [MemoryError(), OSError(28, "No space left on device", "x.csv"),
            KeyError("total")]
    for make in (encode, decode, recurse, database):
        try:
            make()
        except Exception as exc:
            made.append(exc)
    return made


class TestInPlainWords(testtools.TestCase):

    def test_every_foreign_exception_becomes_an_alegra_error(self):
        for exc in foreign_exceptions():
            plain = in_plain_words(exc)
            self.assertIsInstance(plain, errors.AlegraError, repr(exc))
            text = str(plain)
            for word in INTERNAL_WORDS:
                self.assertNotIn(word, text, repr(exc))

    def test_usage_problems_keep_a_usage_exit_code(self):
        try:
            "ñ".encode("ascii")
        except UnicodeEncodeError as exc:
            self.assertEqual(errors.USAGE, in_plain_words(exc).exit_code)

    def test_alegra_errors_are_kept(self):
        error = errors.NotFoundError("gone")
        self.assertIs(error, in_plain_words(error))


# Exceptions whose text is Python's or a library's, never alegra's.
FOREIGN = frozenset({
    "Exception", "BaseException", "OSError", "IOError", "EnvironmentError",
    "UnicodeError", "UnicodeDecodeError", "UnicodeEncodeError",
    "MemoryError", "RecursionError", "KeyError", "TypeError",
    "AttributeError", "DatabaseError", "OperationalError", "Error",
    "JSONDecodeError", "YAMLError", "RequestException", "HTTPError",
    "InvalidURL", "LocationParseError"})


def caught_names(handler):
    kinds = handler.type
    kinds = kinds.elts if isinstance(kinds, ast.Tuple) else [kinds]
    return {kind.attr if isinstance(kind, ast.Attribute) else
            getattr(kind, "id", "") for kind in kinds if kind is not None}


class TestNoBareForeignMessages(testtools.TestCase):
    """No ``raise SomeError(str(exc))`` (or ``f"{exc}"`` alone) where
    ``exc`` was caught as a foreign exception: its text would be the whole
    message a user reads."""

    def test_the_code_wraps_what_it_catches(self):
        root = pathlib.Path(alegra.__file__).parent
        found = []
        for path in sorted(root.rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for handler in ast.walk(tree):
                if not (isinstance(handler, ast.ExceptHandler)
                        and handler.name
                        and caught_names(handler) & FOREIGN):
                    continue
                for node in ast.walk(handler):
                    if (isinstance(node, ast.Raise) and isinstance(
                            node.exc, ast.Call) and node.exc.args
                            and error_class(node.exc.func)
                            and bare(node.exc.args[0], handler.name)):
                        found.append(f"{path.relative_to(root)}:"
                                     f"{node.lineno}")
        self.assertEqual([], found)


def error_class(func):
    name = func.attr if isinstance(func, ast.Attribute) else getattr(
        func, "id", "")
    return name.endswith(("Error", "Exception"))


def bare(argument, name):
    """Whether a message is nothing but the caught exception's text."""
    if (isinstance(argument, ast.Call) and isinstance(argument.func,
                                                      ast.Name)
            and argument.func.id == "str" and len(argument.args) == 1
            and isinstance(argument.args[0], ast.Name)
            and argument.args[0].id == name):
        return True
    return (isinstance(argument, ast.JoinedStr)
            and len(argument.values) == 1
            and isinstance(argument.values[0], ast.FormattedValue)
            and isinstance(argument.values[0].value, ast.Name)
            and argument.values[0].value.id == name)


class TestThroughTheExecutable(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.home = self.useFixture(base.fixtures.TempDir()).path
        self.environ = base.isolated_environ(self.home)

    def run_alegra(self, *argv, **extra):
        environ = dict(self.environ, **extra)
        return subprocess.run([alegra_executable(), *argv],
                              capture_output=True, text=True, env=environ,
                              timeout=60, stdin=subprocess.DEVNULL)

    def assert_plain(self, result, code):
        self.assertEqual(code, result.returncode, result.stderr)
        lines = result.stderr.splitlines()
        self.assertEqual(1, len(lines), result.stderr)
        self.assertTrue(lines[0].startswith("Error: "), lines[0])
        for word in INTERNAL_WORDS:
            self.assertNotIn(word, result.stderr)

    def test_an_ascii_terminal(self):
        result = self.run_alegra("--sandbox", "contacts", "list",
                                 PYTHONIOENCODING="ascii")
        self.assert_plain(result, errors.USAGE)
        self.assertIn("UTF-8", result.stderr)

    def test_a_file_that_is_not_a_sandbox_database(self):
        path = pathlib.Path(self.home, "not.db")
        path.write_text("not a database\n")
        for argv in (("sandbox", "status", "--db", str(path)),
                     ("sandbox", "serve", "--db", str(path), "--port",
                      "0")):
            result = self.run_alegra(*argv)
            self.assert_plain(result, errors.API_ERROR)
            self.assertIn("sandbox reset -y --db", result.stderr)
