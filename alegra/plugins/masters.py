"""Configuration masters: numberings, taxes, retentions, currencies, cost
centers, custom fields, sellers, payment terms and additional charges."""

from alegra import bindings
from alegra.i18n import N_
from alegra.resource import Filter, Resource

NAME = Filter("name", help=N_("only records whose name contains this"))
STATUS = Filter("status", choices=("active", "inactive"),
                help=N_("active or inactive"))
FIELDS = Filter("fields",
                help=N_("extra fields to include (Alegra's fields=)"))

NUMBER_TEMPLATES = Resource(
    name="number-templates",
    singular="numbering",
    aliases=("numbering",),
    columns=("id", "name", "prefix", "nextInvoiceNumber", "documentType",
             "isElectronic", "status"),
    filters=(
        Filter("document-type", param="documentType",
               help=N_("only numberings of this document type (invoice, "
                       "estimate, creditNote, ...); all of them without it")),
        STATUS,
    ),
    text_fields=frozenset({"prefix", "resolutionNumber", "invoiceText",
                           "name"}),
)

TAXES = Resource(
    name="taxes",
    singular="tax",
    aliases=("tax",),
    columns=("id", "name", "percentage", "type", "status"),
    filters=(Filter("type",
                    help=N_("only taxes of this type (IVA, INC, ...)")),
             STATUS),
)

RETENTIONS = Resource(
    name="retentions",
    singular="retention",
    columns=("id", "name", "percentage", "type", "status"),
    filters=(Filter("type",
                    help=N_("only retentions of this type (FUENTE, ...)")),
             STATUS),
)

CURRENCIES = Resource(
    name="currencies",
    singular="currency",
    aliases=("currency",),
    id_name="code",
    id_help=N_("the currency's ISO 4217 code (USD, COP, ...)"),
    id_kinds=("code",),
    columns=("code", "name", "symbol", "exchangeRate", "status"),
    filters=(Filter("fields", help=N_("extra fields to include: deletable, "
                                      "canBeInactive, autoUpdate")),),
    text_fields=frozenset({"code", "symbol"}),
)

COST_CENTERS = Resource(
    name="cost-centers",
    singular="cost center",
    columns=("id", "code", "name", "status"),
    filters=(STATUS, NAME),
    text_fields=frozenset({"code"}),
)

CUSTOM_FIELDS = Resource(
    name="custom-fields",
    singular="custom field",
    columns=("id", "name", "type", "resourceType", "status"),
    filters=(
        Filter("name", param="name_query",
               help=N_("only fields whose name contains this")),
        Filter("description", param="description_query",
               help=N_("only fields whose description contains this")),
        Filter("resource-type", param="resourceType",
               help=N_("only fields of this resource (item, ...)")),
        Filter("type", choices=("text", "int", "date", "boolean",
                                "optionsList"),
               help=N_("text, int, date, boolean or optionsList")),
        STATUS,
    ),
)

SELLERS = Resource(
    name="sellers",
    singular="seller",
    columns=("id", "name", "identification", "status"),
    filters=(STATUS, NAME),
    text_fields=frozenset({"identification"}),
)

TERMS = Resource(
    name="terms",
    singular="payment term",
    columns=("id", "name", "days"),
    filters=(FIELDS,),
)

ADDITIONAL_CHARGES = Resource(
    name="additional-charges",
    singular="additional charge",
    article="an",
    columns=("id", "name", "percentage", "status"),
    filters=(STATUS, NAME),
)

NumberTemplates = bindings.commands(NUMBER_TEMPLATES)
Taxes = bindings.commands(TAXES)
Retentions = bindings.commands(RETENTIONS)
Currencies = bindings.commands(CURRENCIES)
CostCenters = bindings.commands(COST_CENTERS)
CustomFields = bindings.commands(CUSTOM_FIELDS)
Sellers = bindings.commands(SELLERS)
Terms = bindings.commands(TERMS)
AdditionalCharges = bindings.commands(ADDITIONAL_CHARGES)
