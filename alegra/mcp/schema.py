"""A command's argparse parser as a tool's JSON Schema, and back.

The schema is read from the very parser the command line uses, so a tool
takes exactly what its command takes: positional arguments, options,
choices, repeatable options and flags. What a tool must not control is
left out: the output options (results are always JSON), the request
options (``--dry-run`` is the server's to decide), ``--yes`` (replaced by
``confirm``), ``--force`` (never offered to an agent), the body file
options, which become one ``body`` object, and every option that names a
local file unless the server was given a folder for them (see
:mod:`alegra.mcp.files`).
"""

import argparse
import json

from alegra.errors import UsageError
from alegra.mcp.files import is_path

# Option groups every alegra command shares; none of them is a tool's.
SHARED_GROUPS = ("output options", "request options", "output formatters")
# Options that only the server may set.
POLICY_DESTS = frozenset({"yes", "force", "dry_run", "show_token", "help"})
BODY_DESTS = frozenset({"file", "data", "assignments"})
RESERVED = ("body", "confirm")

INTEGER_TYPES = {"_integer": None, "_non_negative": 0, "_positive": 1}


class Field:
    """One tool argument and the command-line words it becomes."""

    def __init__(self, name, action, schema, required=False):
        self.name = name
        self.action = action
        self.schema = schema
        self.required = required

    @property
    def positional(self):
        return not self.action.option_strings

    @property
    def flag(self):
        longs = [flag for flag in self.action.option_strings
                 if flag.startswith("--")]
        return (longs or self.action.option_strings)[0]

    def words(self, value):
        """The argv words for ``value``."""
        action = self.action
        if self.positional:
            values = value if isinstance(value, list) else [value]
            return [text_of(item) for item in values]
        if self.schema.get("type") == "boolean":
            return [self.flag] if value else []
        if isinstance(action, argparse._CountAction):
            return [self.flag] * int(value)
        if isinstance(value, list):
            if isinstance(action, argparse._AppendAction):
                return [word for item in value
                        for word in self.option(item)]
            return [self.flag, *(text_of(item) for item in value)]
        return self.option(value)

    def option(self, value):
        text = text_of(value)
        if self.flag.startswith("--"):
            return [f"{self.flag}={text}"]
        return [f"{self.flag}{text}"]


def checked(name, field, value):
    """``value`` if it fits the field's type (ids may come as numbers)."""
    kind = field.schema.get("type")
    if kind == "array" and not isinstance(value, list):
        value = [value]
    if kind == "boolean" and not isinstance(value, bool):
        raise UsageError(f"argument {name} must be true or false")
    if kind == "integer" and (isinstance(value, bool)
                              or not isinstance(value, (int, str))):
        raise UsageError(f"argument {name} must be a whole number")
    if isinstance(value, dict) and kind != "string":
        raise UsageError(f"argument {name} must not be an object")
    return value


def text_of(value):
    """A JSON argument as the text a command-line word would hold."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def property_name(action):
    if action.option_strings:
        longs = [flag for flag in action.option_strings
                 if flag.startswith("--")]
        word = (longs or action.option_strings)[0].lstrip("-")
    else:
        metavar = action.metavar if isinstance(action.metavar, str) else None
        word = (metavar or action.dest).strip("<>[]")
    return word.replace("-", "_").lower()


def value_schema(action):
    """The schema of one value of ``action`` (not of its repetitions)."""
    if action.choices is not None:
        choices = list(action.choices)
        kind = "integer" if all(isinstance(c, int) for c in choices) \
            else "string"
        return {"type": kind, "enum": choices}
    kind = action.type
    name = getattr(kind, "__name__", "")
    if kind is int or name in INTEGER_TYPES:
        schema = {"type": "integer"}
        if INTEGER_TYPES.get(name) is not None:
            schema["minimum"] = INTEGER_TYPES[name]
        return schema
    if kind is float:
        return {"type": "number"}
    return {"type": "string"}


def help_text(parser, action):
    if not action.help or action.help == argparse.SUPPRESS:
        return ""
    if "%(" not in action.help:
        return " ".join(action.help.split())
    try:
        text = parser._get_formatter()._expand_help(action)
    except (KeyError, TypeError, ValueError):
        text = action.help
    return " ".join(text.split())


# Options whose names say all an agent needs (date_after: a date).
SELF_EXPLAINED = frozenset({"date_after", "date_before", "due_after",
                            "due_before", "decimal_comma", "decimal_point"})
FILLER = frozenset({"or", "and", "one", "of", "default"})


def repeats_choices(description, choices):
    """Whether ``description`` says nothing but the enum's values (an
    agent reads them once, in ``enum``)."""
    if not choices:
        return False
    words = set(description.replace(",", " ").replace("(", " ")
                .replace(")", " ").replace(":", " ").split())
    return words <= {str(choice) for choice in choices} | FILLER


def field_of(parser, action):
    """A :class:`Field` for one argparse action."""
    if isinstance(action, (argparse._StoreTrueAction,
                           argparse._StoreFalseAction,
                           argparse._StoreConstAction,
                           argparse._AppendConstAction)):
        schema = {"type": "boolean"}
    elif isinstance(action, argparse._CountAction):
        schema = {"type": "integer", "minimum": 0}
    else:
        item = value_schema(action)
        many = (isinstance(action, argparse._AppendAction)
                or action.nargs in ("*", "+")
                or (isinstance(action.nargs, int) and action.nargs > 1))
        schema = {"type": "array", "items": item} if many else item
        if action.nargs == "+" or (isinstance(action.nargs, int)
                                   and action.nargs > 1):
            schema["minItems"] = (action.nargs if isinstance(action.nargs,
                                                             int) else 1)
        default = action.default
        if (default not in (None, [], argparse.SUPPRESS)
                and isinstance(default, (str, int, float))
                and not isinstance(default, bool) and not many):
            schema["default"] = default
    description = help_text(parser, action)
    if action.dest in SELF_EXPLAINED:
        description = ""
    if description and not repeats_choices(description, action.choices):
        schema["description"] = description
    required = (action.required if action.option_strings
                else action.nargs not in ("?", "*"))
    return Field(property_name(action), action, schema, required)


def shared_actions(parser):
    """The actions of the groups every command shares."""
    from alegra.i18n import _

    # Titles are translated on the parser in Spanish.
    titles = set(SHARED_GROUPS) | {_(title) for title in SHARED_GROUPS}
    shared = set()
    for group in parser._action_groups:
        if group.title in titles:
            shared.update(id(action) for action in group._group_actions)
    return shared


class ToolSchema:
    """The tool arguments of one command's parser.

    ``formatter_dests`` are the options output formatters add (``--noindent``,
    ``--max-width``...), dropped with the other output options. ``body``
    makes the body file options one ``body`` object; ``body_required``
    says whether the command refuses to run without one. ``files`` is the
    server's :class:`~alegra.mcp.files.FilesDir`, or None: options that
    name a local file are then left out (``withheld``).
    """

    def __init__(self, parser, formatter_dests=(), body=False,
                 body_required=False, files=None):
        self.parser = parser
        self.fields = {}
        self.files = files
        self.paths = set()
        self.withheld = []
        self.body = body and "data" in self._dests()
        self.body_required = self.body and body_required
        shared = shared_actions(parser)
        for action in parser._actions:
            dest = action.dest
            if (id(action) in shared or dest in POLICY_DESTS
                    or dest in formatter_dests
                    or isinstance(action, (argparse._HelpAction,
                                           argparse._VersionAction))
                    or (self.body and dest in BODY_DESTS)):
                continue
            path = is_path(action)
            if path and (self.files is None
                         or not self.files.offers(action)):
                self.withheld.append(action)
                continue
            field = field_of(parser, action)
            if field.name in self.fields or field.name in RESERVED:
                field.name = action.dest
            if field.name in self.fields or field.name in RESERVED:
                continue
            if path:
                self.paths.add(field.name)
                field.schema["description"] = " ".join(filter(None, (
                    field.schema.get("description"),
                    "(a path inside the server's files folder, relative "
                    "to it)")))
            self.fields[field.name] = field

    def withheld_required(self):
        """The left-out path options the command cannot run without."""
        return [action for action in self.withheld if action.required]

    def _dests(self):
        return {action.dest for action in self.parser._actions}

    def has_option(self, dest):
        return dest in self._dests()

    def option_flag(self, dest):
        for action in self.parser._actions:
            if action.dest == dest and action.option_strings:
                return action.option_strings[-1]
        return None

    def json_schema(self):
        properties = {name: dict(field.schema)
                      for name, field in self.fields.items()}
        required = [name for name, field in self.fields.items()
                    if field.required]
        if self.body:
            properties["body"] = {
                "type": "object",
                "description": "the request's JSON body, as Alegra takes "
                               "it",
            }
            if self.body_required:
                required.append("body")
        schema = {"type": "object", "properties": properties,
                  "additionalProperties": False}
        if required:
            schema["required"] = required
        return schema

    def argv(self, arguments):
        """The command-line words for a tool call's ``arguments``.

        Options come first, then ``--`` and the positional arguments, so
        that no value (an id such as ``-y``) is ever read as an option.
        """
        unknown = sorted(set(arguments) - set(self.fields) - {"body"})
        if unknown:
            raise UsageError(f"unknown argument(s): {', '.join(unknown)}",
                             "see the tool's input schema")
        options, positionals = [], []
        for name, field in self.fields.items():
            if name not in arguments or arguments[name] is None:
                if field.required:
                    raise UsageError(f"missing argument: {name}")
                continue
            value = checked(name, field, arguments[name])
            if name in self.paths:
                value = self._resolved(name, value)
            words = field.words(value)
            (positionals if field.positional else options).extend(words)
        body = arguments.get("body")
        if self.body and body is not None:
            if not isinstance(body, (dict, list)):
                raise UsageError("body must be a JSON object")
            options.append("--data=" + json.dumps(body, ensure_ascii=False))
        elif self.body_required:
            raise UsageError("missing argument: body")
        return options + (["--", *positionals] if positionals else [])

    def _resolved(self, name, value):
        if isinstance(value, list):
            return [self.files.resolve(name, item) for item in value]
        return self.files.resolve(name, value)
