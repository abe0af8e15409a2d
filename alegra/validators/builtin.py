"""The built-in validators: one per resource and country, each backed by
the JSON Schema document of the same name in ``schemas/``."""

from alegra.validators import schema_validator

contacts_any = schema_validator("contacts.any")
contacts_co = schema_validator("contacts.co")
contacts_mx = schema_validator("contacts.mx")
contacts_pe = schema_validator("contacts.pe")
contacts_cr = schema_validator("contacts.cr")
contacts_pa = schema_validator("contacts.pa")
items_any = schema_validator("items.any")
invoices_any = schema_validator("invoices.any")
invoices_co = schema_validator("invoices.co")
invoices_mx = schema_validator("invoices.mx")
invoices_pe = schema_validator("invoices.pe")
invoices_cr = schema_validator("invoices.cr")
invoices_pa = schema_validator("invoices.pa")
credit_notes_any = schema_validator("credit-notes.any")
credit_notes_co = schema_validator("credit-notes.co")
credit_notes_mx = schema_validator("credit-notes.mx")
credit_notes_pe = schema_validator("credit-notes.pe")
credit_notes_cr = schema_validator("credit-notes.cr")
credit_notes_pa = schema_validator("credit-notes.pa")
income_debit_notes_any = schema_validator("income-debit-notes.any")
income_debit_notes_co = schema_validator("income-debit-notes.co")
income_debit_notes_cr = schema_validator("income-debit-notes.cr")
debit_notes_any = schema_validator("debit-notes.any")
estimates_any = schema_validator("estimates.any")
payments_any = schema_validator("payments.any")
payments_mx = schema_validator("payments.mx")

# The names before validators had their own package, kept for plugins
# that reuse them.
contacts = contacts_any
items = items_any
invoices = invoices_any
