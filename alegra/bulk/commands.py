"""The ``import`` and ``export`` verbs, bound to a resource like the others.

A resource module binds them as it binds the generic verbs::

    Import = bulk.Import.bind(CONTACTS)
    Export = bulk.Export.bind(CONTACTS)

``import`` needs a resource that allows ``create``; ``export`` one that
allows ``list``.
"""

from alegra import command, verbs
from alegra.errors import UsageError


class Import(verbs.ResourceCommand, command.Command):
    requires_verb = "create"

    @classmethod
    def describe(cls, resource):
        return (f"Create {resource.name.replace('-', ' ')} from a CSV, JSON "
                "or NDJSON file, one per row")

    def take_action(self, parsed_args):
        raise UsageError("import is not available yet")


class Export(verbs.ResourceCommand, command.Command):
    requires_verb = "list"

    @classmethod
    def describe(cls, resource):
        return (f"Write every {resource.singular} to CSV, JSON or NDJSON, "
                "page by page")

    def take_action(self, parsed_args):
        raise UsageError("export is not available yet")
