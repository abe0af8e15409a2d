"""Pre-flight validators for any country, backed by JSON Schemas."""

from alegra.validation import schema_validator

contacts = schema_validator("contact")
items = schema_validator("item")
invoices = schema_validator("invoice")
