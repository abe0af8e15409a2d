"""Alegra-style error answers: an HTTP status and ``{"code", "message"}``.

Codes Alegra is known to use are kept (907, 2006, 3007, 3051); the others
are the sandbox's own and are listed in ``doc/source/sandbox.rst``. Generic
failures use the HTTP status as their code, as Alegra's 404 bodies do.
"""

# Codes observed from Alegra.
PLAN_LIMIT = 907
DUPLICATE_CONTACT = 2006
DUE_DATE_REQUIRED = 3007
LINE_TAXES_REQUIRED = 3051

# The sandbox's own codes, grouped by what they are about.
MALFORMED_BODY = 1001
REQUIRED_FIELD = 1002
INVALID_VALUE = 1003
UNKNOWN_REFERENCE = 1004
BAD_PAGINATION = 1005
BAD_LIST_PARAMETER = 1006
NOT_EDITABLE = 1007
NOT_DELETABLE = 1008
DUPLICATE_KEY = 1009
UNKNOWN_FIELD = 1010

INVALID_IDENTIFICATION_TYPE = 2101
INVALID_IDENTIFICATION_NUMBER = 2102
INVALID_CONTACT_VALUE = 2103

INVALID_STATUS_CHANGE = 3001
STAMPED_IS_IMMUTABLE = 3002
STAMP_BATCH_TOO_LARGE = 3003
NUMBERING_EXHAUSTED = 3004
NOT_ELECTRONIC_NUMBERING = 3010
CLIENT_NOT_READY_TO_STAMP = 3020
DOCUMENT_NOT_READY_TO_STAMP = 3021
INVALID_DOCUMENT_VALUE = 3030

ALLOCATION_EXCEEDS_BALANCE = 4001
ALLOCATION_TARGET_NOT_OPEN = 4002
PAYMENT_WITHOUT_ALLOCATION = 4003
PAYMENT_STATUS = 4004
STAMP_NOT_AVAILABLE = 4005

WEBHOOK_INVALID_EVENT = 5001
WEBHOOK_VERIFICATION_FAILED = 5002
WEBHOOK_DUPLICATE = 5003


class ApiError(Exception):
    """An answer other than success, raised anywhere in a request."""

    def __init__(self, status, code, message, **extra):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.extra = extra

    def body(self):
        return {"code": self.code, "message": self.message, **self.extra}


def invalid(code, message, **extra):
    return ApiError(400, code, message, **extra)


def required(field):
    return invalid(REQUIRED_FIELD, f"El campo '{field}' es obligatorio")


def not_found(label, key):
    return ApiError(404, 404, f"No se encontró {label} con id {key}")


def unknown_reference(label, key):
    return invalid(UNKNOWN_REFERENCE, f"No existe {label} con id {key}")


def path_not_found():
    return ApiError(404, 404, "No se encontró el recurso solicitado")


def method_not_allowed(allowed):
    return ApiError(405, 405, "El método no está permitido para este "
                    "recurso", allowedMethods=sorted(allowed))


def unauthorized():
    return ApiError(401, 401, "Los datos de autenticación son incorrectos "
                    "o no fueron enviados")


def plan_limit():
    return ApiError(402, PLAN_LIMIT, "La acción no está disponible en tu "
                    "plan actual")


def forbidden():
    return ApiError(403, 403, "No tienes permisos para realizar esta acción")


def rate_limited():
    return ApiError(429, 429, "Has superado el límite de peticiones por "
                    "minuto, intenta de nuevo en unos segundos")
