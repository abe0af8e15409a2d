"""``alegra history`` and ``alegra history show N``."""

import datetime

from alegra import command
from alegra.errors import NotFoundError, UsageError

COLUMNS = ("n", "time", "profile", "method", "path", "status", "id",
           "outcome", "exit")


def since_argument(text):
    """The first local day of ``--since`` (``7d``, ``today``, a date)."""
    from alegra.inputs import dates

    return dates.argument(text).first


def local_day(stamp):
    try:
        moment = datetime.datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ")
    except (TypeError, ValueError):
        return None
    moment = moment.replace(tzinfo=datetime.timezone.utc).astimezone()
    return moment.date()


def matches(entry, since=None, resource=None, profile=None):
    if since is not None:
        day = local_day(entry.get("time"))
        if day is None or day < since:
            return False
    if resource is not None and resource not in (
            entry.get("resource"), str(entry.get("path", "")).split("/")[0]):
        return False
    if profile is not None and entry.get("profile") != profile:
        return False
    return True


class History(command.Lister):
    _description = "List the writes this machine sent or refused"
    talks_to_api = False
    default_columns = COLUMNS

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--since", type=since_argument, metavar="WHEN",
            help="only writes on or after this day: 7d, today, 2026-06-01")
        parser.add_argument(
            "--resource", metavar="NAME",
            help="only writes to this resource (invoices, contacts...)")
        parser.add_argument(
            "--profile", metavar="NAME", dest="history_profile",
            help="only writes made with this profile")
        parser.add_argument(
            "--limit", type=int, default=None, metavar="N",
            help="only the last N matching writes")

    def take_action(self, parsed_args):
        from alegra.history import journal

        if parsed_args.limit is not None and parsed_args.limit < 1:
            raise UsageError("--limit must be at least 1")
        found = [entry for entry in journal.read(self.app.environ)
                 if matches(entry, parsed_args.since, parsed_args.resource,
                            parsed_args.history_profile)]
        if parsed_args.limit:
            found = found[-parsed_args.limit:]
        return self.rows(parsed_args, found)


class Show(command.ShowOne):
    _description = "Show one entry of the history of writes"
    talks_to_api = False

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("number", type=int, metavar="N",
                            help="the entry's number (the n column)")

    def take_action(self, parsed_args):
        from alegra.history import journal

        for entry in journal.read(self.app.environ):
            if entry.get("n") == parsed_args.number:
                return self.one(parsed_args, entry)
        raise NotFoundError(
            f"no history entry {parsed_args.number}",
            "see 'alegra history' for the numbers")
