"""What a user gets from PyPI: the sdist, the wheel, and the single file.

The distribution is ``alegra-cli`` (``alegra`` on PyPI is an unrelated
project); the command and the import package are ``alegra``. The sdist is
built from a copy of the checkout (so nothing is written into it), the
wheel from that sdist (which proves the sdist builds), and the wheel is
installed into a private folder with pip, the way a user's pip does it.
"""

import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile

import fixtures
import testtools

from alegra import __version__
from tests.functional.base import TIMEOUT
from tests.unit.base import isolated_environ

REPO = pathlib.Path(__file__).resolve().parents[2]
DISTRIBUTION = "alegra-cli"
SDIST_ROOT = f"alegra_cli-{__version__}/"
# Left out of the copy, as a checkout's local state.
NOT_COPIED = (".git", ".venv", "build", "dist", "*.egg-info", "__pycache__",
              ".stestr", ".tox")
# Files a working tree may hold that must never ship.
STRAYS = ("tests/stray.db", "tests/unit/__pycache__/stray.cpython-311.pyc",
          "alegra/stray.pyc", "doc/build/html/index.html",
          "tests/sandbox.sqlite3")
PIP = (sys.executable, "-m", "pip", "--disable-pip-version-check",
       "--quiet")


def run(argv, **kwargs):
    return subprocess.run(argv, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=TIMEOUT * 3,
                          **kwargs)


def copy_checkout(target):
    """The working tree as it is, less local state, plus stray files."""
    shutil.copytree(REPO, target,
                    ignore=shutil.ignore_patterns(*NOT_COPIED))
    for stray in STRAYS:
        path = target / stray
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("must not ship\n")


class TestDistributions(testtools.TestCase):
    """One sdist and one wheel per class, built in a temporary folder."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.work = pathlib.Path(tempfile.mkdtemp(prefix="alegra-packaging-"))
        try:
            cls.build()
        except BaseException:
            shutil.rmtree(cls.work, ignore_errors=True)
            raise

    @classmethod
    def build(cls):
        source = cls.work / "src"
        copy_checkout(source)
        built = run([sys.executable, "-c",
                     "import sys; from setuptools import build_meta; "
                     "print(build_meta.build_sdist(sys.argv[1]))",
                     str(cls.work / "sdist")], cwd=source)
        if built.returncode:
            raise RuntimeError("sdist failed: " + built.stderr)
        cls.sdist = cls.work / "sdist" / built.stdout.split()[-1]
        with tarfile.open(cls.sdist) as archive:
            cls.sdist_names = archive.getnames()
        wheels = cls.work / "wheels"
        built = run([*PIP, "wheel", "--no-deps", "--no-index",
                     "--no-build-isolation", "--wheel-dir", str(wheels),
                     str(cls.sdist)])
        if built.returncode:
            raise RuntimeError("wheel from the sdist failed: " + built.stderr)
        (cls.wheel,) = wheels.glob("alegra_cli-*.whl")
        cls.site = cls.work / "site"
        done = run([*PIP, "install", "--no-deps", "--no-index", "--target",
                    str(cls.site), str(cls.wheel)])
        if done.returncode:
            raise RuntimeError("pip install failed: " + done.stderr)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.work, ignore_errors=True)
        super().tearDownClass()

    def in_sdist(self, path):
        return SDIST_ROOT + path in self.sdist_names

    def test_sdist_is_named_for_the_distribution(self):
        self.assertEqual(f"alegra_cli-{__version__}.tar.gz", self.sdist.name)

    def test_sdist_holds_tests_docs_and_license(self):
        for path in ("LICENSE", "README.md", "tox.ini", ".stestr.conf",
                     "MANIFEST.in", "setup.cfg", "pyproject.toml",
                     "tests/unit/base.py", "tests/functional/base.py",
                     "tests/functional/test_packaging.py",
                     "tests/plugins/alegra-pos/pyproject.toml",
                     "doc/source/conf.py", "doc/source/index.rst",
                     "doc/source/install.rst", "benchmarks/run.py",
                     "tools/build-single-file", "tools/README.md"):
            self.assertTrue(self.in_sdist(path), path)

    def test_sdist_holds_the_package_data(self):
        for folder in ("alegra/validators/schemas", "alegra/catalogs/data"):
            expected = sorted(
                f"{folder}/{path.name}"
                for path in (REPO / folder).glob("*.json"))
            self.assertNotEqual([], expected)
            shipped = sorted(
                name[len(SDIST_ROOT):] for name in self.sdist_names
                if name.startswith(SDIST_ROOT + folder + "/")
                and name.endswith(".json"))
            self.assertEqual(expected, shipped)

    def test_sdist_leaves_out_local_state(self):
        leaked = [name for name in self.sdist_names
                  if re.search(r"\.(py[cod]|db|sqlite3)$|__pycache__|"
                               r"/doc/build/|/\.git/|/\.venv/", name)]
        self.assertEqual([], leaked)
        for stray in STRAYS:
            self.assertFalse(self.in_sdist(stray), stray)

    def test_wheel_holds_the_package_and_its_data_only(self):
        with zipfile.ZipFile(self.wheel) as archive:
            names = archive.namelist()
        tops = {name.split("/")[0] for name in names}
        self.assertEqual(
            {"alegra", f"alegra_cli-{__version__}.dist-info"}, tops)
        self.assertIn("alegra/validators/schemas/invoices.co.json", names)
        self.assertTrue(any(name.startswith("alegra/catalogs/data/")
                            and name.endswith(".json") for name in names))
        self.assertIn(
            f"alegra_cli-{__version__}.dist-info/licenses/LICENSE", names)

    def probe(self, code):
        environ = isolated_environ(str(self.work))
        environ["PYTHONPATH"] = str(self.site)
        # Not from the checkout: python -c puts the current folder first.
        done = run([sys.executable, "-c", code], env=environ, cwd=self.work)
        self.assertEqual(0, done.returncode, done.stderr)
        return json.loads(done.stdout)

    def test_installed_metadata_names_alegra_cli_and_its_command(self):
        found = self.probe(
            "import json, sys\n"
            "from importlib import metadata\n"
            f"(dist,) = metadata.distributions(path=[{str(self.site)!r}])\n"
            "print(json.dumps({\n"
            "  'name': dist.metadata['Name'],\n"
            "  'version': dist.version,\n"
            "  'license': dist.metadata['License-Expression']\n"
            "             or dist.metadata['License'],\n"
            "  'urls': dist.metadata.get_all('Project-URL'),\n"
            "  'scripts': [[ep.name, ep.value] for ep in dist.entry_points\n"
            "              if ep.group == 'console_scripts'],\n"
            "  'by_name': metadata.distribution('alegra-cli').version}))\n")
        self.assertEqual(DISTRIBUTION, found["name"])
        self.assertEqual(__version__, found["version"])
        self.assertEqual(__version__, found["by_name"])
        self.assertEqual("Apache-2.0", found["license"])
        self.assertEqual([["alegra", "alegra.app.entry:main"]],
                         found["scripts"])
        self.assertEqual(
            ["Documentation", "Issues", "Source"],
            sorted(url.split(",")[0] for url in found["urls"]))

    def test_pip_installs_the_alegra_command(self):
        script = self.site / "bin" / "alegra"
        self.assertTrue(script.is_file())
        environ = isolated_environ(str(self.work))
        environ["PYTHONPATH"] = str(self.site)
        done = run([str(script), "--version"], env=environ)
        self.assertEqual((0, f"alegra {__version__}\n", ""),
                         (done.returncode, done.stdout, done.stderr))
        found = self.probe("import json, alegra\n"
                           "print(json.dumps(alegra.__file__))\n")
        self.assertTrue(found.startswith(str(self.site)), found)

    def test_the_command_reports_a_usage_error_in_one_line(self):
        environ = isolated_environ(str(self.work))
        environ["PYTHONPATH"] = str(self.site)
        done = run([str(self.site / "bin" / "alegra"), "no-such-command"],
                   env=environ)
        self.assertEqual(2, done.returncode)
        self.assertEqual(1, len(done.stderr.splitlines()), done.stderr)
        self.assertTrue(done.stderr.startswith("Error: "), done.stderr)


# ``pip install alegra`` or ``alegra[extra]``: the unrelated project.
WRONG_NAME = re.compile(
    r"pip(?:x)? install +(?:-\S+ +)*['\"]?alegra(?![-\w])|"
    r"(?<![-\w/.])alegra\[")


def install_texts():
    """Everything a user reads that could say how to install alegra."""
    yield REPO / "README.md"
    yield REPO / "tools" / "README.md"
    yield from sorted((REPO / "doc" / "source").rglob("*.rst"))
    yield from sorted((REPO / "alegra").rglob("*.py"))


class TestInstallLines(testtools.TestCase):
    """No doc or hint sends a user to the unrelated ``alegra`` on PyPI."""

    def test_no_text_installs_the_wrong_distribution(self):
        found = [
            f"{path.relative_to(REPO)}:{number}: {line.strip()}"
            for path in install_texts()
            for number, line in enumerate(
                path.read_text(encoding="utf-8").splitlines(), 1)
            if WRONG_NAME.search(line)]
        self.assertEqual([], found)

    def test_the_checker_finds_the_wrong_name(self):
        for line in ("$ pip install alegra", "pip install 'alegra[mcp]'",
                     "pipx install --force alegra", "x: alegra[mcp]"):
            self.assertIsNotNone(WRONG_NAME.search(line), line)
        for line in ("pipx install alegra-cli",
                     "pip install 'alegra-cli[mcp]'",
                     "pip install -e '.[test]'", "alegra_cli[mcp]",
                     "install jq (pip install jq)"):
            self.assertIsNone(WRONG_NAME.search(line), line)

    def test_users_are_told_to_use_pipx_with_alegra_cli(self):
        for path in (REPO / "README.md", REPO / "doc/source/index.rst",
                     REPO / "doc/source/install.rst"):
            self.assertIn("pipx install alegra-cli",
                          path.read_text(encoding="utf-8"), str(path))


@testtools.skipUnless(os.environ.get("ALEGRA_TEST_SINGLE_FILE") == "1",
                      "builds a zipapp from PyPI wheels (about 20 s); set "
                      "ALEGRA_TEST_SINGLE_FILE=1")
class TestSingleFile(testtools.TestCase):
    """``tools/build-single-file`` gives a ``alegra.pyz`` that runs."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.work = tempfile.mkdtemp(prefix="alegra-single-file-")
        cls.path = os.path.join(cls.work, "alegra.pyz")
        built = run([str(REPO / "tools" / "build-single-file"), cls.path])
        if built.returncode:
            shutil.rmtree(cls.work, ignore_errors=True)
            raise RuntimeError("the build failed: " + built.stderr)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.work, ignore_errors=True)
        super().tearDownClass()

    def pyz(self, *argv):
        home = self.useFixture(fixtures.TempDir()).path
        environ = isolated_environ(home)
        # keyrings.alt is a test dependency, not in the single file.
        environ.pop("PYTHON_KEYRING_BACKEND")
        return run([self.path, *argv], env=environ, cwd=home)

    def test_version(self):
        done = self.pyz("--version")
        self.assertEqual((0, f"alegra {__version__}\n"),
                         (done.returncode, done.stdout), done.stderr)

    def test_lists_invoices_from_the_sandbox(self):
        done = self.pyz("--sandbox", "invoices", "list", "--limit", "2")
        self.assertEqual(0, done.returncode, done.stderr)
        rows = [line for line in done.stdout.splitlines()
                if re.match(r"\| \d+ ", line)]
        self.assertEqual(2, len(rows), done.stdout)
        done = self.pyz("--sandbox", "invoices", "list", "--limit", "2",
                        "-o", "json")
        self.assertEqual(2, len(json.loads(done.stdout)), done.stderr)

    def test_plugins_and_errors_work_from_the_file(self):
        done = self.pyz("plugin", "list", "-o", "json")
        self.assertEqual(0, done.returncode, done.stderr)
        self.assertEqual([DISTRIBUTION],
                         [row["distribution"]
                          for row in json.loads(done.stdout)])
        done = self.pyz("--sandbox", "invoices", "get", "not an id")
        self.assertEqual(2, done.returncode)
        self.assertEqual(1, len(done.stderr.splitlines()), done.stderr)
        self.assertTrue(done.stderr.startswith("Error: "), done.stderr)

