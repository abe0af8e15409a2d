"""Country rules, fiscal codes and each country's demo company."""

import decimal

from alegra.sandbox import countries
from alegra.sandbox.countries import co
from tests.unit.sandbox import base


class SeedIdsMixin:
    """What the user guides rely on, in every country."""

    application_version = None
    currency = None
    vat = None
    fiscal_field = None

    def test_company_and_currencies(self):
        company = self.ok(self.get("/company"))
        self.assertEqual(self.application_version,
                         company["applicationVersion"])
        self.ok(self.get(f"/currencies/{self.currency}"))
        self.ok(self.get("/currencies/USD"))

    def test_tax_3_is_the_usual_vat(self):
        tax = self.ok(self.get("/taxes/3"))
        self.assertEqual(decimal.Decimal(self.vat), tax["percentage"])

    def test_seed_ids_exist(self):
        template = self.ok(self.get("/number-templates/7"))
        self.assertTrue(template["isElectronic"])
        self.assertEqual("invoice", template["documentType"])
        for path in ("/bank-accounts/2", "/bank-accounts/3",
                     "/bank-accounts/4", "/contacts/12", "/items/5",
                     "/categories/5", "/invoices/12", "/invoices/13",
                     "/bills/7", "/contacts/99", "/terms/1"):
            self.ok(self.get(path))
        statuses = {row["status"] for row in self.ok(self.get("/invoices"))}
        self.assertEqual({"draft", "open", "closed", "void"}, statuses)

    def test_client_12_can_be_invoiced_electronically(self):
        invoice = self.create_invoice(stamp={"generateStamp": True})
        self.assertTrue(invoice["stamp"][self.fiscal_field])
        self.assertEqual("open", invoice["status"])

    def test_contact_with_only_name_and_type(self):
        self.ok(self.post("/contacts", {"name": "Solo nombre",
                                        "type": ["client"]}), 201)

    def test_unknown_identification_type_is_400(self):
        self.fails(self.post("/contacts", {
            "name": "X", "identification": {"type": "ZZ", "number": "1"}}),
            400, 2101)


class TestColombia(SeedIdsMixin, base.SandboxTestCase):
    country = "co"
    application_version = "colombia"
    currency = "COP"
    vat = "19"
    fiscal_field = "cufe"

    def test_identification_types_from_the_catalog(self):
        for position, kind in enumerate(("CC", "CE", "PP", "NIT")):
            self.ok(self.post("/contacts", {"name": kind, "identification": {
                "type": kind, "number": f"10{position}20304"}}), 201)

    def test_nit_must_be_digits_and_gets_its_check_digit(self):
        self.fails(self.post("/contacts", {"name": "X", "identification": {
            "type": "NIT", "number": "90A123"}}), 400, 2102)
        contact = self.ok(self.post("/contacts", {
            "name": "Con DV", "identification": {
                "type": "NIT", "number": "800.197.268-4"}}), 201)
        self.assertEqual("800197268", contact["identification"])
        self.assertEqual("4", contact["identificationObject"]["dv"])

    def test_check_digit(self):
        self.assertEqual("4", co.nit_check_digit("800197268"))
        self.assertEqual("1", co.nit_check_digit("901123456"))

    def test_type_without_number_is_400(self):
        self.fails(self.post("/contacts", {"name": "X", "identification": {
            "type": "CC"}}), 400, 2102)

    def test_stamping_needs_a_client_with_identification(self):
        message = self.fails(self.post("/invoices", self.invoice_body(
            client={"id": 13}, stamp={"generateStamp": True})), 400, 3020)
        self.assertIn("identificación", message)

    def test_legal_entity_must_use_nit(self):
        contact = self.ok(self.post("/contacts", {
            "name": "Empresa con cédula", "kindOfPerson": "LEGAL_ENTITY",
            "identification": {"type": "CC", "number": "1020304050"}}), 201)
        self.fails(self.post("/invoices", self.invoice_body(
            client={"id": contact["id"]}, stamp={"generateStamp": True})),
            400, 3020)

    def test_payment_method_must_be_a_catalog_code(self):
        message = self.fails(self.post("/invoices", self.invoice_body(
            paymentMethod="cash")), 400, 3030)
        self.assertIn("cash", message)
        self.ok(self.post("/invoices", self.invoice_body(
            paymentMethod="CASH")), 201)
        self.fails(self.post("/invoices", self.invoice_body(
            paymentForm="LATER")), 400, 3030)

    def test_electronic_numbering_needs_a_resolution(self):
        self.ok(self.put("/number-templates/7", {"resolutionNumber": None}))
        self.fails(self.post("/invoices", self.invoice_body(
            stamp={"generateStamp": True})), 400, 3021)

    def test_invoice_defaults(self):
        invoice = self.create_invoice()
        self.assertEqual("NATIONAL", invoice["type"])
        self.assertEqual("INSTRUMENT_NOT_DEFINED", invoice["paymentMethod"])

    def test_import_by_cufe(self):
        cufe = "a" * 96
        bill = self.ok(self.post("/bills/import-by-cufe", {
            "cufe": cufe, "provider": {"id": 8}, "date": "2026-06-01",
            "purchases": {"categories": [{"id": 5, "price": 1000}]}}), 201)
        self.assertEqual(cufe, bill["stamp"]["cufe"])
        self.fails(self.post("/bills/import-by-cufe", {
            "cufe": cufe, "provider": {"id": 8},
            "purchases": {"categories": [{"id": 5, "price": 1}]}}), 400,
            1009)
        self.fails(self.post("/bills/import-by-cufe", {"cufe": "123"}), 400,
                   1003)


class TestMexico(SeedIdsMixin, base.SandboxTestCase):
    country = "mx"
    application_version = "mexico"
    currency = "MXN"
    vat = "16"
    fiscal_field = "uuid"

    def receptor(self, **changes):
        body = {"name": "Receptor", "identification": "XAXX010101000",
                "regimeObject": ["SALARIED_REGIME"], "cfdiUse": "G03",
                "address": {"zipCode": "06600"}}
        body.update(changes)
        return self.ok(self.post("/contacts", body), 201)["id"]

    def stamp_for(self, client):
        return self.post("/invoices", self.invoice_body(
            client={"id": client}, stamp={"generateStamp": True}))

    def test_rfc_is_read_from_a_string(self):
        contact = self.ok(self.get(f"/contacts/{self.receptor()}"))
        self.assertEqual("XAXX010101000", contact["identification"])
        self.assertEqual("RFC", contact["identificationObject"]["type"])

    def test_uuid_stamp(self):
        invoice = self.ok(self.stamp_for(self.receptor()), 201)
        self.assertRegex(invoice["stamp"]["uuid"],
                         r"^[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-"
                         r"[89AB][0-9A-F]{3}-[0-9A-F]{12}$")

    def test_stamping_needs_a_valid_rfc(self):
        self.fails(self.stamp_for(self.receptor(identification="NOPE")), 400,
                   3020)

    def test_stamping_needs_a_regime(self):
        self.fails(self.stamp_for(self.receptor(regimeObject=[])), 400, 3020)

    def test_stamping_needs_a_cfdi_use(self):
        self.fails(self.stamp_for(self.receptor(cfdiUse=None)), 400, 3020)

    def test_stamping_needs_a_postal_code(self):
        self.fails(self.stamp_for(self.receptor(address={"zipCode": "123"})),
                   400, 3020)

    def test_stamping_needs_product_keys(self):
        item = self.ok(self.post("/items", {"name": "Sin clave",
                                            "price": 10}), 201)
        self.fails(self.post("/invoices", self.invoice_body(
            items=[{"id": item["id"], "quantity": 1}],
            stamp={"generateStamp": True})), 400, 3021)

    def test_catalogs_on_contacts(self):
        self.fails(self.post("/contacts", {
            "name": "X", "regimeObject": ["INVENTED"]}), 400, 2103)
        self.fails(self.post("/contacts", {"name": "X", "cfdiUse": "Z99"}),
                   400, 2103)

    def test_payment_method_pue_or_ppd(self):
        self.fails(self.post("/invoices", self.invoice_body(
            paymentMethod="CASH")), 400, 3030)
        self.ok(self.post("/invoices", self.invoice_body(
            paymentMethod="PPD")), 201)

    def test_void_cancels_the_cfdi(self):
        invoice = self.ok(self.stamp_for(12), 201)
        voided = self.ok(self.post(f"/invoices/{invoice['id']}/void"))
        self.assertEqual("STAMPED_AND_CANCELLED",
                         voided["stamp"]["legalStatus"])

    def test_payment_receipt_complement(self):
        invoice = self.ok(self.stamp_for(12), 201)
        payment = self.ok(self.pay(invoice["id"], 100), 201)
        stamped = self.ok(self.post(f"/payments/{payment['id']}/stamp"))
        self.assertIn("uuid", stamped["stamp"])
        unstamped = self.create_invoice(status="open")
        payment = self.ok(self.pay(unstamped["id"], 100), 201)
        self.fails(self.post(f"/payments/{payment['id']}/stamp"), 400, 4005)

    def test_global_invoice_without_receptor(self):
        invoice = self.ok(self.post("/global-invoices", {
            "date": "2026-06-30", "periodicity": "04",
            "items": [{"id": 5, "price": 100, "quantity": 3}],
            "stamp": {"generateStamp": True}}), 201)
        self.assertIn("uuid", invoice["stamp"])
        self.fails(self.post("/global-invoices", {"periodicity": "09"}),
                   400, 1003)


class TestPeru(SeedIdsMixin, base.SandboxTestCase):
    country = "pe"
    application_version = "peru"
    currency = "PEN"
    vat = "18"
    fiscal_field = "hash"

    def test_factura_needs_a_ruc(self):
        person = self.ok(self.post("/contacts", {
            "name": "Persona", "identification": {
                "type": "DNI", "number": "12345678"}}), 201)
        self.fails(self.post("/invoices", self.invoice_body(
            client={"id": person["id"]}, stamp={"generateStamp": True})),
            400, 3020)
        boleta = self.ok(self.post("/invoices", self.invoice_body(
            client={"id": person["id"]}, numberTemplate={"id": 8},
            stamp={"generateStamp": True})), 201)
        self.assertEqual("PENDING", boleta["stamp"]["legalStatus"])
        self.assertRegex(boleta["numberTemplate"]["fullNumber"],
                         r"^B001-\d{8}$")

    def test_document_lengths(self):
        self.fails(self.post("/contacts", {"name": "X", "identification": {
            "type": "RUC", "number": "123"}}), 400, 2102)
        self.fails(self.post("/contacts", {"name": "X", "identification": {
            "type": "DNI", "number": "1234567a"}}), 400, 2102)

    def test_operation_type_catalog(self):
        self.fails(self.post("/invoices", self.invoice_body(
            operationType="SALE")), 400, 3030)
        self.assertEqual("INTERNAL_SALE",
                         self.create_invoice()["operationType"])


class TestCostaRica(SeedIdsMixin, base.SandboxTestCase):
    country = "cr"
    application_version = "costaRica"
    currency = "CRC"
    vat = "13"
    fiscal_field = "key"

    def test_key_and_consecutive(self):
        invoice = self.create_invoice(stamp={"generateStamp": True})
        self.assertRegex(invoice["stamp"]["key"], r"^506\d{47}$")
        self.assertRegex(invoice["numberTemplate"]["fullNumber"], r"^\d{20}$")

    def test_every_line_needs_taxes(self):
        message = self.fails(self.post("/invoices", self.invoice_body(
            items=[{"id": 5, "price": 100, "tax": []}],
            stamp={"generateStamp": True})), 400, 3051)
        self.assertIn("itemDetails.0.taxes", message)

    def test_due_date_is_required_to_stamp(self):
        body = self.invoice_body(stamp={"generateStamp": True})
        del body["dueDate"]
        self.fails(self.post("/invoices", body), 400, 3007)

    def test_draft_without_due_date_keeps_it_empty(self):
        body = self.invoice_body()
        del body["dueDate"]
        invoice = self.ok(self.post("/invoices", body), 201)
        self.assertNotIn("dueDate", invoice)
        self.fails(self.post("/invoices/stamp", {"ids": [invoice["id"]]}),
                   400, 3007)

    def test_identification_lengths(self):
        self.fails(self.post("/contacts", {"name": "X", "identification": {
            "type": "CJ", "number": "12"}}), 400, 2102)

    def test_sale_condition_catalog(self):
        self.fails(self.post("/invoices", self.invoice_body(
            saleCondition="BARTER")), 400, 3030)


class TestOtherCountries(base.SandboxTestCase):
    def test_non_colombian_due_date_defaults_to_date(self):
        body = self.invoice_body()
        del body["dueDate"]
        invoice = self.ok(self.post("/invoices", body), 201)
        self.assertEqual(invoice["date"], invoice["dueDate"])

    def test_country_names(self):
        for text, code in (("co", "co"), ("MX", "mx"), ("peru", "pe"),
                           ("costaRica", "cr"), ("costa-rica", "cr")):
            self.assertEqual(code, countries.normalize(text))
        self.assertRaises(ValueError, countries.normalize, "ar")
