"""The contract: what alegra sends against what Alegra documents.

See README.md beside this module; regenerate the manifest with
``.venv/bin/python -m tests.contract.manifest --write``.
"""

import json
import re
from urllib.parse import parse_qs, urlsplit

import testtools

from tests.contract import coverage, manifest
from tests.unit import base

REGENERATE = ("regenerate it with '.venv/bin/python -m "
              "tests.contract.manifest --write' and commit it")


class TestManifest(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.entries = manifest.build()

    def fail_with(self, problem, rows):
        self.fail("\n  ".join([f"{problem} ({coverage.summary(self.entries)})"]
                              + rows))

    def test_manifest_is_current(self):
        checked_in = manifest.MANIFEST.read_text(encoding="utf-8")
        if checked_in != manifest.dumps(self.entries):
            old = {json.dumps(e, sort_keys=True)
                   for e in json.loads(checked_in)}
            new = {json.dumps(e, sort_keys=True) for e in self.entries}
            self.fail_with(
                f"{manifest.MANIFEST.name} is out of date; {REGENERATE}",
                [f"- {row}" for row in sorted(old - new)]
                + [f"+ {row}" for row in sorted(new - old)])

    def test_every_request_is_documented_or_allowed(self):
        allowed = coverage.allowed(coverage.ALLOWED_UNDOCUMENTED)
        missing = [f"{coverage.show(found)} (sent by {', '.join(commands)})"
                   for found, commands in coverage.undocumented(self.entries)
                   if found not in allowed]
        if missing:
            self.fail_with(
                "requests no source documents; check the method and path, "
                "or list them with a reason in "
                f"{coverage.ALLOWED_UNDOCUMENTED.name}", missing)

    def test_every_documented_endpoint_is_reached_or_allowed(self):
        allowed = coverage.allowed(coverage.ALLOWED_UNREACHABLE)
        missing = [coverage.show(found)
                   for found in coverage.unreachable(self.entries)
                   if found not in allowed]
        if missing:
            self.fail_with(
                "documented endpoints no command reaches; add a command, "
                "or list them with a reason in "
                f"{coverage.ALLOWED_UNREACHABLE.name}", missing)

    def test_no_undocumented_allowance_outlives_its_reason(self):
        sent = coverage.sent(self.entries)
        documented = coverage.documented()
        stale = [f"{coverage.show(found)}: "
                 + ("now documented" if found in documented else "not sent")
                 for found in coverage.allowed(coverage.ALLOWED_UNDOCUMENTED)
                 if found in documented or found not in sent]
        if stale:
            self.fail_with(
                f"remove from {coverage.ALLOWED_UNDOCUMENTED.name}", stale)

    def test_no_unreachable_allowance_outlives_its_reason(self):
        sent = coverage.sent(self.entries)
        documented = coverage.documented()
        stale = []
        for found in coverage.allowed(coverage.ALLOWED_UNREACHABLE):
            if found in sent:
                stale.append(f"{coverage.show(found)}: now reached by "
                             + ", ".join(sent[found]))
            elif found not in documented:
                stale.append(f"{coverage.show(found)}: not documented")
        if stale:
            self.fail_with(
                f"remove from {coverage.ALLOWED_UNREACHABLE.name}", stale)

    def test_every_allowance_gives_its_reason(self):
        for path, prefix in ((coverage.ALLOWED_UNDOCUMENTED, ""),
                             (coverage.ALLOWED_UNREACHABLE,
                              coverage.NOT_YET)):
            for found, reason in coverage.allowed(path).items():
                self.assertTrue(
                    reason.startswith(prefix)
                    and len(reason) > len(prefix) + 5,
                    f"{path.name}: {coverage.show(found)} needs a reason"
                    + (f" starting {prefix!r}" if prefix else ""))

    def test_allow_lists_name_each_endpoint_once(self):
        for path in (coverage.ALLOWED_UNDOCUMENTED,
                     coverage.ALLOWED_UNREACHABLE):
            rows = coverage.read_rows(path)
            self.assertEqual(
                len(rows), len(coverage.allowed(path)),
                f"{path.name} names an endpoint twice")

    def test_summary_counts_documented_endpoints(self):
        self.assertRegex(coverage.summary(self.entries),
                         r"^\d+ of 241 documented endpoints reachable$")


class TestDerivation(testtools.TestCase):
    """What the manifest derives for made-up commands."""

    def test_hand_written_command_must_declare(self):
        from alegra import command

        class Probe(command.Command):
            pass

        error = self.assertRaises(manifest.ManifestError,
                                  manifest.command_requests, "probe_it",
                                  Probe)
        self.assertIn("probe it", str(error))
        self.assertIn("api_requests", str(error))

    def test_local_command_sends_nothing(self):
        from alegra import command

        class Local(command.Command):
            talks_to_api = False

        self.assertEqual([], manifest.command_requests("local", Local))

    def test_bound_command_with_own_code_must_declare(self):
        from alegra import verbs
        from alegra.resource import Resource

        thing = Resource(name="things", singular="thing")

        class Odd(verbs.Get.bind(thing)):
            def take_action(self, parsed_args):
                return None

        self.assertRaises(manifest.ManifestError,
                          manifest.command_requests, "things_get", Odd)
        Odd.api_requests = (("GET", "things/{id}/extra",
                             {"query": ("fields",)}),)
        found = manifest.command_requests("things_get", Odd)
        self.assertEqual(
            [("GET", "/things/{id}", ["fields"]),
             ("GET", "/things/{id}/extra", ["fields"])],
            [(e["method"], e["path"], e["query"]) for e in found])

    def test_action_paths(self):
        from alegra import verbs
        from alegra.resource import Action, Resource

        thing = Resource(name="things", singular="thing", actions=(
            Action("void", "Void"),
            Action("bulk", "Bulk", collection=True, body="none"),
            Action("peek", "Peek", collection=True, id_field="id"),
            Action("note-update", "Edit", method="PUT",
                   path="{id}/notes/{second}", second="note-id"),
            Action("file-delete", "Drop", method="DELETE",
                   path="files/{id}", id_name="file-id", body="none"),
        ))
        found = {}
        for action in thing.actions:
            bound = verbs.ActionCommand.bind(thing, action.name)
            [one] = manifest.command_requests("things_" + action.name, bound)
            found[action.name] = (one["method"], one["path"],
                                  one["body"] and one["body"]["fields"])
        self.assertEqual({
            "void": ("POST", "/things/{id}/void", []),
            "bulk": ("POST", "/things/bulk", None),
            "peek": ("POST", "/things/peek", ["id"]),
            "note-update": ("PUT", "/things/{id}/notes/{noteId}", []),
            "file-delete": ("DELETE", "/things/files/{fileId}", None),
        }, found)

    def test_paths_compare_whatever_the_id_is_called(self):
        self.assertEqual(coverage.key("delete", "/bills/attachment/{id}"),
                         coverage.key("DELETE",
                                      "/bills/attachment/{fileId}"))


DRY_LINE = re.compile(r"^(GET|POST|PUT|DELETE|PATCH) (\S+)$", re.M)
FIRST, SECOND = "701", "702"


def shape(entry):
    """Commands that the manifest derives alike are checked once."""
    return (entry["source"], entry["method"], entry["path"].count("{"),
            entry["path"].split("/")[-1] if "{" not in entry["path"]
            else "", bool(entry["body"]))


class TestDryRunAgrees(base.TestCase):
    """A dry run of one command of each shape sends what the manifest
    says (the derivation and the verbs have not drifted apart)."""

    def test_dry_runs_match_the_manifest(self):
        commands = manifest.alegra_commands()
        by_command, samples = {}, {}
        for entry in manifest.build():
            by_command.setdefault(entry["command"], []).append(entry)
        for name, entries in sorted(by_command.items()):
            if entries[0]["source"] in ("List", "Get", "Create", "Update",
                                        "Delete", "Action", "Export"):
                samples.setdefault(shape(entries[0]), name)
        self.assertGreater(len(samples), 10)
        env = {"ALEGRA_EMAIL": "a@example.com", "ALEGRA_TOKEN": "t",
               "ALEGRA_COUNTRY": "co"}
        for name in sorted(samples.values()):
            cls = commands[name.replace(" ", "_")]
            argv = name.split() + self.arguments(cls) + ["--dry-run"]
            code, out, err = self.run_cli(*argv, env=env)
            self.assertEqual(0, code, f"{argv}: {err}")
            sent = {coverage.key(method, self.template(url))
                    for method, url in DRY_LINE.findall(out)}
            declared = {coverage.key(e["method"], e["path"])
                        for e in by_command[name]}
            self.assertTrue(sent, f"{argv} printed no request: {out}")
            self.assertTrue(sent <= declared,
                            f"{argv} sent {sent}, manifest has {declared}")
            params = {name for _, url in DRY_LINE.findall(out)
                      for name in parse_qs(urlsplit(url).query)}
            listed = {param for e in by_command[name]
                      for param in e["query"]}
            self.assertTrue(params <= listed,
                            f"{argv} sent {params}, manifest has {listed}")

    def arguments(self, cls):
        from alegra import verbs

        words = []
        action = getattr(cls, "action", None)
        if action is not None:
            words += [FIRST] if action.takes_id else []
            words += [SECOND] if action.second else []
        elif issubclass(cls, (verbs.Get, verbs.Update, verbs.Delete)):
            words.append(FIRST)
        if action is not None and action.body == "file":
            words += ["--file", __file__]
        elif getattr(cls, "takes_body", False) and issubclass(
                cls, verbs.BodyMixin):
            words += ["-d", "{}"]
        if issubclass(cls, verbs.Create):
            words.append("--no-validate")
        return words

    def template(self, url):
        path = url.split("?")[0].replace(base.BASE, "")
        return "/".join("{}" if part in (FIRST, SECOND) else part
                        for part in path.split("/"))
