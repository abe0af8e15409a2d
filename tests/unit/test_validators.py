"""The country validators: each rule with a valid and an invalid body,
offline, in English and in Spanish."""

import glob
import json
import os

import fixtures
import testtools

from alegra.inputs import validation
from alegra import validators
from alegra.validators import checks

INVOICE = {"client": {"id": 12}, "numberTemplate": {"id": 7},
           "date": "2026-06-06", "dueDate": "2026-06-21",
           "items": [{"id": 5, "price": 50000, "quantity": 1,
                      "tax": [{"id": 3}]}]}
STAMPED = {**INVOICE, "stamp": {"generateStamp": True}}


def nit(number, kind="NIT", **extra):
    return {"name": "Ferretería", "identification": {"type": kind,
                                                     "number": number},
            **extra}


# (name, resource, country, valid body, invalid body, English, Spanish)
CASES = [
    ("co NIT check digit", "contacts", "co", nit("900123450-4"),
     nit("900123450-1"), "has check digit 4, not 1",
     "tiene dígito de verificación 4, no 1"),
    ("co NIT digits", "contacts", "co", nit("800765432"),
     nit("80076543X"), "a NIT has 5 to 15 digits",
     "un NIT tiene de 5 a 15 dígitos"),
    ("co CC", "contacts", "co", nit("1020300071", "CC"),
     nit("1020-300", "CC"), "cédula de ciudadanía has 3 to 10 digits",
     "cédula de ciudadanía tiene de 3 a 10 dígitos"),
    ("co CE", "contacts", "co", nit("E123456", "CE"), nit("E-1", "CE"),
     "cédula de extranjería has", "cédula de extranjería tiene"),
    ("co PP", "contacts", "co", nit("AB123456", "PP"), nit("A B", "PP"),
     "passport number has", "pasaporte tiene"),
    ("co identification type", "contacts", "co", nit("1234567", "TI"),
     nit("123", "DNI"), "'DNI' is not a valid code in CO",
     "'DNI' no es un código válido en CO"),
    ("co legal entity needs NIT", "contacts", "co",
     nit("900123450", kindOfPerson="LEGAL_ENTITY"),
     nit("1020300071", "CC", kindOfPerson="LEGAL_ENTITY"),
     "a legal entity (LEGAL_ENTITY) is identified by its NIT",
     "una persona jurídica (LEGAL_ENTITY) se identifica con su NIT"),
    ("co regime", "contacts", "co",
     nit("900123450", regime="COMMON_REGIME"),
     nit("900123450", regime="RESPONSABLE"), "regime: 'RESPONSABLE'",
     "regime: 'RESPONSABLE' no es válido en CO"),
    ("co kindOfPerson", "contacts", "co",
     nit("900123450", kindOfPerson="PERSON_ENTITY"),
     nit("900123450", kindOfPerson="COMPANY"), "kindOfPerson: 'COMPANY'",
     "kindOfPerson: 'COMPANY' no es válido"),
    ("mx RFC company", "contacts", "mx",
     {"name": "A", "identification": "CSA010101AB1",
      "kindOfPerson": "LEGAL_ENTITY"},
     {"name": "A", "identification": "GOPE850101AB1",
      "kindOfPerson": "LEGAL_ENTITY"},
     "a company's RFC (LEGAL_ENTITY) has 12 characters",
     "el RFC de una persona moral (LEGAL_ENTITY) tiene 12 caracteres"),
    ("mx RFC person", "contacts", "mx",
     {"name": "A", "identification": "GOPE850101AB1",
      "kindOfPerson": "PERSON_ENTITY"},
     {"name": "A", "identification": "GOPE851301AB1",
      "kindOfPerson": "PERSON_ENTITY"},
     "holds no valid date", "no contiene una fecha válida"),
    ("mx RFC shape", "contacts", "mx",
     {"name": "A", "identification": "XAXX010101000"},
     {"name": "A", "identification": "xaxx0101"},
     "an RFC has 12 characters", "un RFC tiene 12 caracteres"),
    ("mx CFDI use", "contacts", "mx", {"name": "A", "cfdiUse": "G03"},
     {"name": "A", "cfdiUse": "G3"}, "cfdiUse: 'G3' is not a valid code",
     "cfdiUse: 'G3' no es un código válido"),
    ("mx regime", "contacts", "mx",
     {"name": "A", "regimeObject": ["REGIME_OF_TRUST"]},
     {"name": "A", "regimeObject": ["626"]}, "regimeObject.0: '626'",
     "regimeObject.0: '626' no es un código válido"),
    ("mx postal code", "contacts", "mx",
     {"name": "A", "address": {"zipCode": "06600"}},
     {"name": "A", "address": {"zipCode": 6600}},
     "address.zipCode: a Mexican postal code has 5 digits",
     "address.zipCode: un código postal mexicano tiene 5 dígitos"),
    ("pe RUC", "contacts", "pe", nit("20601234565", "RUC"),
     nit("20601234567", "RUC"), "is not a valid RUC",
     "no es un RUC válido"),
    ("pe RUC shape", "contacts", "pe", nit("10452345671", "RUC"),
     nit("30601234565", "RUC"), "a RUC has 11 digits and starts with",
     "un RUC tiene 11 dígitos y empieza por"),
    ("pe DNI", "contacts", "pe", nit("40000097", "DNI"),
     nit("4000009", "DNI"), "a DNI has 8 digits", "un DNI tiene 8 dígitos"),
    ("cr cédula física", "contacts", "cr", nit("110000089", "CF"),
     nit("1-1000-0089", "CF"), "a cédula física has 9 digits",
     "una cédula física tiene 9 dígitos"),
    ("cr cédula jurídica", "contacts", "cr", nit("3101123456", "CJ"),
     nit("310112345", "CJ"), "a cédula jurídica has 10 digits",
     "una cédula jurídica tiene 10 dígitos"),
    ("cr DIMEX", "contacts", "cr", nit("155812345678", "DIMEX"),
     nit("055812345678", "DIMEX"), "a DIMEX has 11 or 12 digits",
     "un DIMEX tiene 11 o 12 dígitos"),
    ("cr NITE", "contacts", "cr", nit("4000042145", "NITE"),
     nit("400004214", "NITE"), "a NITE has 10 digits",
     "un NITE tiene 10 dígitos"),
    ("invoice client and items", "invoices", None, INVOICE,
     {"date": "2026-06-06", "items": []}, "'client' is required",
     "'client' es obligatorio"),
    ("invoice line values", "invoices", None, INVOICE,
     {**INVOICE, "items": [{"id": 5, "price": -1, "quantity": 0}]},
     "items.0.price: must be at least 0",
     "items.0.price: debe ser al menos 0"),
    ("invoice dates", "invoices", None, INVOICE,
     {**INVOICE, "dueDate": "2026-06-01"},
     "dueDate: the due date 2026-06-01 is before the date 2026-06-06",
     "dueDate: el vencimiento 2026-06-01 es anterior a la fecha"),
    ("invoice real date", "invoices", None, INVOICE,
     {**INVOICE, "date": "2026-02-30"}, "date: 2026-02-30 is not a date",
     "date: 2026-02-30 no es una fecha"),
    ("stamp needs a numbering", "invoices", "co", STAMPED,
     {**STAMPED, "numberTemplate": None}, "numberTemplate",
     "numberTemplate"),
    ("co payment form", "invoices", "co",
     {**INVOICE, "paymentForm": "CREDIT"},
     {**INVOICE, "paymentForm": "CREDITO"},
     "paymentForm: 'CREDITO' is not valid in CO; use 'CASH' or 'CREDIT'",
     "paymentForm: 'CREDITO' no es válido en CO; usa 'CASH' o 'CREDIT'"),
    ("co payment method", "invoices", "co",
     {**INVOICE, "paymentMethod": "DEBIT_CARD"},
     {**INVOICE, "paymentMethod": "cash"},
     "see 'alegra catalog payment-methods --country co'",
     "mira 'alegra catalog payment-methods --country co'"),
    ("co credit needs a due date", "invoices", "co",
     {**INVOICE, "paymentForm": "CREDIT"},
     {k: v for k, v in {**INVOICE, "paymentForm": "CREDIT"}.items()
      if k != "dueDate"}, "'dueDate' is required",
     "'dueDate' es obligatorio"),
    ("mx PUE/PPD", "invoices", "mx",
     {**INVOICE, "paymentMethod": "PPD", "paymentForm": "99"},
     {**INVOICE, "paymentMethod": "PPD", "paymentForm": "03"},
     "a PPD (deferred) invoice takes paymentForm '99'",
     "una factura PPD (diferida) lleva paymentForm '99'"),
    ("mx payment method", "invoices", "mx",
     {**INVOICE, "paymentMethod": "PUE"},
     {**INVOICE, "paymentMethod": "CASH"},
     "'CASH' is not valid in MX; use 'PUE' or 'PPD'",
     "'CASH' no es válido en MX; usa 'PUE' o 'PPD'"),
    ("mx product key", "invoices", "mx",
     {**INVOICE, "items": [{"id": 5, "productKey": "81111500"}]},
     {**INVOICE, "items": [{"id": 5, "productKey": "8111"}]},
     "a SAT product key has 8 digits",
     "una clave de producto del SAT tiene 8 dígitos"),
    ("pe operation type", "invoices", "pe",
     {**INVOICE, "operationType": "INTERNAL_SALE"},
     {**INVOICE, "operationType": "SALE"}, "operationType: 'SALE'",
     "operationType: 'SALE' no es válido en PE"),
    ("cr sale condition", "invoices", "cr",
     {**INVOICE, "saleCondition": "CREDIT"},
     {**INVOICE, "saleCondition": "CREDITO"}, "saleCondition: 'CREDITO'",
     "saleCondition: 'CREDITO' no es"),
    ("cr economic activity", "invoices", "cr",
     {**INVOICE, "economicActivity": "7410.0"},
     {**INVOICE, "economicActivity": "7410"},
     "an economic activity code looks like '7410.0'",
     "un código de actividad económica es como '7410.0'"),
    ("cr stamping needs line taxes", "invoices", "cr", STAMPED,
     {**STAMPED, "items": [{"id": 5, "price": 10, "quantity": 1}]},
     "'items.0.tax' is required", "'items.0.tax' es obligatorio"),
    ("co credit-note type", "credit-notes", "co",
     {**INVOICE, "type": "PRICE_ADJUSTMENT"},
     {**INVOICE, "type": "DEVOLUTION"}, "type: 'DEVOLUTION'",
     "type: 'DEVOLUTION' no es válido en CO"),
    ("pe credit-note type", "credit-notes", "pe",
     {**INVOICE, "type": "GLOBAL_DISCOUNT"},
     {**INVOICE, "type": "PRICE_ADJUSTMENT"},
     "'PRICE_ADJUSTMENT' is not a valid code in PE",
     "'PRICE_ADJUSTMENT' no es un código válido en PE"),
    ("co customer debit-note type", "income-debit-notes", "co",
     {**INVOICE, "type": "PROFITS"}, {**INVOICE, "type": "INTEREST"},
     "type: 'INTEREST'", "type: 'INTEREST' no es válido"),
    ("estimate", "estimates", "co", INVOICE, {"client": 1},
     "'items' is required", "'items' es obligatorio"),
    ("payment", "payments", "co",
     {"date": "2026-06-06", "bankAccount": 2, "paymentMethod": "cash",
      "invoices": [{"id": 1, "amount": 10}]},
     {"date": "2026-06-06", "paymentMethod": "cash",
      "invoices": [{"id": 1}]}, "'bankAccount' is required",
     "'invoices.0.amount' es obligatorio"),
    ("mx payment form", "payments", "mx",
     {"date": "2026-06-06", "bankAccount": 2, "paymentMethod": "transfer",
      "paymentForm": "03"},
     {"date": "2026-06-06", "bankAccount": 2, "paymentMethod": "transfer",
      "paymentForm": "3"}, "paymentForm: '3'", "paymentForm: '3' no es"),
]


class TestCountryRules(testtools.TestCase):
    def problems(self, resource, country, body, lang):
        self.useFixture(fixtures.EnvironmentVariable("ALEGRA_LANG", lang))
        return validation.problems(resource, country, body)

    def test_each_rule_passes_a_valid_body(self):
        for name, resource, country, valid, *_ in CASES:
            self.assertEqual([], self.problems(resource, country, valid,
                                               "en"), name)

    def test_each_rule_explains_an_invalid_body_in_english(self):
        for name, resource, country, _, invalid, english, _ in CASES:
            found = "; ".join(self.problems(resource, country, invalid,
                                            "en"))
            self.assertIn(english, found, name)

    def test_each_rule_explains_an_invalid_body_in_spanish(self):
        for name, resource, country, _, invalid, _, spanish in CASES:
            found = "; ".join(self.problems(resource, country, invalid,
                                            "es"))
            self.assertIn(spanish, found, name)

    def test_every_problem_is_reported_at_once(self):
        body = {"date": "2026-13-01", "items": [{"price": "x"}],
                "paymentForm": "LATER"}
        found = self.problems("invoices", "co", body, "en")
        self.assertEqual(5, len(found), found)

    def test_the_locale_chooses_the_language(self):
        from alegra.validators import messages

        self.assertEqual("es", messages.language({"LANG": "es_CO.UTF-8"}))
        self.assertEqual("en", messages.language({"LANG": "C.UTF-8"}))
        self.assertEqual("en", messages.language(
            {"ALEGRA_LANG": "en", "LC_ALL": "es_MX.UTF-8"}))
        self.assertEqual("es", messages.language({"LC_ALL": "es_PE"}))

    def test_a_body_that_is_not_an_object(self):
        self.assertEqual(["the body must be a JSON object"],
                         self.problems("contacts", "co", [], "en"))


class TestCheckDigit(testtools.TestCase):
    def test_nit(self):
        self.assertEqual("4", checks.nit_check_digit("900123450"))
        self.assertEqual("8", checks.nit_check_digit("890903938"))
        self.assertEqual("7", checks.nit_check_digit("860034313"))

    def test_ruc(self):
        self.assertEqual("5", checks.ruc_check_digit("20601234565"))
        self.assertEqual("1", checks.ruc_check_digit("10452345671"))
        self.assertEqual("0", checks.ruc_check_digit("20100070970"))


class TestSchemaDocuments(testtools.TestCase):
    """The documents are standard JSON Schema, and the interpreter agrees
    with jsonschema on the standard keywords."""

    def documents(self):
        for path in sorted(glob.glob(os.path.join(validators.SCHEMAS,
                                                  "*.json"))):
            with open(path, encoding="utf-8") as stream:
                yield os.path.basename(path)[:-5], json.load(stream)

    def test_every_document_is_a_valid_draft_2020_12_schema(self):
        import jsonschema

        names = []
        for name, document in self.documents():
            jsonschema.Draft202012Validator.check_schema(document)
            names.append(name)
        self.assertIn("contacts.co", names)

    def test_the_interpreter_agrees_with_jsonschema(self):
        import jsonschema

        from alegra.validators.interpreter import Schema

        for name, resource, country, valid, invalid, *_ in CASES:
            for schema_name in (f"{resource}.any", f"{resource}.{country}"):
                try:
                    document = validators.schema_document(schema_name)
                except FileNotFoundError:
                    continue
                reference = jsonschema.Draft202012Validator(
                    document, format_checker=jsonschema.FormatChecker())
                ours = Schema(document, country)
                for body in (valid, invalid):
                    if not reference.is_valid(body):
                        self.assertNotEqual(
                            [], ours.problems(body), (name, schema_name))
                    if not ours.problems(body):
                        self.assertTrue(reference.is_valid(body),
                                        (name, schema_name))


class TestPluginSchema(testtools.TestCase):
    def test_a_plugin_may_bring_its_own_schema_file(self):
        self.useFixture(fixtures.EnvironmentVariable("ALEGRA_LANG", "en"))
        directory = self.useFixture(fixtures.TempDir()).path
        path = os.path.join(directory, "tickets.json")
        with open(path, "w") as stream:
            json.dump({"type": "object", "required": ["total"]}, stream)
        validate = validators.schema_validator(path)
        self.assertEqual(["'total' is required"],
                         validate("pos-tickets", None, {}))


class TestHugeNumbersAreCheap(testtools.TestCase):
    """json_type and the bounds never materialise a number (int() of
    1e999999999 ran for hours in C, deaf to Ctrl-C and SIGTERM)."""

    def test_types_and_bounds(self):
        import time

        from alegra import jsonio
        from alegra.validators.interpreter import Schema, json_type

        started = time.monotonic()
        self.assertEqual("integer", json_type(jsonio.loads("1e999999999")))
        self.assertEqual("number", json_type(jsonio.loads("1e-999999999")))
        self.assertEqual("integer", json_type(jsonio.loads("19928.00")))
        self.assertEqual("number", json_type(jsonio.loads("0.5")))
        schema = Schema({"type": "object", "properties": {"price": {
            "type": "integer", "minimum": 0, "maximum": 10}}})
        for text, problems in (("1e999999999", 1), ("-1e999999999", 1),
                               ("9" * 5000, 1), ("5", 0)):
            found = schema.problems({"price": jsonio.loads(text)})
            self.assertEqual(problems, len(found), text[:20])
        self.assertLess(time.monotonic() - started, 1.0)
