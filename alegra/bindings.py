"""Every command a resource allows, bound in one call.

A resource module declares its resource and binds its commands::

    PAYMENTS = Resource(name="payments", ...)
    Payments = bindings.commands(PAYMENTS)

which gives ``Payments.List``, ``Payments.Get``, ``Payments.Create``,
``Payments.Update`` and ``Payments.Delete`` (the verbs the resource allows),
``Payments.Import`` where it allows ``create`` and ``Payments.Export``
where it allows ``list``, and one class per action in TitleCase
(``Payments.Void``, ``Bills.CommentDelete``). setup.cfg names them as entry
points: ``payments_void = alegra.plugins.payments:Payments.Void``.
"""

from types import SimpleNamespace

from alegra import verbs
from alegra.bulk import commands as bulk


def class_name(word):
    """``comment-delete`` -> ``CommentDelete``."""
    return word.title().replace("-", "")


def commands(resource, **custom):
    """The bound command classes, by name; ``custom`` adds or replaces."""
    bound = {}
    for verb in resource.verbs:
        bound[class_name(verb)] = getattr(verbs, class_name(verb)).bind(
            resource)
    if "create" in resource.verbs:
        bound["Import"] = bulk.Import.bind(resource)
    if "list" in resource.verbs:
        bound["Export"] = bulk.Export.bind(resource)
    for action in resource.actions:
        bound[class_name(action.name)] = verbs.ActionCommand.bind(resource,
                                                           action.name)
    bound.update(custom)
    return SimpleNamespace(**bound)


def entry_points(module, attribute, resource):
    """The setup.cfg lines for :func:`commands` (kept here so that a test
    can check setup.cfg against every resource)."""
    names = list(resource.verbs)
    if "create" in resource.verbs:
        names.append("import")
    if "list" in resource.verbs:
        names.append("export")
    names += [action.name for action in resource.actions]
    return {f"{resource.name}_{name}":
            f"{module}:{attribute}.{class_name(name)}" for name in names}
