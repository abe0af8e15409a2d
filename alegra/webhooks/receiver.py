"""The local receiver: a werkzeug server on loopback that queues each
delivery and answers 200 at once (Alegra gives a subscriber 5 seconds).

The empty POST with which Alegra verifies a new subscription's URL is
answered and not queued.
"""

import datetime
import queue
import threading
from dataclasses import dataclass, field

# Headers that describe one hop, not the delivery: never forwarded.
HOP_HEADERS = frozenset({"host", "content-length", "connection",
                         "transfer-encoding", "keep-alive", "te",
                         "upgrade", "proxy-connection"})


@dataclass
class Delivery:
    received: str
    path: str
    headers: list
    body: bytes
    forward: dict = field(default_factory=dict)


class Receiver:
    def __init__(self):
        self.deliveries = queue.Queue()
        self.verifications = 0

    def __call__(self, environ, start_response):
        from werkzeug.wrappers import Request, Response

        request = Request(environ)
        body = request.get_data() if request.method == "POST" else b""
        if body.strip():
            self.deliveries.put(Delivery(
                received=now(), path=request.path,
                headers=list(request.headers.items()), body=body))
        elif request.method == "POST":
            self.verifications += 1
        response = Response('{"received":true}', status=200,
                            mimetype="application/json")
        return response(environ, start_response)


def now():
    return datetime.datetime.now(datetime.timezone.utc).strftime(
        "%Y-%m-%dT%H:%M:%SZ")


class Server:
    """The receiver served in a daemon thread on ``host:port``."""

    def __init__(self, host, port):
        from alegra.sandbox import server as server_module

        self.receiver = Receiver()
        self._module = server_module
        self._server = server_module.start_server(
            self.receiver, host, port, quiet=True)
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="webhooks-receiver",
            daemon=True)
        self._thread.start()

    def stop(self):
        if self._server is not None:
            server, self._server = self._server, None
            self._module.stop_server(server, self._thread)


def forward(url, delivery, timeout=10.0):
    """POST a delivery, with its headers, to ``url``; what came back."""
    import urllib.error
    import urllib.request

    headers = {name: value for name, value in delivery.headers
               if name.lower() not in HOP_HEADERS}
    request = urllib.request.Request(url, data=delivery.body, method="POST",
                                     headers=headers)
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(request, timeout=timeout) as response:
            return {"url": url, "status": response.status}
    except urllib.error.HTTPError as error:
        return {"url": url, "status": error.code}
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        return {"url": url, "status": None, "error": str(reason)}
