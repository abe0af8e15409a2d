"""A stateful local Alegra: the App API over an SQLite file.

Alegra has no test environment, so ``alegra --sandbox ...`` and
``alegra sandbox serve`` run against this emulator instead. This module is
imported by the CLI at start-up, so it stays light: the WSGI application
lives in :mod:`alegra.sandbox.app` and the server in
:mod:`alegra.sandbox.embedded`.
"""

import os

DEFAULT_EMAIL = "sandbox@alegra.test"
DEFAULT_TOKEN = "sandbox"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765


def default_db_path():
    """Where the sandbox keeps its state unless told otherwise.

    ``$ALEGRA_SANDBOX_DB`` when set, else ``alegra/sandbox.db`` in the XDG
    data directory (``~/.local/share`` when ``$XDG_DATA_HOME`` is unset).
    """
    explicit = os.environ.get("ALEGRA_SANDBOX_DB")
    if explicit:
        return explicit
    from alegra.local.config import xdg_dir

    return str(xdg_dir("XDG_DATA_HOME") / "sandbox.db")
