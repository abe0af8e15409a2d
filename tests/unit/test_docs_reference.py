"""The built documentation: options people can copy, every command in the
reference, and each command's examples on its page."""

import glob
import html.parser
import io
import os
import re
import shutil
import tempfile
import unittest

import fixtures
import testtools
from docutils.nodes import make_id

from alegra import namespaces, registry
from alegra.app.application import AlegraApp
from alegra.output import examples

try:
    from sphinx.cmd.build import build_main
except ImportError:  # the docs extra is not installed
    build_main = None

SOURCE = os.path.join(os.path.dirname(__file__), os.pardir, os.pardir,
                      "doc", "source")
ONLY_BUILTIN = {"ALEGRA_PLUGINS": "none"}
# What smart quotes make of "--dry-run": an en dash stuck to a word.
EN_DASH_OPTION = re.compile("\u2013[A-Za-z]")


class Page(html.parser.HTMLParser):
    """The text of a built page, its section ids, and the text of the
    code blocks inside each section (innermost section first)."""

    SKIPPED = ("script", "style")

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.texts = []
        self.ids = set()
        self.code = {}  # section id -> [text of each <pre>]
        self._sections = []  # (id or None) for each open <section>
        self._skipping = 0
        self._pre = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        ident = dict(attrs).get("id")
        if ident:
            self.ids.add(ident)
        if tag == "section":
            self._sections.append(ident)
        elif tag in self.SKIPPED:
            self._skipping += 1
        elif tag == "pre":
            self._pre = []

    def handle_endtag(self, tag):
        if tag == "section" and self._sections:
            self._sections.pop()
        elif tag in self.SKIPPED:
            self._skipping = max(0, self._skipping - 1)
        elif tag == "pre" and self._pre is not None:
            owner = next((ident for ident in reversed(self._sections)
                          if ident), None)
            self.code.setdefault(owner, []).append("".join(self._pre))
            self._pre = None

    def handle_data(self, data):
        if self._skipping:
            return
        self.texts.append(data)
        if self._pre is not None:
            self._pre.append(data)

    @property
    def text(self):
        return "".join(self.texts)


def builtin_commands():
    """``{name: command class}``: alegra's commands from the entry points,
    and those the application adds itself (help, complete)."""
    claimed = registry.claims(
        namespaces.COMMANDS, ONLY_BUILTIN,
        name_of=lambda entry_point: entry_point.name.replace("_", " "))
    manager = AlegraApp(stdin=io.StringIO(), stdout=io.StringIO(),
                        stderr=io.StringIO(),
                        environ=ONLY_BUILTIN).command_manager
    names = set(claimed) | {"help", "complete"}
    return {name: manager.commands[name].load() for name in sorted(names)}


@unittest.skipIf(build_main is None, "Sphinx is not installed (docs extra)")
class TestBuiltDocs(testtools.TestCase):
    """One build of the documentation, read by every test of the class."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.out = tempfile.mkdtemp(prefix="alegra-docs-")
        argv = ["-q", "-b", "html", "-d", os.path.join(cls.out, ".doctrees"),
                SOURCE, os.path.join(cls.out, "html")]
        cls.status = build_main(argv)
        cls.pages = {}
        for path in glob.glob(os.path.join(cls.out, "html", "**", "*.html"),
                              recursive=True):
            name = os.path.relpath(path, os.path.join(cls.out, "html"))
            with open(path, encoding="utf-8") as stream:
                cls.pages[name] = Page(stream.read())

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.out, ignore_errors=True)
        super().tearDownClass()

    def reference_pages(self):
        return {name: page for name, page in self.pages.items()
                if name.startswith("reference" + os.sep)}

    def page_of(self, name):
        ident = make_id(f"alegra {name}")
        found = [page for page in self.reference_pages().values()
                 if ident in page.ids]
        return ident, found

    def test_build_succeeds(self):
        self.assertEqual(0, self.status)
        self.assertIn("index.html", self.pages)
        self.assertIn(os.path.join("reference", "sales.html"), self.pages)

    def test_no_en_dash_where_an_option_belongs(self):
        for name, page in sorted(self.pages.items()):
            found = EN_DASH_OPTION.findall(page.text)
            self.assertEqual([], found, f"{name}: an en dash before a word "
                                        "(smart quotes on '--'?)")

    def test_options_keep_two_hyphens(self):
        page = self.pages[os.path.join("reference", "sales.html")]
        self.assertIn("--dry-run", page.text)
        self.assertIn("alegra invoices list --status open --count",
                      page.text)
        usage = self.pages[os.path.join("usage.html")]
        self.assertIn("--dry-run", usage.text)

    def test_every_command_has_one_section(self):
        missing, twice = [], []
        for name in builtin_commands():
            _, pages = self.page_of(name)
            if not pages:
                missing.append(name)
            elif len(pages) > 1:
                twice.append(name)
        self.assertEqual([], missing, "commands missing from the reference")
        self.assertEqual([], twice, "commands on more than one page")

    def test_hand_written_commands_are_documented(self):
        for name, page in (("doctor", "checks"), ("validate", "checks"),
                           ("catalog", "checks"), ("complete", "setup")):
            ident = make_id(f"alegra {name}")
            self.assertIn(ident, self.pages[
                os.path.join("reference", f"{page}.html")].ids)

    def test_examples_appear_in_their_command_section(self):
        absent = []
        for name, factory in builtin_commands().items():
            ident, pages = self.page_of(name)
            code = "\n".join(block for page in pages
                             for block in page.code.get(ident, ()))
            absent += [(name, line)
                       for line in examples.examples_for(name, factory)
                       if line not in code]
        self.assertEqual([], absent)

    def test_commands_with_examples_are_many(self):
        # Guards the test above against an empty examples table.
        with_examples = [name for name, factory in builtin_commands().items()
                         if examples.examples_for(name, factory)]
        self.assertGreater(len(with_examples), 100)

    def test_global_options_page(self):
        page = self.pages[os.path.join("reference", "global.html")]
        for option in ("--profile", "--sandbox", "--base-url", "--dry-run"):
            self.assertIn(option, page.text)

    def test_spanish_pages_are_linked_from_the_index(self):
        self.assertIn(os.path.join("es", "index.html"), self.pages)
        index = self.pages["index.html"].text
        self.assertIn("Español", index)


class TestPageReader(testtools.TestCase):
    """The reader the tests above rely on, on pages written by hand."""

    def test_en_dash_from_smart_quotes_is_seen(self):
        page = Page("<p>run <code>\u2013dry-run</code></p>")
        self.assertEqual(["\u2013d"], EN_DASH_OPTION.findall(page.text))

    def test_dash_between_numbers_is_not_an_option(self):
        page = Page("<p>pages 2\u20133, \u2013 a pause</p>")
        self.assertEqual([], EN_DASH_OPTION.findall(page.text))

    def test_code_belongs_to_the_innermost_section(self):
        page = Page('<section id="a"><pre>outer</pre>'
                    '<section id="b"><pre>al<span>egra</span> x</pre>'
                    '</section><pre>after</pre></section>'
                    '<script>var x = "\u2013a";</script>')
        self.assertEqual({"a": ["outer", "after"], "b": ["alegra x"]},
                         page.code)
        self.assertEqual({"a", "b"}, page.ids)
        self.assertEqual([], EN_DASH_OPTION.findall(page.text))


@unittest.skipIf(build_main is None, "Sphinx is not installed (docs extra)")
class TestGroups(testtools.TestCase):
    """Which reference page documents a command."""

    def setUp(self):
        super().setUp()
        import importlib
        import sys

        self.useFixture(fixtures.MonkeyPatch(
            "sys.path", [os.path.join(SOURCE, "_ext"), *sys.path]))
        self.reference = importlib.import_module("alegra_reference")

    def test_a_whole_name_wins_over_its_first_word(self):
        self.assertEqual("einvoicing",
                         self.reference.group_of("invoices emit"))
        self.assertEqual("sales", self.reference.group_of("invoices list"))

    def test_hand_written_commands(self):
        for name, key in (("doctor", "checks"), ("validate", "checks"),
                          ("catalog", "checks"), ("complete", "setup"),
                          ("sandbox serve", "sandbox")):
            self.assertEqual(key, self.reference.group_of(name))

    def test_a_new_word_goes_to_other_commands(self):
        self.assertEqual("other",
                         self.reference.group_of("payrolls list"))
