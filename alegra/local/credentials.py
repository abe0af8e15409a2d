"""Where the API token lives.

In order: ``ALEGRA_EMAIL`` / ``ALEGRA_TOKEN`` from the environment (CI,
cron), then the OS keyring (service ``alegra``, one entry per profile),
then, where no keyring backend works (headless Linux, containers), a
credentials file beside the configuration with mode 0600. Writing to that
file always says so on stderr.

Each value is resolved on its own: ``ALEGRA_TOKEN`` alone pairs with the
profile's e-mail, ``ALEGRA_EMAIL`` alone with the profile's stored token.

A Bearer token (``Authorization: Bearer``, an OAuth token) needs no
e-mail: ``ALEGRA_BEARER_TOKEN`` comes before everything, and a profile
saved with ``alegra auth login --bearer`` (``auth: bearer`` in its
configuration) keeps its token where a Basic token would go.
"""

import logging
import os
from dataclasses import dataclass

from alegra.local.config import config_dir
from alegra.errors import UsageError
from alegra.i18n import _

LOG = logging.getLogger(__name__)

SERVICE = "alegra"
ENVIRONMENT = "environment (ALEGRA_EMAIL, ALEGRA_TOKEN)"
BEARER_VARIABLE = "ALEGRA_BEARER_TOKEN"
BASIC, BEARER = "basic", "bearer"


@dataclass
class Credentials:
    email: str
    token: str
    source: str
    # "basic" (e-mail and token) or "bearer" (the token alone).
    scheme: str = BASIC

    def __repr__(self):
        # Never let a token reach a log or a traceback.
        return (f"Credentials(email={self.email!r}, token='<redacted>', "
                f"source={self.source!r}, scheme={self.scheme!r})")


def credentials_file(environ=None):
    return config_dir(environ) / "credentials.yaml"


# -- the keyring -----------------------------------------------------------

def _keyring():
    """The keyring module if a real backend is available, else None."""
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return None
    try:
        backend = keyring.get_keyring()
    except Exception as exc:
        LOG.debug("no keyring backend: %s", exc)
        return None
    # The fail and null backends, and a chainer with nothing to chain,
    # store nothing: treat them as no keyring at all.
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


def _keyring_source():
    return f"keyring ({keyring_name()})"


def _file_source(environ=None):
    return f"file {credentials_file(environ)}"


# -- the fallback file -------------------------------------------------------

def _read_file(environ=None):
    from alegra.local import statefile

    path = credentials_file(environ)
    return _parse_file(path, statefile.read_text(path, 256 * 1024))


class FileTokens:
    """The fallback file's tokens, read at most once (where many profiles
    are resolved one after the other)."""

    def __init__(self, environ=None):
        self.environ = environ
        self._tokens = None

    def get(self, profile):
        if self._tokens is None:
            self._tokens = _read_file(self.environ)
        return self._tokens.get(profile)


def _parse_file(path, text):
    import yaml

    from alegra.local.config import load_yaml

    if text is None:
        return {}
    try:
        data = load_yaml(path, text) or {}
    except yaml.YAMLError:
        data = None
    if not isinstance(data, dict):
        raise UsageError(
            _("{path} is damaged").format(path=path),
            _("remove it and run 'alegra auth login' again"),
        )
    return data


def _change_file(change, environ=None):
    """Lock the credentials file, re-read it, apply ``change``, write."""
    import yaml

    from alegra.local import statefile

    path = credentials_file(environ)

    def dump(data):
        return yaml.safe_dump(data, sort_keys=True) if data else None

    statefile.update(path, change, load=lambda text: _parse_file(path, text),
                     dump=dump)


def _forget_in_file(profile, environ=None):
    if profile not in _read_file(environ):
        return False
    found = []

    def forget(data):
        found.append(data.pop(profile, None) is not None)
        return data

    _change_file(forget, environ)
    return found[0]


# -- the public functions ------------------------------------------------

def load_token(profile, environ=None, file_tokens=None):
    """``(token, source)`` of a profile's stored token, or ``(None, None)``.

    ``file_tokens`` (a :class:`FileTokens`) reads the fallback file once for
    many profiles."""
    keyring = _keyring()
    if keyring is not None:
        try:
            token = keyring.get_password(SERVICE, profile)
        except Exception as exc:
            LOG.warning(_("Warning: the keyring could not be read (%s)"),
                        type(exc).__name__)
            token = None
        if token:
            return token, _keyring_source()
    token = (file_tokens or FileTokens(environ)).get(profile)
    if token:
        return str(token), _file_source(environ)
    return None, None


def store_token(profile, token, environ=None, warn=None):
    """Save a profile's token; returns a description of where it went."""
    keyring = _keyring()
    if keyring is not None:
        try:
            keyring.set_password(SERVICE, profile, token)
        except Exception as exc:
            if warn:
                warn(_("Warning: the keyring refused the token ({failure}: "
                       "{detail})").format(failure=type(exc).__name__,
                                           detail=exc))
        else:
            _forget_in_file(profile, environ)
            return _keyring_source()

    def store(data):
        data[profile] = token
        return data

    _change_file(store, environ)
    if warn:
        warn(_("Warning: no working keyring; the token is stored in {path} "
               "(mode 0600, not encrypted)").format(
                   path=credentials_file(environ)))
    return _file_source(environ)


def delete_token(profile, environ=None):
    """Remove a profile's token everywhere; the places it was found in."""
    removed = []
    keyring = _keyring()
    if keyring is not None:
        try:
            if keyring.get_password(SERVICE, profile):
                keyring.delete_password(SERVICE, profile)
                removed.append(_keyring_source())
        except Exception as exc:
            LOG.warning(_("Warning: the keyring could not be cleared (%s)"),
                        type(exc).__name__)
    if _forget_in_file(profile, environ):
        removed.append(_file_source(environ))
    return removed


def from_environment(environ=None):
    """Credentials wholly from ``ALEGRA_EMAIL`` and ``ALEGRA_TOKEN``."""
    environ = os.environ if environ is None else environ
    email = environ.get("ALEGRA_EMAIL")
    token = environ.get("ALEGRA_TOKEN")
    if email and token:
        return Credentials(email, token, ENVIRONMENT)
    return None


def scheme_for(profile, environ=None):
    """Which scheme a profile's requests use, without reading a secret (a
    dry run shows ``Bearer <redacted>`` or ``Basic <redacted>``)."""
    environ = os.environ if environ is None else environ
    if environ.get(BEARER_VARIABLE):
        return BEARER
    if from_environment(environ):
        return BASIC
    return BEARER if (profile or {}).get("auth") == BEARER else BASIC


def resolve(profile_name, profile, environ=None, file_tokens=None):
    """The credentials a command should use, or None (``file_tokens``: see
    :func:`load_token`)."""
    environ = os.environ if environ is None else environ
    bearer = environ.get(BEARER_VARIABLE)
    if bearer:
        return Credentials(None, bearer.strip(),
                           f"environment ({BEARER_VARIABLE})", BEARER)
    found = from_environment(environ)
    if found:
        return found
    if profile.get("auth") == BEARER:
        token, source = load_token(profile_name, environ, file_tokens)
        return Credentials(None, token, source, BEARER) if token else None
    email = environ.get("ALEGRA_EMAIL") or profile.get("email")
    if not email:
        return None
    token = environ.get("ALEGRA_TOKEN")
    if token:
        return Credentials(email, token, "environment (ALEGRA_TOKEN)")
    token, source = load_token(profile_name, environ, file_tokens)
    if not token:
        return None
    return Credentials(email, token, source)
