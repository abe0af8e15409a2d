"""The sandbox inside the current process, for ``alegra --sandbox``.

It listens on a free loopback port in a daemon thread for the life of the
process and keeps its state in the database file, so that consecutive
commands see each other's changes. Nothing it serves leaves loopback.
"""

import threading

from alegra.sandbox import DEFAULT_EMAIL, DEFAULT_TOKEN, default_db_path

LOOPBACK = "127.0.0.1"


class EmbeddedSandbox:
    def __init__(self, app, server, thread, db_path):
        from alegra.sandbox import server as server_module

        self.app = app
        self.db_path = db_path
        self.base_url = server_module.base_url(server)
        self.email = app.settings.email
        self.token = app.settings.token
        self.country = app.country.code
        self._server = server
        self._thread = thread

    def stop(self):
        """Stop serving; safe to call more than once."""
        if self._server is None:
            return
        from alegra.sandbox import server as server_module

        server, self._server = self._server, None
        server_module.stop_server(server, self._thread)
        self.app.store.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.stop()


def start(db_path=None, country=None, **app_kwargs):
    """Serve a sandbox on loopback and return once it accepts connections.

    ``db_path`` defaults to :func:`alegra.sandbox.default_db_path`;
    ``country`` only matters when the database is new (``co`` unless
    said). Other keywords go to :func:`alegra.sandbox.app.make_app`; the
    id format is read from ``$ALEGRA_SANDBOX_ID_FORMAT`` unless given.
    """
    from alegra.errors import UsageError
    from alegra.sandbox import app as app_module
    from alegra.sandbox import ids
    from alegra.sandbox import server as server_module

    if "id_format" not in app_kwargs:
        try:
            app_kwargs["id_format"] = ids.from_environment()
        except ValueError as error:
            raise UsageError(f"${ids.ENVIRONMENT}: {error}") from None

    db_path = db_path or default_db_path()
    app_kwargs.setdefault("email", DEFAULT_EMAIL)
    app_kwargs.setdefault("token", DEFAULT_TOKEN)
    app = app_module.make_app(db_path, country=country or "co", **app_kwargs)
    server = server_module.start_server(app, LOOPBACK, 0, quiet=True)
    thread = threading.Thread(target=server.serve_forever,
                              name="alegra-sandbox", daemon=True)
    thread.start()
    return EmbeddedSandbox(app, server, thread, db_path)
