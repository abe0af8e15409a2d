"""Problems in words, in Spanish or English.

The language is the run's (``--lang``, ``ALEGRA_LANG``, the profile's
``lang``, else the locale: see :func:`alegra.i18n.resolve`); Spanish when
it starts with ``es``, English otherwise.
"""

from alegra import i18n

LANGUAGES = i18n.LANGUAGES
# An enum longer than this is not spelled out; the catalog command is.
LONGEST_LIST = 8

TYPE_NAMES = {
    "object": ("an object", "un objeto"),
    "array": ("a list", "una lista"),
    "string": ("a text", "un texto"),
    "integer": ("a whole number", "un número entero"),
    "number": ("a number", "un número"),
    "boolean": ("true or false", "true o false"),
    "null": ("null", "null"),
}

TEXTS = {
    "required": ("'{field}' is required", "'{field}' es obligatorio"),
    "type": ("must be {types}", "debe ser {types}"),
    "const": ("must be {value}", "debe ser {value}"),
    "enum": ("{given} is not valid; use {allowed}",
             "{given} no es válido; usa {allowed}"),
    "catalog": ("{given} is not valid in {country}; use {allowed}",
                "{given} no es válido en {country}; usa {allowed}"),
    "minLength": ("must have at least {limit} characters",
                  "debe tener al menos {limit} caracteres"),
    "maxLength": ("must have at most {limit} characters",
                  "debe tener como máximo {limit} caracteres"),
    "pattern": ("does not have the expected shape ({pattern})",
                "no tiene la forma esperada ({pattern})"),
    "date": ("{given} is not a date (YYYY-MM-DD)",
             "{given} no es una fecha (AAAA-MM-DD)"),
    "minimum": ("must be at least {limit}", "debe ser al menos {limit}"),
    "exclusiveMinimum": ("must be more than {limit}",
                         "debe ser mayor que {limit}"),
    "maximum": ("must be at most {limit}",
                "debe ser como máximo {limit}"),
    "minItems": ("needs at least {limit} element(s)",
                 "necesita al menos {limit} elemento(s)"),
    "maxItems": ("takes at most {limit} elements",
                 "admite como máximo {limit} elementos"),
    "minProperties": ("must not be empty", "no puede estar vacío"),
    "anyOf": ("is not valid", "no es válido"),
    "false": ("is not allowed here", "no se admite aquí"),
    "nit-check-digit": (
        "the NIT {number} has check digit {expected}, not {given}",
        "el NIT {number} tiene dígito de verificación {expected}, no "
        "{given}"),
    "ruc-check-digit": (
        "{number} is not a valid RUC (its check digit should be "
        "{expected})",
        "{number} no es un RUC válido (su dígito verificador debería ser "
        "{expected})"),
    "rfc-date": ("the RFC {number} holds no valid date ({date})",
                 "el RFC {number} no contiene una fecha válida ({date})"),
    "due-before-date": ("the due date {due} is before the date {date}",
                        "el vencimiento {due} es anterior a la fecha "
                        "{date}"),
    "not-object": ("the body must be a JSON object",
                   "el cuerpo debe ser un objeto JSON"),
    "heading": ("{resource} body is not valid{where}",
                "el cuerpo de {resource} no es válido{where}"),
    "where": (" for {country}", " para {country}"),
    "hint": ("fix the body, or send it anyway with --no-validate",
             "corrige el cuerpo, o envíalo de todos modos con "
             "--no-validate"),
    "hint-offline": ("fix the body", "corrige el cuerpo"),
    "catalog-long": ("{given} is not a valid code in {country} (see "
                     "'alegra catalog {catalog} --country {cc}')",
                     "{given} no es un código válido en {country} (mira "
                     "'alegra catalog {catalog} --country {cc}')"),
    "or": (" or ", " o "),
}


def language(environ=None):
    """The run's language (see :func:`alegra.i18n.resolve`)."""
    return i18n.language(environ)


def text(key, lang, **params):
    wording = TEXTS[key][LANGUAGES.index(lang)]
    return wording.format(**params)


def quoted(value):
    return f"'{value}'" if isinstance(value, str) else str(value)


def choices(values, lang):
    shown = [quoted(value) for value in values]
    if len(shown) == 1:
        return shown[0]
    return ", ".join(shown[:-1]) + text("or", lang) + shown[-1]


def field_name(path):
    return ".".join(str(part) for part in path)


def describe(problem, lang=None):
    """One problem as ``field: message`` (``'field' is required``)."""
    lang = lang or language()
    path, key, params, custom = problem
    where = field_name(path)
    if custom is not None:
        message = custom.get(lang) or custom.get("en")
    elif key == "required":
        return text("required", lang, field=where)
    elif key == "type":
        index = LANGUAGES.index(lang)
        names = [TYPE_NAMES.get(kind, (kind, kind))[index]
                 for kind in params["types"]]
        message = text("type", lang, types=text("or", lang).join(names))
    elif key in ("enum", "catalog"):
        allowed = params["allowed"]
        country = str(params.get("country", ""))
        if len(allowed) > LONGEST_LIST and key == "catalog":
            key = "catalog-long"
        message = text(key, lang, given=quoted(params["given"]),
                       allowed=choices(allowed, lang), cc=country,
                       country=country.upper(),
                       catalog=params.get("catalog"))
    else:
        message = text(key, lang, **{name: quoted(value) if key == "const"
                                     else value
                                     for name, value in params.items()})
    return f"{where}: {message}" if where else message
