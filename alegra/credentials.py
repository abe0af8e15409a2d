"""Where the API token lives.

In order: ``ALEGRA_EMAIL`` + ``ALEGRA_TOKEN`` from the environment (CI, cron),
then the OS keyring (service ``alegra-cli``, one entry per profile), then,
where no keyring backend works (headless Linux, containers), a credentials
file beside the configuration with mode 0600. Writing to that file always
says so on stderr.
"""

import os
from dataclasses import dataclass

from alegra.config import config_dir, write_private

SERVICE = "alegra-cli"


@dataclass
class Credentials:
    email: str
    token: str
    source: str


def credentials_file(environ=None):
    return config_dir(environ) / "credentials.yaml"


def _keyring():
    """The keyring module if a real backend is available, else None."""
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return None
    try:
        backend = keyring.get_keyring()
    except Exception:
        return None
    if isinstance(backend, fail.Keyring):
        return None
    if getattr(backend, "priority", 1) <= 0:
        return None
    return keyring


def keyring_name():
    keyring = _keyring()
    if keyring is None:
        return None
    backend = keyring.get_keyring()
    return f"{type(backend).__module__}.{type(backend).__name__}"


def _read_file(environ=None):
    import yaml

    path = credentials_file(environ)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        return {}
    except (OSError, yaml.YAMLError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_file(data, environ=None):
    import yaml

    path = credentials_file(environ)
    if data:
        write_private(path, yaml.safe_dump(data, sort_keys=True))
    elif path.exists():
        path.unlink()


def load_token(profile, environ=None):
    """``(token, source)`` of a profile's stored token, or ``(None, None)``."""
    keyring = _keyring()
    if keyring is not None:
        try:
            token = keyring.get_password(SERVICE, profile)
        except Exception:
            token = None
        if token:
            return token, f"keyring ({keyring_name()})"
    token = _read_file(environ).get(profile)
    if token:
        return str(token), f"file {credentials_file(environ)}"
    return None, None


def store_token(profile, token, environ=None, warn=None):
    """Save a profile's token; returns a description of where it went."""
    keyring = _keyring()
    if keyring is not None:
        try:
            keyring.set_password(SERVICE, profile, token)
        except Exception as exc:
            if warn:
                warn(f"Warning: the keyring refused the token ({exc})")
        else:
            _forget_in_file(profile, environ)
            return f"keyring ({keyring_name()})"
    data = _read_file(environ)
    data[profile] = token
    _write_file(data, environ)
    where = f"file {credentials_file(environ)}"
    if warn:
        warn(f"Warning: no keyring available; the token is stored in "
             f"{credentials_file(environ)} (mode 0600)")
    return where


def _forget_in_file(profile, environ=None):
    data = _read_file(environ)
    if profile in data:
        del data[profile]
        _write_file(data, environ)


def delete_token(profile, environ=None):
    """Remove a profile's token everywhere; True if one was found."""
    found = False
    keyring = _keyring()
    if keyring is not None:
        try:
            if keyring.get_password(SERVICE, profile):
                keyring.delete_password(SERVICE, profile)
                found = True
        except Exception:
            pass
    if profile in _read_file(environ):
        _forget_in_file(profile, environ)
        found = True
    return found


def from_environment(environ=None):
    environ = os.environ if environ is None else environ
    email = environ.get("ALEGRA_EMAIL")
    token = environ.get("ALEGRA_TOKEN")
    if email and token:
        return Credentials(email, token, "environment (ALEGRA_EMAIL, "
                                         "ALEGRA_TOKEN)")
    return None


def resolve(profile_name, profile, environ=None):
    """The credentials a command should use, or None."""
    found = from_environment(environ)
    if found:
        return found
    email = profile.get("email")
    if not email:
        return None
    token, source = load_token(profile_name, environ)
    if not token:
        return None
    return Credentials(email, token, source)
