"""The generic verbs, written once for every resource.

A resource module binds them to its :class:`~alegra.resource.Resource`::

    List = verbs.List.bind(INVOICES)
    Void = verbs.ActionCommand.bind(INVOICES, "void")

and declares the classes as ``alegra.commands`` entry points
(``invoices_list``, ``invoices_void``).
"""

import argparse
import re

from alegra.inputs import body, dates
from alegra import command
from alegra.inputs import validation
from alegra.errors import UsageError
from alegra.i18n import N_, _
from alegra.inputs.identifiers import DEFAULT_KINDS, of_kinds
from alegra.output.terminal import is_terminal
from alegra.resource import VERBS, date_option

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
        # The resource module's name, not ``abc`` (cliff's metaclass): the
        # epilog only looks for a providing distribution outside alegra.
        attributes.setdefault("__module__", _binding_module())
        return type(name, (cls,), {"resource": resource, **attributes})

    @classmethod
    def describe(cls, resource):
        return ""

    @property
    def default_columns(self):
        return self.resource.columns

    def add_id_argument(self, parser):
        declared = self.resource.id_help
        parser.add_argument(
            "identifier", metavar=f"<{self.resource.id_name}>",
            type=self.id_type(), help=_(declared) if declared
            else _("the {record}'s {id}").format(
                record=self.resource.label(), id=self.resource.id_name),
        )

    def id_type(self, name=None):
        """The argparse type for the resource's ids (or another id of the
        command, ``name``: ``comment-id``), checked against their kinds."""
        if name is not None:
            found = ID_WHAT.get(name)
            return of_kinds(DEFAULT_KINDS, _(found) if found else _(
                "a {name}").format(name=name.replace("-", " ")))
        record = _a(self.resource)
        what = (_("{record} id").format(record=record)
                if self.resource.id_name == "id"
                else _("{record} {id}").format(record=record,
                                               id=self.resource.id_name))
        return of_kinds(self.resource.id_kinds, what)


class BodyMixin:
    """``-f FILE | -f - | -d JSON`` plus ``--set key=value`` on top."""

    takes_body = True
    body_required = True

    def add_body_arguments(self, parser):
        group = parser.add_argument_group(N_("request body"))
        group.add_argument(
            "-f", "--file", metavar="FILE",
            help=N_("read the JSON body from FILE ('-' for standard input)"),
        )
        group.add_argument(
            "-d", "--data", metavar="JSON", help=N_("the JSON body, inline"),
        )
        group.add_argument(
            "--set", action="append", default=[], metavar="KEY=VALUE",
            dest="assignments",
            help=N_("set a field on top of the body (repeatable); values "
                    "are JSON when they parse, dotted keys nest "
                    "(--set identification.type=NIT)"),
        )

    def add_body_flags(self, parser):
        """The resource's body fields offered as options (``--event``)."""
        for spec in self.resource.body_flags:
            parser.add_argument(
                f"--{spec.option}", dest=spec.dest, choices=spec.choices,
                type=option_type(spec),
                metavar=spec.option.upper().replace("-", "_"),
                help=_(spec.help) if spec.help else _(
                    "set {field} in the body").format(
                        field=spec.query_name))

    def request_body(self, parsed_args):
        payload = body.build(
            parsed_args.file, parsed_args.data, parsed_args.assignments,
            stdin=self.app.stdin, text_fields=self.resource.text_fields,
            is_date=self.resource.is_date_field,
        )
        for spec in self.resource.body_flags:
            value = getattr(parsed_args, spec.dest, None)
            if value is not None and isinstance(payload, (dict, type(None))):
                payload = {**(payload or {}), spec.query_name: value}
        payload = self.adjust_body(parsed_args, payload)
        if payload is None and self.body_required:
            raise UsageError(
                _("no request body"),
                _("give -f FILE, -f - (standard input), -d JSON or --set "
                  "key=value"),
            )
        if payload is not None and not isinstance(payload, dict):
            # Every Alegra endpoint that takes a body takes an object.
            raise UsageError(
                _("the body must be a JSON object ({{...}}), not {kind}; "
                  "nothing was sent").format(kind=_json_kind(payload)))
        return payload

    def adjust_body(self, parsed_args, payload):
        """Hook: the body after its options, before it is checked (a
        command's own flags, an old spelling translated)."""
        return payload


FIELD_NAME = re.compile(r"[A-Za-z][\w.]*")


def field_names(text):
    """An argparse ``type`` for ``--fields``: names, comma separated."""
    names = [name.strip() for name in text.split(",")]
    if not all(FIELD_NAME.fullmatch(name) for name in names):
        raise argparse.ArgumentTypeError(
            _("{text!r} is not a list of field names (for example "
              "pdf)").format(text=text))
    return ",".join(names)


def add_fields_argument(parser):
    parser.add_argument(
        "--fields", metavar="NAMES", type=field_names,
        help=_("extra fields in the answer, comma separated (pdf: an "
               "invoice's PDF URL)"))


def fields_query(parsed_args):
    fields = getattr(parsed_args, "fields", None)
    return {"fields": fields} if fields else {}


class List(ResourceCommand, command.Lister):

    @classmethod
    def describe(cls, resource):
        return _("List {records}").format(records=resource.plural_label())

    def add_arguments(self, parser):
        super().add_arguments(parser)
        pages = parser.add_argument_group(_("paging"))
        pages.add_argument(
            "--all", action="store_true",
            help=_("fetch every page (30 rows a request), streaming the "
                   "rows"),
        )
        pages.add_argument(
            "--count", action="store_true",
            help=_("print only the number of matching records"),
        )
        pages.add_argument(
            "--start", type=_non_negative, default=0, metavar="N",
            help=_("skip the first N records"),
        )
        pages.add_argument(
            "--limit", type=_positive, default=None, metavar="N",
            help=_("at most N records (default {page}; pages of {page} are "
                   "fetched as needed)").format(page=PAGE),
        )
        self.add_filter_arguments(parser)

    def add_filter_arguments(self, parser):
        """The options :meth:`query` reads (``export`` has them too)."""
        filters = parser.add_argument_group(_("filters"))
        filters.add_argument(
            "-q", "--query", help=_("free-text search (Alegra's query=)"),
        )
        for spec in self.resource.filters:
            add_filter(filters, spec)
        if self.resource.dates:
            add_date_range(parser, self.resource)
        if self.resource.order_fields:
            filters.add_argument(
                "--order-field", choices=self.resource.order_fields,
                help=_("sort on this field (server side)"),
            )
            filters.add_argument(
                "--order-direction", type=str.upper, choices=("ASC", "DESC"),
                help=_("ASC or DESC"),
            )
        if not any(spec.option == "fields" for spec in
                   self.resource.filters):
            add_fields_argument(filters)
        filters.add_argument(
            "--param", action="append", default=[], metavar="KEY=VALUE",
            help=_("any other query parameter Alegra accepts "
                   "(repeatable)"),
        )

    def query(self, parsed_args):
        params = {}
        for assignment in parsed_args.param:
            key, value = body.split_assignment(assignment, "--param")
            params[key] = value
        if parsed_args.query:
            params["query"] = parsed_args.query
        params.update(fields_query(parsed_args))
        if self.resource.dates:
            params.update(date_range_query(parsed_args, self.resource))
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
            raise UsageError(_("--all and --limit cannot be combined"))
        client = self.client(parsed_args)
        params = self.query(parsed_args)
        path = self.resource.api_path
        if parsed_args.count:
            total = client.count(path, params)
            if total is not None:
                self.app.stdout.write(f"{total}\n")
            return None
        limit = None if parsed_args.all else (parsed_args.limit or PAGE)
        if not self.requested_columns(parsed_args):
            parsed_args.column_priority = self.resource.column_priority
        found = client.paginate(path, params, start=parsed_args.start,
                                max_items=limit)
        if self.is_dry_run(parsed_args):
            for _record in found:
                pass
            return None
        return self.rows(parsed_args, self._watched(
            found, limit, parsed_args.start,
            client=client, path=path, params=params))

    def _watched(self, found, limit, start, client=None, path=None,
                 params=None):
        """The records, with progress on stderr for a walk of every page
        (see :mod:`alegra.output.progress`; a bar asks ``client`` for the
        total), and a note when a page was full and more may exist."""
        stderr = self.app.stderr
        count = 0
        if limit is None:
            from alegra.output import progress as progress_module

            mode = progress_module.mode_for(self, stdout_matters=True)
            watch = progress_module.Progress(
                stderr, _("Fetching {records}").format(
                    records=self.plural()), mode,
                pacer=getattr(client, "pacer", None), rows_per_request=PAGE)
            with watch:
                if mode == "bar" and client is not None:
                    total = progress_module.known_total(client, path,
                                                        params)
                    watch.set_total(None if total is None
                                    else max(total - start, 0))
                for record in found:
                    count += 1
                    yield record
                    watch.advance()
                watch.finish(_("Fetched {summary}").format(
                    summary=watch.summary(self.plural())))
            return
        for record in found:
            count += 1
            yield record
        if limit and count == limit and is_terminal(stderr):
            shown = (_("the first {count} {records}") if not start
                     else _("{records} {first}-{last}")).format(
                         count=count, records=self.plural(),
                         first=start + 1, last=start + count)
            self.note(_("Showed {shown}; there may be more: use --all, or "
                        "--start {next}").format(shown=shown,
                                                 next=start + count))


class Get(ResourceCommand, command.ShowOne):

    @classmethod
    def describe(cls, resource):
        return _("Show {record}").format(record=_a(resource))

    def add_arguments(self, parser):
        super().add_arguments(parser)
        self.add_id_argument(parser)
        add_fields_argument(parser)

    def take_action(self, parsed_args):
        client = self.client(parsed_args)
        found = client.get(self.resource.item_path(parsed_args.identifier),
                           fields_query(parsed_args) or None)
        if found is None:
            return None
        return self.one(parsed_args, self.resource.unwrap(found))


class Create(BodyMixin, ResourceCommand, command.ShowOne):

    shows_id = True

    @classmethod
    def describe(cls, resource):
        return _("Create {record}").format(record=_a(resource))

    def add_arguments(self, parser):
        super().add_arguments(parser)
        self.add_body_arguments(parser)
        self.add_body_flags(parser)
        checks = parser.add_argument_group(N_("validation"))
        checks.add_argument(
            "--country", metavar="CC",
            help=N_("validate for this country (co, mx, pe, cr, ...) "
                    "instead of the profile's"),
        )
        checks.add_argument(
            "--no-validate", action="store_true",
            help=N_("send without the pre-flight checks"),
        )

    def write_target(self, parsed_args):
        return "POST", self.resource.api_path

    def prepare(self, parsed_args, payload):
        """Hook for resources that adjust the body before validation."""
        return payload

    def take_action(self, parsed_args):
        payload = self.prepare(parsed_args, self.request_body(parsed_args))
        if not self.flag(parsed_args, "no_validate"):
            country = self.context.country(
                parsed_args.country, ask=not self.is_dry_run(parsed_args))
            validation.check(self.resource.name, country, payload)
        created = self.client(parsed_args).post(self.resource.api_path,
                                                payload)
        if created is None:
            return None
        return self.one(parsed_args, self.resource.unwrap(created))


class Update(BodyMixin, ResourceCommand, command.ShowOne):

    shows_id = True

    @classmethod
    def describe(cls, resource):
        return _("Update {record} (only the fields sent change)").format(
            record=_a(resource))

    def add_arguments(self, parser):
        super().add_arguments(parser)
        self.add_id_argument(parser)
        self.add_body_arguments(parser)
        self.add_body_flags(parser)

    def write_target(self, parsed_args):
        return "PUT", self.resource.item_path(parsed_args.identifier)

    def take_action(self, parsed_args):
        payload = self.request_body(parsed_args)
        updated = self.client(parsed_args).put(
            self.resource.item_path(parsed_args.identifier), payload)
        if updated is None:
            return None
        return self.one(parsed_args, self.resource.unwrap(updated))


class Delete(ResourceCommand, command.Command):

    @classmethod
    def describe(cls, resource):
        return _("Delete {record}").format(record=_a(resource))

    def add_arguments(self, parser):
        super().add_arguments(parser)
        if self.resource.delete_many:
            parser.add_argument(
                "identifier", metavar=f"<{self.resource.id_name}>",
                type=self.id_type(), nargs="+",
                help=_("the {record}'s {id}; several are deleted in one "
                       "request").format(record=self.resource.label(),
                                         id=self.resource.id_name))
        else:
            self.add_id_argument(parser)
        parser.add_argument(
            "-y", "--yes", action="store_true",
            help=_("do not ask for confirmation"),
        )

    def ids(self, parsed_args):
        found = parsed_args.identifier
        ids = found if isinstance(found, list) else [found]
        return list(dict.fromkeys(str(one) for one in ids))

    def write_target(self, parsed_args):
        ids = self.ids(parsed_args)
        if len(ids) > 1:
            return "DELETE", self.resource.api_path
        return "DELETE", self.resource.item_path(ids[0])

    def take_action(self, parsed_args):
        ids = self.ids(parsed_args)
        what = f"{self.resource.label()} {ids[0]}"
        if len(ids) > 1:
            what = f"{self.resource.plural_label()} {', '.join(ids)}"
        dry_run = self.is_dry_run(parsed_args)
        if not (parsed_args.yes or dry_run):
            self.confirm(_("Delete {what}").format(what=what))
        client = self.client(parsed_args)
        if len(ids) > 1:
            # One request for all, as Alegra documents: ?id=1,2,3.
            client.delete(self.resource.api_path,
                          {self.resource.delete_many: ",".join(ids)})
        else:
            client.delete(self.resource.item_path(ids[0]))
        if not dry_run:
            self.note(_("Deleted {what}").format(what=what))
        return 0


class ActionCommandBase(BodyMixin, ResourceCommand):
    """What every extra action shares: its ids, query, body and request."""

    action = None

    @classmethod
    def bind(cls, resource, action_name, **attributes):
        action = resource.action(action_name)
        if action.rows is not None and cls is ActionCommand:
            return ListActionCommand.bind(resource, action_name, **attributes)
        attributes.setdefault("_description", action.description)
        attributes["action"] = action
        attributes["body_required"] = action.body == "required"
        # Without a body, -f is the output format, as on list and get.
        attributes["takes_body"] = action.body != "none"
        # An upload reads a local file: no MCP tool without --files-dir.
        attributes["needs_file"] = action.body == "file"
        bound = super().bind(resource, **attributes)
        bound.__name__ += action_name.title().replace("-", "")
        return bound

    def add_arguments(self, parser):
        super().add_arguments(parser)
        if self.action.takes_id:
            if self.action.id_name:
                parser.add_argument(
                    "identifier", metavar=f"<{self.action.id_name}>",
                    type=self.id_type(self.action.id_name),
                    help=id_help(self.action.id_name))
            else:
                self.add_id_argument(parser)
        if self.action.second:
            parser.add_argument(
                "second", metavar=f"<{self.action.second}>",
                type=self.id_type(self.action.second),
                help=id_help(self.action.second))
        if self.action.filters:
            group = parser.add_argument_group(_("query"))
            for spec in self.action.filters:
                add_filter(group, spec)
        if self.action.body == "file":
            add_upload_arguments(parser)
        elif self.action.body != "none":
            self.add_body_arguments(parser)
        if self.action.confirm:
            parser.add_argument(
                "-y", "--yes", action="store_true",
                help=_("do not ask for confirmation"),
            )

    def target(self, parsed_args):
        """``bill 7`` or ``bill 7 3``, for prompts and notes."""
        ids = [str(getattr(parsed_args, name)) for name in
               ("identifier", "second") if hasattr(parsed_args, name)]
        return " ".join([self.resource.singular, *ids])

    def send(self, parsed_args):
        payload = upload = None
        if self.action.body == "file":
            upload = upload_from(parsed_args)
        elif self.action.body != "none":
            payload = self.request_body(parsed_args)
        identifier = getattr(parsed_args, "identifier", None)
        if self.action.id_field:
            payload = {**(payload or {}),
                       self.action.id_field: body.parse_value(identifier)}
        path = self.action.url(self.resource, identifier,
                               getattr(parsed_args, "second", None))
        params = {}
        for spec in self.action.filters:
            value = getattr(parsed_args, spec.dest)
            if value is not None:
                params[spec.query_name] = value
        if self.action.confirm and not (parsed_args.yes
                                        or self.is_dry_run(parsed_args)):
            self.confirm(f"{self.action.description}: "
                         f"{self.target(parsed_args)}")
        return self.client(parsed_args).request(
            self.action.method, path, params=params or None, body=payload,
            upload=upload)


class ActionCommand(ActionCommandBase, command.ShowOne):
    """An extra action that answers with one object (or nothing)."""

    shows_id = True

    def write_target(self, parsed_args):
        return self.action.method, self.action.url(
            self.resource, getattr(parsed_args, "identifier", None),
            getattr(parsed_args, "second", None))

    def take_action(self, parsed_args):
        answer = self.send(parsed_args)
        if self.is_dry_run(parsed_args):
            return None
        if answer is None:
            self.note(f"OK: {self.action.name} {self.target(parsed_args)}")
            return None
        return self.one(parsed_args, self.resource.unwrap(answer))

    def one(self, parsed_args, obj):
        self.choose_row_columns(parsed_args, obj)
        return super().one(parsed_args, obj)

    def choose_row_columns(self, parsed_args, answer):
        """An answer that is a list of records (``invoices stamp``) is
        printed as rows of the resource's default columns, not as every
        field with JSON in the cells; json and yaml keep it whole."""
        if (not isinstance(answer, list) or not answer
                or not all(isinstance(one, dict) for one in answer)
                or getattr(self.formatter, "emit_document", None)
                or self.requested_columns(parsed_args)):
            return
        from alegra import records

        columns = [column for column in self.resource.columns
                   if column in records.present(answer[0],
                                                self.resource.columns)]
        if not columns:
            columns = [key for key, value in answer[0].items()
                       if not isinstance(value, (dict, list))][:6]
        parsed_args.column_list = ",".join(columns)
        parsed_args.column_priority = tuple(
            column for column in self.resource.column_priority
            if column in columns) or tuple(columns)


class ListActionCommand(ActionCommandBase, command.Lister):
    """An extra action whose answer holds a list to print as rows
    (``items stock``: the warehouses of an item)."""

    @property
    def default_columns(self):
        return self.action.columns

    def take_action(self, parsed_args):
        answer = self.send(parsed_args)
        if self.is_dry_run(parsed_args):
            return None
        if not self.requested_columns(parsed_args):
            parsed_args.column_priority = tuple(self.action.columns)
        return self.rows(parsed_args, rows_at(answer, self.action.rows))


# Modules that bind on a resource module's behalf.
_BINDERS = {__name__, "alegra.bindings", "alegra.bulk.commands"}


def _binding_module():
    """The module that asked for the binding: the first caller outside
    the binding helpers (a resource module, built-in or third-party)."""
    import sys

    frame = sys._getframe(1)
    while frame is not None and frame.f_globals.get("__name__") in _BINDERS:
        frame = frame.f_back
    return frame.f_globals.get("__name__", __name__) if frame else __name__


def rows_at(answer, path):
    """The list at a dotted ``path`` of an answer. A bare list is the list;
    an object where the list should be is one row, and so is the object
    that lacks the list (an item's ``inventory`` without warehouses)."""
    found, parent = answer, None
    for key in [part for part in path.split(".") if part]:
        if not isinstance(found, dict):
            break
        parent, found = found, found.get(key)
    if isinstance(found, list):
        return found
    if isinstance(found, dict):
        return [found]
    return [parent] if isinstance(parent, dict) else []


# An action's other ids, as an error names them (``a file id``).
ID_WHAT = {"file-id": N_("a file id"), "comment-id": N_("a comment id")}
# The help of an action's other ids (``<file-id>``, ``<comment-id>``).
ID_HELP = {"file-id": N_("the file's id"),
           "comment-id": N_("the comment's id"),
           "code": N_("the code")}


def id_help(name):
    found = ID_HELP.get(name)
    return _(found) if found else _("the {name}").format(
        name=name.replace("-", " "))


def add_upload_arguments(parser):
    """``FILE`` or ``-f/--file FILE``: here -f is the file to upload (sent
    as multipart/form-data), not a JSON body."""
    group = parser.add_argument_group(N_("upload"))
    group.add_argument(
        "path", nargs="?", metavar="FILE",
        help=N_("the file to upload (or -f FILE)"))
    group.add_argument(
        "-f", "--file", dest="upload_file", metavar="FILE",
        help=N_("the file to upload, sent as multipart/form-data with its "
                "type guessed from its name (at most 10 MB); on attach, -f "
                "is this file, not a JSON body"))


def upload_from(parsed_args):
    from alegra.http import upload

    given = [path for path in (parsed_args.path, parsed_args.upload_file)
             if path]
    if len(given) > 1:
        raise UsageError(_("give the file once, as FILE or as --file FILE"))
    return upload.from_path(given[0] if given else None)


def option_type(spec):
    """``spec``'s argparse type: its choices (or the values a comma list
    takes) checked, Spanish words taken, before anything is sent."""
    from alegra.inputs import choices

    if spec.type is None and (spec.choices or spec.values):
        return choices.checker(spec.option, spec.choices or spec.values,
                               comma_list=not spec.choices)
    return spec.type


def add_filter(parser, spec):
    parser.add_argument(
        f"--{spec.option}", dest=spec.dest, choices=spec.choices,
        type=option_type(spec),
        metavar=spec.option.upper().replace("-", "_"),
        help=_(spec.help) if spec.help else _(
            "only records whose {field} matches").format(
                field=spec.query_name),
    )


def add_date_range(parser, resource):
    """``--date-after``... for each of the resource's date fields, and
    ``--since``/``--until`` for its ``date`` (see
    :mod:`alegra.inputs.dates`)."""
    group = parser.add_argument_group(
        _("dates"), _("YYYY-MM-DD or {words}, ..., 7d, 2w, 3m, 1y").format(
            words=", ".join(dates.words()[:5])))
    if "date" in resource.dates:
        group.add_argument(
            "--since", type=dates.argument, metavar="DATE",
            help=_("dated on or after DATE (this-month: from its first "
                   "day)"))
        group.add_argument(
            "--until", type=dates.argument, metavar="DATE",
            help=_("dated on or before DATE (last-month: to its last "
                   "day)"))
    for field in resource.dates:
        option = date_option(field)
        group.add_argument(
            f"--{option}-after", dest=f"range_{field}_after",
            type=dates.argument, metavar="DATE",
            help=_("{field} after DATE (Alegra's {field}_after)").format(
                field=field))
        group.add_argument(
            f"--{option}-before", dest=f"range_{field}_before",
            type=dates.argument, metavar="DATE",
            help=_("{field} before DATE (Alegra's {field}_before)").format(
                field=field))


def date_range_query(parsed_args, resource):
    params = {}
    for field in resource.dates:
        for side, convert in (("after", dates.after),
                              ("before", dates.before)):
            span = getattr(parsed_args, f"range_{field}_{side}")
            if span is not None:
                params[f"{field}_{side}"] = convert(span)
    for natural, side, convert in (("since", "after", dates.since),
                                   ("until", "before", dates.until)):
        span = getattr(parsed_args, natural, None)
        if span is None:
            continue
        if getattr(parsed_args, f"range_date_{side}", None) is not None:
            raise UsageError(_("--{natural} and --date-{side} both bound "
                               "the date; give one").format(
                                   natural=natural, side=side))
        params[f"date_{side}"] = convert(span)
    return params


def _json_kind(value):
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    return "a number"


def _non_negative(text):
    value = _integer(text)
    if value < 0:
        raise argparse.ArgumentTypeError(
            _("{text!r} is negative").format(text=text))
    return value


def _positive(text):
    value = _integer(text)
    if value < 1:
        raise argparse.ArgumentTypeError(
            _("{text!r} is not a positive number").format(text=text))
    return value


def _integer(text):
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("{text!r} is not a whole number").format(text=text)) from None


def _a(resource):
    """``an invoice`` in English, the bare name in Spanish (as menus say
    ``Ver factura de venta``)."""
    if resource.label() != resource.singular:
        return resource.label()
    return resource.a_singular
