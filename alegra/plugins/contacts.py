"""Contacts: clients and providers."""

from alegra import verbs
from alegra.bulk import commands as bulk
from alegra.resource import Action, Filter, Resource, attachment_actions

CONTACTS = Resource(
    name="contacts",
    singular="contact",
    aliases=("contact",),
    columns=("id", "name", "identification", "email", "type", "status"),
    filters=(
        Filter("name", help="only contacts with this name"),
        Filter("identification",
               help="only the contact with this identification number"),
        Filter("type", choices=("client", "provider"),
               help="client or provider"),
        Filter("status", choices=("active", "inactive"),
               help="active or inactive"),
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
        Action("restore", "Restore a deleted contact", method="PUT",
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
