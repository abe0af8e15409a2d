"""How import and export name a resource's records in their messages."""

from alegra import i18n


def records_of(resource):
    """``contacts`` in English (the command's word, as the messages have
    always said it), ``contactos`` in Spanish."""
    if i18n.language() == i18n.SPANISH:
        return resource.plural_label()
    return resource.name
