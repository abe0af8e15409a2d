"""``alegra agent skills install``: teach a coding agent to use alegra.

The skill is a folder holding ``SKILL.md`` in Claude Code's format (YAML
front matter with ``name`` and ``description``, then Markdown), written to
``~/.claude/skills/alegra/`` or under ``--dir``. Its list of commands and
its exit codes are generated from the installed commands and from
:mod:`alegra.errors`, so reinstalling brings it up to date and it never
describes commands that do not exist.
"""

import os

from alegra import command, errors
from alegra.i18n import N_, _

NAME = "alegra"
DESCRIPTION = (
    "Use the alegra command-line client to read and change an Alegra "
    "accounting account (invoices, payments, contacts, items, bills, "
    "reports, electronic invoicing) safely: dry runs first, emission once, "
    "exit codes to branch on")
# What each exit code means; a code added to alegra.errors without a line
# here is still listed, by its name.
MEANINGS = {
    "OK": "done",
    "API_ERROR": "Alegra refused or failed (the message says why)",
    "USAGE": "wrong command, option or input: nothing was sent",
    "AUTH": "no or bad credentials: run 'alegra auth login'",
    "NOT_FOUND": "no such record",
    "PLAN": "the Alegra plan does not include this",
    "RATE_LIMITED": "too many requests: wait, then retry",
    "VALIDATION": "the body breaks the country's rules: nothing was sent",
    "PARTIAL": "some records of a batch failed: see the failures",
    "CONNECTION": "Alegra could not be reached: nothing is known to "
                  "have changed for reads; check writes",
    "UNKNOWN_OUTCOME": "a write was sent and no answer came: check with "
                       "'get' before anything else, never resend blindly",
    "INTERRUPTED": "stopped by Ctrl-C",
    "BROKEN_PIPE": "the reader of the output went away",
}
HIDDEN_GROUPS = frozenset({"help", "complete", "shell"})

RULES = """\
## Rules

1. Read before you write. `list`, `get`, `export` and `reports` change
   nothing. Add `-o json` for whole records exactly as Alegra sent them
   (money is text: keep it as text).
2. Preview every write: add `--dry-run` to any `create`, `update`,
   `delete` or action to get the exact request and a curl, with nothing
   sent. Show it to the person and ask before running it for real.
3. Practise on the sandbox: `alegra --sandbox <command>` runs against a
   local emulator with demo companies; nothing reaches Alegra.
4. Emit an electronic invoice once, with `alegra invoices emit ID`. Never
   stamp directly, never emit again after exit code 10 (unknown outcome):
   read the invoice with `alegra invoices get ID -o json` and look at its
   `stamp` first.
5. These verbs change data for good: {destructive}. They ask for
   confirmation; pass `--yes` only after the person has said yes.
6. Bulk work: `alegra <resource> import --file rows.csv --dry-run` first;
   exit code 8 means some rows failed and the failures file says which.
7. Never print, pass or store a token. Credentials come from
   `alegra auth login` (kept in the keyring); choose the account with
   `--profile NAME` before the command words.
8. For an agent that must not change anything, connect through the MCP
   server started with `alegra mcp start --read-only`.
"""


def generate(app):
    """The text of ``SKILL.md`` for the commands installed in ``app``."""
    groups = {}
    for name, _entry in app.command_manager:
        words = name.split()
        if len(words) < 2 or words[0] in HIDDEN_GROUPS:
            continue
        groups.setdefault(words[0], set()).add(" ".join(words[1:]))
    from alegra.mcp.tools import DESTRUCTIVE_WORDS, LOCAL_GROUPS

    destructive = sorted({verb for group, verbs in groups.items()
                          if group not in LOCAL_GROUPS
                          for verb in verbs if verb in DESTRUCTIVE_WORDS})
    lines = ["---", f"name: {NAME}", f"description: {DESCRIPTION}", "---",
             "", "# alegra, the Alegra accounting CLI", "",
             "Every command is `alegra [global options] <resource> <verb> "
             "[options]`; `alegra help <resource> <verb>` shows its "
             "options. Errors are one line on stderr starting with "
             "`Error:`; data goes to stdout only.", "",
             RULES.format(destructive=", ".join(
                 f"`{verb}`" for verb in destructive)),
             "## Exit codes", "", "| code | meaning |", "|---|---|"]
    codes = sorted((value, key) for key, value in vars(errors).items()
                   if key.isupper() and isinstance(value, int))
    for value, key in codes:
        lines.append(f"| {value} | {MEANINGS.get(key, key.lower())} |")
    lines += ["", "## Commands", ""]
    for group in sorted(groups):
        lines.append(f"- `{group}`: {', '.join(sorted(groups[group]))}")
    return "\n".join(lines) + "\n"


def skill_path(folder):
    return os.path.join(folder, NAME, "SKILL.md")


class Install(command.Command):
    _description = N_("Write the alegra skill that teaches coding agents "
                      "the CLI")
    talks_to_api = False

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--dir", metavar="DIR",
            help=_("the skills folder (default ~/.claude/skills); the "
                   "skill goes to DIR/alegra/SKILL.md"))
        parser.add_argument(
            "--dry-run", action="store_true",
            help=_("print the skill instead of writing it"))

    def take_action(self, parsed_args):
        from alegra.mcp.clients import write_atomically

        text = generate(self.app)
        if self.flag(parsed_args, "dry_run"):
            self.app.stdout.write(text)
            return 0
        folder = parsed_args.dir
        if folder is None:
            home = self.app.environ.get("HOME") or os.path.expanduser("~")
            folder = os.path.join(home, ".claude", "skills")
        path = skill_path(os.path.expanduser(folder))
        write_atomically(path, text)
        self.app.stderr.write(
            _("Wrote the alegra skill to {path}").format(path=path) + "\n")
        return 0
