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

Tokens are never written here when a keyring works (see credentials.py).
"""

import os
from pathlib import Path

from alegra.errors import UsageError

PROFILE_KEYS = ("email", "base_url", "country", "output")
SETTING_KEYS = ("ca_bundle", "proxy", "timeout", "country", "output")
DEFAULT_PROFILE = "default"


def config_dir(environ=None):
    environ = os.environ if environ is None else environ
    base = environ.get("XDG_CONFIG_HOME") or os.path.join(
        os.path.expanduser("~"), ".config")
    return Path(base) / "alegra"


def config_path(environ=None):
    environ = os.environ if environ is None else environ
    if environ.get("ALEGRA_CONFIG"):
        return Path(environ["ALEGRA_CONFIG"]).expanduser()
    return config_dir(environ) / "config.yaml"


def write_private(path, text):
    """Write ``text`` to ``path`` atomically, readable by the owner only."""
    import tempfile

    path = Path(path)
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
        except OSError as exc:
            raise UsageError(f"cannot read {path}: {exc.strerror}") from None
        import yaml

        try:
            data = yaml.safe_load(text) or {}
        except yaml.YAMLError as exc:
            where = getattr(exc, "problem_mark", None)
            line = f" at line {where.line + 1}" if where else ""
            raise UsageError(
                f"{path} is not valid YAML{line}", "fix or remove the file"
            ) from None
        if not isinstance(data, dict):
            raise UsageError(f"{path} should hold a mapping of settings")
        return cls(path, data)

    @property
    def default_profile(self):
        return self.data.get("default_profile") or DEFAULT_PROFILE

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
        profile = self.profiles.setdefault(name, {})
        for key, value in values.items():
            if value is None:
                profile.pop(key, None)
            else:
                profile[key] = value
        return profile

    def save(self):
        import yaml

        write_private(self.path, yaml.safe_dump(
            self.data, sort_keys=False, allow_unicode=True))
