"""The company (one per account) and its users."""

from alegra import bindings
from alegra.i18n import N_
from alegra.resource import Action, Filter, Resource

COMPANY = Resource(
    name="company",
    singular="company",
    columns=("name", "identification", "email", "regime",
             "applicationVersion"),
    # A singleton: GET and PUT on /company itself, no list and no id.
    verbs=(),
    actions=(
        Action("get", N_("Show the company's details"), collection=True,
               method="GET", path="", body="none"),
        Action("update", N_("Update the company (only the fields sent "
                            "change)"),
               collection=True, method="PUT", path="", body="required"),
        Action("attach", N_("Upload the company's file, such as its logo "
                            "(multipart, -f/--file FILE)"),
               collection=True, path="attachment", body="file"),
    ),
    text_fields=frozenset({"identification", "phone", "address.zipCode"}),
)

USERS = Resource(
    name="users",
    singular="user",
    columns=("id", "name", "email", "role", "status"),
    filters=(
        Filter("status", choices=("active", "inactive"),
               help=N_("active or inactive")),
        Filter("role", help=N_("only users with this role")),
    ),
    actions=(
        Action("self", N_("Show the user the credentials belong to"),
               collection=True, method="GET", body="none"),
        Action("update-self", N_("Update the user the credentials belong to"),
               collection=True, method="PUT", path="self",
               body="required"),
        Action("self-metadata", N_("Update the metadata of the user the "
                                   "credentials belong to"),
               collection=True, method="PUT", path="self/metadata",
               body="required"),
        Action("metadata", N_("Update a user's metadata"), method="PUT",
               body="required"),
        Action("attach", N_("Upload a file for the user the credentials "
                            "belong to (multipart, -f/--file FILE)"),
               collection=True, path="attachment", body="file"),
    ),
)

Company = bindings.commands(COMPANY)
Users = bindings.commands(USERS)
