"""Webhook subscriptions and their deliveries.

As Alegra documents it: subscribing POSTs an empty body to the URL, which
must answer 2XX within 5 seconds or the subscription is not created. Then
each change of an invoice, bill, client or item is POSTed to every
subscriber of its event as ``{"subject": "<event>", "message":
{"<object>": {...}}}``, in a background thread, once, with the same 5 s
limit; after 10 consecutive failed deliveries the subscription is deleted.
"""

import logging
import queue
import threading
import urllib.error
import urllib.request

from alegra import jsonio

LOG = logging.getLogger(__name__)

OBJECTS = ("invoice", "bill", "client", "item")
EVENTS = tuple(f"{verb}-{obj}" for obj in OBJECTS
               for verb in ("new", "edit", "delete"))
TIMEOUT_SECONDS = 5.0
MAX_FAILURES = 10

# Deliveries go where the subscriber said, never through a proxy.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def target_url(url):
    """Alegra takes URLs with or without ``https://``."""
    return url if "://" in url else f"https://{url}"


def post(url, body, timeout=TIMEOUT_SECONDS):
    """True when ``url`` answered 2XX in time."""
    request = urllib.request.Request(
        target_url(url), data=body, method="POST",
        headers={"Content-Type": "application/json",
                 "User-Agent": "alegra-sandbox-webhooks"})
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            return 200 <= response.status < 300
    except (urllib.error.URLError, OSError, ValueError):
        return False


class Deliverer:
    """Posts the events of committed changes, one at a time, in a daemon
    thread, and keeps each subscription's count of consecutive
    failures."""

    def __init__(self, store, resources, timeout=TIMEOUT_SECONDS):
        self.store = store
        self.resources = resources
        self.timeout = timeout
        self.queue = queue.Queue()
        self._thread = None
        self._lock = threading.Lock()

    def pending(self, session):
        """The deliveries owed for a transaction's changes, read in that
        transaction: ``[(event, object name, object, subscriptions)]``."""
        owed = []
        for (resource, _), (change, doc) in session.changes.items():
            handler = self.resources.get(resource)
            obj = handler.event_for(doc) if handler else None
            if not obj:
                continue
            event = f"{change}-{obj}"
            subscribers = session.find("webhook-subscriptions", "kind = ?",
                                       (event,))
            if subscribers:
                owed.append((event, obj, doc, subscribers))
        return owed

    def send(self, owed):
        """Deliver, in the background, what ``pending`` found once its
        transaction has committed."""
        for delivery in owed:
            self._start()
            self.queue.put(delivery)

    def join(self):
        """Wait until every queued event has been delivered or failed."""
        self.queue.join()

    def _start(self):
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="sandbox-webhooks", daemon=True)
                self._thread.start()

    def _run(self):
        while True:
            event, obj, doc, subscribers = self.queue.get()
            try:
                self._deliver(event, obj, doc, subscribers)
            except Exception:  # a delivery never stops the thread
                LOG.exception("webhook delivery of %s failed", event)
            finally:
                self.queue.task_done()

    def _deliver(self, event, obj, doc, subscribers):
        body = jsonio.dumps(
            {"subject": event, "message": {obj: doc}}).encode()
        for subscription in subscribers:
            delivered = post(subscription["url"], body, self.timeout)
            self._record(subscription, delivered)

    def _record(self, subscription, delivered):
        with self.store.session(write=True) as session:
            key = subscription["id"]
            current = session.get("webhook-subscriptions", key)
            if current is None:
                return
            failures = 0 if delivered else session.internal(
                "webhook-subscriptions", key).get("failures", 0) + 1
            if failures >= MAX_FAILURES:
                session.remove("webhook-subscriptions", current)
                LOG.info("webhook subscription %s deleted after %s failed "
                         "deliveries", key, failures)
            else:
                session.save("webhook-subscriptions", current,
                             internal={"failures": failures})
