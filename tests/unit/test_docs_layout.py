"""The docs name only modules that exist, and the map names every package.

Every ``alegra.x.y`` in double backquotes, in a role (``:mod:``,
``:class:``, ...), as a directive's argument or in an example's import,
and every ``alegra/x/y.py``
path, on every page under ``doc/source``, must name a module, package,
folder or top-level name of the tree as it is now, or an entry point
namespace. ``layout.rst`` must also mention every subpackage.
"""

import ast
import pathlib
import re

import testtools

from alegra import namespaces

REPO = pathlib.Path(__file__).resolve().parents[2]
PACKAGE = REPO / "alegra"
DOCS = REPO / "doc" / "source"
LAYOUT = DOCS / "layout.rst"

# Where the modules of the reorganisation went, to say so in a failure.
MOVED = {
    "alegra.cli": "alegra.app.entry",
    "alegra.shell": "alegra.app.application",
    "alegra.context": "alegra.app.context",
    "alegra.client": "alegra.http.client",
    "alegra.failures": "alegra.http.failures",
    "alegra.ratelimit": "alegra.http.ratelimit",
    "alegra.quota": "alegra.http.quota",
    "alegra.dryrun": "alegra.http.dryrun",
    "alegra.config": "alegra.local.config",
    "alegra.credentials": "alegra.local.credentials",
    "alegra.statefile": "alegra.local.statefile",
    "alegra.body": "alegra.inputs.body",
    "alegra.dates": "alegra.inputs.dates",
    "alegra.identifiers": "alegra.inputs.identifiers",
    "alegra.argparsing": "alegra.inputs.argparsing",
    "alegra.validation": "alegra.inputs.validation",
    "alegra.formatters": "alegra.output.formatters",
    "alegra.jqfilter": "alegra.output.jqfilter",
    "alegra.examples": "alegra.output.examples",
    "alegra.bulk.progress": "alegra.output.progress",
    "alegra.emission.hints": "alegra.http.hints",
    "alegra.profiles_fanout": "alegra.app.fanout",
}

# Inline literals, roles and directive arguments: where a module is named.
LITERAL = re.compile(r"``(.+?)``", re.S)
ROLE = re.compile(r":(?:py:)?[a-z]+:`~?([^`]+)`")
DIRECTIVE = re.compile(r"^\s*\.\. [\w:-]+:: +(\S+)", re.M)
# ``from alegra.x import y`` in an example.
IMPORT = re.compile(r"^\s*(?:>>> )?(?:from|import) +(alegra\.[\w.]+)", re.M)
# Not part of a host (api.alegra.com), an address (sandbox@alegra.test) or
# a longer path ($XDG_STATE_HOME/alegra/...).
DOTTED = re.compile(
    r"(?<![\w@./$~-])alegra(?:\.[A-Za-z_][A-Za-z0-9_]*)+")
PATH = re.compile(r"(?<![\w@./$~-])alegra/[\w./*<>{}-]*")

# Every entry point group alegra owns (alegra.commands, alegra.locales...).
NAMESPACES = frozenset(value for name, value in vars(namespaces).items()
                       if name.isupper() and isinstance(value, str)
                       and value.startswith("alegra."))


def tree_modules(package=PACKAGE):
    """``{dotted name: path}`` of every module and package."""
    found = {}
    for path in package.rglob("*.py"):
        parts = path.relative_to(package.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def subpackages(package=PACKAGE):
    return sorted(name for name, path in tree_modules(package).items()
                  if path.name == "__init__.py" and "." in name)


def top_level_names(path):
    """The names a module defines or imports at its top level."""
    names = set()
    pending = list(ast.parse(path.read_text(encoding="utf-8")).body)
    while pending:
        node = pending.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef,
                             ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((alias.asname or alias.name).split(".")[0]
                         for alias in node.names)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = (node.targets if isinstance(node, ast.Assign)
                       else [node.target])
            names.update(leaf.id for target in targets
                         for leaf in ast.walk(target)
                         if isinstance(leaf, ast.Name))
        elif isinstance(node, (ast.If, ast.Try, ast.With)):
            for block in ("body", "orelse", "finalbody", "handlers"):
                pending.extend(getattr(node, block, []))
        elif isinstance(node, ast.ExceptHandler):
            pending.extend(node.body)
    return names


def named_modules(text):
    """``[(offset, dotted name)]`` named where Sphinx text names code."""
    found = []
    for pattern in (LITERAL, ROLE, DIRECTIVE, IMPORT):
        for span in pattern.finditer(text):
            found.extend((span.start(1) + match.start(), match.group())
                         for match in DOTTED.finditer(span.group(1)))
    return sorted(set(found))


def named_paths(text):
    """``[(offset, path)]`` of ``alegra/...`` paths anywhere in ``text``."""
    return [(match.start(), match.group().rstrip(".,;:)"))
            for match in PATH.finditer(text)]


def wrong_name(name, modules):
    """Why ``name`` names nothing, or None when it does."""
    if name in NAMESPACES:
        return None
    moved = next((old for old in sorted(MOVED, key=len, reverse=True)
                  if (name == old or name.startswith(old + "."))
                  and old not in modules), None)
    if moved:
        return f"{moved} is now {MOVED[moved]}"
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        module = ".".join(parts[:end])
        if module in modules:
            break
    rest = parts[end:]
    if not rest or rest[0] in top_level_names(modules[module]):
        return None
    if modules[module].name == "__init__.py":
        return f"{module} has no module or name {rest[0]}"
    return f"{module} has no {rest[0]}"


def wrong_path(path, root=REPO):
    """Why ``alegra/...`` names nothing in the tree, or None."""
    fixed = re.split(r"[<*{]", path, maxsplit=1)[0]
    if fixed != path:  # a pattern: its fixed folder must exist
        fixed = fixed.rpartition("/")[0]
        if path[len(fixed):].startswith("/*") and not list(
                (root / fixed).glob(path[len(fixed) + 1:])):
            return "matches no file"
    target = root / fixed
    if path.endswith("/") and not target.is_dir():
        return "no such folder"
    if not target.exists():
        dotted = fixed.removesuffix(".py").replace("/", ".")
        return (f"is now {MOVED[dotted]}" if dotted in MOVED
                else "no such file")
    return None


def problems(text, modules=None, root=REPO, page="page"):
    """``["page:line: name: why"]`` for every name that names nothing."""
    modules = tree_modules() if modules is None else modules
    found = []
    for offset, name in named_modules(text):
        why = wrong_name(name, modules)
        if why:
            found.append((offset, name, why))
    for offset, path in named_paths(text):
        why = wrong_path(path, root)
        if why:
            found.append((offset, path, why))
    return [f"{page}:{line_of(text, offset)}: {name}: {why}"
            for offset, name, why in sorted(found)]


def line_of(text, offset):
    return text.count("\n", 0, offset) + 1


def mentioned(text):
    """Every dotted name the text names, its paths as dotted names too."""
    names = {name for _, name in named_modules(text)}
    names.update(path.removesuffix(".py").strip("/").replace("/", ".")
                 for _, path in named_paths(text))
    return names


class TestDocsNameRealModules(testtools.TestCase):

    def test_every_page_names_only_what_exists(self):
        modules = tree_modules()
        found = []
        for page in sorted(DOCS.rglob("*.rst")):
            found += problems(page.read_text(encoding="utf-8"), modules,
                              page=str(page.relative_to(REPO)))
        self.assertEqual([], found)

    def test_the_map_mentions_every_subpackage(self):
        names = mentioned(LAYOUT.read_text(encoding="utf-8"))
        missing = [package for package in subpackages()
                   if not any(name == package
                              or name.startswith(package + ".")
                              for name in names)]
        self.assertEqual([], missing)

    def test_the_map_is_in_the_table_of_contents(self):
        index = (DOCS / "index.rst").read_text(encoding="utf-8")
        self.assertIn("\n   layout\n", index)


class TestTheChecker(testtools.TestCase):
    """The checks above find what they must, and only that."""

    MODULES = tree_modules()

    def check(self, text):
        return problems(text, self.MODULES)

    def test_a_moved_module_is_named_with_its_new_place(self):
        self.assertEqual(
            ["page:2: alegra.client.Client: alegra.client is now "
             "alegra.http.client"],
            self.check("Intro.\nSee ``alegra.client.Client``.\n"))

    def test_every_place_a_module_is_named(self):
        text = (":mod:`alegra.nowhere`\n"
                ":class:`~alegra.shell.AlegraApp`\n"
                ".. autoprogram-cliff:: alegra.gone.App\n"
                "``x = alegra.plugins.nothing:List``\n")
        self.assertEqual(
            ["page:1: alegra.nowhere: alegra has no module or name "
             "nowhere",
             "page:2: alegra.shell.AlegraApp: alegra.shell is now "
             "alegra.app.application",
             "page:3: alegra.gone.App: alegra has no module or name gone",
             "page:4: alegra.plugins.nothing: alegra.plugins has no "
             "module or name nothing"],
            self.check(text))

    def test_an_example_that_imports_a_moved_module(self):
        self.assertEqual(
            ["page:3: alegra.context: alegra.context is now "
             "alegra.app.context"],
            self.check("Example::\n\n   from alegra.context import "
                       "Context\n   import alegra.verbs\n"))

    def test_a_missing_name_in_a_real_module(self):
        self.assertEqual(
            ["page:1: alegra.resource.Nothing: alegra.resource has no "
             "Nothing"],
            self.check("``alegra.resource.Nothing``"))

    def test_real_names_pass(self):
        text = ("``alegra.resource.Resource`` :mod:`alegra.verbs` "
                "``alegra.app.context.Context`` ``alegra.output.formatters``"
                " ``alegra.verbs.List.take_action``"
                " ``alegra/local/statefile.py`` ``alegra/plugins/``"
                " ``alegra/validators/schemas/<name>.json``"
                " ``alegra/sandbox/resources/*.py``")
        self.assertEqual([], self.check(text))

    def test_namespaces_hosts_and_user_folders_are_not_modules(self):
        text = ("``alegra.commands`` ``alegra.formatter.list`` "
                "``alegra.aliases`` ``sandbox@alegra.test`` "
                "``https://api.alegra.com/api/v1`` "
                "``~/.config/alegra/config.yaml`` "
                "``$XDG_STATE_HOME/alegra/imports/`` alegra.com")
        self.assertEqual([], self.check(text))

    def test_paths_that_do_not_exist(self):
        text = ("in alegra/client.py,\n"
                "``alegra/nothing/``\n"
                "``alegra/sandbox/resources/*.nothing``\n"
                "``alegra/verbs.py/``\n")
        self.assertEqual(
            ["page:1: alegra/client.py: is now alegra.http.client",
             "page:2: alegra/nothing/: no such folder",
             "page:3: alegra/sandbox/resources/*.nothing: matches no file",
             "page:4: alegra/verbs.py/: no such folder"],
            self.check(text))

    def test_a_subpackage_is_mentioned_by_name_or_path(self):
        names = mentioned("``alegra.http.client`` and alegra/sandbox/"
                          "resources/base.py")
        self.assertIn("alegra.http.client", names)
        self.assertIn("alegra.sandbox.resources.base", names)
        self.assertTrue(set(subpackages()) >= {"alegra.http",
                                               "alegra.sandbox.resources"})
