"""Every resource the sandbox serves, by name."""

from alegra.sandbox.resources import (
    account, banking, contacts, events, invoices, items, masters, payments,
    purchases, reports, sales, subscriptions)

CLASSES = (
    invoices.Invoices, sales.CreditNotes, sales.IncomeDebitNotes,
    sales.Estimates, sales.Remissions, sales.TransportationReceipts,
    sales.GlobalInvoices, sales.RecurringInvoices, sales.RecurringPayments,
    payments.Payments,
    purchases.Bills, purchases.PurchaseOrders, purchases.DebitNotes,
    contacts.Contacts, items.Items,
    masters.ItemCategories, masters.VariantAttributes, masters.PriceLists,
    masters.Warehouses, masters.WarehouseTransfers,
    masters.InventoryAdjustments, masters.InventoryAdjustmentNumerations,
    masters.Categories, masters.CategorySettings, masters.CostCenters,
    banking.Journals, banking.BankAccounts, banking.Conciliations,
    masters.NumberTemplates, masters.Taxes, masters.Retentions,
    masters.Terms, masters.CustomFields, masters.Sellers,
    masters.AdditionalCharges, masters.Currencies,
    account.Company, account.Users, account.Reconciliations,
    subscriptions.Subscriptions, reports.Reports,
    events.SandboxEvents,
)


def build():
    """A fresh instance of each resource, keyed by name."""
    return {resource.name: resource
            for resource in (cls() for cls in CLASSES)}
