"""The user's own command aliases (``alegra alias set abiertas '...'``).

They live in the configuration file under ``aliases:`` and expand only as
the first command word: ``alegra abiertas --limit 5`` runs the stored line
followed by ``--limit 5``. An alias never shadows a command, a command
group or a resource's other name, so a plugin installed later wins over an
alias of the same spelling (it is then reported as shadowed and ignored).
"""

import os
import re

from alegra.errors import UsageError
from alegra.i18n import _

NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
RESERVED = frozenset({"help", "complete", "__complete"})


def stored(environ=None):
    """``{name: command line}`` from the configuration file; reading it
    is skipped (no YAML import) when the file names no alias."""
    from alegra.local import config

    environ = os.environ if environ is None else environ
    path = config.config_path(environ)
    try:
        with open(path, "rb") as stream:
            if b"aliases" not in stream.read(config.MAX_CONFIG_BYTES):
                return {}
    except OSError:
        return {}
    aliases = config.Config.load(path).aliases
    return {str(name): str(line) for name, line in aliases.items()
            if isinstance(line, str)}


def taken(manager):
    """The first words commands, groups and resource aliases use."""
    words = {name.split()[0] for name, _ in manager}
    return words | set(getattr(manager, "aliases", {}) or {}) | RESERVED


def check_name(name, manager):
    if not NAME.match(name or ""):
        raise UsageError(
            _("invalid alias name {name!r}").format(name=name),
            _("use lower-case letters, digits, - and _, at most 40"))
    if name in taken(manager):
        raise UsageError(
            _("'{name}' is already an alegra command; an alias cannot "
              "shadow it").format(name=name), _("choose another name"))
    return name


def split(line):
    import shlex

    try:
        words = shlex.split(line)
    except ValueError as exc:
        raise UsageError(_("the alias line cannot be read: {reason}").format(
            reason=exc)) from None
    if not words:
        raise UsageError(_("an alias needs a command to stand for"))
    return words


def expand(app, argv):
    """``argv`` with a leading user alias replaced by its words."""
    if not argv or argv[0].startswith("-"):
        return argv
    manager = app.command_manager
    if argv[0] in taken(manager):
        return argv
    line = stored(app.environ).get(argv[0])
    if line is None:
        return argv
    return [*split(line), *argv[1:]]
