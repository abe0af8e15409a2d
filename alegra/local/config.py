"""The configuration file: profiles and settings, in YAML.

Location: ``$ALEGRA_CONFIG``, else ``$XDG_CONFIG_HOME/alegra/config.yaml``
(``~/.config/alegra/config.yaml``). Shape::

    default_profile: clienteA
    profiles:
      clienteA: {email: a@example.com, country: co, output: json}
      clienteB: {email: b@example.com, base_url: https://...}
    settings:
      ca_bundle: /etc/ssl/corp.pem
      proxy: http://proxy:3128

Tokens are never written here (see credentials.py). Keys this version does
not know are kept as they are, so that an older alegra never destroys what
a newer one wrote.
"""

import os
import re
from pathlib import Path

from alegra.errors import UsageError
from alegra import i18n
from alegra.i18n import N_, _

DEFAULT_PROFILE = "default"
# Profile names become keyring entries and file keys: keep them plain.
PROFILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@+-]{0,63}$")
SECRET_WORDS = ("token", "password", "secret", "bearer")
# A configuration file is a few hundred bytes; these stop a mistake (or an
# alias bomb) from taking the machine's memory.
MAX_CONFIG_BYTES = 256 * 1024
MAX_YAML_VALUES = 100_000
TEXT_KEYS = {"email", "base_url", "country", "output", "ca_bundle", "proxy"}
# ``rate`` may also be ``off`` (YAML's false; checked where it is read).
NUMBER_KEYS = {"timeout", "retry_wait", "retry_backoff", "rate"}
BOOLEAN_KEYS = {"mcp_allow_destructive"}
FIX_IT = N_("fix or remove the file")


XDG_DEFAULTS = {
    "XDG_CONFIG_HOME": (".config",),
    "XDG_DATA_HOME": (".local", "share"),
    "XDG_STATE_HOME": (".local", "state"),
}


def xdg_dir(variable, environ=None):
    """alegra's folder in an XDG base directory (``XDG_STATE_HOME`` ...)."""
    environ = os.environ if environ is None else environ
    base = environ.get(variable) or os.path.join(
        os.path.expanduser("~"), *XDG_DEFAULTS[variable])
    return Path(base) / "alegra"


def config_dir(environ=None):
    return xdg_dir("XDG_CONFIG_HOME", environ)


def config_path(environ=None):
    environ = os.environ if environ is None else environ
    if environ.get("ALEGRA_CONFIG"):
        return Path(environ["ALEGRA_CONFIG"]).expanduser()
    return config_dir(environ) / "config.yaml"


def check_profile_name(name):
    if not name or not PROFILE_NAME.match(name):
        raise UsageError(
            _("invalid profile name {name!r}").format(name=name),
            _("use letters, digits and . _ - @ +, at most 64, starting with "
              "a letter or digit"),
        )
    return name


def _likeness(name, other):
    import difflib

    return difflib.SequenceMatcher(None, name.lower(),
                                   str(other).lower()).ratio()


def closest_first(name, names):
    """``names`` ordered by likeness to ``name`` (case aside), the closest
    first: ``empresab`` finds ``empresaB``, ``empresa-b`` too."""
    return sorted(names, key=lambda other: (-_likeness(name, other),
                                            str(other)))


def unknown_profile(name, names, create=None):
    """The usage error for a profile the configuration does not have;
    ``create`` says how to make it."""
    create = create or (f"'alegra --profile {name} auth login --email "
                        "you@example.com'")
    if not names:
        return UsageError(
            _("there is no profile '{name}' (no profile is "
              "configured)").format(name=name),
            _("create it with {command}").format(command=create))
    ordered = closest_first(name, names)
    hint = _("create it with {command}").format(command=create)
    if _likeness(name, ordered[0]) >= 0.6:
        hint = _("did you mean '{name}'? Or create it with "
                 "{command}").format(name=ordered[0], command=create)
    return UsageError(
        _("there is no profile '{name}'; the profiles are: "
          "{names}").format(name=name, names=", ".join(ordered)), hint)


def is_secret_key(key):
    return any(word in str(key).lower() for word in SECRET_WORDS)


def redacted(value):
    """A copy of ``value`` with anything that looks like a secret hidden."""
    if isinstance(value, dict):
        return {key: "<redacted>" if is_secret_key(key) and item
                else redacted(item) for key, item in value.items()}
    if isinstance(value, list):
        return [redacted(item) for item in value]
    return value


class Config:
    """The parsed configuration file."""

    def __init__(self, path, data=None):
        self.path = Path(path)
        self.data = data or {}
        # What this process changed, replayed over a fresh read on save so
        # that two alegra processes writing at once lose nothing.
        self._changes = []

    @classmethod
    def load(cls, path=None, environ=None):
        path = Path(path) if path else config_path(environ)
        config = cls(path, cls._read(path))
        config.check()
        return config

    @staticmethod
    def _read(path):
        from alegra.local import statefile

        text = statefile.read_text(path, MAX_CONFIG_BYTES)
        return {} if text is None else _parse(path, text)

    def check(self):
        """Refuse a file whose shape would be lost or misread on save."""
        for key in ("profiles", "settings", "aliases"):
            if not isinstance(self.data.get(key, {}) or {}, dict):
                raise UsageError(
                    _("{path}: '{key}' should be a mapping").format(
                        path=self.path, key=key), _(FIX_IT))
        for name, profile in (self.data.get("profiles") or {}).items():
            if not isinstance(profile or {}, dict):
                raise UsageError(
                    _("{path}: profile '{name}' should be a "
                      "mapping").format(path=self.path, name=name),
                    _(FIX_IT))
        default = self.data.get("default_profile")
        if default is not None and not isinstance(default, str):
            raise UsageError(
                _("{path}: 'default_profile' should be a profile "
                  "name").format(path=self.path))
        for name, profile in (self.data.get("profiles") or {}).items():
            _check_types(_("{path}: profile '{name}'").format(
                path=self.path, name=name), profile or {})
        _check_types(_("{path}: settings").format(path=self.path),
                     self.data.get("settings") or {})

    @property
    def exists(self):
        return self.path.exists()

    @property
    def default_profile(self):
        return self.data.get("default_profile") or DEFAULT_PROFILE

    @default_profile.setter
    def default_profile(self, name):
        check_profile_name(name)
        self._change(lambda data: data.__setitem__("default_profile", name))

    @property
    def has_default_profile(self):
        return bool(self.data.get("default_profile"))

    @property
    def profiles(self):
        profiles = self.data.get("profiles")
        if not isinstance(profiles, dict):
            profiles = self.data["profiles"] = {}
        return profiles

    @property
    def settings(self):
        settings = self.data.get("settings")
        if not isinstance(settings, dict):
            settings = self.data["settings"] = {}
        return settings

    @property
    def aliases(self):
        """The user's command aliases: ``{name: command line}``."""
        aliases = self.data.get("aliases")
        return aliases if isinstance(aliases, dict) else {}

    def set_alias(self, name, expansion):
        """Set (or, with None, remove) the command alias ``name``."""
        def change(data):
            aliases = data.get("aliases")
            if not isinstance(aliases, dict):
                aliases = data["aliases"] = {}
            if expansion is None:
                aliases.pop(name, None)
            else:
                aliases[name] = expansion
            if not aliases:
                del data["aliases"]

        self._change(change)

    def profile(self, name):
        profile = self.profiles.get(name)
        return profile if isinstance(profile, dict) else {}

    def update_profile(self, name, **values):
        """Set (or, with None, remove) keys of a profile, creating it."""
        check_profile_name(name)
        if any(is_secret_key(key) for key in values):
            raise ValueError("secrets never go into the config file")

        def change(data):
            profiles = data.get("profiles")
            if not isinstance(profiles, dict):
                profiles = data["profiles"] = {}
            profile = profiles.get(name)
            if not isinstance(profile, dict):
                profile = profiles[name] = {}
            for key, value in values.items():
                if value is None:
                    profile.pop(key, None)
                else:
                    profile[key] = value

        self._change(change)
        return self.profiles[name]

    def _change(self, change):
        change(self.data)
        self._changes.append(change)

    def dump(self, data=None):
        import yaml

        data = self.data if data is None else data
        first = [key for key in ("default_profile", "profiles", "settings")
                 if key in data]
        ordered = {key: data[key] for key in first}
        ordered.update(data)
        for key in ("profiles", "settings", "aliases"):
            if ordered.get(key) == {}:
                del ordered[key]
        return yaml.safe_dump(ordered, sort_keys=False, allow_unicode=True)

    def save(self):
        """Write this process's changes: lock, re-read, replay, write."""
        from alegra.local import statefile

        with statefile.locked(self.path):
            fresh = Config(self.path, self._read(self.path))
            fresh.check()
            for change in self._changes:
                change(fresh.data)
            statefile.write_text(self.path, self.dump(fresh.data))
        self.data = fresh.data
        self._changes = []


def _check_types(where, values):
    for key, value in values.items():
        if value is None:
            continue
        if key in TEXT_KEYS and not isinstance(value, str):
            raise UsageError(
                _("{where}: '{key}' should be text, not {kind}").format(
                    where=where, key=key, kind=_type_name(value)),
                _(FIX_IT))
        if key in NUMBER_KEYS and (isinstance(value, bool) or not isinstance(
                value, (int, float, str))) and not (
                    key == "rate" and value is False):
            raise UsageError(
                _("{where}: '{key}' should be a number, not {kind}").format(
                    where=where, key=key, kind=_type_name(value)),
                _(FIX_IT))
        if key == "lang" and not (isinstance(value, str)
                                  and i18n.known(value)):
            raise UsageError(
                _("{where}: 'lang' should be es or en, not {value!r}").format(
                    where=where, value=value),
                _(FIX_IT))
        if key in BOOLEAN_KEYS and not isinstance(value, bool):
            raise UsageError(
                _("{where}: '{key}' should be true or false, not "
                  "{kind}").format(where=where, key=key,
                                   kind=_type_name(value)),
                _(FIX_IT))
    mcp = values.get("mcp")
    if mcp is not None:
        if not isinstance(mcp, dict):
            raise UsageError(
                _("{where}: 'mcp' should be a mapping").format(where=where),
                _(FIX_IT))
        _check_types(f"{where}: mcp", {
            "mcp_" + str(key).replace("-", "_"): value
            for key, value in mcp.items()})


def allows_destructive_agents(profile):
    """Whether a profile lets AI agents (the MCP server) run tools that
    change data for good: ``mcp.allow-destructive`` or
    ``mcp_allow_destructive``, true unless either is false."""
    mcp = profile.get("mcp") if isinstance(profile, dict) else None
    values = [profile.get("mcp_allow_destructive") if isinstance(
        profile, dict) else None]
    if isinstance(mcp, dict):
        values += [mcp.get("allow-destructive"), mcp.get("allow_destructive")]
    return all(value is not False for value in values)


def _type_name(value):
    names = {dict: N_("a mapping"), list: N_("a list"),
             bool: N_("true/false"), int: N_("a number"),
             float: N_("a number")}
    name = names.get(type(value))
    return _(name) if name else type(value).__name__


def load_yaml(path, text):
    """Parse YAML state safely: no tags, bounded aliases and nesting.

    ``yaml.safe_load`` shares the objects behind an alias, but everything
    that walks the result afterwards (dump, redaction, checks) sees each
    share again: a few lines of nested aliases expand to billions of values.
    The composed node graph is measured first, as it would expand.
    """
    import yaml

    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if _expanded_size(node, {}) > MAX_YAML_VALUES:
            raise UsageError(
                _("{path} expands to more than {count} values through YAML "
                  "aliases").format(path=path, count=MAX_YAML_VALUES),
                _(FIX_IT))
        return loader.construct_document(node)
    except RecursionError:
        raise UsageError(_("{path} is nested too deeply").format(path=path),
                         _(FIX_IT)) from None
    finally:
        loader.dispose()


def _expanded_size(node, sizes):
    known = sizes.get(id(node))
    if known == 0:
        return MAX_YAML_VALUES + 1  # holds itself: expands without end
    if known is not None:
        return known
    sizes[id(node)] = 0  # being measured
    children = node.value if isinstance(node.value, list) else []
    size = 1
    for child in children:
        if isinstance(child, tuple):
            size += sum(_expanded_size(part, sizes) for part in child)
        else:
            size += _expanded_size(child, sizes)
        if size > MAX_YAML_VALUES:
            break
    sizes[id(node)] = size
    return size


def _parse(path, text):
    import yaml

    try:
        data = load_yaml(path, text)
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        text = (_("{path} is not valid YAML at line {line}").format(
                    path=path, line=where.line + 1) if where
                else _("{path} is not valid YAML").format(path=path))
        raise UsageError(text, _(FIX_IT)) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise UsageError(
            _("{path} should hold a mapping of settings").format(path=path),
            _(FIX_IT))
    return data
