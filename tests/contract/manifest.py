"""Every request the CLI can send, derived from the commands themselves.

``python -m tests.contract.manifest`` prints the manifest (JSON);
``--write`` writes it to ``tests/contract/requests.json``, which the
contract test compares with a fresh one, so a new or changed command
shows up as a difference until the manifest is regenerated and committed;
``--summary`` prints how many documented endpoints some command reaches.

How a command's requests are found (no command is run):

- A command bound to a resource (``alegra.verbs``, ``alegra.bulk``) sends
  what its class and its :class:`~alegra.resource.Resource` declare: list,
  get, create, update and delete build their paths from ``api_path`` and
  the item path, import and export from the list's, an action from its
  ``Action`` (method, collection or item, url segment or template, body
  kind, filters). This reads the same declarations the verbs read, so it
  follows every resource added or changed.
- A command may also declare ``api_requests``: a tuple (or a classmethod
  giving one) of ``(method, path)`` or ``(method, path, details)``, where
  ``details`` may name ``query`` parameters and ``body`` fields. A bound
  command adds these to what its verb sends (the guarded ``invoices
  stamp`` reads the company and the invoices); a hand-written command
  (``doctor``, ``auth login``, ``invoices emit``, ``reports``...) is
  described by them alone.
- A command with ``talks_to_api = False`` sends nothing.

Anything else is an error: a hand-written command that talks to the API
without ``api_requests``, or a bound command whose ``take_action`` or
``send`` is its own (it may send something its verb does not) without
them. Running each command with ``--dry-run`` would see only the branch
its sample arguments take (one page, no ledger read, no lookup), so the
declarations are the source; ``test_contract`` runs a dry run of a few
kinds of command to check that the derivation matches what is sent.
"""

import argparse
import json
import pathlib
import sys

HERE = pathlib.Path(__file__).parent
MANIFEST = HERE / "requests.json"
JSON = "application/json"
# alegra's own distribution (named alegra-cli on PyPI).
DISTRIBUTIONS = ("alegra", "alegra-cli")
# Modules whose take_action/send the derivation below describes.
GENERIC = {"alegra.verbs", "alegra.bulk.commands"}
# Requests no one command owns: any command that needs the country when
# no profile or cache gives it reads the company (alegra.app.company).
CONTEXT = ({"command": "(any command that needs the country)",
            "method": "GET", "path": "/company", "query": [],
            "body": None, "content_type": None,
            "source": "alegra.app.company"},)


def camel(name):
    """``file-id`` -> ``fileId`` (the documented spelling)."""
    head, *rest = name.split("-")
    return head + "".join(word.title() for word in rest)


MULTIPART = "multipart/form-data"


def entry(command, method, path, query=(), body=None, source=""):
    path = "/" + path.strip("/")
    content_type = None
    if body is not None:
        content_type = MULTIPART if body["kind"] == MULTIPART else JSON
    return {"command": command, "method": method, "path": path,
            "query": list(query), "body": body,
            "content_type": content_type, "source": source}


def upload_body():
    """An attachment: one part named ``file``."""
    return {"kind": MULTIPART, "required": True, "fields": ["file"]}


def json_body(required, fields=()):
    return {"kind": "json object", "required": required,
            "fields": list(fields)}


def list_query(resource):
    query = ["start", "limit", "metadata", "query"]
    query += [spec.query_name for spec in resource.filters]
    for field in resource.dates:
        query += [f"{field}_after", f"{field}_before"]
    if resource.order_fields:
        query += ["order_field", "order_direction"]
    if "fields" not in query:
        query.append("fields")
    return query


def action_path(resource, action):
    first = "{" + camel(action.id_name or resource.id_name) + "}"
    if action.is_template:
        relative = action.path.format(
            id=first, second="{" + camel(action.second or "second") + "}")
        return f"{resource.api_path}/{relative}"
    base = resource.api_path
    if not action.collection:
        base = f"{base}/{first}"
    segment = action.url_segment
    return f"{base}/{segment}" if segment else base


def bound_requests(name, cls):
    """What a command bound to a resource sends, from its declarations."""
    from alegra import verbs
    from alegra.bulk import commands as bulk, rows

    resource = cls.resource
    collection = resource.api_path
    item = f"{collection}/{{{camel(resource.id_name)}}}"
    flags = [spec.query_name for spec in resource.body_flags]
    if issubclass(cls, verbs.ActionCommandBase):
        action = cls.action
        fields = [action.id_field] if action.id_field else []
        body = None
        if action.body == "file":
            body = upload_body()
        elif action.body != "none" or fields:
            body = json_body(action.body == "required", fields)
        return [entry(name, action.method, action_path(resource, action),
                      [spec.query_name for spec in action.filters], body,
                      "Action")]
    if issubclass(cls, verbs.List):
        return [entry(name, "GET", collection, list_query(resource),
                      source="List")]
    if issubclass(cls, bulk.Export):
        return [entry(name, "GET", collection, list_query(resource),
                      source="Export")]
    if issubclass(cls, verbs.Get):
        return [entry(name, "GET", item, ["fields"], source="Get")]
    if issubclass(cls, verbs.Create):
        return [entry(name, "POST", collection, body=json_body(True, flags),
                      source="Create")]
    if issubclass(cls, verbs.Update):
        return [entry(name, "PUT", item, body=json_body(True, flags),
                      source="Update")]
    if issubclass(cls, verbs.Delete):
        found = [entry(name, "DELETE", item, source="Delete")]
        if resource.delete_many:
            found.append(entry(name, "DELETE", collection,
                               [resource.delete_many],
                               source="Delete (several ids)"))
        return found
    if issubclass(cls, bulk.Import):
        key = rows.filter_param(resource.filters, cls.natural_key)
        return [entry(name, "POST", collection, body=json_body(True),
                      source="Import"),
                entry(name, "GET", collection,
                      ["start", "limit"] + ([key] if key else []),
                      source="Import (looking up a row in doubt)")]
    raise ManifestError(f"{name}: {cls.__name__} is bound to "
                        f"{resource.name} by a verb this manifest does not "
                        "know; describe it in tests/contract/manifest.py")


def declared_requests(name, cls):
    declared = getattr(cls, "api_requests", None)
    if callable(declared):
        declared = declared()
    found = []
    for request in declared or ():
        method, path, *rest = request
        details = rest[0] if rest else {}
        body = details.get("body")
        if body is not None:
            body = json_body(True, body)
        found.append(entry(name, method, path, details.get("query", ()),
                           body, "api_requests"))
    return found


def own_code(cls):
    """Whether the class, not its generic verb, decides what is sent."""
    for method in ("take_action", "send"):
        for klass in cls.__mro__:
            if method in vars(klass):
                if klass.__module__ not in GENERIC:
                    return True
                break
    return False


class ManifestError(Exception):
    pass


def command_requests(name, cls):
    name = name.replace("_", " ")
    if not getattr(cls, "talks_to_api", True):
        return []
    declared = declared_requests(name, cls)
    if getattr(cls, "resource", None) is not None:
        if own_code(cls) and getattr(cls, "api_requests", None) is None:
            raise ManifestError(
                f"{name}: {cls.__module__}.{cls.__qualname__} has its own "
                "take_action or send; declare what it sends as "
                "api_requests")
        return bound_requests(name, cls) + declared
    if getattr(cls, "api_requests", None) is None:
        raise ManifestError(
            f"{name}: {cls.__module__}.{cls.__qualname__} talks to the API "
            "but declares no api_requests (or talks_to_api = False)")
    return declared


def alegra_commands():
    """``{entry point name: class}`` of the alegra distribution."""
    from importlib.metadata import entry_points

    from alegra import namespaces

    found = {}
    for point in entry_points(group=namespaces.COMMANDS):
        if point.dist is not None and point.dist.name not in DISTRIBUTIONS:
            continue  # a third party's plugin is not alegra's contract
        try:
            found[point.name] = point.load()
        except Exception as error:  # name the module that is broken
            raise ManifestError(f"{point.name}: {point.value} does not "
                                f"load: {error}") from error
    return found


def build():
    entries = list(CONTEXT)
    problems = []
    for name, cls in sorted(alegra_commands().items()):
        try:
            entries += command_requests(name, cls)
        except ManifestError as error:
            problems.append(str(error))
    if problems:
        raise ManifestError("\n".join(problems))
    return sorted(entries, key=lambda e: (e["command"], e["method"],
                                          e["path"], e["source"]))


def dumps(entries):
    return json.dumps(entries, indent=1, sort_keys=True) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m tests.contract.manifest",
        description="The manifest of every request alegra can send")
    parser.add_argument("--write", action="store_true",
                        help=f"write {MANIFEST.name} beside this module")
    parser.add_argument("--summary", action="store_true",
                        help="print how many documented endpoints are "
                             "reachable")
    args = parser.parse_args(argv)
    try:
        entries = build()
    except ManifestError as error:
        sys.stderr.write(f"Error: {error}\n")
        return 1
    if args.summary:
        from tests.contract import coverage

        print(coverage.summary(entries))
        return 0
    if args.write:
        MANIFEST.write_text(dumps(entries), encoding="utf-8")
        print(f"wrote {len(entries)} requests to {MANIFEST}")
        return 0
    sys.stdout.write(dumps(entries))
    return 0


if __name__ == "__main__":
    sys.exit(main())
