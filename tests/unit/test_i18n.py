"""Messages in Spanish: every marked message translated, compiled catalogs
in step with their sources, the language chosen as documented, and
argparse's and cliff's texts said in Spanish too."""

import argparse
import datetime
import os
import tempfile
import warnings

import testtools

from alegra import i18n
from alegra.i18n import catalogs
from alegra.inputs import argparsing, dates
from alegra.output import labels
from alegra.validators import messages


class LanguageFixture(testtools.TestCase):

    def use(self, lang):
        previous = dict(i18n._state)
        i18n.set_language(lang)
        self.addCleanup(i18n._state.update, previous)


class TestCatalogs(testtools.TestCase):

    def test_every_marked_message_has_a_spanish_translation(self):
        found = catalogs.scan()
        self.assertNotIn(None, found, "modules no domain holds mark "
                         "messages: add them to alegra.i18n.DOMAINS")
        missing = []
        for domain, marked in found.items():
            path = catalogs.po_path(domain)
            self.assertTrue(os.path.exists(path), path)
            catalog = catalogs.read(path)
            for msgid, where in marked.items():
                message = catalog.get(msgid)
                strings = ((message.string,) if message is not None
                           and isinstance(message.string, str)
                           else (message.string if message else ("",)))
                if message is None or message.fuzzy or not all(strings):
                    missing.append(f"{where[0]}: {msgid!r} ({domain})")
        self.assertEqual([], missing,
                         "run 'python -m alegra.i18n.catalogs update', "
                         "translate, then '... compile'")

    def test_stale_entries_are_reported(self):
        # A message the code no longer marks is only a warning: a catalog
        # may run ahead of a change being made elsewhere in the tree.
        found = catalogs.scan()
        for domain, marked in found.items():
            if domain is None:
                continue
            catalog = catalogs.read(catalogs.po_path(domain))
            # (a catalog iterates its live messages, obsolete ones apart)
            stale = [m.id for m in catalog if m.id and m.id not in marked]
            if stale:
                warnings.warn(f"{domain}: {len(stale)} messages no code "
                              f"marks: {stale[:3]}...", stacklevel=2)

    def test_compiled_catalogs_match_their_sources(self):
        where = os.path.join(i18n.LOCALE_DIR, "es", "LC_MESSAGES")
        sources = sorted(n for n in os.listdir(where) if n.endswith(".po"))
        self.assertIn("alegra-app.po", sources)
        for name in sources:
            with open(os.path.join(where, name[:-3] + ".mo"), "rb") as mo:
                committed = mo.read()
            self.assertEqual(
                catalogs.compiled(catalogs.read(os.path.join(where, name))),
                committed, f"{name[:-3]}.mo is out of date: run "
                "'python -m alegra.i18n.catalogs compile'")

    def test_placeholders_survive_translation(self):
        import re

        field = re.compile(r"\{[^{}]*\}|%\(\w+\)[sr]|%[sr]")
        for name in os.listdir(os.path.join(i18n.LOCALE_DIR, "es",
                                            "LC_MESSAGES")):
            if not name.endswith(".po"):
                continue
            for message in catalogs.read(catalogs.po_path(name[:-3])):
                if not message.id:
                    continue
                ids = (message.id,) if isinstance(message.id, str) \
                    else message.id
                strings = (message.string,) if isinstance(
                    message.string, str) else message.string
                for msgid, text in zip(ids, strings):
                    self.assertEqual(sorted(set(field.findall(msgid))),
                                     sorted(set(field.findall(text))),
                                     f"{name}: {msgid!r}")

    def test_marked_finds_every_marker(self):
        source = ('_("a")\nN_("b")\nngettext("c", "cs", n)\n'
                  'i18n._("d")\n_(variable)\nf(_)\n')
        self.assertEqual(["a", "b", ("c", "cs"), "d"],
                         [msgid for _line, msgid in catalogs.marked(source)])

    def test_domains(self):
        self.assertEqual("alegra-app", catalogs.domain_of("alegra.verbs"))
        self.assertEqual("alegra-app", catalogs.domain_of("alegra.app.help"))
        self.assertEqual("alegra-inputs",
                         catalogs.domain_of("alegra.inputs.dates"))
        self.assertEqual("alegra-bulk",
                         catalogs.domain_of("alegra.bulk.importer"))
        self.assertEqual("alegra-bulk",
                         catalogs.domain_of("alegra.output.progress"))
        self.assertEqual("alegra-output",
                         catalogs.domain_of("alegra.output.labels"))


class TestLanguage(LanguageFixture):

    def test_resolution_order(self):
        env = {"ALEGRA_LANG": "en", "LANG": "es_CO.UTF-8"}
        self.assertEqual("es", i18n.resolve("es", env, "en"))
        self.assertEqual("en", i18n.resolve(None, env, "es"))
        self.assertEqual("es", i18n.resolve(None, {"LANG": "C"}, "es"))
        self.assertEqual("es", i18n.resolve(None, {"LANG": "es_CO.UTF-8"}))
        self.assertEqual("es", i18n.resolve(
            None, {"LC_ALL": "es_MX", "LANG": "en_US"}))
        self.assertEqual("en", i18n.resolve(
            None, {"LC_MESSAGES": "en_US", "LANG": "es_CO"}))
        self.assertEqual("en", i18n.resolve(None, {}))

    def test_known_languages(self):
        for name in ("es", "en", "es_CO", "es-MX", "EN_us.UTF-8"):
            self.assertTrue(i18n.known(name), name)
        for name in ("", "fr", "esperanto", "e"):
            self.assertFalse(i18n.known(name), name)

    def test_everyone_uses_the_same_resolution(self):
        env = {"LANG": "es_CO.UTF-8"}
        self.assertEqual("es", messages.language(env))
        self.assertEqual(["Número"],
                         labels.labels(["numberTemplate.fullNumber"], env))
        self.use("en")
        self.assertEqual("en", messages.language(env))

    def test_english_reads_no_catalog(self):
        self.use("en")
        self.assertEqual("options", i18n._("options"))
        self.assertIsNone(i18n._state["catalog"])
        self.assertEqual("2 records", i18n.ngettext(
            "1 record", "{n} records", 2).format(n=2))

    def test_spanish_reads_the_catalogs_once(self):
        self.use("es")
        self.assertIsNone(i18n._state["catalog"])
        self.assertEqual("opciones", i18n._("options"))
        catalog = i18n._state["catalog"]
        self.assertEqual("filtros", i18n._("filters"))
        self.assertIs(catalog, i18n._state["catalog"])
        self.assertEqual("not in any catalog",
                         i18n._("not in any catalog"))

    def test_plugin_catalogs_are_fallbacks(self):
        import gettext

        from babel.messages.catalog import Catalog

        folder = tempfile.mkdtemp()
        self.addCleanup(__import__("shutil").rmtree, folder)
        os.makedirs(os.path.join(folder, "es", "LC_MESSAGES"))
        catalog = Catalog(locale="es")
        catalog.add("Print a ticket", "Imprimir un tiquete")
        with open(os.path.join(folder, "es", "LC_MESSAGES", "pos.mo"),
                  "wb") as out:
            out.write(catalogs.compiled(catalog))
        chain = gettext.NullTranslations()
        for path in i18n.catalog_files(folder, "es"):
            with open(path, "rb") as stream:
                chain.add_fallback(gettext.GNUTranslations(stream))
        self.assertEqual("Imprimir un tiquete",
                         chain.gettext("Print a ticket"))
        self.assertEqual([], i18n.catalog_files(folder, "fr"))


class TestArgparse(LanguageFixture):

    def parser(self):
        parser = argparsing.one_line_errors(argparse.ArgumentParser(
            prog="alegra x"))
        parser.add_argument("--status", choices=("open", "void"))
        parser.add_argument("id")
        return argparsing.translate(parser)

    def test_errors_in_spanish(self):
        self.use("es")
        cases = {
            "the following arguments are required: id":
                "faltan estos argumentos obligatorios: id",
            "argument --status: invalid choice: 'x' (choose from 'open', "
            "'void')":
                "argumento --status: opción inválida: 'x' (elige entre "
                "'open', 'void')",
            "argument --status: expected one argument":
                "argumento --status: se esperaba un valor",
            "something else": "something else",
        }
        for english, spanish in cases.items():
            self.assertEqual(spanish, argparsing.said_again(english))

    def test_errors_untouched_in_english(self):
        self.use("en")
        message = "the following arguments are required: id"
        self.assertEqual(message, argparsing.said_again(message))

    def test_help_in_spanish(self):
        self.use("es")
        text = self.parser().format_help()
        self.assertIn("uso: alegra x", text)
        self.assertIn("argumentos posicionales", text)
        self.assertIn("opciones:", text)
        self.assertIn("muestra esta ayuda y termina", text)
        self.assertNotIn("usage:", text)

    def test_unknown_option_in_spanish(self):
        self.use("es")
        parser = self.parser()
        self.assertEqual(
            "opción desconocida --stauts (¿quisiste decir --status?)",
            argparsing.unknown_options(parser,
                                       "unrecognized arguments: --stauts"))


class TestSpanishDates(LanguageFixture):

    TODAY = datetime.date(2026, 3, 18)  # a Wednesday

    def span(self, text):
        found = dates.parse(text, today=self.TODAY)
        return found.first.isoformat(), found.last.isoformat()

    def test_spanish_words_name_the_english_spans(self):
        for spanish, english in (("hoy", "today"), ("ayer", "yesterday"),
                                 ("mes-pasado", "last-month"),
                                 ("este-mes", "this-month"),
                                 ("este-año", "this-year"),
                                 ("año-pasado", "last-year"),
                                 ("ano-pasado", "last-year"),
                                 ("Mes-Pasado", "last-month")):
            self.assertEqual(self.span(english), self.span(spanish))

    def test_weeks(self):
        self.assertEqual(("2026-03-16", "2026-03-22"),
                         self.span("esta-semana"))
        self.assertEqual(("2026-03-09", "2026-03-15"),
                         self.span("semana-pasada"))
        self.assertEqual(self.span("2w"), self.span("2s"))

    def test_refusal_in_the_users_language(self):
        self.use("es")
        error = self.assertRaises(ValueError, dates.parse, "ayyer",
                                  self.TODAY)
        self.assertIn("no es una fecha", str(error))
        self.assertIn("mes-pasado", str(error))
        self.use("en")
        error = self.assertRaises(ValueError, dates.parse, "ayyer",
                                  self.TODAY)
        self.assertIn("last-month", str(error))


class TestNothingShadowsTheMarker(testtools.TestCase):
    """A module that imports ``_`` from alegra.i18n never binds ``_`` to
    something else (``a, _, b = ...`` in a function makes every ``_()``
    of that function fail)."""

    def test_no_module_rebinds_underscore(self):
        import ast
        import pathlib

        import alegra

        found = []
        for path in sorted(pathlib.Path(alegra.__file__).parent.rglob(
                "*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            if not any(isinstance(node, ast.ImportFrom)
                       and (node.module or "").startswith("alegra.i18n")
                       and any(alias.name == "_" for alias in node.names)
                       for node in ast.walk(tree)):
                continue
            # A comprehension's variables live in their own scope.
            scoped = {id(name) for node in ast.walk(tree)
                      if isinstance(node, ast.comprehension)
                      for name in ast.walk(node.target)}
            for node in ast.walk(tree):
                if (isinstance(node, ast.Name) and node.id == "_"
                        and isinstance(node.ctx, ast.Store)
                        and id(node) not in scoped):
                    found.append(f"{path.name}:{node.lineno}")
        self.assertEqual([], found)


class TestNoUnmarkedMessages(testtools.TestCase):
    """Errors, notes and warnings are marked for translation: a call that
    says one gets ``_(...)``, not a plain literal or f-string."""

    # Whole modules whose messages stay as they are, and why.
    SKIPPED_MODULES = (
        # the emulated API's answers, Spanish already as Alegra's are
        "sandbox/app", "sandbox/context", "sandbox/countries",
        "sandbox/embedded", "sandbox/errors", "sandbox/fields",
        "sandbox/ids", "sandbox/ledger", "sandbox/listing",
        "sandbox/resources", "sandbox/routing", "sandbox/schema",
        "sandbox/seeding", "sandbox/server", "sandbox/stamping",
        "sandbox/store", "sandbox/totals", "sandbox/values",
        "sandbox/webhooks",
        # what the MCP server tells an agent (tools, their schemas and
        # arguments, answers to calls) is English whatever the language:
        # agents read it, and its size is measured for them
        "mcp/bulktools", "mcp/catalog", "mcp/dynamic", "mcp/guides",
        "mcp/handshake", "mcp/runner", "mcp/schema", "mcp/server",
        "mcp/skills", "mcp/stdio", "mcp/tools", "mcp/toolsets",
        # the examples' comments are taken as written (alegra-bulk marks
        # what they show)
        "output/examples",
        # the catalog tool for translators, not a part of a run
        "i18n/catalogs",
    )
    # Functions of other modules whose messages go to an agent: a file
    # argument a tool call names, refused by the MCP server.
    SKIPPED_FUNCTIONS = {("mcp/files", "resolve")}
    SAYERS = {"Declined", "note", "warn", "say", "ArgumentTypeError"}

    @staticmethod
    def error_classes(trees):
        """The names of alegra's error classes: AlegraError and every
        class the trees derive from it, however named."""
        import ast

        names = {"AlegraError"}
        classes = [node for tree in trees for node in ast.walk(tree)
                   if isinstance(node, ast.ClassDef)]
        for _round in range(10):  # bounded: a chain of ten is plenty
            more = {node.name for node in classes
                    if node.name not in names
                    and any(getattr(base, "attr", getattr(base, "id", None))
                            in names for base in node.bases)}
            if not more:
                break
            names |= more
        return names

    @staticmethod
    def words(node):
        """The literal text of a str constant or f-string, or None."""
        import ast

        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        if isinstance(node, ast.JoinedStr):
            return "".join(part.value for part in node.values
                           if isinstance(part, ast.Constant))
        return None

    def says(self, call, errors=frozenset()):
        """Whether ``call`` says an unmarked sentence."""
        import ast
        import builtins
        import re

        func = call.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(
            func, "id", "")
        # Python's own exceptions (ValueError...) are a programmer's
        # errors, or are caught and said again in the user's words.
        error = name in errors or (name.endswith("Error")
                                   and not hasattr(builtins, name))
        if not (error or name in self.SAYERS):
            return False
        text = self.words(call.args[0]) if call.args else None
        return bool(text and re.search(r"[^\W\d_]{3,}", text))

    def unmarked(self, tree, module, errors=frozenset()):
        import ast

        skipped = {name for path, name in self.SKIPPED_FUNCTIONS
                   if path == module}
        hidden = {id(node) for function in ast.walk(tree)
                  if isinstance(function, (ast.FunctionDef,
                                           ast.AsyncFunctionDef))
                  and function.name in skipped
                  for node in ast.walk(function)}
        return [call.lineno for call in ast.walk(tree)
                if isinstance(call, ast.Call) and id(call) not in hidden
                and self.says(call, errors)]

    def test_every_error_note_and_warning_is_marked(self):
        import ast
        import pathlib

        import alegra

        root = pathlib.Path(alegra.__file__).parent
        trees = {path.relative_to(root).with_suffix("").as_posix():
                 ast.parse(path.read_text(encoding="utf-8"))
                 for path in sorted(root.rglob("*.py"))}
        errors = self.error_classes(trees.values())
        found = [f"{module}.py:{line}"
                 for module, tree in trees.items()
                 if not module.startswith(self.SKIPPED_MODULES)
                 for line in self.unmarked(tree, module, errors)]
        self.assertEqual([], found, "mark these messages with _() from "
                         "alegra.i18n (see doc/source/translating.rst)")

    def test_a_plain_literal_is_found(self):
        import ast

        tree = ast.parse(
            "def f(x):\n"
            "    raise UsageError('no such thing', _('hint'))\n"
            "    self.note(f'Deleted {x} records')\n"
            "    warn(_('Warning: {x}').format(x=x))\n"
            "    raise UsageError(f'{x}: {x}')\n"
            "    raise argparse.ArgumentTypeError('bad value')\n"
            "    raise ValueError('a programming error')\n"
            "    raise PartialFailure(f'{x} of them failed')\n")
        self.assertEqual([2, 3, 6], sorted(self.unmarked(tree, "m")))
        self.assertEqual([2, 3, 6, 8], sorted(self.unmarked(
            tree, "m", {"PartialFailure"})))

    def test_alegra_errors_are_known_by_their_base(self):
        import ast

        tree = ast.parse("class Stop(errors.UsageError): pass\n"
                         "class Halt(Stop): pass\n"
                         "class Other(Exception): pass\n")
        names = self.error_classes([
            ast.parse("class UsageError(AlegraError): pass\n"), tree])
        self.assertEqual({"AlegraError", "UsageError", "Stop", "Halt"},
                         names)

    def test_a_skipped_function_is_not_walked(self):
        import ast

        tree = ast.parse("def resolve(x):\n"
                         "    raise UsageError('outside the folder')\n")
        self.assertEqual([], self.unmarked(tree, "mcp/files"))
        self.assertEqual([2], self.unmarked(tree, "mcp/other"))
