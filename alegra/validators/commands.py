"""``alegra validate <resource> -f body.json``: the pre-flight checks alone.

Offline: no credentials, no network, so it fits a CI job that checks the
payloads a program will send. Exit 0 when the body is valid, 7 with every
problem on one ``Error:`` line when not.
"""

from alegra import command
from alegra.errors import UsageError
from alegra.i18n import N_, _, ngettext


class Validate(command.Command):
    _description = N_("Check a request body against the country's rules, "
                      "offline")

    talks_to_api = False

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "resource", metavar="<resource>",
            help=N_("what the body is for: contacts, invoices, "
                    "credit-notes, payments, ..."))
        parser.add_argument(
            "-f", "--file", metavar="FILE",
            help=N_("the JSON body ('-' for standard input); a JSON list "
                    "checks each of its bodies"))
        parser.add_argument("-d", "--data", metavar="JSON",
                            help=N_("the JSON body, inline"))
        parser.add_argument(
            "--set", action="append", default=[], metavar="KEY=VALUE",
            dest="assignments",
            help=N_("set a field on top of the body"))
        parser.add_argument(
            "--country", metavar="CC",
            help=N_("the country's rules (co, colombia, mx, costa-rica, "
                    "...; default: the profile's)"))

    def take_action(self, parsed_args):
        from alegra.inputs import body
        from alegra.inputs import validation

        resource = parsed_args.resource
        country = self.context.country(parsed_args.country)
        if not validation.validators_for(resource, country):
            raise UsageError(
                _("no validator knows '{resource}'").format(
                    resource=resource),
                _("see 'alegra plugin list' for the validators"))
        payload = body.build(parsed_args.file, parsed_args.data,
                             parsed_args.assignments, stdin=self.app.stdin)
        if payload is None:
            raise UsageError(
                _("no body to check"),
                _("give -f FILE, -f -, -d JSON or --set key=value"))
        bodies = payload if isinstance(payload, list) else [payload]
        found = []
        for position, one in enumerate(bodies):
            problems = validation.problems(resource, country, one)
            if isinstance(payload, list):
                problems = [f"[{position}] {problem}"
                            for problem in problems]
            found.extend(problems)
        if found:
            raise validation.failure(resource, country, found,
                                     "hint-offline")
        self.note(ok_note(resource, country, bodies,
                          isinstance(payload, list)))
        return 0


def ok_note(resource, country, bodies, several):
    """``OK: the contacts body is valid for CO``, in whole sentences."""
    fields = {"resource": resource, "n": len(bodies),
              "country": (country or "").upper()}
    if several and country:
        text = ngettext("OK: {n} {resource} bodies are valid for {country}",
                        "OK: {n} {resource} bodies are valid for {country}",
                        len(bodies))
    elif several:
        text = ngettext("OK: {n} {resource} bodies are valid",
                        "OK: {n} {resource} bodies are valid", len(bodies))
    elif country:
        text = _("OK: the {resource} body is valid for {country}")
    else:
        text = _("OK: the {resource} body is valid")
    return text.format(**fields)
