"""What ``alegra --help`` keeps between runs, in ``$XDG_CACHE_HOME/alegra``.

- ``help.json`` (:class:`DescriptionCache`): each command's one-line
  description, so that listing the commands does not import every command
  module (half the cost of ``--help`` with some forty resource modules).
- ``help-text.json`` (:func:`saved_help`, :func:`save_help`): the whole
  text of ``alegra --help``, so that :mod:`alegra.app.entry` can answer it
  before cliff and stevedore are even imported (they are most of what is
  left). It is kept with a fingerprint of everything the text depends on:
  alegra's version, the Python that runs it, each ``sys.path`` folder's
  modification time (installing, upgrading or removing a distribution
  changes it, and with it the commands that exist), the terminal's width,
  the ``ALEGRA_*`` variables, the language (the locale's; a profile's
  ``lang`` is in the configuration file, whose size and time count too),
  and the size and time of every module the text was read from. Any
  difference, and the help is built again.

This module is imported before anything else on the fast path: only the
standard library's cheapest modules here.
"""

import json
import os
import sys

from alegra import __version__, i18n

DESCRIPTIONS = "help.json"
HELP_TEXT = "help-text.json"


def cache_path(name, environ=None):
    environ = os.environ if environ is None else environ
    base = environ.get("XDG_CACHE_HOME") or os.path.join(
        os.path.expanduser("~"), ".cache")
    return os.path.join(base, "alegra", name)


def file_stamp(path):
    """``[size, mtime_ns]`` of ``path``, or None when it cannot be read."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    return [info.st_size, info.st_mtime_ns]


def read_json(path):
    """The JSON object in ``path``, or ``{}`` (a cache is only a cache)."""
    try:
        with open(path, "rb") as stream:
            data = json.loads(stream.read(1 << 20))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def write_json(path, data):
    try:
        from alegra.local import statefile

        statefile.write_text(path, json.dumps(data))
    except Exception:  # a cache that cannot be written costs time only
        pass


# -- the whole text of ``alegra --help`` ------------------------------------

def _columns():
    """The width argparse formats for (as :func:`shutil.get_terminal_size`
    finds it, without importing shutil)."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


def installation():
    """What says which alegra and which plugins are installed: alegra's
    version, the Python that runs it and each ``sys.path`` folder's
    stamp."""
    return {
        "version": __version__,
        "python": [sys.executable, sys.version],
        "path": [[entry, file_stamp(entry or ".")] for entry in sys.path],
    }


def loaded_modules():
    """``{file: stamp}`` of alegra's own modules loaded so far."""
    stamps = {}
    for name, module in list(sys.modules.items()):
        path = getattr(module, "__file__", None)
        if path and (name == "alegra" or name.startswith("alegra.")):
            stamps[path] = file_stamp(path)
    return stamps


def unchanged(files):
    """Whether every file of ``{file: stamp}`` still has its stamp."""
    return all(file_stamp(path) == stamp for path, stamp in files.items())


def fingerprint(environ):
    return {
        **installation(),
        "columns": _columns(),
        "environ": sorted([key, value] for key, value in environ.items()
                          if key.startswith("ALEGRA_")),
        # the text's language: the locale's, or a profile's lang
        "language": i18n.resolve(None, environ),
        "config": file_stamp(_config_file(environ)),
        "catalogs": catalog_stamps(i18n.resolve(None, environ)),
    }


def catalog_stamps(lang):
    """``{file: stamp}`` of alegra's compiled catalogs for ``lang`` (none
    in English): a translation changed since means the text is read
    again."""
    if lang == i18n.ENGLISH:
        return {}
    folder = os.path.join(i18n.LOCALE_DIR, lang, "LC_MESSAGES")
    try:
        names = sorted(name for name in os.listdir(folder)
                       if name.endswith(".mo"))
    except OSError:
        return {}
    return {name: file_stamp(os.path.join(folder, name)) for name in names}


def _config_file(environ):
    """Where alegra.local.config reads the configuration (without
    importing it: this module is on the fast path)."""
    if environ.get("ALEGRA_CONFIG"):
        return os.path.expanduser(environ["ALEGRA_CONFIG"])
    base = environ.get("XDG_CONFIG_HOME") or os.path.join(
        os.path.expanduser("~"), ".config")
    return os.path.join(base, "alegra", "config.yaml")


def saved_help(environ=None):
    """The text of ``alegra --help`` as the last run printed it, or None
    when anything it depends on has changed since."""
    environ = os.environ if environ is None else environ
    data = read_json(cache_path(HELP_TEXT, environ))
    text, files = data.get("text"), data.get("files")
    if not isinstance(text, str) or not isinstance(files, dict):
        return None
    if data.get("fingerprint") != json.loads(json.dumps(
            fingerprint(environ))):
        return None
    if not unchanged(files):
        return None
    return text


def save_help(environ, text, files):
    """Keep ``text``, read from the module files ``files`` (and alegra's
    own modules, whichever are loaded)."""
    stamps = loaded_modules()
    for path in files:
        stamps[path] = file_stamp(path)
    if None in stamps.values():
        return
    write_json(cache_path(HELP_TEXT, environ), {
        "fingerprint": fingerprint(environ), "files": stamps, "text": text})


# -- one line per command -----------------------------------------------------

class DescriptionCache:
    """One-line descriptions kept between runs of ``alegra --help``.

    An entry is keyed by the entry point (``module:Class``) and holds the
    module file's size and modification time: a changed, moved or
    reinstalled module is imported again. A command that fails to load is
    never cached, so it is reported every time.
    """

    def __init__(self, environ=None):
        # descriptions are kept in the language they were read in
        name = DESCRIPTIONS if i18n.language() == i18n.ENGLISH \
            else f"help-{i18n.language()}.json"
        self.path = cache_path(name, environ)
        data = read_json(self.path)
        self.catalogs = json.loads(json.dumps(
            catalog_stamps(i18n.language())))
        entries = data.get("commands") \
            if (data.get("version") == __version__
                and data.get("catalogs", {}) == self.catalogs) else None
        self.entries = entries if isinstance(entries, dict) else {}
        self.changed = False
        self._stamps = {}
        self.files = set()  # the module files the lines were read from

    def stamp(self, value):
        """``[size, mtime_ns]`` of the file of ``value``'s module, or None."""
        module = str(value).split(":")[0]
        if module not in self._stamps:
            stamp = None
            try:
                import importlib.util

                spec = importlib.util.find_spec(module)
                if spec is not None and spec.origin:
                    stamp = file_stamp(spec.origin)
                    if stamp is not None:
                        self.files.add(spec.origin)
            except Exception:  # a miss: the module is imported instead
                stamp = None
            self._stamps[module] = stamp
        return self._stamps[module]

    def get(self, entry):
        if not hasattr(entry, "entry_point"):
            return None
        return self.lookup(getattr(entry, "value", None))

    def put(self, entry, line):
        if hasattr(entry, "entry_point"):
            self.store(getattr(entry, "value", None), line)

    def lookup(self, value, key=None):
        """What was kept under ``key`` (the entry point ``value`` itself
        by default), if the module ``value`` names is unchanged since."""
        found = self.entries.get(key or value) if value else None
        if not isinstance(found, list) or len(found) != 3:
            return None
        stamp = self.stamp(value)
        if stamp is None or found[:2] != stamp:
            return None
        return found[2]

    def store(self, value, line, key=None):
        stamp = self.stamp(value) if value else None
        if stamp is not None:
            self.entries[key or value] = [*stamp, line]
            self.changed = True

    def save(self):
        if self.changed:
            write_json(self.path, {"version": __version__,
                                    "catalogs": self.catalogs,
                                    "commands": self.entries})
