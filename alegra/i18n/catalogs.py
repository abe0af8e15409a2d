"""Keeping the catalogs: find the messages the code marks, add the new
ones to their domain's ``.po`` file, compile ``.mo`` files beside them.

For translators and the tests, never imported by a command: it needs
Babel (the ``test`` extra). ``python -m alegra.i18n.catalogs update``
then fill the empty ``msgstr`` lines, then ``... compile``; see
doc/source/translating.rst.
"""

import ast
import io
import os
import pathlib
import sys

from alegra import i18n

PACKAGE = pathlib.Path(__file__).resolve().parent.parent
MARKERS = {"_": 1, "N_": 1, "ngettext": 2}


def domain_of(module):
    """The domain whose catalog holds ``module``'s messages, or None."""
    best, length = None, -1
    for domain, prefixes in i18n.DOMAINS.items():
        for prefix in prefixes:
            if ((module == prefix or module.startswith(prefix + "."))
                    and len(prefix) > length):
                best, length = domain, len(prefix)
    return best


def module_name(path):
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def marked(source):
    """``[(line, msgid or (singular, plural))]`` of the messages a module's
    source marks with ``_``, ``N_`` or ``ngettext`` and literal text."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", None) or getattr(
            node.func, "attr", None)
        count = MARKERS.get(name)
        if count is None or len(node.args) < count:
            continue
        texts = [arg.value for arg in node.args[:count]
                 if isinstance(arg, ast.Constant)
                 and isinstance(arg.value, str)]
        if len(texts) == count:
            found.append((node.lineno, texts[0] if count == 1
                          else tuple(texts)))
    return found


def scan(root=PACKAGE):
    """``{domain: {msgid: [where]}}`` of every marked message under
    ``root``; messages of modules no domain holds go under None."""
    found = {}
    for path in sorted(root.rglob("*.py")):
        module = module_name(path)
        for line, msgid in marked(path.read_text(encoding="utf-8")):
            where = f"{path.relative_to(PACKAGE.parent)}:{line}"
            found.setdefault(domain_of(module), {}).setdefault(
                msgid, []).append(where)
    return found


def po_path(domain, lang=i18n.SPANISH, folder=i18n.LOCALE_DIR):
    return os.path.join(folder, lang, "LC_MESSAGES", f"{domain}.po")


def read(path):
    from babel.messages import pofile

    with open(path, "rb") as stream:
        return pofile.read_po(stream)


def compiled(catalog):
    """The ``.mo`` bytes of a catalog, as ``compile`` writes them."""
    from babel.messages import mofile

    out = io.BytesIO()
    mofile.write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def new_catalog(domain, lang=i18n.SPANISH):
    """An empty catalog with the header alegra's catalogs share (two
    plural forms, as gettext has them for Spanish)."""
    from babel.messages.catalog import Catalog

    catalog = Catalog(locale=lang, domain=domain, project="alegra",
                      copyright_holder="alegra", fuzzy=False)
    catalog.mime_headers = [
        ("Plural-Forms", "nplurals=2; plural=(n != 1);")]
    return catalog


def write(path, catalog):
    from babel.messages import pofile

    with open(path, "wb") as stream:
        pofile.write_po(stream, catalog, width=76, no_location=True,
                        sort_output=True)


def update(domains=(), lang=i18n.SPANISH):
    """Add every marked message missing from its domain's catalog (only
    those of ``domains``, when named)."""

    for domain, messages in scan().items():
        if domain is None or (domains and domain not in domains):
            continue
        path = po_path(domain, lang)
        catalog = (read(path) if os.path.exists(path)
                   else new_catalog(domain, lang))
        for msgid in messages:
            if msgid not in catalog:
                catalog.add(msgid, "" if isinstance(msgid, str)
                            else ("", ""))
        write(path, catalog)


def compile_all(domains=(), lang=i18n.SPANISH, folder=i18n.LOCALE_DIR):
    """Write each ``.po`` file's ``.mo`` beside it (only those of
    ``domains``, when named)."""
    where = os.path.join(folder, lang, "LC_MESSAGES")
    for name in sorted(os.listdir(where)):
        if name.endswith(".po") and (not domains or name[:-3] in domains):
            data = compiled(read(os.path.join(where, name)))
            with open(os.path.join(where, name[:-3] + ".mo"), "wb") as out:
                out.write(data)


def main(argv):
    commands = {"update": update, "compile": compile_all}
    if not argv or argv[0] not in commands:
        sys.stderr.write("usage: python -m alegra.i18n.catalogs "
                         "update|compile [DOMAIN...]\n")
        return 2
    commands[argv[0]](tuple(argv[1:]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
