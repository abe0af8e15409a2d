"""What every country has: catalogs, server-side rules, stamps, seed data.

A country is one company's ``applicationVersion``. Its subclass says which
identification types exist, what the tax authority needs before it stamps
a document (each failure a 400 with a code and a Spanish message, as
Alegra answers), what the fiscal code looks like, and what the demo
company holds. The rest of the sandbox asks the country; it never tests
for one by name.
"""

import decimal
import hashlib

from alegra.sandbox import errors

STAMPED = "STAMPED_AND_ACCEPTED"


class Country:
    code = ""
    name = ""
    application_version = ""
    authority = ""
    timezone = "UTC"
    currency = {}
    identification_types = ()
    # The type of an identification sent as a bare string.
    text_identification_type = None
    kind_of_person = ("LEGAL_ENTITY", "PERSON_ENTITY")
    regimes = ()
    # Invoice fields checked against a catalog when they are sent.
    invoice_catalogs = {}
    # Filled on new invoices when absent.
    invoice_defaults = {}
    # Whether an invoice without ``dueDate`` falls due on its date; where
    # the authority requires the field, it stays empty and stamping fails.
    due_date_defaults_to_date = True
    # ``stamp.legalStatus`` of a stamped document once voided, if it moves.
    cancelled_legal_status = None
    # Digits of the sequence in an electronic document's number.
    electronic_number_padding = 0
    # Values of a credit note's ``type``, checked when one is sent.
    credit_note_types = ()
    # Field of ``stamp`` that holds the fiscal code.
    fiscal_field = ""
    # Demo prices are written in pesos; other currencies scale them.
    price_scale = decimal.Decimal(1)

    # -- contacts ---------------------------------------------------------

    def read_identification(self, body):
        """``(identification, identificationObject)`` from a contact body.

        Alegra takes ``{"type", "number"}`` or a bare string on write and
        reads back the number plus ``identificationObject``.
        """
        value = body.get("identification")
        if isinstance(value, dict) or value is None:
            value = value or body.get("identificationObject")
        if value in (None, "", {}):
            return None, None
        if isinstance(value, dict):
            kind = value.get("type")
            number = value.get("number")
        else:
            kind, number = self.text_identification_type, value
        number = None if number is None else str(number).strip()
        if kind is not None:
            kind = str(kind).strip()
            if kind not in self.identification_types:
                raise errors.invalid(
                    errors.INVALID_IDENTIFICATION_TYPE,
                    f"El tipo de identificación '{kind}' no es válido en "
                    f"{self.name}. Tipos válidos: "
                    f"{', '.join(self.identification_types)}")
            if not number:
                raise errors.invalid(
                    errors.INVALID_IDENTIFICATION_NUMBER,
                    "El número de identificación es obligatorio cuando se "
                    "indica el tipo")
            number = self.check_identification_number(kind, number)
        identification = {"type": kind, "number": number}
        identification.update(self.identification_extras(kind, number))
        return number, identification

    def check_identification_number(self, kind, number):
        """The number, normalised; raise when it cannot be of ``kind``."""
        return number

    def identification_extras(self, kind, number):
        return {}

    def check_contact(self, contact):
        kind = contact.get("kindOfPerson")
        if kind is not None and kind not in self.kind_of_person:
            raise contact_value("kindOfPerson", kind, self.kind_of_person)
        regime = contact.get("regime")
        if regime is not None and self.regimes and regime not in \
                self.regimes:
            raise contact_value("regime", regime, self.regimes)

    # -- invoices and stamping --------------------------------------------

    def check_invoice(self, invoice):
        for field, allowed in self.invoice_catalogs.items():
            value = invoice.get(field)
            if value is not None and value not in allowed:
                raise errors.invalid(
                    errors.INVALID_DOCUMENT_VALUE,
                    f"El valor '{value}' no es válido para '{field}'. "
                    f"Valores permitidos: {', '.join(allowed)}")

    def check_stamp(self, document, client, template, items):
        """Raise when the authority would not take this document.

        ``items`` maps each line's item id to the item.
        """

    def legal_status(self, template):
        return STAMPED

    def fiscal_code(self, document, company, rng):
        raise NotImplementedError

    def stamp(self, document, company, template, rng, now):
        """The ``stamp`` object of a newly issued fiscal document."""
        code = self.fiscal_code(document, company, rng)
        return {
            "legalStatus": self.legal_status(template),
            self.fiscal_field: code,
            "date": now.strftime("%Y-%m-%d %H:%M:%S"),
            "barCodeContent": self.bar_code(document, company, code),
            "warnings": [],
        }

    def bar_code(self, document, company, code):
        return code

    # -- demo data --------------------------------------------------------

    def company(self):
        raise NotImplementedError

    def taxes(self):
        """Taxes by id; id 3 is the usual VAT rate in every country."""
        raise NotImplementedError

    def retentions(self):
        return []

    def number_templates(self):
        """Numberings by id; id 7 is the electronic invoice numbering."""
        raise NotImplementedError

    def currencies(self):
        return [self.currency, {"code": "USD", "name": "Dólar",
                                "symbol": "US$", "exchangeRate": None}]

    def banks(self):
        """Names of bank accounts 2, 3 and 4."""
        raise NotImplementedError

    def identity(self, index, legal_entity):
        """Identification fields of the ``index``-th demo contact."""
        raise NotImplementedError

    def item_extras(self, index):
        return {}

    def electronic_template_for(self, legal_entity):
        """The electronic invoice numbering a demo client is billed on."""
        return 7

    def address(self):
        raise NotImplementedError


def digest(*parts, algorithm="sha384"):
    text = "|".join(str(part) for part in parts)
    return hashlib.new(algorithm, text.encode()).hexdigest()


def contact_value(field, value, allowed):
    return errors.invalid(
        errors.INVALID_CONTACT_VALUE,
        f"El valor '{value}' no es válido para '{field}'. Valores "
        f"permitidos: {', '.join(allowed)}")


def not_ready(message):
    return errors.invalid(errors.CLIENT_NOT_READY_TO_STAMP, message)


def document_not_ready(message):
    return errors.invalid(errors.DOCUMENT_NOT_READY_TO_STAMP, message)
