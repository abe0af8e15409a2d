"""The generic verbs, written once for every resource.

A resource module binds them to its :class:`~alegra.resource.Resource`::

    List = verbs.List.bind(INVOICES)
    Void = verbs.Action.bind(INVOICES, "void")

and declares the classes as ``alegra.commands`` entry points
(``invoices_list``, ``invoices_void``).
"""

import argparse

from alegra import body, command, validation
from alegra.errors import UsageError
from alegra.resource import VERBS

PAGE = 30


class ResourceCommand:
    """Mixin: a command bound to one resource."""

    resource = None

    @classmethod
    def bind(cls, resource, **attributes):
        verb = getattr(cls, "requires_verb", None) or cls.__name__.lower()
        if verb in VERBS and verb not in resource.verbs:
            raise TypeError(f"{resource.name} does not allow {verb!r}; "
                            f"its verbs are {', '.join(resource.verbs)}")
        name = f"{resource.name.title().replace('-', '')}{cls.__name__}"
        attributes.setdefault("_description", cls.describe(resource))
        return type(name, (cls,), {"resource": resource, **attributes})

    @classmethod
    def describe(cls, resource):
        return ""

    @property
    def default_columns(self):
        return self.resource.columns

    def add_id_argument(self, parser):
        parser.add_argument(
            "identifier", metavar=f"<{self.resource.id_name}>",
            help=self.resource.id_help
            or f"the {self.resource.singular}'s {self.resource.id_name}",
        )


class BodyMixin:
    """``-f FILE | -f - | -d JSON`` plus ``--set key=value`` on top."""

    takes_body = True
    body_required = True

    def add_body_arguments(self, parser):
        group = parser.add_argument_group("request body")
        group.add_argument(
            "-f", "--file", metavar="FILE",
            help="read the JSON body from FILE ('-' for standard input)",
        )
        group.add_argument(
            "-d", "--data", metavar="JSON", help="the JSON body, inline",
        )
        group.add_argument(
            "--set", action="append", default=[], metavar="KEY=VALUE",
            dest="assignments",
            help="set a field on top of the body (repeatable); values are "
                 "JSON when they parse, dotted keys nest "
                 "(--set identification.type=NIT)",
        )

    def request_body(self, parsed_args):
        payload = body.build(
            parsed_args.file, parsed_args.data, parsed_args.assignments,
            stdin=self.app.stdin, text_fields=self.resource.text_fields,
        )
        if payload is None and self.body_required:
            raise UsageError(
                "no request body",
                "give -f FILE, -f - (standard input), -d JSON or --set "
                "key=value",
            )
        return payload


class List(ResourceCommand, command.Lister):

    @classmethod
    def describe(cls, resource):
        return f"List {resource.name.replace('-', ' ')}"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        pages = parser.add_argument_group("paging")
        pages.add_argument(
            "--all", action="store_true",
            help="fetch every page (30 rows a request), streaming the rows",
        )
        pages.add_argument(
            "--count", action="store_true",
            help="print only the number of matching records",
        )
        pages.add_argument(
            "--start", type=_non_negative, default=0, metavar="N",
            help="skip the first N records",
        )
        pages.add_argument(
            "--limit", type=_positive, default=None, metavar="N",
            help=f"at most N records (default {PAGE}; pages of {PAGE} are "
                 "fetched as needed)",
        )
        filters = parser.add_argument_group("filters")
        filters.add_argument(
            "-q", "--query", help="free-text search (Alegra's query=)",
        )
        for spec in self.resource.filters:
            filters.add_argument(
                f"--{spec.option}", dest=spec.dest, choices=spec.choices,
                metavar=spec.option.upper().replace("-", "_"),
                help=spec.help or f"only records whose {spec.query_name} "
                                  "matches",
            )
        if self.resource.order_fields:
            filters.add_argument(
                "--order-field", choices=self.resource.order_fields,
                help="sort on this field (server side)",
            )
            filters.add_argument(
                "--order-direction", type=str.upper, choices=("ASC", "DESC"),
                help="ASC or DESC",
            )
        filters.add_argument(
            "--param", action="append", default=[], metavar="KEY=VALUE",
            help="any other query parameter Alegra accepts (repeatable)",
        )

    def query(self, parsed_args):
        params = {}
        for assignment in parsed_args.param:
            key, value = body.split_assignment(assignment, "--param")
            params[key] = value
        if parsed_args.query:
            params["query"] = parsed_args.query
        for spec in self.resource.filters:
            value = getattr(parsed_args, spec.dest)
            if value is not None:
                params[spec.query_name] = value
        if getattr(parsed_args, "order_field", None):
            params["order_field"] = parsed_args.order_field
        if getattr(parsed_args, "order_direction", None):
            params["order_direction"] = parsed_args.order_direction
        return params

    def take_action(self, parsed_args):
        if parsed_args.all and parsed_args.limit:
            raise UsageError("--all and --limit cannot be combined")
        client = self.client(parsed_args)
        params = self.query(parsed_args)
        path = self.resource.api_path
        if parsed_args.count:
            total = client.count(path, params)
            if total is not None:
                self.app.stdout.write(f"{total}\n")
            return None
        limit = None if parsed_args.all else (parsed_args.limit or PAGE)
        found = client.paginate(path, params, start=parsed_args.start,
                                max_items=limit)
        if self.is_dry_run(parsed_args):
            for _ in found:
                pass
            return None
        return self.rows(parsed_args, self._watched(found, limit,
                                                    parsed_args.start))

    def _watched(self, found, limit, start):
        """The records, with progress on stderr for a long walk to a file
        and a note when a page was full and more may exist."""
        stderr, stdout = self.app.stderr, self.app.stdout
        progress = (limit is None and command.is_terminal(stderr)
                    and not command.is_terminal(stdout))
        count = 0
        try:
            for record in found:
                count += 1
                yield record
                if progress and count % PAGE == 0:
                    stderr.write(f"\rFetched {count} records")
                    stderr.flush()
        finally:
            # Also when the walk fails: the error then starts a line of its
            # own.
            if progress and count >= PAGE:
                stderr.write(f"\rFetched {count} records\n")
        if limit and count == limit and command.is_terminal(stderr):
            self.note(
                f"Showed {count} records from {start}; there may be more: "
                f"use --all, or --start {start + count}")


class Get(ResourceCommand, command.ShowOne):

    @classmethod
    def describe(cls, resource):
        return f"Show {resource.a_singular}"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        self.add_id_argument(parser)

    def take_action(self, parsed_args):
        client = self.client(parsed_args)
        found = client.get(self.resource.item_path(parsed_args.identifier))
        if found is None:
            return None
        return self.one(parsed_args, found)


class Create(BodyMixin, ResourceCommand, command.ShowOne):

    @classmethod
    def describe(cls, resource):
        return f"Create {resource.a_singular}"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        self.add_body_arguments(parser)
        checks = parser.add_argument_group("validation")
        checks.add_argument(
            "--country", metavar="CC",
            help="validate for this country (co, mx, pe, cr, ...) instead "
                 "of the profile's",
        )
        checks.add_argument(
            "--no-validate", action="store_true",
            help="send without the pre-flight checks",
        )

    def prepare(self, parsed_args, payload):
        """Hook for resources that adjust the body before validation."""
        return payload

    def take_action(self, parsed_args):
        payload = self.prepare(parsed_args, self.request_body(parsed_args))
        if not self.flag(parsed_args, "no_validate"):
            country = self.context.country(parsed_args.country)
            validation.check(self.resource.name, country, payload)
        created = self.client(parsed_args).post(self.resource.api_path,
                                                payload)
        if created is None:
            return None
        return self.one(parsed_args, created)


class Update(BodyMixin, ResourceCommand, command.ShowOne):

    @classmethod
    def describe(cls, resource):
        return (f"Update {resource.a_singular} (only the fields sent "
                "change)")

    def add_arguments(self, parser):
        super().add_arguments(parser)
        self.add_id_argument(parser)
        self.add_body_arguments(parser)

    def take_action(self, parsed_args):
        payload = self.request_body(parsed_args)
        updated = self.client(parsed_args).put(
            self.resource.item_path(parsed_args.identifier), payload)
        if updated is None:
            return None
        return self.one(parsed_args, updated)


class Delete(ResourceCommand, command.Command):

    @classmethod
    def describe(cls, resource):
        return f"Delete {resource.a_singular}"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        self.add_id_argument(parser)
        parser.add_argument(
            "-y", "--yes", action="store_true",
            help="do not ask for confirmation",
        )

    def take_action(self, parsed_args):
        what = f"{self.resource.singular} {parsed_args.identifier}"
        dry_run = self.is_dry_run(parsed_args)
        if not (parsed_args.yes or dry_run):
            self.confirm(f"Delete {what}")
        self.client(parsed_args).delete(
            self.resource.item_path(parsed_args.identifier))
        if not dry_run:
            self.note(f"Deleted {what}")
        return 0


class Action(BodyMixin, ResourceCommand, command.ShowOne):
    """``POST /{resource}/{id}/{action}``, or on the collection."""

    action = None

    @classmethod
    def bind(cls, resource, action_name, **attributes):
        action = resource.action(action_name)
        attributes.setdefault("_description", action.description)
        attributes["action"] = action
        attributes["body_required"] = action.body == "required"
        bound = super().bind(resource, **attributes)
        bound.__name__ += action_name.title().replace("-", "")
        return bound

    def add_arguments(self, parser):
        super().add_arguments(parser)
        if self.action.takes_id:
            self.add_id_argument(parser)
        if self.action.body != "none":
            self.add_body_arguments(parser)

    def take_action(self, parsed_args):
        payload = None
        if self.action.body != "none":
            payload = self.request_body(parsed_args)
        if self.action.id_field:
            payload = {**(payload or {}),
                       self.action.id_field: body.parse_value(
                           parsed_args.identifier)}
        path = self.resource.api_path
        if not self.action.collection:
            path = self.resource.item_path(parsed_args.identifier)
        path = f"{path}/{self.action.url_segment}"
        answer = self.client(parsed_args).request(
            self.action.method, path, body=payload)
        if self.is_dry_run(parsed_args):
            return None
        if answer is None:
            target = (f" {parsed_args.identifier}" if self.action.takes_id
                      else "")
            self.note(f"OK: {self.action.name} {self.resource.singular}"
                      f"{target}")
            return None
        return self.one(parsed_args, answer)


def _non_negative(text):
    value = _integer(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is negative")
    return value


def _positive(text):
    value = _integer(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive number")
    return value


def _integer(text):
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a whole number") from None

