"""Domain errors: raised by services, turned into JSON by one middleware (http/errors.py)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FieldError:
    """One failing field of a request: which field, which rule, and a sentence for people."""

    field: str
    rule: str
    message: str

    def as_json(self) -> dict[str, str]:
        """The JSON shape used in error bodies."""
        return {"field": self.field, "rule": self.rule, "message": self.message}


class AppError(Exception):
    """Base class: carries an HTTP status, a short code and a human message."""

    status = 500
    code = "internal_error"

    def __init__(self, message: str, *, code: str | None = None, extra: dict | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.extra = extra or {}


class Invalid(AppError):
    """The request is malformed; `fields` names every failing field at once."""

    status = 400
    code = "invalid_request"

    def __init__(self, fields: list[FieldError] | FieldError, message: str | None = None, **kw) -> None:
        self.fields = [fields] if isinstance(fields, FieldError) else list(fields)
        first = self.fields[0].message if self.fields else "Invalid request"
        super().__init__(message or first, **kw)


class Unauthorized(AppError):
    """No usable session."""

    status = 401
    code = "unauthorized"


class Forbidden(AppError):
    """Signed in, but not allowed."""

    status = 403
    code = "forbidden"


class NotFound(AppError):
    """No such thing in this tenant (other tenants' rows are 'not found' too)."""

    status = 404
    code = "not_found"


class Conflict(AppError):
    """The request clashes with the current state (duplicate, already done)."""

    status = 409
    code = "conflict"


class PayloadTooLarge(AppError):
    """The body is over the configured limit."""

    status = 413
    code = "payload_too_large"


class RateLimited(AppError):
    """Too many requests in the window."""

    status = 429
    code = "rate_limited"

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class DependencyDown(AppError):
    """A dependency (database, Redis, SMTP) is unavailable; nothing was changed."""

    status = 503
    code = "dependency_unavailable"


class StartupError(Exception):
    """A dependency needed at start-up is missing; the message is one line for the operator."""
