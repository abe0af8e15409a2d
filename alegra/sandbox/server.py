"""Serving the sandbox over HTTP with werkzeug's threaded server.

The socket is bound here rather than by werkzeug, so that a port in use
is one ``Error:`` line instead of werkzeug printing and exiting.
"""

import signal
import socket
import threading

from werkzeug.serving import WSGIRequestHandler, make_server

from alegra.i18n import _
from alegra.sandbox import DEFAULT_HOST, DEFAULT_PORT


class ServeError(Exception):
    """The server could not start."""


class QuietRequestHandler(WSGIRequestHandler):
    """No access log: the embedded sandbox must not write on stderr."""

    def log_request(self, code="-", size="-"):
        pass

    def log(self, type, message, *args):
        pass


class AccessLogHandler(WSGIRequestHandler):
    """The access log of ``sandbox serve``: one line a request on stderr,
    written directly (alegra keeps werkzeug's logger at WARNING)."""

    def log(self, type, message, *args):
        import sys

        try:
            sys.stderr.write(f"{self.address_string()} - - "
                             f"[{self.log_date_time_string()}] "
                             f"{message % args}\n")
            sys.stderr.flush()
        except (OSError, ValueError):
            pass  # nobody reads stderr any more: serving matters more


def bind(host, port):
    try:
        family, kind, proto, _name, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM)[0]
        sock = socket.socket(family, kind, proto)
    except (OSError, UnicodeError) as error:
        raise ServeError(_("cannot use host {host!r}: {reason}").format(
            host=host, reason=error)) from None
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError as error:
        sock.close()
        raise ServeError(_("cannot listen on {host}:{port}: {reason}")
                         .format(host=host, port=port,
                                 reason=error.strerror or error)) from None
    return sock


def start_server(app, host=DEFAULT_HOST, port=DEFAULT_PORT, quiet=False):
    """A threaded werkzeug server for ``app``, already accepting
    connections (its socket listens); call ``serve_forever`` to answer."""
    sock = bind(host, port)
    try:
        return make_server(
            host, port, app, threaded=True, fd=sock.fileno(),
            request_handler=QuietRequestHandler if quiet
            else AccessLogHandler)
    finally:
        # werkzeug works on a duplicate of the descriptor.
        sock.close()


def base_url(server):
    host, port = server.server_address[:2]
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}/api/v1"


def stop_server(server, thread=None):
    """Stop ``serve_forever`` at once, without waiting for its poll.

    ``shutdown`` only takes effect when the serving loop wakes up; a
    connection wakes it.
    """
    closer = threading.Thread(target=server.shutdown, daemon=True)
    closer.start()
    host, port = server.server_address[:2]
    while closer.is_alive():
        try:
            socket.create_connection((host, port), timeout=0.5).close()
        except OSError:
            pass
        closer.join(0.05)
    server.server_close()
    if thread is not None:
        thread.join(1.0)


def serve_until_stopped(server):
    """Serve in this thread until Ctrl-C or SIGTERM."""
    def terminate(signum, frame):
        raise KeyboardInterrupt
    previous = signal.signal(signal.SIGTERM, terminate)
    # Requests in flight must not hold up the exit.
    server.daemon_threads = True
    try:
        server.serve_forever(poll_interval=0.1)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        server.server_close()
