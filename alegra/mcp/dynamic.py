"""Discovery on demand: four tools that reach every other one.

``mcp start --dynamic`` lists only these (well under 10 KB): search the
tools by words in Spanish or English, describe one tool's schema, enable a
toolset (the server then announces ``notifications/tools/list_changed``
and lists its tools too) and call any tool by name, so that an agent whose
host does not re-read the list still reaches them.
"""

import unicodedata
from dataclasses import dataclass

from alegra.errors import UsageError
from alegra.mcp import toolsets

SEARCH = "alegra_search_tools"
DESCRIBE = "alegra_describe_tool"
ENABLE = "alegra_enable_toolset"
CALL = "alegra_call_tool"
MAX_FOUND = 12

# Spanish words (without accents) and the command words they mean.
SPANISH = {
    "factura": "invoices", "facturas": "invoices", "pago": "payments",
    "pagos": "payments", "cobro": "payments", "recaudo": "payments",
    "cliente": "contacts", "clientes": "contacts", "contacto": "contacts",
    "contactos": "contacts", "proveedor": "contacts",
    "proveedores": "contacts", "nota": "notes", "notas": "notes",
    "credito": "credit", "debito": "debit", "cotizacion": "estimates",
    "cotizaciones": "estimates", "remision": "remissions",
    "remisiones": "remissions", "producto": "items", "productos": "items",
    "item": "items", "items": "items", "inventario": "inventory",
    "bodega": "warehouses", "bodegas": "warehouses",
    "precio": "price", "precios": "price", "compra": "bills",
    "compras": "bills", "gasto": "bills", "gastos": "bills",
    "orden": "orders", "ordenes": "orders", "banco": "bank",
    "bancos": "bank", "conciliacion": "reconciliations",
    "cuenta": "categories", "cuentas": "categories",
    "comprobante": "journals", "comprobantes": "journals",
    "asiento": "journals", "centro": "cost", "costo": "cost",
    "reporte": "reports", "reportes": "reports", "informe": "reports",
    "emitir": "emit", "timbrar": "stamp", "anular": "void",
    "impuesto": "taxes", "impuestos": "taxes", "retencion": "retentions",
    "retenciones": "retentions", "moneda": "currencies",
    "usuario": "users", "usuarios": "users", "empresa": "company",
    "compania": "company", "numeracion": "number-templates",
    "vendedor": "sellers", "vendedores": "sellers", "listar": "list",
    "lista": "list", "buscar": "list", "ver": "get", "obtener": "get",
    "crear": "create", "nuevo": "create", "nueva": "create",
    "editar": "update", "actualizar": "update", "borrar": "delete",
    "eliminar": "delete", "exportar": "export", "importar": "import",
    "enviar": "email", "correo": "email", "electronica": "einvoicing",
    "recurrente": "recurring", "termino": "terms", "plazo": "terms",
}


@dataclass
class MetaTool:
    name: str
    description: str
    input_schema: dict
    annotations: dict

    @property
    def title(self):
        return self.name.replace("_", " ")


def meta_tools():
    text = {"type": "string"}
    return [
        MetaTool(SEARCH, "Find alegra tools by words, in Spanish or "
                 "English (factura anular, payments list)",
                 schema({"words": text}, ["words"]),
                 {"readOnlyHint": True, "idempotentHint": True,
                  "openWorldHint": False}),
        MetaTool(DESCRIBE, "The input schema and kind of one alegra tool",
                 schema({"name": text}, ["name"]),
                 {"readOnlyHint": True, "idempotentHint": True,
                  "openWorldHint": False}),
        MetaTool(ENABLE, "Offer every tool of a toolset from now on",
                 schema({"toolset": text}, ["toolset"]),
                 {"destructiveHint": False, "idempotentHint": True,
                  "openWorldHint": False}),
        MetaTool(CALL, "Call any alegra tool by name with its arguments",
                 schema({"name": text, "arguments": {"type": "object"}},
                        ["name"]),
                 {"destructiveHint": True}),
    ]


def schema(properties, required):
    return {"type": "object", "properties": properties,
            "required": required, "additionalProperties": False}


def plain(text):
    folded = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in folded
                   if not unicodedata.combining(char))


def terms(words):
    """The English command words ``words`` (any language) stand for."""
    found = set()
    for word in plain(words).replace("_", " ").replace("-", " ").split():
        mapped = SPANISH.get(word, word)
        found.update(mapped.replace("-", " ").split())
    return found


def search(catalog, words):
    """The tools whose names, toolsets or descriptions best match
    ``words``: ``[{"name", "toolset", "kind", "description"}]``."""
    if not isinstance(words, str) or not words.strip():
        raise UsageError("words must be some text, for example "
                         "'facturas anular'")
    wanted = terms(words)
    scored = []
    for name in catalog.entries:
        command = catalog.command_of(name)
        own = set(command.replace("-", " ").split())
        sets = set(catalog.toolsets_of(name))
        score = 2 * len(wanted & own) + len(wanted & sets)
        if score:
            scored.append((-score, name))
    found = []
    for _, name in sorted(scored):
        tool = catalog.tool(name)
        if tool is None:
            continue
        found.append({"name": name, "kind": tool.kind,
                      "toolsets": [found for found in
                                   catalog.toolsets_of(name)
                                   if found != toolsets.DEFAULT],
                      "description": tool.description})
        if len(found) == MAX_FOUND:
            break
    return found


def describe(catalog, name):
    tool = catalog.tool(name) if isinstance(name, str) else None
    if tool is None:
        raise UsageError(f"no tool {name!r} on this server",
                         f"find one with {SEARCH}")
    return {"name": tool.name, "kind": tool.kind,
            "toolsets": catalog.toolsets_of(name),
            "description": tool.description,
            "inputSchema": tool.input_schema}


def enable(catalog, offered, toolset):
    """Add the tools of ``toolset`` to ``offered``; the names added."""
    if not isinstance(toolset, str) or not toolset.strip():
        raise UsageError("toolset must be a toolset's name",
                         f"one of {', '.join(catalog.known_toolsets())}")
    chosen = toolsets.parse(toolset)
    added = []
    for name, tool in catalog.tools(chosen).items():
        if name not in offered:
            offered[name] = tool
            added.append(name)
    return added
