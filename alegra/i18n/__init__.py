"""Messages in the user's language: English in the code, Spanish in
gettext catalogs.

Code marks a message with :func:`_` (translate now), :func:`N_` (a
module-level constant, translated where it is shown) or :func:`ngettext`
(a count). Each area of alegra keeps its messages in its own catalog, a
gettext *domain* (:data:`DOMAINS`), so that areas are translated apart;
at run time the catalogs are chained, alegra's first, then those plugins
ship through the ``alegra.locales`` entry point group.

In English nothing is read: :func:`_` returns its argument. In Spanish
the compiled catalogs (``locale/es/LC_MESSAGES/<domain>.mo``) are read
once, on the first message translated. The language is chosen by
:func:`resolve`; only the standard library's ``gettext`` is used here.
"""

import os

ENGLISH = "en"
SPANISH = "es"
LANGUAGES = (ENGLISH, SPANISH)
LOCALE_DIR = os.path.join(os.path.dirname(__file__), "locale")

# Domain: the modules whose messages it holds (a module belongs to the
# longest prefix that names it). The next area to be translated adds its
# line here and its catalog under locale/.
DOMAINS = {
    "alegra-app": ("alegra.app", "alegra.command", "alegra.verbs",
                   "alegra.errors", "alegra.resource", "alegra.i18n",
                   "alegra.registry"),
    "alegra-inputs": ("alegra.inputs",),
    "alegra-output": ("alegra.output",),
    "alegra-plugins": ("alegra.plugins",),
    # import and export, with the progress they show and the examples
    # that end each command's help
    "alegra-bulk": ("alegra.bulk", "alegra.output.progress",
                    "alegra.output.examples"),
    "alegra-emission": ("alegra.emission",),
    "alegra-history": ("alegra.history",),
    "alegra-webhooks": ("alegra.webhooks",),
    "alegra-catalogs": ("alegra.catalogs",),
    "alegra-validators": ("alegra.validators",),
    "alegra-http": ("alegra.http",),
    "alegra-local": ("alegra.local",),
    "alegra-sandbox": ("alegra.sandbox",),
    "alegra-mcp": ("alegra.mcp",),
    # cliff's help texts for its formatter options, translated on the
    # parser (alegra.command)
    "alegra-cliff": (),
    # argparse's own messages (usage:, its errors, "options") and the
    # module that says them again in the user's language; argparse's
    # gettext lookups in the process-wide domain are left alone (they read
    # the language from the environment, which --lang cannot change
    # without editing it)
    "alegra-argparse": ("alegra.inputs.argparsing",),
}

_state = {"language": None, "catalog": None}


def language_of(name):
    """``es`` for a Spanish language or locale name (``es``,
    ``es_CO.UTF-8``, ``es-MX``), ``en`` for anything else."""
    return SPANISH if (name or "").strip().lower().startswith("es") \
        else ENGLISH


def known(name):
    """Whether ``name`` names a language alegra speaks (``es``, ``en``,
    ``es_CO``...)."""
    value = (name or "").strip().lower()
    return any(value == lang or value[:3] in (lang + "_", lang + "-")
               for lang in LANGUAGES)


def locale_name(environ=None, category="LC_MESSAGES"):
    """The first of ``ALEGRA_LANG``, ``LC_ALL``, ``category``, ``LANG``
    that is set, as written (``es_CO.UTF-8``), or ``""``."""
    environ = os.environ if environ is None else environ
    for name in ("ALEGRA_LANG", "LC_ALL", category, "LANG"):
        value = (environ.get(name) or "").strip()
        if value:
            return value
    return ""


def detect(environ=None):
    """The language ``ALEGRA_LANG`` or the locale asks for."""
    return language_of(locale_name(environ))


def resolve(option=None, environ=None, profile=None):
    """The language of a run: ``--lang``, else ``ALEGRA_LANG``, else the
    profile's ``lang``, else the locale (``LC_ALL``, ``LC_MESSAGES``,
    ``LANG``); Spanish when it starts with ``es``."""
    environ = os.environ if environ is None else environ
    for value in (option, environ.get("ALEGRA_LANG"), profile):
        if value and value.strip():
            return language_of(value)
    return detect({name: value for name, value in environ.items()
                   if name != "ALEGRA_LANG"})


def set_language(lang):
    """Speak ``lang`` (``en`` or ``es``) from now on in this process;
    None: the language ``ALEGRA_LANG`` or the locale asks for, read
    again each time."""
    _state["language"] = None if lang is None else language_of(lang)
    _state["catalog"] = None


def language(environ=None):
    """The language set with :func:`set_language`, else the one
    ``environ`` (the process's by default) asks for."""
    return _state["language"] or detect(environ)


def _(message):
    """``message`` in the user's language."""
    if language() == ENGLISH:
        return message
    return _catalog().gettext(message)


def N_(message):
    """Mark ``message`` for translation where it is shown, not here
    (module-level constants, read before the language is known)."""
    return message


def ngettext(singular, plural, count):
    """The singular or plural form for ``count``, in the user's
    language."""
    if language() == ENGLISH:
        return singular if count == 1 else plural
    return _catalog().ngettext(singular, plural, count)


def yes_words():
    """What a person may answer to a ``[y/N]`` question to say yes, in
    either language."""
    return ("y", "yes", "s", "si", "sí")


def _catalog():
    if _state["catalog"] is None:
        _state["catalog"] = load(language())
    return _state["catalog"]


def load(lang, folder=LOCALE_DIR):
    """Every catalog of ``lang``, chained: alegra's domains in
    :data:`DOMAINS` order, any other catalog in the folder, then the
    plugins' (read on the first message alegra's do not hold)."""
    import gettext

    first = gettext.NullTranslations()
    for path in catalog_files(folder, lang):
        with open(path, "rb") as stream:
            first.add_fallback(gettext.GNUTranslations(stream))
    first.add_fallback(_PluginCatalogs(lang))
    return first


def catalog_files(folder, lang):
    """The ``.mo`` files of ``lang`` under ``folder``, alegra's domains
    first."""
    where = os.path.join(folder, lang, "LC_MESSAGES")
    try:
        names = sorted(name for name in os.listdir(where)
                       if name.endswith(".mo"))
    except OSError:
        return []
    order = list(DOMAINS)
    names.sort(key=lambda name: (order.index(name[:-3])
                                 if name[:-3] in order else len(order)))
    return [os.path.join(where, name) for name in names]


def plugin_folders():
    """``[(entry point name, folder)]`` of the catalogs plugins ship:
    each ``alegra.locales`` entry point names a package whose folder holds
    ``<lang>/LC_MESSAGES/<domain>.mo``. One that cannot be found is left
    out (a missing translation is English, not an error)."""
    import importlib.metadata
    import importlib.util

    from alegra import namespaces

    found = []
    for entry_point in importlib.metadata.entry_points(
            group=namespaces.LOCALES):
        try:
            spec = importlib.util.find_spec(entry_point.value)
        except (ImportError, ValueError):
            continue
        locations = list(getattr(spec, "submodule_search_locations", None)
                         or [])
        if locations:
            found.append((entry_point.name, locations[0]))
    return found


class _PluginCatalogs:
    """The plugins' catalogs, read when first needed, as one fallback."""

    def __init__(self, lang):
        self.lang = lang
        self.chain = None

    def _chain(self):
        if self.chain is None:
            import gettext

            self.chain = gettext.NullTranslations()
            for _name, folder in sorted(plugin_folders()):
                for path in catalog_files(folder, self.lang):
                    try:
                        with open(path, "rb") as stream:
                            catalog = gettext.GNUTranslations(stream)
                    except (OSError, ValueError):
                        continue
                    self.chain.add_fallback(catalog)
        return self.chain

    def gettext(self, message):
        return self._chain().gettext(message)

    def ngettext(self, singular, plural, count):
        return self._chain().ngettext(singular, plural, count)
