"""Mexico: SAT, CFDI 4.0, the UUID (folio fiscal)."""

import decimal
import re
import uuid

from alegra.sandbox.countries import base

RFC = re.compile(r"^[A-ZÑ&]{3,4}\d{6}[A-Z\d]{3}$")
ZIP_CODE = re.compile(r"^\d{5}$")

REGIMES = (
    "SALARIED_REGIME", "BUSINESS_ACTIVITIES_REGIME", "LEASEHOLD_REGIME",
    "GENERAL_REGIME_OF_MORAL_PEOPLE_LAW", "REGIME_OF_MORAL_PEOPLE_NOT_PROFIT",
    "FISCAL_INCORPORATION_REGIME", "PRIMARY_SECTOR_REGIME",
    "REGIME_OF_THE_COORDINATED",
    "REGIME_OF_THE_TECHNOLOGICAL_PLATFORMS_INCOME_ACTIVITIES",
    "REGIME_OF_COOPERATIVE_PRODUCTION_SOCIETIES", "REGIME_OF_TRUST",
    "SOCIETIES_OPTIONAL_REGIME", "NO_REGIME", "SIMPLIFIED_REGIME",
    "DIVIDEND_INCOME",
)

CFDI_USES = (
    "G01", "G02", "G03", *(f"I0{n}" for n in range(1, 9)),
    *(f"D{n:02d}" for n in range(1, 11)), "P01", "S01", "CP01", "CN01",
)


class Mexico(base.Country):
    code = "mx"
    name = "México"
    application_version = "mexico"
    authority = "SAT"
    timezone = "America/Mexico_City"
    currency = {"code": "MXN", "name": "Peso mexicano", "symbol": "$",
                "exchangeRate": 1}
    identification_types = ("RFC",)
    text_identification_type = "RFC"
    regimes = REGIMES
    invoice_catalogs = {"paymentMethod": ("PUE", "PPD")}
    invoice_defaults = {"paymentMethod": "PUE", "paymentForm": "99"}
    credit_note_types = ("01", "03")
    fiscal_field = "uuid"
    cancelled_legal_status = "STAMPED_AND_CANCELLED"
    price_scale = decimal.Decimal("0.01")

    def check_contact(self, contact):
        super().check_contact(contact)
        for regime in contact.get("regimeObject") or []:
            if regime not in REGIMES:
                raise base.contact_value("regimeObject", regime, REGIMES)
        use = contact.get("cfdiUse")
        if use is not None and use not in CFDI_USES:
            raise base.contact_value("cfdiUse", use, CFDI_USES)

    def check_stamp(self, document, client, template, items):
        name = client.get("name")
        rfc = str(client.get("identification") or "").upper()
        if not RFC.match(rfc):
            raise base.not_ready(
                f"El RFC del receptor '{name}' no es válido para timbrar el "
                "CFDI")
        regimes = client.get("regimeObject") or (
            [client["regime"]] if client.get("regime") else [])
        if not regimes:
            raise base.not_ready(
                f"El receptor '{name}' necesita un régimen fiscal para "
                "timbrar el CFDI")
        if not client.get("cfdiUse"):
            raise base.not_ready(
                f"El receptor '{name}' necesita un uso de CFDI para timbrar")
        zip_code = str((client.get("address") or {}).get("zipCode") or "")
        if not ZIP_CODE.match(zip_code):
            raise base.not_ready(
                f"El código postal del receptor '{name}' debe tener 5 "
                "dígitos y coincidir con su Constancia de Situación Fiscal")
        for position, line in enumerate(document.get("items") or []):
            item = items.get(line.get("id")) or {}
            if not (line.get("productKey") or item.get("productKey")):
                raise base.document_not_ready(
                    f"El ítem '{line.get('name')}' (línea {position + 1}) "
                    "necesita una clave de producto o servicio del SAT "
                    "(productKey)")

    def fiscal_code(self, document, company, rng):
        return str(uuid.UUID(int=rng.getrandbits(128), version=4)).upper()

    def bar_code(self, document, company, code):
        return ("https://verificacfdi.facturaelectronica.sat.gob.mx/"
                f"default.aspx?id={code}&re={company.get('identification')}"
                f"&rr={document['client'].get('identification')}"
                f"&tt={document['total']}")

    # -- demo data --------------------------------------------------------

    def company(self):
        return {
            "name": "Comercializadora Sandbox S.A. de C.V.",
            "identification": "CSA010101AB1",
            "identificationObject": {"type": "RFC",
                                     "number": "CSA010101AB1"},
            "kindOfPerson": "LEGAL_ENTITY",
            "regime": "GENERAL_REGIME_OF_MORAL_PEOPLE_LAW",
            "regimeObject": ["GENERAL_REGIME_OF_MORAL_PEOPLE_LAW"],
            "address": {"address": "Av. Reforma 222", "city": "Ciudad de "
                        "México", "department": "CDMX", "zipCode": "06600",
                        "country": "MEX"},
            "phone": "55 5555 0100",
        }

    def taxes(self):
        return [
            {"id": 1, "name": "IVA Exento", "percentage": 0, "type": "IVA"},
            {"id": 2, "name": "IVA 8% frontera", "percentage": 8,
             "type": "IVA"},
            {"id": 3, "name": "IVA 16%", "percentage": 16, "type": "IVA"},
            {"id": 4, "name": "IEPS 8%", "percentage": 8, "type": "IEPS"},
        ]

    def retentions(self):
        return [
            {"id": 1, "name": "Retención ISR 10%", "percentage": 10,
             "type": "ISR"},
            {"id": 2, "name": "Retención IVA 10.6667%",
             "percentage": "10.6667", "type": "IVA"},
        ]

    def number_templates(self):
        return [
            {"id": 1, "name": "Factura", "prefix": "F",
             "documentType": "invoice", "isElectronic": False},
            {"id": 2, "name": "Cotización", "documentType": "estimate"},
            {"id": 3, "name": "Nota de crédito", "prefix": "NC",
             "documentType": "creditNote", "isElectronic": True},
            {"id": 4, "name": "Nota de cargo", "prefix": "ND",
             "documentType": "incomeDebitNote"},
            {"id": 5, "name": "Complemento de pago", "prefix": "P",
             "documentType": "transactionIn", "isElectronic": True},
            {"id": 6, "name": "Egreso", "prefix": "E",
             "documentType": "transactionOut"},
            {"id": 7, "name": "Factura electrónica CFDI 4.0", "prefix": "A",
             "documentType": "invoice", "isElectronic": True,
             "isDefault": True},
        ]

    def banks(self):
        return ["BBVA México", "Banorte", "Santander"]

    def identity(self, index, legal_entity):
        letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
        prefix = (letters[index % len(letters)] + "SA" if legal_entity
                  else "G" + letters[index % len(letters)] + "PE")
        rfc = f"{prefix}{850101 + index:06d}{index % 10}A{index % 7}"
        regime = ("GENERAL_REGIME_OF_MORAL_PEOPLE_LAW" if legal_entity
                  else "SALARIED_REGIME")
        return {"identification": rfc,
                "kindOfPerson": ("LEGAL_ENTITY" if legal_entity
                                 else "PERSON_ENTITY"),
                "regimeObject": [regime], "cfdiUse": "G03",
                "address": {"address": "Insurgentes Sur 1000",
                            "city": "Ciudad de México",
                            "zipCode": f"{3100 + index:05d}",
                            "country": "MEX"}}

    def item_extras(self, index):
        return {"productKey": "81111500" if index % 2 else "43211500"}

    def address(self):
        return {"address": "Insurgentes Sur 1000", "city": "Ciudad de México",
                "zipCode": "03100", "country": "MEX"}


COUNTRY = Mexico()
