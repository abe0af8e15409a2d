"""Contacts: clients and providers."""

from alegra import verbs
from alegra.i18n import N_
from alegra.bulk import commands as bulk
from alegra.resource import Action, Filter, Resource, attachment_actions

CONTACTS = Resource(
    name="contacts",
    singular="contact",
    aliases=("contact",),
    columns=("id", "name", "identification", "email", "type", "status"),
    filters=(
        Filter("name", help=N_("only contacts with this name")),
        Filter("identification",
               help=N_("only the contact with this identification number")),
        Filter("type", choices=("client", "provider"),
               help=N_("client or provider")),
        Filter("status", choices=("active", "inactive"),
               help=N_("active or inactive")),
    ),
    order_fields=("id", "name", "email"),
    text_fields=frozenset({
        "identification", "identification.number", "identificationObject",
        "identificationObject.number", "phonePrimary", "phoneSecondary",
        "mobile", "fax", "address.zipCode", "address.postalCode",
        "name",
    }),
    delete_many="id",
    actions=(
        Action("restore", N_("Restore a deleted contact"), method="PUT",
               path="restore/{id}", body="none"),
        *attachment_actions("a contact"),
    ),
)

List = verbs.List.bind(CONTACTS)
Get = verbs.Get.bind(CONTACTS)
Create = verbs.Create.bind(CONTACTS)
Update = verbs.Update.bind(CONTACTS)
Delete = verbs.Delete.bind(CONTACTS)
Import = bulk.Import.bind(
    CONTACTS, natural_key=("identification.number", "identification"))
Export = bulk.Export.bind(CONTACTS)
Restore = verbs.ActionCommand.bind(CONTACTS, "restore")
Attach = verbs.ActionCommand.bind(CONTACTS, "attach")
AttachmentDelete = verbs.ActionCommand.bind(CONTACTS, "attachment-delete")
