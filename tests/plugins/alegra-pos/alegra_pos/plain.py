"""Plain cliff commands, written with no knowledge of alegra.

They subclass ``cliff.lister.Lister`` and ``cliff.show.ShowOne`` directly,
as a command written for any cliff program would; alegra still gives them
its formatters (csv, ndjson, this plugin's markdown) and ``-o``.
"""

from cliff import lister, show

TERMINALS = (
    (1, "Caja 1", "19928.00"),
    (2, "Caja | 2", "0.0000000000"),
)


class List(lister.Lister):
    """List the point-of-sale terminals"""

    def take_action(self, parsed_args):
        return ("id", "name", "float"), TERMINALS


class Get(show.ShowOne):
    """Show a point-of-sale terminal"""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument("id", type=int)
        return parser

    def take_action(self, parsed_args):
        for row in TERMINALS:
            if row[0] == parsed_args.id:
                return ("id", "name", "float"), row
        raise LookupError(f"no terminal {parsed_args.id}")
