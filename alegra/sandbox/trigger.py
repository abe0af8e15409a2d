"""``alegra sandbox trigger EVENT [--id N]``: make a sandbox fire an event.

It asks a running sandbox (``alegra sandbox serve``, or the one
``--sandbox`` starts) to announce an event to its webhook subscribers, as
if the change had happened, so that a handler can be tested end to end
without touching real books. Only a sandbox on this machine is asked:
against any other address the command refuses before sending anything.
"""

import urllib.parse

from alegra import command
from alegra.errors import UsageError
from alegra.i18n import N_, _
from alegra.webhooks import EVENTS


def event_argument(text):
    import argparse

    if text not in EVENTS:
        raise argparse.ArgumentTypeError(
            _("unknown event {text!r}; the events are {events}").format(
                text=text, events=", ".join(EVENTS)))
    return text


class Trigger(command.ShowOne):
    _description = N_("Make a running sandbox send a webhook event to "
                      "its subscribers")
    reads_only = False  # it posts, so --all-profiles treats it as a write
    # A sandbox's own endpoint (tests/contract lists every request sent).
    api_requests = (("POST", "sandbox/events", {"body": ("event", "id")}),)

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("event", type=event_argument, metavar="EVENT",
                            help=_("one of: {events}").format(
                                events=", ".join(EVENTS)))
        parser.add_argument(
            "--id", type=int, default=None, metavar="N",
            help=_("the object announced (default: the newest of its "
                   "kind)"))

    def take_action(self, parsed_args):
        from alegra.http.client import is_loopback

        client = self.client(parsed_args)
        host = urllib.parse.urlsplit(client.base_url).hostname
        if not is_loopback(host):
            raise UsageError(
                _("{url} is not a sandbox on this machine; 'sandbox "
                  "trigger' only talks to one").format(url=client.base_url),
                _("point --base-url at 'alegra sandbox serve', or use "
                  "'alegra --sandbox sandbox trigger ...'"))
        body = {"event": parsed_args.event}
        if parsed_args.id is not None:
            body["id"] = parsed_args.id
        answer = client.post("sandbox/events", body)
        if self.context.sandbox_mode:
            # The sandbox in this process stops when the command ends:
            # deliver before that.
            self.context.sandbox.app.webhooks.join()
        if answer is None:
            return None
        if isinstance(answer, dict) and not answer.get("subscribers"):
            self.app.stderr.write(
                _("Note: nobody is subscribed to {event}; start 'alegra "
                  "webhooks listen' first").format(event=parsed_args.event)
                + "\n")
        return self.one(parsed_args, answer)
