"""Peru: SUNAT through Alegra's OSE; facturas and boletas."""

import base64
import decimal
import hashlib

from alegra.sandbox.countries import base

OPERATION_TYPES = ("INTERNAL_SALE", "INTERNAL_SALE_NATURAL_PERSON",
                   "INTERNAL_SALE_NRUS", "NON_DOMICILED_SALES",
                   "EXPORT_OF_GOODS")

# Digits each identification type must have, where SUNAT fixes it.
LENGTHS = {"RUC": 11, "DNI": 8}


class Peru(base.Country):
    code = "pe"
    name = "Perú"
    application_version = "peru"
    authority = "SUNAT"
    timezone = "America/Lima"
    currency = {"code": "PEN", "name": "Sol", "symbol": "S/",
                "exchangeRate": 1}
    identification_types = ("NOT_DOMICILIED_WITHOUT_RUC", "DNI", "CE", "RUC",
                            "PP", "CDI", "DIP", "TIN", "IN", "PTP")
    regimes = ("SPECIAL_REGIME", "GENERAL_REGIME", "MYPE_TRIBUTARY_REGIME",
               "NEW_RUS")
    invoice_catalogs = {"operationType": OPERATION_TYPES}
    invoice_defaults = {"operationType": "INTERNAL_SALE"}
    electronic_number_padding = 8
    credit_note_types = ("VOID_OPERATION", "VOID_OPERATION_BY_ERROR_IN_RUC",
                         "CORRECTION_BY_ERROR_ON_DESCRIPTION",
                         "GLOBAL_DISCOUNT",
                         "DISCOUNT_BY_ITEM", "TOTAL_DEVOLUTION",
                         "DEVOLUTION_BY_ITEM", "BONIFICATION",
                         "DECREASE_IN_VALUE", "OTHER_CONCEPTS",
                         "EXPORT_OPERATIONS_SETTINGS")
    fiscal_field = "hash"
    price_scale = decimal.Decimal("0.002")

    def check_identification_number(self, kind, number):
        length = LENGTHS.get(kind)
        if length and not (number.isdigit() and len(number) == length):
            raise base.errors.invalid(
                base.errors.INVALID_IDENTIFICATION_NUMBER,
                f"El {kind} '{number}' debe tener {length} dígitos")
        return number

    def check_stamp(self, document, client, template, items):
        identification = client.get("identificationObject") or {}
        if template.get("subDocumentType") == "INVOICE" and \
                identification.get("type") != "RUC":
            raise base.not_ready(
                f"Para emitir una factura el cliente '{client.get('name')}' "
                "debe identificarse con RUC; a personas sin RUC se les emite "
                "boleta")

    def legal_status(self, template):
        # Boletas reach SUNAT in the daily summary, not one by one.
        if template.get("subDocumentType") == "BOLETA":
            return "PENDING"
        return base.STAMPED

    def fiscal_code(self, document, company, rng):
        raw = hashlib.sha1(base.digest(
            document["numberTemplate"].get("fullNumber"), document["total"],
            rng.getrandbits(64)).encode()).digest()
        return base64.b64encode(raw).decode()

    def bar_code(self, document, company, code):
        number = document["numberTemplate"].get("fullNumber") or ""
        series, _, correlative = number.partition("-")
        return "|".join([
            company.get("identification") or "", "01", series, correlative,
            str(document["tax"]), str(document["total"]), document["date"],
            "6", document["client"].get("identification") or "", code])

    # -- demo data --------------------------------------------------------

    def company(self):
        return {
            "name": "Comercializadora Sandbox S.A.C.",
            "identification": "20601234567",
            "identificationObject": {"type": "RUC", "number": "20601234567"},
            "kindOfPerson": "LEGAL_ENTITY",
            "regime": "GENERAL_REGIME",
            "address": {"address": "Av. Larco 345", "city": "Miraflores",
                        "department": "Lima", "country": "Perú"},
            "phone": "01 555 0100",
        }

    def taxes(self):
        return [
            {"id": 1, "name": "IGV Exonerado", "percentage": 0,
             "type": "IGV"},
            {"id": 2, "name": "ISC 10%", "percentage": 10, "type": "ISC"},
            {"id": 3, "name": "IGV 18%", "percentage": 18, "type": "IGV"},
            {"id": 4, "name": "ICBPER", "percentage": 0, "type": "ICBPER"},
        ]

    def retentions(self):
        return [{"id": 1, "name": "Retención IGV 3%", "percentage": 3,
                 "type": "IGV"}]

    def number_templates(self):
        return [
            {"id": 1, "name": "Nota de venta", "prefix": "NV",
             "documentType": "invoice", "isElectronic": False},
            {"id": 2, "name": "Cotización", "documentType": "estimate"},
            {"id": 3, "name": "Nota de crédito", "prefix": "FC01",
             "documentType": "creditNote", "isElectronic": True},
            {"id": 4, "name": "Nota de débito", "prefix": "FD01",
             "documentType": "incomeDebitNote", "isElectronic": True},
            {"id": 5, "name": "Recibo de ingreso", "prefix": "RI",
             "documentType": "transactionIn"},
            {"id": 6, "name": "Recibo de egreso", "prefix": "RE",
             "documentType": "transactionOut"},
            {"id": 7, "name": "Factura electrónica", "prefix": "F001-",
             "documentType": "invoice", "subDocumentType": "INVOICE",
             "isElectronic": True, "isDefault": True},
            {"id": 8, "name": "Boleta de venta electrónica",
             "prefix": "B001-", "documentType": "invoice",
             "subDocumentType": "BOLETA", "isElectronic": True},
        ]

    def banks(self):
        return ["BCP Soles", "Interbank", "BBVA Perú"]

    def identity(self, index, legal_entity):
        if legal_entity:
            return {"identification": {
                "type": "RUC", "number": f"20{500000000 + index * 731:09d}"},
                "kindOfPerson": "LEGAL_ENTITY", "regime": "GENERAL_REGIME"}
        return {"identification": {"type": "DNI",
                                   "number": f"{40000000 + index * 97:08d}"},
                "kindOfPerson": "PERSON_ENTITY"}

    def electronic_template_for(self, legal_entity):
        return 7 if legal_entity else 8

    def address(self):
        return {"address": "Jr. de la Unión 500", "city": "Lima",
                "department": "Lima", "country": "Perú"}


COUNTRY = Peru()
