"""``python -m alegra.sandbox [options]``: the same as ``alegra sandbox
serve``, without the CLI around it."""

import argparse
import sys

from alegra.errors import AlegraError
from alegra.i18n import _
from alegra.sandbox import commands


def main(argv=None):
    parser = commands.add_serve_arguments(argparse.ArgumentParser(
        prog="python -m alegra.sandbox",
        description=_("Serve a local Alegra sandbox over HTTP.")))
    options = parser.parse_args(argv)
    try:
        return commands.serve(options, sys.stdout)
    except AlegraError as error:
        print(f"Error: {error}", file=sys.stderr)
        return error.exit_code


if __name__ == "__main__":
    sys.exit(main())
