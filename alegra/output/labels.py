"""Short column names for people, in English or Spanish.

``export --headers labels`` heads a spreadsheet with these instead of the
API's dotted paths (``Número`` for ``numberTemplate.fullNumber``). The
table covers the resources' default columns; a column it does not know
keeps its path. The language is the run's (see
:func:`alegra.i18n.resolve`).
"""

from alegra import i18n

# path: (English, Spanish)
LABELS = {
    "id": ("ID", "ID"),
    "name": ("Name", "Nombre"),
    "status": ("Status", "Estado"),
    "date": ("Date", "Fecha"),
    "dueDate": ("Due date", "Vencimiento"),
    "startDate": ("Start date", "Inicio"),
    "type": ("Type", "Tipo"),
    "number": ("Number", "Número"),
    "numberTemplate.fullNumber": ("Number", "Número"),
    "client.name": ("Client", "Cliente"),
    "provider.name": ("Supplier", "Proveedor"),
    "warehouse.name": ("Warehouse", "Bodega"),
    "origin.name": ("Origin", "Origen"),
    "total": ("Total", "Total"),
    "balance": ("Balance", "Saldo"),
    "amount": ("Amount", "Valor"),
    "percentage": ("Percentage", "Porcentaje"),
    "identification": ("ID number", "Identificación"),
    "email": ("Email", "Correo"),
    "code": ("Code", "Código"),
    "reference": ("Reference", "Referencia"),
    "description": ("Description", "Descripción"),
    "observations": ("Notes", "Observaciones"),
    "price.0.price": ("Price", "Precio"),
    "productionCost": ("Cost", "Costo"),
    "prefix": ("Prefix", "Prefijo"),
    "documentType": ("Document", "Documento"),
    "symbol": ("Symbol", "Símbolo"),
    "isDefault": ("Default", "Predeterminado"),
    "event": ("Event", "Evento"),
    "url": ("URL", "URL"),
    "period": ("Period", "Periodo"),
    "regime": ("Regime", "Régimen"),
    "role": ("Role", "Rol"),
    "nextNumber": ("Next number", "Siguiente número"),
    "nextInvoiceNumber": ("Next number", "Siguiente número"),
}


def label(column, lang):
    """The label of ``column`` in ``lang`` (``en`` or ``es``), else the
    column's own path."""
    known = LABELS.get(column)
    if known is None:
        return column
    return known[i18n.LANGUAGES.index(lang)]


def labels(columns, environ=None):
    lang = i18n.language(environ)
    return [label(column, lang) for column in columns]
