"""Errors that end a command, each with the exit code it maps to.

The exit codes are part of the interface (scripts branch on them) and are
documented in one table in ``doc/source/errors.rst``; keep the two in step.
"""

OK = 0
API_ERROR = 1
USAGE = 2
AUTH = 3
NOT_FOUND = 4
PLAN = 5
RATE_LIMITED = 6
VALIDATION = 7
PARTIAL = 8
CONNECTION = 9
UNKNOWN_OUTCOME = 10
INTERRUPTED = 130
BROKEN_PIPE = 141  # 128 + SIGPIPE, as when a reader such as head exits


class AlegraError(Exception):
    """An error reported as one ``Error: ...`` line and an exit code."""

    exit_code = API_ERROR

    def __init__(self, message, hint=None, *, status=None, code=None):
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.status = status
        self.code = code

    def __str__(self):
        # Always one line: messages may quote what a server or a file said.
        text = f"{self.message} ({self.hint})" if self.hint else self.message
        return " ".join(str(text).split())


class UsageError(AlegraError):
    exit_code = USAGE


class Declined(UsageError):
    """The person answered no to a confirmation: said as it is, since
    declining is not a mistake (the exit code still tells a script that
    nothing was done)."""

    said_as_error = False


class AuthError(AlegraError):
    exit_code = AUTH


class NotFoundError(AlegraError):
    exit_code = NOT_FOUND


class PlanError(AlegraError):
    exit_code = PLAN


class RateLimitError(AlegraError):
    exit_code = RATE_LIMITED


class ValidationError(AlegraError):
    exit_code = VALIDATION


class PartialFailure(AlegraError):
    exit_code = PARTIAL


class ConnectionFailed(AlegraError):
    exit_code = CONNECTION


class UnknownOutcome(AlegraError):
    exit_code = UNKNOWN_OUTCOME


class APIError(AlegraError):
    """An error answer from Alegra that no narrower class describes."""


class PluginError(AlegraError):
    """A plugin could not be loaded, or two plugins claim one name."""
