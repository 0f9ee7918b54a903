"""Errors of the use cases, translatable like the domain's (see domain/errors.py)."""

from counter_tui.domain.errors import DomainError


class ServiceError(DomainError):
    """A request cannot be carried out: bad input, a missing record, a rule."""


class PermissionDenied(ServiceError):
    """The signed-in staff member's role does not allow this."""


class AuthError(ServiceError):
    """Sign-in failed or the account is locked."""
