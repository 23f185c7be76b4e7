"""Domain errors, each mapped to one HTTP status in one place (webapp/errors.py)."""


class DomainError(Exception):
    status = 400

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ValidationFailed(DomainError):
    """Bad input; `fields` maps each offending field to what is wrong with it."""

    status = 400

    def __init__(self, fields: dict[str, str], message: str = "Dữ liệu không hợp lệ"):
        super().__init__(message + ": " + "; ".join(f"{k}: {v}" for k, v in fields.items()))
        self.fields = fields


class NotFound(DomainError):
    status = 404


class Forbidden(DomainError):
    status = 403


class Conflict(DomainError):
    """The thing changed under the caller: already completed, claimed by another, stale."""

    status = 409
