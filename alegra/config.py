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

PROFILE_KEYS = ("email", "base_url", "country", "output")
SETTING_KEYS = ("ca_bundle", "proxy", "timeout", "country", "output")
DEFAULT_PROFILE = "default"
# Profile names become keyring entries and file keys: keep them plain.
PROFILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@+-]{0,63}$")
SECRET_WORDS = ("token", "password", "secret", "bearer")


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


def write_private(path, text):
    """Write ``text`` to ``path`` atomically, readable by the owner only.

    The text goes to a temporary file in the same directory, which then
    replaces the target in one step: a reader sees the old file or the new
    one, never half of one. A symbolic link (a config kept with the user's
    dotfiles) is followed, so that the link survives.
    """
    import tempfile

    path = Path(os.path.realpath(path))
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    handle, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(handle, 0o600)
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
    _sync_directory(path.parent)


def _sync_directory(directory):
    """Make the rename itself durable (best effort; not every OS can)."""
    try:
        descriptor = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def check_profile_name(name):
    if not name or not PROFILE_NAME.match(name):
        raise UsageError(
            f"invalid profile name {name!r}",
            "use letters, digits and . _ - @ +, at most 64, starting with a "
            "letter or digit",
        )
    return name


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

    @classmethod
    def load(cls, path=None, environ=None):
        path = Path(path) if path else config_path(environ)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return cls(path)
        except IsADirectoryError:
            raise UsageError(f"{path} is a directory, not a file") from None
        except UnicodeDecodeError:
            raise UsageError(f"{path} is not UTF-8 text") from None
        except OSError as exc:
            raise UsageError(f"cannot read {path}: {exc.strerror}") from None
        config = cls(path, _parse(path, text))
        config.check()
        return config

    def check(self):
        """Refuse a file whose shape would be lost or misread on save."""
        for key in ("profiles", "settings"):
            if not isinstance(self.data.get(key, {}) or {}, dict):
                raise UsageError(
                    f"{self.path}: '{key}' should be a mapping",
                    "fix or remove the file")
        for name, profile in (self.data.get("profiles") or {}).items():
            if not isinstance(profile or {}, dict):
                raise UsageError(
                    f"{self.path}: profile '{name}' should be a mapping",
                    "fix or remove the file")
        default = self.data.get("default_profile")
        if default is not None and not isinstance(default, str):
            raise UsageError(
                f"{self.path}: 'default_profile' should be a profile name")

    @property
    def exists(self):
        return self.path.exists()

    @property
    def default_profile(self):
        return self.data.get("default_profile") or DEFAULT_PROFILE

    @default_profile.setter
    def default_profile(self, name):
        self.data["default_profile"] = check_profile_name(name)

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

    def profile(self, name):
        profile = self.profiles.get(name)
        return profile if isinstance(profile, dict) else {}

    def update_profile(self, name, **values):
        """Set (or, with None, remove) keys of a profile, creating it."""
        check_profile_name(name)
        profile = self.profiles.get(name)
        if not isinstance(profile, dict):
            profile = self.profiles[name] = {}
        for key, value in values.items():
            if is_secret_key(key):
                raise ValueError("secrets never go into the config file")
            if value is None:
                profile.pop(key, None)
            else:
                profile[key] = value
        return profile

    def dump(self):
        import yaml

        first = [key for key in ("default_profile", "profiles", "settings")
                 if key in self.data]
        ordered = {key: self.data[key] for key in first}
        ordered.update(self.data)
        for key in ("profiles", "settings"):
            if ordered.get(key) == {}:
                del ordered[key]
        return yaml.safe_dump(ordered, sort_keys=False, allow_unicode=True)

    def save(self):
        write_private(self.path, self.dump())


def _parse(path, text):
    import yaml

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" at line {where.line + 1}" if where else ""
        raise UsageError(
            f"{path} is not valid YAML{line}", "fix or remove the file"
        ) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise UsageError(f"{path} should hold a mapping of settings",
                         "fix or remove the file")
    return data
