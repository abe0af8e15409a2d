"""The tree's promises: layers that import downward, no cycle, no patching.

Every ``import`` of every module under ``alegra/`` counts, those inside
functions too: a lazy import still ties two modules together.
"""

import ast
import pathlib

import testtools

import alegra

ROOT = pathlib.Path(alegra.__file__).parent

# Lowest first. A module belongs to the longest prefix that names it; it
# may import from its own layer and the layers before it, never after.
LAYERS = (
    ("base", ("alegra", "alegra.errors", "alegra.i18n", "alegra.jsonio",
              "alegra.namespaces",
              "alegra.resource", "alegra.records", "alegra.cliffcompat")),
    ("plugin registry", ("alegra.registry",)),
    ("offline data and rules", ("alegra.catalogs", "alegra.validators")),
    ("local state", ("alegra.local",)),
    ("inputs", ("alegra.inputs",)),
    ("output", ("alegra.output",)),
    ("http", ("alegra.http",)),
    ("sandbox", ("alegra.sandbox",)),
    ("command API", ("alegra.command", "alegra.verbs")),
    ("features", ("alegra.bulk", "alegra.emission", "alegra.history",
                  "alegra.sandbox.commands", "alegra.sandbox.trigger",
                  "alegra.sandbox.__main__",
                  "alegra.webhooks", "alegra.validators.commands",
                  "alegra.catalogs.commands")),
    ("bindings", ("alegra.bindings",)),
    ("application", ("alegra.app", "alegra.__main__")),
    ("mcp", ("alegra.mcp",)),
    ("built-in plugins", ("alegra.plugins",)),
)
ROOT_MODULES_AT_MOST = 12


def modules():
    """``{dotted name: path}`` of every module of the package."""
    found = {}
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def imported(name, path, known):
    """The alegra modules ``name`` imports (at any depth of its code)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[:len(package.split(".")) -
                                            node.level + 1]
                base = ".".join(parts + ([base] if base else []))
            targets = [f"{base}.{alias.name}"
                       if f"{base}.{alias.name}" in known else base
                       for alias in node.names]
        else:
            continue
        for target in targets:
            while target not in known and "." in target:
                target = target.rpartition(".")[0]
            if target in known and target != name:
                found.add(target)
    return found


def graph():
    known = modules()
    return {name: imported(name, path, known) for name, path in known.items()}


def layer_of(name):
    best, rank = "", None
    for position, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if ((name == prefix or name.startswith(prefix + "."))
                    and len(prefix) > len(best)):
                best, rank = prefix, position
    return rank


def cycles(edges):
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in edges[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                other = stack.pop()
                on_stack.discard(other)
                component.append(other)
                if other == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def module_attribute_assignments(path):
    """``module.name = ...`` (or ``setattr(module, ...)``) lines of a file,
    where ``module`` is a name the file bound by importing it."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported_names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported_names.update(alias.asname or alias.name.split(".")[0]
                                  for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            imported_names.update(alias.asname or alias.name
                                  for alias in node.names)
    found = []
    for node in ast.walk(tree):
        targets = []
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            targets = (node.targets if isinstance(node, ast.Assign)
                       else [node.target])
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
              and node.func.id in ("setattr", "delattr") and node.args):
            targets = [ast.Attribute(value=node.args[0], attr="?")]
        for target in targets:
            for leaf in ast.walk(target):
                if (isinstance(leaf, ast.Attribute)
                        and isinstance(leaf.value, ast.Name)
                        and leaf.value.id in imported_names):
                    found.append(f"{path.name}:{node.lineno} "
                                 f"{leaf.value.id}.{leaf.attr}")
    return found


class TestLayout(testtools.TestCase):

    def test_every_module_has_a_layer(self):
        self.assertEqual([], [name for name in modules()
                              if layer_of(name) is None])

    def test_imports_go_downward(self):
        upward = [
            f"{name} ({LAYERS[layer_of(name)][0]}) imports {other} "
            f"({LAYERS[layer_of(other)][0]})"
            for name, others in graph().items() for other in sorted(others)
            if layer_of(other) > layer_of(name)]
        self.assertEqual([], upward)

    def test_no_import_cycle(self):
        self.assertEqual([], cycles(graph()))

    def test_the_cycle_finder_finds_cycles(self):
        self.assertEqual([["a", "b", "c"]],
                         cycles({"a": {"b"}, "b": {"c"}, "c": {"a"},
                                 "d": {"a"}}))

    def test_no_module_patches_another(self):
        found = [line for path in sorted(ROOT.rglob("*.py"))
                 for line in module_attribute_assignments(path)]
        self.assertEqual([], found)

    def test_the_root_holds_the_plugin_api_only(self):
        root = sorted(path.name for path in ROOT.glob("*.py"))
        self.assertLessEqual(len(root), ROOT_MODULES_AT_MOST, root)

    def test_every_subpackage_says_what_it_holds(self):
        for init in sorted(ROOT.rglob("__init__.py")):
            if init.parent == ROOT:
                continue
            doc = ast.get_docstring(ast.parse(init.read_text("utf-8")))
            self.assertTrue(doc, f"{init} has no docstring")
            self.assertTrue(doc.splitlines()[0].strip(), init)
