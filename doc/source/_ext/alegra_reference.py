"""The command reference, generated from the installed commands.

Each page of ``reference/`` holds an ``alegra-commands`` directive naming
one group of :data:`GROUPS`. The directive loads every command of the
``alegra.commands`` entry points (and the application's own ``help`` and
``complete``), builds its parser as ``alegra <command> --help`` does and
writes the same usage, description, options and examples, so a command
added later appears without anyone editing the docs. A command whose
words no group claims lands under "Other commands" on the reference index.
Only alegra's own commands are documented: third-party plugins installed
where the docs are built are left out (``ALEGRA_PLUGINS=none``).
"""

import argparse
import functools
import io

from docutils import nodes
from docutils.parsers.rst import Directive
from sphinx.util import logging

LOG = logging.getLogger(__name__)
WIDTH = 79  # usage lines wrap as on an 80-column terminal
OTHER = "other"

# Page key -> the first words (or whole command names) it documents, in
# the order they appear. A whole name wins over its first word.
GROUPS = {
    "sales": (
        "invoices", "payments", "credit-notes", "income-debit-notes",
        "estimates", "remissions", "transportation-receipts",
        "global-invoices", "recurring-invoices", "recurring-payments"),
    "einvoicing": ("invoices emit", "invoices stamp", "payments stamp"),
    "contacts": ("contacts", "sellers"),
    "inventory": (
        "items", "item-categories", "variant-attributes", "price-lists",
        "warehouses", "warehouse-transfers", "inventory-adjustments",
        "inventory-adjustment-numerations"),
    "purchases": ("bills", "purchase-orders", "debit-notes"),
    "banking": ("bank-accounts", "reconciliations"),
    "accounting": (
        "categories", "journals", "cost-centers", "taxes", "retentions",
        "currencies"),
    "reports": ("reports",),
    "admin": (
        "company", "users", "number-templates", "custom-fields", "terms",
        "additional-charges", "webhook-subscriptions"),
    "setup": ("init", "auth", "config", "alias", "plugin", "complete",
              "help"),
    "checks": ("doctor", "validate", "catalog"),
    "sandbox": ("sandbox",),
    "history": ("history", "webhooks"),
    "mcp": ("mcp", "agent"),
}


def group_of(name):
    """The key of the page that documents command ``name``."""
    for key, words in GROUPS.items():
        if name in words:
            return key
    first = name.split()[0]
    for key, words in GROUPS.items():
        if first in words:
            return key
    return OTHER


def order_in(key, name):
    """Sort key: the group's order of words, then the command name."""
    words = GROUPS.get(key, ())
    for index, word in enumerate(words):
        if name == word or name.split()[0] == word:
            return (index, name)
    return (len(words), name)


@functools.cache
def application():
    """An application that sees alegra's own commands only."""
    from alegra.app.application import AlegraApp

    return AlegraApp(stdin=io.StringIO(), stdout=io.StringIO(),
                     stderr=io.StringIO(),
                     environ={"ALEGRA_PLUGINS": "none"})


def command_names():
    return sorted(name for name, _ in application().command_manager)


def formatter_for(parser):
    return parser.formatter_class(prog=parser.prog, width=WIDTH)


def usage_of(parser):
    formatter = formatter_for(parser)
    formatter.add_usage(parser.usage, parser._actions,
                        parser._mutually_exclusive_groups)
    return formatter.format_help().strip()


def paragraphs(text):
    """Plain text (no markup is read in it) split on blank lines."""
    return [nodes.paragraph(text=" ".join(part.split()))
            for part in (text or "").split("\n\n") if part.strip()]


def literal_block(text, language):
    block = nodes.literal_block(text, text)
    block["language"] = language
    return block


def option_list(parser, group):
    """A definition list of a group's options, or None if it has none."""
    formatter = formatter_for(parser)
    items = nodes.definition_list()
    for action in group._group_actions:
        if (isinstance(action, argparse._HelpAction)
                or action.help == argparse.SUPPRESS):
            continue
        invocation = formatter._format_action_invocation(action)
        help_text = formatter._expand_help(action) if action.help else ""
        items += nodes.definition_list_item(
            "", nodes.term("", "", nodes.literal(invocation, invocation)),
            nodes.definition("", *paragraphs(help_text)))
    return items if len(items) else None


def options_nodes(parser):
    found = []
    for group in parser._action_groups:
        items = option_list(parser, group)
        if items is None:
            continue
        title = group.title or ""
        found.append(nodes.rubric(text=title[:1].upper() + title[1:]))
        found += paragraphs(group.description)
        found.append(items)
    return found


def split_epilog(epilog):
    """``(example lines, other paragraphs)`` of a command's epilog."""
    lines, others = [], []
    for paragraph in (epilog or "").split("\n\n"):
        if paragraph.startswith("Examples:"):
            lines += [line.strip() for line in paragraph.splitlines()[1:]
                      if line.strip()]
        elif paragraph.strip():
            others.append(paragraph)
    return lines, others


def section(title, ident):
    return nodes.section("", nodes.title(text=title), ids=[ident],
                         names=[nodes.fully_normalize_name(title)])


def command_section(name):
    """The section of one command, as ``alegra <name> --help`` shows it."""
    title = f"alegra {name}"
    factory = application().command_manager.commands[name].load()
    command = factory(application(), None, cmd_name=name)
    parser = command.get_parser(title)
    result = section(title, nodes.make_id(title))
    if getattr(factory, "deprecated", False):
        result += nodes.paragraph(text="Deprecated: kept for old scripts.")
    result += paragraphs(command.get_description())
    result += literal_block(usage_of(parser), "text")
    result += options_nodes(parser)
    examples, others = split_epilog(command.get_epilog())
    for text in others:
        result += paragraphs(text)
    if examples:
        result += nodes.rubric(text="Examples")
        result += literal_block("\n".join(examples), "shell")
    return result


class CommandsDirective(Directive):
    """``.. alegra-commands:: sales``: every command of a group."""

    required_arguments = 1
    has_content = False

    def run(self):
        key = self.arguments[0]
        if key not in GROUPS and key != OTHER:
            raise self.error(f"unknown command group {key!r}")
        names = sorted((name for name in command_names()
                        if group_of(name) == key),
                       key=lambda name: order_in(key, name))
        if key == OTHER and not names:
            return []
        by_word = {}
        for name in names:
            by_word.setdefault(name.split()[0], []).append(name)
        result = []
        for word, members in by_word.items():
            holder = result
            if len(members) > 1 or members[0] != word:
                word_section = section(word, f"{word}-commands")
                result.append(word_section)
                holder = word_section
            for name in members:
                try:
                    holder.append(command_section(name))
                except Exception as exc:  # a broken plugin names itself
                    LOG.warning("command %r not documented: %s", name, exc,
                                location=(self.state.document.current_source,
                                          self.lineno))
        if key == OTHER:
            other = section("Other commands", "other-commands")
            other += paragraphs("Commands no page of this reference "
                                "groups yet.")
            other.extend(result)
            return [other]
        return result


class GlobalOptionsDirective(Directive):
    """``.. alegra-global-options::``: the options before the command."""

    has_content = False

    def run(self):
        parser = application().parser
        found = paragraphs(parser.description)
        found.append(literal_block(usage_of(parser), "text"))
        found += options_nodes(parser)
        found += paragraphs(parser.epilog)
        return found


def always_outdated(app, env, added, changed, removed):
    """Re-read the reference on every build: the commands may have
    changed while its pages did not."""
    return [name for name in env.found_docs
            if name.startswith("reference/")]


def setup(app):
    app.add_directive("alegra-commands", CommandsDirective)
    app.add_directive("alegra-global-options", GlobalOptionsDirective)
    app.connect("env-get-outdated", always_outdated)
    return {"version": "1", "parallel_read_safe": True,
            "parallel_write_safe": True}
