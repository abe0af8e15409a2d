"""``alegra webhooks listen``: watch Alegra's webhook deliveries locally.

Starts a receiver on loopback, subscribes it to the chosen events (its own
address against a sandbox on this machine; ``--public-url``, a tunnel the
user runs to the receiver's port, against Alegra, which cannot reach
loopback), prints each delivery as it arrives and forwards it, with its
headers, to ``--forward-to``. When it stops (Ctrl-C, SIGTERM) it removes
every subscription it made and names any it could not remove.
"""

import signal
import urllib.parse

from alegra import command, jsonio
from alegra.output import jqfilter
from alegra.errors import AlegraError, NotFoundError, UsageError
from alegra.i18n import N_, _, ngettext
from alegra.webhooks import EVENTS, SUBSCRIPTIONS

HOST = "127.0.0.1"
TABLE_FORMATS = ("table", "value")
JSON_FORMATS = ("json", "ndjson")


def events_argument(text):
    import argparse

    chosen = [word.strip() for word in text.split(",") if word.strip()]
    unknown = [word for word in chosen if word not in EVENTS]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(
            _("unknown event(s) {names}; the events are {events}").format(
                names=", ".join(unknown) or repr(text),
                events=", ".join(EVENTS)))
    return list(dict.fromkeys(chosen))


def url_argument(text):
    import argparse

    parts = urllib.parse.urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise argparse.ArgumentTypeError(
            _("{text} is not an http:// or https:// URL").format(
                text=repr(text)))
    return text


def subscription_id(answer):
    """The id of a created subscription, bare or wrapped."""
    if isinstance(answer, dict):
        inner = answer.get("subscription")
        if isinstance(inner, dict) and inner.get("id") is not None:
            return inner["id"]
        if answer.get("id") is not None:
            return answer["id"]
    return None


def describe(delivery):
    """The record printed for one delivery (its JSON body parsed)."""
    try:
        body = jsonio.loads(delivery.body.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        body = delivery.body.decode("utf-8", "replace")
    event = body.get("subject") if isinstance(body, dict) else None
    obj, identifier = None, None
    message = body.get("message") if isinstance(body, dict) else None
    if isinstance(message, dict) and len(message) == 1:
        obj, inner = next(iter(message.items()))
        if isinstance(inner, dict):
            identifier = inner.get("id")
    record = {"received": delivery.received, "event": event,
              "object": obj, "id": identifier, "path": delivery.path,
              "headers": dict(delivery.headers), "body": body}
    if delivery.forward:
        record["forward"] = delivery.forward
    return record


def line_of(record):
    """One line for people: time, event, object and id, forward status."""
    identifier = "?" if record["id"] is None else record["id"]
    what = f"{record['object'] or '?'} {identifier}"
    text = f"{record['received']}  {record['event'] or '?'}  {what}"
    forward = record.get("forward")
    if forward:
        status = forward.get("status")
        if status is None:
            text += "  -> " + _("{url} failed: {error}").format(
                url=forward["url"], error=forward.get("error"))
        else:
            text += f"  -> {forward['url']} [{status}]"
    return text


class Listen(command.Command):
    _description = N_("Receive webhook deliveries locally, print and "
                      "forward them")
    # What it sends (tests/contract lists every command's requests).
    api_requests = (("POST", SUBSCRIPTIONS, {"body": ("event", "url")}),
                    ("DELETE", SUBSCRIPTIONS + "/{id}"))

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--events", type=events_argument, default=list(EVENTS),
            metavar="E1,E2",
            help=_("events to subscribe to, comma-separated (default: "
                   "all: {events})").format(events=", ".join(EVENTS)))
        parser.add_argument(
            "--forward-to", type=url_argument, metavar="URL",
            help=N_("POST each delivery, with its headers, to this URL "
                    "(e.g. http://localhost:8000/hook)"))
        parser.add_argument(
            "--public-url", type=url_argument, metavar="URL",
            help=N_("the address Alegra should call: a tunnel you run to "
                    "the receiver's port (needed unless the API is a "
                    "sandbox on this machine)"))
        parser.add_argument(
            "--port", type=int, default=0,
            help=N_("port of the local receiver (default: any free one; "
                    "fix it when a tunnel points at it)"))
        group = parser.add_argument_group(_("output options"))
        group.add_argument(
            "-o", "--output", "-f", "--format", dest="formatter",
            metavar="FORMAT", default=None,
            help=N_("table (one line a delivery, the default), json or "
                    "ndjson (the whole delivery)"))
        group.add_argument(
            "--jq", metavar="EXPR", type=jqfilter.compile_expression,
            default=None,
            help=N_("print a jq expression over each delivery"))

    # -- running -------------------------------------------------------------

    def take_action(self, parsed_args):
        from alegra.http.client import is_loopback

        output = self.output_format(parsed_args)
        if output not in TABLE_FORMATS + JSON_FORMATS:
            raise UsageError(_("webhooks listen prints table, json or "
                               "ndjson, not {output}").format(
                                   output=repr(output)))
        client = self.client(parsed_args)
        api_host = urllib.parse.urlsplit(client.base_url).hostname
        if parsed_args.public_url is None and not is_loopback(api_host):
            raise UsageError(
                _("{url} cannot reach a receiver on this machine").format(
                    url=client.base_url),
                _("run a tunnel to the receiver's --port and pass its "
                  "address as --public-url"))
        if self.is_dry_run(parsed_args):
            for event in parsed_args.events:
                client.post(SUBSCRIPTIONS, {
                    "event": event,
                    "url": parsed_args.public_url or "http://127.0.0.1:PORT/"
                                                     "hook"})
            return 0
        from alegra.sandbox.server import ServeError
        from alegra.webhooks import receiver

        try:
            server = receiver.Server(HOST, parsed_args.port)
        except ServeError as error:
            raise UsageError(str(error)) from None
        url = parsed_args.public_url or f"http://{HOST}:{server.port}/hook"
        # SIGINT too: a shell starts background jobs with it ignored.
        previous = {number: signal.signal(number, _interrupt)
                    for number in (signal.SIGTERM, signal.SIGINT)}
        made = []
        try:
            try:
                self.subscribe(client, parsed_args.events, url, made)
                self.say(ready(f"http://{HOST}:{server.port}/hook",
                               parsed_args, url))
                self.watch(server.receiver, parsed_args, output)
            except KeyboardInterrupt:
                pass
            except BaseException:
                # A subscription refused halfway (or a broken pipe): the
                # ones already made go too.
                self.unsubscribe(client, made)
                raise
            return self.unsubscribe(client, made)
        finally:
            for number, handler in previous.items():
                signal.signal(number, handler)
            server.stop()

    def subscribe(self, client, events, url, made):
        for event in events:
            answer = client.post(SUBSCRIPTIONS, {"event": event, "url": url})
            key = subscription_id(answer)
            if key is None:
                raise AlegraError(
                    _("the subscription to {event} came back without an "
                      "id").format(event=event))
            made.append((key, event))
            self.note(_("Subscribed {event} (subscription {key})").format(
                event=event, key=key))

    def watch(self, receiver, parsed_args, output):
        import queue

        from alegra.webhooks.receiver import forward

        while True:
            try:
                delivery = receiver.deliveries.get(timeout=0.25)
            except queue.Empty:
                continue
            if parsed_args.forward_to:
                delivery.forward = forward(parsed_args.forward_to, delivery)
            self.show(describe(delivery), parsed_args, output)

    def show(self, record, parsed_args, output):
        stdout = self.app.stdout
        if parsed_args.jq is not None:
            jqfilter.write_results(parsed_args.jq, record, stdout,
                                   compact=output != "json")
        elif output == "json":
            stdout.write(jsonio.dumps(record, 2) + "\n")
        elif output == "ndjson":
            stdout.write(jsonio.dumps(record) + "\n")
        else:
            stdout.write(line_of(record) + "\n")
        stdout.flush()

    def unsubscribe(self, client, made):
        """Remove every subscription made; 0, or 1 if any is left."""
        left = []
        # A second Ctrl-C stops the removals; those not done are named.
        for position, (key, event) in enumerate(made):
            try:
                client.delete(f"{SUBSCRIPTIONS}/{key}")
            except NotFoundError:
                pass  # already gone (Alegra drops failing subscriptions)
            except AlegraError as error:
                left.append((key, event, str(error)))
            except KeyboardInterrupt:
                left += [(k, e, _("interrupted"))
                         for k, e in made[position:]]
                break
        for key, event, reason in left:
            self.app.report_error(AlegraError(
                _("subscription {key} ({event}) could not be removed: "
                  "{reason}").format(key=key, event=event, reason=reason),
                _("remove it with 'alegra webhook-subscriptions delete "
                  "{key} -y'").format(key=key)))
        if not left and made:
            self.say(ngettext("Removed {n} subscription.",
                              "Removed {n} subscriptions.",
                              len(made)).format(n=len(made)))
        return 1 if left else 0

    def say(self, text):
        """Progress for people on stderr (stdout carries deliveries)."""
        if self.app.options.verbose_level >= 1:
            from alegra.output.terminal import for_terminal

            stderr = self.app.stderr
            stderr.write(for_terminal(stderr)(text) + "\n")
            self.app.stderr.flush()


def ready(address, parsed_args, url):
    """The line saying where deliveries arrive, in whole sentences."""
    events = ", ".join(parsed_args.events)
    via, forward = parsed_args.public_url, parsed_args.forward_to
    if via and forward:
        text = _("Ready: receiving on {address} for {events} (via {url}); "
                 "forwarding to {forward}.")
    elif via:
        text = _("Ready: receiving on {address} for {events} (via {url}).")
    elif forward:
        text = _("Ready: receiving on {address} for {events}; forwarding "
                 "to {forward}.")
    else:
        text = _("Ready: receiving on {address} for {events}.")
    return (text.format(address=address, events=events, url=url,
                        forward=forward)
            + " " + _("Press Ctrl-C to stop."))


def _interrupt(signum, frame):
    raise KeyboardInterrupt
