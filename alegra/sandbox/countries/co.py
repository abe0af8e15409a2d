"""Colombia: DIAN, CUFE, NIT with its check digit."""

from alegra.sandbox.countries import base

NIT_WEIGHTS = (3, 7, 13, 17, 19, 23, 29, 37, 41, 43, 47, 53, 59, 67, 71)

PAYMENT_METHODS = (
    "INSTRUMENT_NOT_DEFINED", "CASH", "DEBIT_TRANSFER", "BANK_DEPOSIT",
    "ACH_CREDIT", "ACH_DEBIT", "CHECK", "CREDIT_TRANSFER", "CREDIT_CARD",
    "DEBIT_CARD", "BONDS", "VOUCHERS", "MUTUAL_AGREEMENT",
    "DEBIT_ACH_TRANSFER", "CREDIT_ACH_TRANSFER", "TRANSFER_DEBIT_BANK",
    "TRANSFER_CREDIT_BANK", "DEBIT_BANK_TRANSFER", "CREDIT_BANK_TRANSFER",
)


def nit_check_digit(number):
    """The DIAN verification digit (DV) of a NIT."""
    total = sum(int(digit) * weight
                for digit, weight in zip(reversed(number), NIT_WEIGHTS))
    remainder = total % 11
    return str(11 - remainder if remainder > 1 else remainder)


class Colombia(base.Country):
    code = "co"
    name = "Colombia"
    application_version = "colombia"
    authority = "DIAN"
    timezone = "America/Bogota"
    currency = {"code": "COP", "name": "Peso colombiano", "symbol": "$",
                "exchangeRate": 1}
    identification_types = ("RC", "TI", "CC", "TE", "CE", "NIT", "PP",
                            "PEP", "DIE", "NUIP", "FOREIGN_NIT")
    regimes = ("SIMPLIFIED_REGIME", "COMMON_REGIME",
               "NOT_REPONSIBLE_FOR_CONSUMPTION", "SPECIAL_REGIME",
               "NATIONAL_CONSUMPTION_TAX", "INC_IVA_RESPONSIBLE")
    invoice_catalogs = {
        "paymentForm": ("CASH", "CREDIT"),
        "paymentMethod": PAYMENT_METHODS,
        "type": ("NATIONAL", "EXPORT"),
        "operationType": ("STANDARD", "AIU_SERVICE"),
    }
    invoice_defaults = {"type": "NATIONAL", "operationType": "STANDARD",
                        "paymentForm": "CASH",
                        "paymentMethod": "INSTRUMENT_NOT_DEFINED"}
    credit_note_types = ("PARTIALL_DEVOLUTION", "VOID_ELECTRONIC_INVOICE",
                         "REDUCTION_DISCOUNT_PARTIAL_TOTAL",
                         "PRICE_ADJUSTMENT", "OTHER")
    fiscal_field = "cufe"

    def check_identification_number(self, kind, number):
        if kind == "NIT":
            digits = number.split("-")[0].replace(".", "").strip()
            if not digits.isdigit() or not 5 <= len(digits) <= 15:
                raise base.errors.invalid(
                    base.errors.INVALID_IDENTIFICATION_NUMBER,
                    f"El NIT '{number}' no es válido: debe tener solo "
                    "dígitos (el dígito de verificación lo calcula Alegra)")
            return digits
        return number

    def identification_extras(self, kind, number):
        if kind == "NIT":
            return {"dv": nit_check_digit(number)}
        return {}

    def check_stamp(self, document, client, template, items):
        # Invoices need a DIAN resolution; credit notes do not.
        if template.get("documentType") == "invoice" and not template.get(
                "resolutionNumber"):
            raise base.document_not_ready(
                "La numeración no tiene una resolución de la DIAN "
                "asociada")
        identification = client.get("identificationObject") or {}
        kind = identification.get("type")
        if kind not in self.identification_types or not \
                identification.get("number"):
            raise base.not_ready(
                f"El cliente '{client.get('name')}' necesita un tipo y un "
                "número de identificación válidos para emitir la factura "
                "electrónica")
        if client.get("kindOfPerson") == "LEGAL_ENTITY" and kind != "NIT":
            raise base.not_ready(
                f"El cliente '{client.get('name')}' es una persona jurídica "
                "y debe identificarse con NIT")

    def fiscal_code(self, document, company, rng):
        return base.digest(
            document["numberTemplate"].get("fullNumber"), document["date"],
            document["total"], company.get("identification"),
            document["client"].get("identification"), rng.getrandbits(64))

    def bar_code(self, document, company, code):
        return (f"NumFac: {document['numberTemplate'].get('fullNumber')}\n"
                f"FecFac: {document['date']}\n"
                f"NitFac: {company.get('identification')}\n"
                f"DocAdq: {document['client'].get('identification')}\n"
                f"ValFac: {document['subtotal']}\n"
                f"ValIva: {document['tax']}\n"
                f"ValTolFac: {document['total']}\n"
                f"CUFE: {code}\n"
                "https://catalogo-vpfe.dian.gov.co/document/searchqr?"
                f"documentkey={code}")

    # -- demo data --------------------------------------------------------

    def company(self):
        return {
            "name": "Comercializadora Sandbox S.A.S.",
            "identification": "900123450",
            "identificationObject": {
                "type": "NIT", "number": "900123450",
                "dv": nit_check_digit("900123450")},
            "kindOfPerson": "LEGAL_ENTITY",
            "regime": "COMMON_REGIME",
            "address": {"address": "Calle 93 # 11-26",
                        "city": "Bogotá, D.C.",
                        "department": "Bogotá", "country": "Colombia"},
            "phone": "601 555 0100",
        }

    def taxes(self):
        return [
            {"id": 1, "name": "IVA Exento", "percentage": 0, "type": "IVA"},
            {"id": 2, "name": "IVA 5%", "percentage": 5, "type": "IVA"},
            {"id": 3, "name": "IVA 19%", "percentage": 19, "type": "IVA"},
            {"id": 4, "name": "INC 8%", "percentage": 8, "type": "INC"},
        ]

    def retentions(self):
        return [
            {"id": 1, "name": "Retefuente 2.5%", "percentage": "2.5",
             "type": "FUENTE"},
            {"id": 2, "name": "ReteIVA 15%", "percentage": 15,
             "type": "IVA"},
            {"id": 3, "name": "ReteICA 0.966%", "percentage": "0.966",
             "type": "ICA"},
        ]

    def number_templates(self):
        return [
            {"id": 1, "name": "Factura de venta", "prefix": "FV",
             "documentType": "invoice", "isElectronic": False},
            {"id": 2, "name": "Cotización", "documentType": "estimate"},
            {"id": 3, "name": "Nota crédito electrónica", "prefix": "NC",
             "documentType": "creditNote", "isElectronic": True},
            {"id": 4, "name": "Nota débito", "prefix": "ND",
             "documentType": "incomeDebitNote"},
            {"id": 5, "name": "Recibo de caja", "prefix": "RC",
             "documentType": "transactionIn"},
            {"id": 6, "name": "Comprobante de egreso", "prefix": "CE",
             "documentType": "transactionOut"},
            {"id": 7, "name": "Factura electrónica de venta", "prefix": "FE",
             "documentType": "invoice", "isElectronic": True,
             "isDefault": True, "resolutionNumber": "18764000000001",
             "minInvoiceNumber": 1, "maxInvoiceNumber": 100000,
             "startDate": "2025-01-01", "endDate": "2027-12-31",
             "invoiceText": "Autorización de numeración de facturación "
                            "electrónica No. 18764000000001 de 2025-01-01, "
                            "prefijo FE, rango 1 al 100000"},
            {"id": 8, "name": "Documento soporte", "prefix": "DS",
             "documentType": "supportDocument", "isElectronic": True},
        ]

    def currencies(self):
        return [*super().currencies(),
                {"code": "EUR", "name": "Euro", "symbol": "€",
                 "exchangeRate": None}]

    def banks(self):
        return ["Bancolombia Ahorros", "Davivienda Corriente",
                "BBVA Ahorros"]

    def identity(self, index, legal_entity):
        if legal_entity:
            number = str(900200000 + index * 137)
            return {"identification": {"type": "NIT", "number": number},
                    "kindOfPerson": "LEGAL_ENTITY",
                    "regime": "COMMON_REGIME"}
        return {"identification": {"type": "CC",
                                   "number": str(1020300000 + index * 71)},
                "kindOfPerson": "PERSON_ENTITY",
                "regime": "SIMPLIFIED_REGIME"}

    def address(self):
        return {"address": "Carrera 7 # 10-20", "city": "Medellín",
                "department": "Antioquia", "country": "Colombia"}


COUNTRY = Colombia()
