"""Lazy command registration.

cliff's stock ``CommandManager`` imports every command module at start-up.
This one records the entry points without loading them; a command's module
is imported only when that command runs (or when ``--help`` asks for its
one-line description). Aliases (``invoice`` for ``invoices``) come from
the ``alegra.aliases`` entry points, read the same way. Loading failures
and two plugins claiming one command name become
:class:`~alegra.errors.PluginError` s that name the entry points and their
distributions.
"""

from cliff import commandmanager

from alegra import namespaces, registry
from alegra.errors import PluginError
from alegra.i18n import _


class LazyEntry:
    """An entry point whose command class is imported on first use."""

    def __init__(self, name, entry_point):
        self.name = name
        self.entry_point = entry_point
        self._loaded = None

    @property
    def value(self):
        return self.entry_point.value

    def load(self):
        if self._loaded is None:
            self._loaded = load_command_class(self.name, self.entry_point)
        return self._loaded


class ConflictEntry:
    """A command name claimed by more than one entry point."""

    def __init__(self, name, entry_points):
        self.name = name
        self.entry_points = entry_points

    @property
    def value(self):
        return " / ".join(ep.value for ep in self.entry_points)

    def error(self):
        return registry.conflict("command", self.name, self.entry_points)

    def load(self):
        raise self.error()


def load_command_class(name, entry_point):
    try:
        factory = entry_point.load()
    except (Exception, SystemExit) as exc:  # a plugin's sys.exit() too
        raise registry.load_failure("plugin command", name, entry_point,
                                    exc) from exc
    if not callable(factory):
        raise PluginError(
            _("plugin command '{name}' is not a command class: "
              "{where}").format(name=name,
                                where=registry.describe(entry_point)))
    from alegra.command import adopt

    return adopt(factory)


class LazyCommandManager(commandmanager.CommandManager):
    """Registers the ``alegra.commands`` entry points without importing."""

    def __init__(self, namespace=namespaces.COMMANDS, environ=None):
        self.environ = environ
        self.conflicts = {}
        self.aliases = {}
        super().__init__(namespace, convert_underscores=True)
        self.aliases = registry.claims(namespaces.ALIASES, environ)

    def load_commands(self, namespace):
        self.group_list.append(namespace)
        claims = registry.claims(
            namespace, self.environ,
            name_of=lambda entry_point: entry_point.name.replace("_", " "))
        for name, entry_points in claims.items():
            if len(entry_points) > 1:
                entry = ConflictEntry(name, entry_points)
                self.conflicts[name] = entry
            else:
                entry = LazyEntry(name, entry_points[0])
            self.commands[name] = entry

    def find_command(self, argv):
        """The longest run of leading words that names a command.

        Unlike cliff, no abbreviations: a newly installed plugin must never
        change what an abbreviated command in a script runs.
        """
        try:
            return self._find(argv)
        except ValueError:
            expanded = self.expand(argv)
            if expanded == list(argv):
                raise
            return self._find(expanded)

    def _find(self, argv):
        words = []
        for word in argv:
            if word.startswith("-"):
                break
            words.append(word)
        for end in range(len(words), 0, -1):
            name = " ".join(words[:end])
            if name in self.commands:
                return self.commands[name].load(), name, argv[end:]
        raise ValueError(f"Unknown command {argv!r}")

    def expand(self, argv):
        """``argv`` with a leading alias replaced by the word it stands for.

        :meth:`find_command` expands only what names no command as typed,
        so a command always wins over an alias of the same spelling
        (``webhooks listen`` stays itself, ``webhooks list`` is
        ``webhook-subscriptions list``).
        """
        argv = list(argv)
        if not argv or argv[0] not in self.aliases:
            return argv
        return [self.alias_target(argv[0]), *argv[1:]]

    def alias_target(self, alias):
        """The command word an alias stands for (importing its module)."""
        entry_points = self.aliases[alias]
        if len(entry_points) > 1:
            raise registry.conflict("alias", alias, entry_points)
        try:
            target = entry_points[0].load()
        except (Exception, SystemExit) as exc:
            raise registry.load_failure("alias", alias, entry_points[0],
                                        exc) from exc
        word = getattr(target, "name", None)
        if not isinstance(word, str) or not word:
            raise PluginError(
                _("alias '{alias}' does not point at a resource: "
                  "{where}").format(
                      alias=alias, where=registry.describe(entry_points[0])))
        return word

    def description_of(self, name):
        """A command's one-line description, without instantiating it."""
        factory = self.commands[name].load()
        return command_description(factory)


def command_description(factory):
    import inspect

    text = getattr(factory, "_description", "") or inspect.getdoc(factory)
    line = (text or "").strip().split("\n")[0].rstrip(".")
    # Declared with N_ (read before the language is known): said here.
    return _(line) if line else line
