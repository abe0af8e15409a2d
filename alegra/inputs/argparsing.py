"""Usage errors in one line, like every other alegra error."""

import sys


def one_line_errors(parser):
    """Make ``parser`` report a usage error as one ``Error:`` line.

    argparse prints the whole usage summary first; here the message names
    the command and where its help is, and the exit code stays 2.
    """

    def error(message):
        sys.stderr.write(
            f"Error: {parser.prog}: {message} (see '{parser.prog} "
            "--help')\n")
        sys.exit(2)

    parser.error = error
    return parser
