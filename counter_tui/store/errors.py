"""Storage errors, translatable like the domain's (see domain/errors.py)."""

from counter_tui.domain.errors import DomainError


class StoreError(DomainError):
    """The database cannot be opened or used as asked."""
