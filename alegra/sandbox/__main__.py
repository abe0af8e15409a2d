"""``python -m alegra.sandbox [options]``: the same as ``alegra sandbox
serve``, without the CLI around it."""

import argparse
import sys

from alegra.errors import AlegraError
from alegra.i18n import _
from alegra.inputs import argparsing
from alegra.sandbox import commands


def main(argv=None):
    parser = argparsing.translate(commands.add_serve_arguments(
        argparse.ArgumentParser(
            prog="python -m alegra.sandbox",
            description=_("Serve a local Alegra sandbox over HTTP."))))
    try:
        # The option checks (--port, --rate-window) raise alegra's usage
        # error, which plain argparse does not catch.
        return commands.serve(parser.parse_args(argv), sys.stdout)
    except AlegraError as error:
        print(f"Error: {error}", file=sys.stderr)
        return error.exit_code


if __name__ == "__main__":
    sys.exit(main())
