"""The top-level fields each resource knows, and the check that refuses
any other.

No source says what Alegra does with a field it does not know, so the
sandbox refuses it (400, code 1010, naming the field): a typo such as
``annotation`` for ``anotation`` would otherwise look accepted and be
silently lost. Each list is what the sandbox itself answers (a record
read back and sent again is always accepted), the fields the reference
and the documented examples name, and the country fields; only the top
level is checked.
"""

import difflib

from alegra.sandbox import errors

# Every sales document: the documented invoice fields that apply to all.
_SALES = frozenset("""
    id date dueDate datetime status client numberTemplate number items
    subtotal discount tax total balance observations anotation
    termsConditions currency costCenter seller priceList warehouse term
    retentions comments stamp url pdfUrl decimalPrecision calculationScale
    type name attachments paymentForm paymentMethod paymentType
    operationType saleCondition economicActivity cfdiUse
    printingTemplate referenceDocuments""".split())

_INVOICE = _SALES | frozenset("""
    totalPaid payments estimate remissions periodicity events canApplyREP
    totalsSummary totalsPendingByTaxes message success""".split())

_PURCHASES = frozenset("""
    id date dueDate status provider client numberTemplate number items
    purchases categories subtotal discount tax total balance totalPaid
    payments observations anotation termsConditions currency costCenter
    warehouse retentions perceptions comments stamp url attachments type
    name paymentMethod paymentType operationType billOperationType
    decimalPrecision calculationScale journal physicalDocument
    purchaseOrder advancesApplied closing deliveryDate""".split())

_NAMED = frozenset("id name description status".split())

KNOWN = {
    "invoices": _INVOICE,
    "credit-notes": _SALES | frozenset(
        "invoices invoiceCreditAllocations refunds totalApplied "
        "creditNoteType cause".split()),
    "income-debit-notes": _SALES | frozenset("invoices cause".split()),
    "estimates": _SALES | frozenset("expirationDate".split()),
    "remissions": _SALES | frozenset("documentName".split()),
    "transportation-receipts": _SALES | frozenset(
        "transport origin destination goods vehicle".split()),
    "global-invoices": _SALES | frozenset(
        "saleTickets periodicity months year".split()),
    # frequency: the seeds send it (documented: repeatEvery).
    "recurring-invoices": _SALES | frozenset(
        "startDate endDate frequency repeatEvery lastCreation nextCreation"
        .split()),
    "bills": _PURCHASES,
    "purchase-orders": _PURCHASES,
    "debit-notes": _PURCHASES | frozenset("bills cause".split()),
    "payments": frozenset("""
        id type date number numberTemplate amount status client bankAccount
        account paymentMethod invoices bills categories retentions currency
        costCenter observations anotation comments stamp url attachments
        name reason saleCondition appliedAdvances bankAccountAmount
        conciliation""".split()),
    "contacts": frozenset("""
        id name identification identificationObject nameObject kindOfPerson
        regime regimeObject type status email emailSecondary phonePrimary
        phoneSecondary mobile fax address observations seller term
        priceList internalContacts accounting cfdiUse paymentMethod
        paymentType creditLimit defaultInvoiceResolution equivalenceSurcharge
        exoneration exporter giro ivaCondition settings statementAttached
        thirdType thirdsType created_at updated_at ignoreRepeated
        attachments""".split()),
    "items": frozenset("""
        id name description reference code price tax category itemCategory
        inventory type status productKey unit customFields itemVariants
        variantAttributes subitems kitWarehouse hasNoIvaDays url
        attachments""".split()),
    "item-categories": _NAMED | frozenset("image url attachments".split()),
    "variant-attributes": _NAMED | frozenset("options".split()),
    "price-lists": _NAMED | frozenset("type percentage isDefault".split()),
    "warehouses": _NAMED | frozenset(
        "isDefault address costCenter observations".split()),
    "warehouse-transfers": frozenset(
        "id date origin destination items observations status".split()),
    "inventory-adjustments": frozenset(
        "id date number numberTemplate warehouse items observations "
        "status total".split()),
    "inventory-adjustment-numerations": _NAMED | frozenset(
        "prefix nextNumber isDefault".split()),
    "categories": _NAMED | frozenset(
        "idParent code type nature blocked readOnly categoryRule "
        "children".split()),
    "category-settings": frozenset(
        "id inventoryAccount costOfSalesAccount incomeAccount "
        "expenseAccount orderBy".split()),
    "cost-centers": _NAMED | frozenset("code".split()),
    "journals": frozenset(
        "id number date observations reference status total client "
        "entries".split()),
    "bank-accounts": _NAMED | frozenset(
        "number type initialBalance initialBalanceDate balance category "
        "bank currency".split()),
    "conciliations": frozenset(
        "id bankAccount date dateFrom dateTo initialBalance finalBalance "
        "balance observations status transactions deletable "
        "simple".split()),
    "number-templates": _NAMED | frozenset("""
        prefix documentType subDocumentType isElectronic isDefault
        autoincrement deletable nextInvoiceNumber minInvoiceNumber
        maxInvoiceNumber resolutionNumber startDate endDate invoiceText
        branchOffice""".split()),
    "taxes": _NAMED | frozenset(
        "percentage type rate categoryFavorable categoryToBePaid".split()),
    "retentions": _NAMED | frozenset(
        "percentage type calculatedBy idRetentionReference".split()),
    "terms": frozenset("id name days".split()),
    "custom-fields": _NAMED | frozenset(
        "type resourceType options defaultValue required".split()),
    "sellers": _NAMED | frozenset(
        "identification observations email".split()),
    "additional-charges": _NAMED | frozenset("percentage".split()),
    "currencies": frozenset(
        "id code name symbol exchangeRate status".split()),
    "company": frozenset("""
        id name identification identificationObject kindOfPerson regime
        regimeObject address email phone website logo file currency
        decimalPrecision decimalSeparator timezone applicationVersion
        invoicePreferences type sandboxInstance""".split()),
    "users": frozenset("""
        id name lastName email role status phone phoneCode position
        language username type file permissions metadata""".split()),
    "webhook-subscriptions": frozenset("id event url status".split()),
}


def check(resource, body):
    """Refuse the first top-level field of ``body`` that ``resource`` does
    not know (a resource with no list takes anything)."""
    known = KNOWN.get(resource)
    if known is None:
        return
    for field in body:
        if field not in known:
            raise unknown(field, known)


def unknown(field, known):
    close = difflib.get_close_matches(str(field), sorted(known), n=1)
    hint = f"; ¿quisiste decir '{close[0]}'?" if close else ""
    return errors.invalid(
        errors.UNKNOWN_FIELD,
        f"El campo '{field}' no existe para este recurso{hint}")
