"""``alegra history`` and ``alegra history show N``."""

import datetime

from alegra import command
from alegra.errors import NotFoundError, UsageError
from alegra.i18n import N_, _

COLUMNS = ("n", "time", "profile", "method", "path", "status", "id",
           "outcome", "exit")
COMMAND_COLUMNS = ("n", "time", "profile", "command", "outcome", "ids",
                   "exit")
SHOWN = 50


def since_argument(text):
    """The first local day of ``--since`` (``7d``, ``today``, a date)."""
    from alegra.inputs import dates

    return dates.argument(text).first


def local_moment(stamp):
    """A journal's UTC stamp as a local datetime; None if it is none."""
    try:
        moment = datetime.datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ")
    except (TypeError, ValueError):
        return None
    return moment.replace(tzinfo=datetime.timezone.utc).astimezone()


def local_day(stamp):
    moment = local_moment(stamp)
    return None if moment is None else moment.date()


def local_time(stamp):
    """A journal's UTC stamp in local time, to the second."""
    moment = local_moment(stamp)
    if moment is None:
        return stamp
    return moment.isoformat(sep=" ", timespec="seconds")


def by_command(entries):
    """One row per command run: its first entry's number, its words, what
    became of its writes (``2 sent, 1 unknown``), the ids they touched and
    its exit code. Entries of no known run stand alone."""
    rows, runs = [], {}
    for entry in entries:
        key = entry.get("run") or id(entry)
        row = runs.get(key)
        if row is None:
            row = runs[key] = {
                "n": entry.get("n"), "time": local_time(entry.get("time")),
                "profile": entry.get("profile"),
                "command": entry.get("command"), "outcomes": {}, "ids": [],
                "exit": entry.get("exit")}
            rows.append(row)
        outcome = entry.get("outcome") or "?"
        row["outcomes"][outcome] = row["outcomes"].get(outcome, 0) + 1
        if entry.get("id") is not None and str(entry["id"]) not in row[
                "ids"]:
            row["ids"].append(str(entry["id"]))
    for row in rows:
        outcomes = row.pop("outcomes")
        row["outcome"] = ", ".join(f"{count} {name}"
                                   for name, count in outcomes.items())
        row["ids"] = ",".join(row["ids"])
    return rows


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
    _description = N_("List the commands that wrote from this machine, "
                      "newest last")
    talks_to_api = False
    _requests = False

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--since", type=since_argument, metavar="WHEN",
            help=N_("only writes on or after this day: 7d, today, "
                    "2026-06-01"))
        parser.add_argument(
            "--resource", metavar="NAME",
            help=N_("only writes to this resource (invoices, "
                    "contacts...)"))
        parser.add_argument(
            "--profile", metavar="NAME", dest="history_profile",
            help=N_("only writes made with this profile"))
        shown = parser.add_mutually_exclusive_group()
        shown.add_argument(
            "--limit", type=int, default=None, metavar="N",
            help=_("only the last N rows (default {shown})").format(
                shown=SHOWN))
        shown.add_argument(
            "--all", action="store_true", dest="every",
            help=N_("every row, however many"))
        parser.add_argument(
            "--requests", action="store_true",
            help=N_("one row per request sent or refused (method, path, "
                    "status, id) instead of one per command"))

    @property
    def default_columns(self):
        return COLUMNS if self._requests else COMMAND_COLUMNS

    def take_action(self, parsed_args):
        from alegra.history import journal

        if parsed_args.limit is not None and parsed_args.limit < 1:
            raise UsageError(_("--limit must be at least 1"))
        found = [entry for entry in journal.read(self.app.environ)
                 if matches(entry, parsed_args.since, parsed_args.resource,
                            parsed_args.history_profile)]
        self._requests = parsed_args.requests
        if not parsed_args.requests:
            found = by_command(found)
        limit = None if parsed_args.every else (parsed_args.limit or SHOWN)
        if limit and len(found) > limit:
            self.note(_("Showing the last {limit} of {total}; --all "
                        "shows every one").format(limit=limit,
                                                  total=len(found)))
            found = found[-limit:]
        return self.rows(parsed_args, found)


class Show(command.ShowOne):
    _description = N_("Show one entry of the history of writes")
    talks_to_api = False

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("number", type=int, metavar="N",
                            help=N_("the entry's number (the n column)"))

    def take_action(self, parsed_args):
        from alegra.history import journal

        for entry in journal.read(self.app.environ):
            if entry.get("n") == parsed_args.number:
                return self.one(parsed_args, entry)
        raise NotFoundError(
            _("no history entry {number}").format(
                number=parsed_args.number),
            _("see 'alegra history' for the numbers"))
