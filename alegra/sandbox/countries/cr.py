"""Costa Rica: Hacienda, comprobantes 4.4, the 50-digit key."""

import decimal

from alegra.sandbox import errors
from alegra.sandbox.countries import base

# Digits of each identification type (DIMEX takes 11 or 12).
LENGTHS = {"CF": (9,), "CJ": (10,), "DIMEX": (11, 12), "NITE": (10,)}

SALE_CONDITIONS = (
    "CASH", "CREDIT", "CONSIGNATION", "SEPARATED",
    "LEASING_WITH_PURCHASE_OPTION", "LEASING_IN_FINANTIAL_FUNCTION",
    "PAYMENT_IN_FAVOR_OF_A_THIRD", "SERVICES_PROVIDED_TO_STATE_TO_CREDIT",
    "PAYMENTS_OF_SERVICES_PROVIDED_TO_STATE", "OTHER",
)


class CostaRica(base.Country):
    code = "cr"
    name = "Costa Rica"
    application_version = "costaRica"
    authority = "Hacienda"
    timezone = "America/Costa_Rica"
    currency = {"code": "CRC", "name": "Colón costarricense", "symbol": "₡",
                "exchangeRate": 1}
    identification_types = ("CF", "CJ", "DIMEX", "NITE", "PE")
    regimes = ("SIMPLIFIED_REGIME", "TRADITIONAL_REGIME", "PHYSICAL_PERSON")
    invoice_catalogs = {
        "saleCondition": SALE_CONDITIONS,
        "paymentMethod": ("CASH", "CARD", "CHECK", "TRANSFER",
                          "COLLECTION_BY_THIRD", "OTHER"),
        "type": ("NATIONAL", "EXPORT"),
    }
    invoice_defaults = {"saleCondition": "CASH", "paymentMethod": "CASH",
                        "type": "NATIONAL", "economicActivity": "7410.0"}
    electronic_number_padding = 10
    due_date_defaults_to_date = False
    credit_note_types = ("VOID_REFERENCE_DOCUMENT",
                         "CORRECT_TEXT_OF_REFERENCE_DOCUMENT",
                         "CORRECT_AMOUNT_OF_REFERENCE_DOCUMENT",
                         "REFERENCE_TO_OTHER_DOCUMENT",
                         "SUBSTITUTION_OF_PROVISIONAL_DOCUMENT_BY_CONTINGENCY",
                         "OTHER")
    fiscal_field = "key"
    price_scale = decimal.Decimal("0.25")

    def check_identification_number(self, kind, number):
        lengths = LENGTHS.get(kind)
        if lengths and not (number.isdigit() and len(number) in lengths):
            raise errors.invalid(
                errors.INVALID_IDENTIFICATION_NUMBER,
                f"La identificación {kind} '{number}' debe tener "
                f"{' o '.join(map(str, lengths))} dígitos")
        return number

    def check_stamp(self, document, client, template, items):
        # Hacienda's own wording, as Alegra relays it.
        for position, line in enumerate(document.get("items") or []):
            if not line.get("tax"):
                raise errors.invalid(
                    errors.LINE_TAXES_REQUIRED,
                    f"itemDetails.{position}.taxes - Missing required "
                    "property: cada ítem debe llevar sus impuestos")
        if not document.get("dueDate"):
            raise errors.invalid(
                errors.DUE_DATE_REQUIRED,
                "La fecha de vencimiento de la factura es obligatoria")

    def fiscal_code(self, document, company, rng):
        """Clave numérica: country, date, issuer, consecutive, security."""
        year, month, day = document["date"].split("-")
        issuer = f"{int(company.get('identification') or 0):012d}"
        consecutive = document["numberTemplate"].get("fullNumber") or ""
        security = f"{rng.getrandbits(26) % 10 ** 8:08d}"
        return (f"506{day}{month}{year[2:]}{issuer}"
                f"{consecutive:0>20}1{security}")

    def bar_code(self, document, company, code):
        return ("https://www.hacienda.go.cr/ATV/ComprobanteElectronico/"
                f"frmConsultaComprobante.aspx?clave={code}")

    # -- demo data --------------------------------------------------------

    def company(self):
        return {
            "name": "Comercializadora Sandbox S.R.L.",
            "identification": "3102123456",
            "identificationObject": {"type": "CJ", "number": "3102123456"},
            "kindOfPerson": "LEGAL_ENTITY",
            "regime": "TRADITIONAL_REGIME",
            "address": {"address": "Avenida Central, calle 5",
                        "city": "San José", "department": "San José",
                        "country": "Costa Rica"},
            "phone": "2222 0100",
        }

    def taxes(self):
        return [
            {"id": 1, "name": "IVA Exento", "percentage": 0, "type": "IVA"},
            {"id": 2, "name": "IVA 4%", "percentage": 4, "type": "IVA"},
            {"id": 3, "name": "IVA 13%", "percentage": 13, "type": "IVA"},
            {"id": 4, "name": "IVA 1%", "percentage": 1, "type": "IVA"},
        ]

    def number_templates(self):
        # The consecutive is branch 001, terminal 00001, document type and
        # a ten-digit sequence: only the sequence is entered.
        return [
            {"id": 1, "name": "Factura interna", "prefix": "FI",
             "documentType": "invoice", "isElectronic": False},
            {"id": 2, "name": "Proforma", "documentType": "estimate"},
            {"id": 3, "name": "Nota de crédito electrónica",
             "prefix": "0010000103", "documentType": "creditNote",
             "isElectronic": True},
            {"id": 4, "name": "Nota de débito electrónica",
             "prefix": "0010000102", "documentType": "incomeDebitNote",
             "isElectronic": True},
            {"id": 5, "name": "Recibo electrónico de pago",
             "prefix": "0010000110", "documentType": "transactionIn",
             "isElectronic": True},
            {"id": 6, "name": "Comprobante de egreso", "prefix": "CE",
             "documentType": "transactionOut"},
            {"id": 7, "name": "Factura electrónica", "prefix": "0010000101",
             "documentType": "invoice", "isElectronic": True,
             "isDefault": True},
            {"id": 8, "name": "Tiquete electrónico", "prefix": "0010000104",
             "documentType": "invoice", "subDocumentType": "TICKET",
             "isElectronic": True},
        ]

    def banks(self):
        return ["Banco Nacional", "BAC Credomatic", "Banco de Costa Rica"]

    def identity(self, index, legal_entity):
        if legal_entity:
            return {"identification": {
                "type": "CJ", "number": f"3101{200000 + index * 53:06d}"},
                "kindOfPerson": "LEGAL_ENTITY",
                "regime": "TRADITIONAL_REGIME"}
        return {"identification": {"type": "CF",
                                   "number": f"1{10000000 + index * 89:08d}"},
                "kindOfPerson": "PERSON_ENTITY",
                "regime": "PHYSICAL_PERSON"}

    def address(self):
        return {"address": "Barrio Escalante, calle 33", "city": "San José",
                "department": "San José", "country": "Costa Rica"}


COUNTRY = CostaRica()
