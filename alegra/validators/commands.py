"""``alegra validate <resource> -f body.json``: the pre-flight checks alone.

Offline: no credentials, no network, so it fits a CI job that checks the
payloads a program will send. Exit 0 when the body is valid, 7 with every
problem on one ``Error:`` line when not.
"""

from alegra import command
from alegra.errors import UsageError


class Validate(command.Command):
    _description = "Check a request body against the country's rules, offline"

    talks_to_api = False

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "resource", metavar="<resource>",
            help="what the body is for: contacts, invoices, credit-notes, "
                 "payments, ...")
        parser.add_argument(
            "-f", "--file", metavar="FILE",
            help="the JSON body ('-' for standard input); a JSON list "
                 "checks each of its bodies")
        parser.add_argument("-d", "--data", metavar="JSON",
                            help="the JSON body, inline")
        parser.add_argument(
            "--set", action="append", default=[], metavar="KEY=VALUE",
            dest="assignments", help="set a field on top of the body")
        parser.add_argument(
            "--country", metavar="CC",
            help="the country's rules (co, colombia, mx, costa-rica, ...; "
                 "default: the profile's)")

    def take_action(self, parsed_args):
        from alegra.inputs import body
        from alegra.inputs import validation

        resource = parsed_args.resource
        country = self.context.country(parsed_args.country)
        if not validation.validators_for(resource, country):
            raise UsageError(f"no validator knows '{resource}'",
                             "see 'alegra plugin list' for the validators")
        payload = body.build(parsed_args.file, parsed_args.data,
                             parsed_args.assignments, stdin=self.app.stdin)
        if payload is None:
            raise UsageError("no body to check",
                             "give -f FILE, -f -, -d JSON or --set key=value")
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
        where = f" for {country.upper()}" if country else ""
        what = (f"{len(bodies)} {resource} bodies are"
                if isinstance(payload, list) else f"the {resource} body is")
        self.note(f"OK: {what} valid{where}")
        return 0
