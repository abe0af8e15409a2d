"""The headers accountants write, matched to the API's fields.

A spreadsheet exported from another system says ``Razón social``, ``NIT``
and ``Correo electrónico``, not ``name``, ``identification.number`` and
``email``. Each resource with a dictionary here has its usual Spanish and
English headers matched to fields, ignoring case, accents, spaces,
hyphens and underscores; ``--map`` wins over the dictionary, column by
column, and a column named exactly like a field keeps that field.

An identification column depends on the country: Mexico's RFC is a bare
string (``identification``); elsewhere it is ``identification.number``,
and a header that is itself an identification type of the country
(``NIT`` in Colombia, ``RUC`` or ``DNI`` in Peru) also sets
``identification.type`` on the rows where it has a number.
"""

import unicodedata
from dataclasses import dataclass, field

from alegra import catalogs
from alegra.errors import UsageError
from alegra.i18n import _

IDENTIFICATION = "<identification>"

DICTIONARIES = {
    "contacts": {
        "name": ("razón social", "razon social", "nombre",
                 "nombre o razón social", "nombre completo", "name",
                 "company name"),
        IDENTIFICATION: ("nit", "rfc", "ruc", "dni", "cédula",
                         "cédula de ciudadanía", "identificación",
                         "número de identificación", "documento",
                         "número de documento", "identification", "tax id"),
        "email": ("correo", "correo electrónico", "email", "e-mail",
                  "mail"),
        "phonePrimary": ("teléfono", "teléfono 1", "phone"),
        "mobile": ("celular", "móvil", "mobile"),
        "address.address": ("dirección", "address"),
        "address.city": ("ciudad", "municipio", "city"),
        "observations": ("observaciones", "notas", "notes"),
    },
    "items": {
        "name": ("nombre", "producto", "artículo", "name", "product"),
        "price": ("precio", "precio de venta", "valor", "price"),
        "reference": ("referencia", "ref", "sku", "reference"),
        "description": ("descripción", "description"),
    },
}
# Headers that name an identification type under another word.
TYPE_WORDS = {"co": {"cedula": "CC", "ceduladeciudadania": "CC"},
              "cr": {"cedula": "CF"}}


def normalise(header):
    """``Correo Electrónico`` -> ``correoelectronico``."""
    decomposed = unicodedata.normalize("NFKD", str(header))
    plain = "".join(char for char in decomposed
                    if not unicodedata.combining(char))
    return "".join(char for char in plain.casefold()
                   if not char.isspace() and char not in "-_")


@dataclass
class Matched:
    mapping: dict                                   # column -> field
    implied: dict = field(default_factory=dict)     # column -> [(f, v)]
    lines: list = field(default_factory=list)       # "name <- Nombre"


def match(resource, columns, explicit, country=None, source="the file"):
    """Fields for ``columns``: ``explicit`` (``--map``) first, then the
    resource's dictionary. ``country`` is a code, or a function that gives
    it (asked only when an identification column needs it). Raises a
    one-line :class:`UsageError` when the resource has a dictionary and no
    column names a field at all."""
    dictionary = DICTIONARIES.get(resource.name)
    result = Matched(dict(explicit))
    if dictionary is None:
        return result
    index = {normalise(header): target
             for target, headers in dictionary.items()
             for header in headers}
    for column in columns:
        if column in explicit or column in known_fields(resource):
            continue
        target = index.get(normalise(column))
        if target is None:
            continue
        target, implied = _resolve(target, column, country)
        result.mapping[column] = target
        line = f"{target} <- {column}"
        if implied:
            result.implied[column] = implied
            line += "".join(" " + _("(and {field}={value})").format(
                field=key, value=value) for key, value in implied)
        result.lines.append(line)
    if not any(_names_a_field(column, result.mapping, resource)
               for column in columns):
        raise nothing_matched(resource, columns, dictionary, country,
                              source)
    return result


def known_fields(resource):
    """Field names a column may carry as they are."""
    dictionary = DICTIONARIES.get(resource.name, {})
    names = {name for name in dictionary if name != IDENTIFICATION}
    names.update(resource.text_fields, resource.columns)
    return names


def _names_a_field(column, mapping, resource):
    if column in mapping:
        return mapping[column] is not None
    return "." in column or column in known_fields(resource)


def _resolve(target, column, country):
    if target != IDENTIFICATION:
        return target, []
    if callable(country):
        country = country()
    if country == "mx":
        return "identification", []
    word = normalise(column)
    kind = None
    if word.upper() in catalogs.codes(country, "identification-types"):
        kind = word.upper()
    kind = TYPE_WORDS.get(country, {}).get(word, kind)
    implied = [("identification.type", kind)] if kind else []
    return "identification.number", implied


def nothing_matched(resource, columns, dictionary, country, source):
    fields = [_resolve(name, "", country)[0] for name in dictionary]
    template = ",".join(f"{column}=FIELD" for column in columns)
    return UsageError(
        _("no column of {path} names a {record} field: its headers are "
          "{headers}; the fields they could map to are {fields}").format(
            path=source, record=resource.label(),
            headers=", ".join(columns), fields=", ".join(fields)),
        _("write --map '{template}'").format(template=template))
