"""``alegra plugin list``: what each distribution adds, and whether it loads.

Only this command imports every plugin module (to tell which ones are
broken); everything else in alegra loads a plugin only when it is used.
"""

from alegra import command, namespaces, records, registry
from alegra.i18n import N_, _

COLUMNS = ("distribution", "version", "commands", "validators",
           "formatters", "status")
DISABLED = f"disabled by {registry.PLUGINS_ENV}"
KINDS = {
    namespaces.COMMANDS: "commands",
    namespaces.VALIDATORS: "validators",
    namespaces.FORMATTER_LIST: "formatters",
    namespaces.FORMATTER_SHOW: "formatters",
}


class CommandNames(records.Cell):
    """Commands grouped by their first word: ``items (get, list)``."""

    def human_readable(self):
        if not isinstance(self._value, list):
            return super().human_readable()
        groups = {}
        for name in self._value:
            head, _space, rest = name.partition(" ")
            groups.setdefault(head, []).append(rest)
        return ", ".join(
            f"{head} ({', '.join(rests)})" if any(rests) else head
            for head, rests in groups.items())


class Inventory(records.Records):
    def __iter__(self):
        for record in self.records:
            yield tuple(
                (CommandNames if column == "commands" else records.Cell)(
                    records.get_path(record, column))
                for column in self.columns)


class List(command.Lister):
    _description = N_("List the installed plugin distributions and "
                      "whether they load")

    talks_to_api = False
    default_columns = COLUMNS

    def take_action(self, parsed_args):
        allowed = registry.allowed_distributions(self.app.environ)
        found = inventory(registry.scan(), allowed)
        for name in unknown_names(allowed, found):
            self.note(_("Warning: {variable} names '{name}', which is not "
                        "installed").format(variable=registry.PLUGINS_ENV,
                                            name=name))
        explicit = self.requested_columns(parsed_args)
        columns = explicit or list(COLUMNS)
        return columns, Inventory(found, columns, bool(explicit))


def inventory(scanned, allowed=None):
    """One record per distribution in ``scanned`` (see ``registry.scan``)."""
    grouped = {}
    for dist, version, entry_point in scanned:
        grouped.setdefault((dist, version), []).append(entry_point)
    enabled = {dist for dist, _ in grouped if registry.allows(allowed, dist)}
    conflicts = find_conflicts(
        (dist, ep) for (dist, _), eps in grouped.items() if dist in enabled
        for ep in eps)
    found = []
    for (dist, version), entry_points in sorted(grouped.items(),
                                                key=builtin_first):
        record = {"distribution": dist, "version": version,
                  "commands": [], "validators": [], "formatters": []}
        for entry_point in entry_points:
            names = record[KINDS[entry_point.group]]
            if visible_name(entry_point) not in names:
                names.append(visible_name(entry_point))
        for kind in ("commands", "validators", "formatters"):
            record[kind].sort()
        if dist in enabled:
            problems = conflicts.get(dist, []) + broken(entry_points)
            record["status"] = "; ".join(problems) or "ok"
        else:
            record["status"] = DISABLED
        found.append(record)
    return found


def builtin_first(item):
    (dist, _version), _entry_points = item
    name = registry.canonical(dist)
    return (name != namespaces.BUILTIN_DISTRIBUTION, name)


def visible_name(entry_point):
    """What the user types: ``contacts list``, ``invoices.co``, ``json``."""
    if entry_point.group == namespaces.COMMANDS:
        return entry_point.name.replace("_", " ")
    return entry_point.name


def claim_key(entry_point):
    kind = {namespaces.COMMANDS: "command",
            namespaces.VALIDATORS: "validator"}.get(entry_point.group,
                                                    "output formatter")
    return (kind, visible_name(entry_point), entry_point.group)


def find_conflicts(claims):
    """``{distribution: [problem, ...]}`` for names claimed twice.

    As in the command manager, two claims that point at the same object
    (one distribution seen twice) are not a conflict.
    """
    claimants = {}
    for dist, entry_point in claims:
        targets = claimants.setdefault(claim_key(entry_point), {})
        targets.setdefault(entry_point.value, dist)
    problems = {}
    for (kind, name, _group), targets in sorted(claimants.items()):
        if len(targets) < 2:
            continue
        dists = sorted(set(targets.values()))
        for dist in dists:
            others = ", ".join(other for other in dists if other != dist)
            problems.setdefault(dist, []).append(
                f"conflict: {kind} '{name}' is also claimed by "
                f"{others or 'itself'}")
    return problems


def broken(entry_points):
    """``broken: ...`` problems, one per distinct load error."""
    failures = {}
    for entry_point in entry_points:
        error = load_error(entry_point)
        if error:
            failures.setdefault(error, []).append(entry_point.name)
    return [f"broken: {', '.join(names)}: {error}"
            for error, names in failures.items()]


def load_error(entry_point):
    """Why an entry point cannot be used, or None if it loads."""
    try:
        plugin = entry_point.load()
        if not callable(plugin):
            return f"{entry_point.value} is not callable"
        if entry_point.group in (namespaces.FORMATTER_LIST,
                                 namespaces.FORMATTER_SHOW):
            method = ("emit_list"
                      if entry_point.group == namespaces.FORMATTER_LIST
                      else "emit_one")
            if not callable(getattr(plugin(), method, None)):
                return f"{entry_point.value} has no {method}()"
    except (Exception, SystemExit) as exc:
        return registry.error_text(exc)
    return None


def unknown_names(allowed, found):
    installed = {registry.canonical(r["distribution"]) for r in found}
    return sorted((allowed or set()) - installed)
