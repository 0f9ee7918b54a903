"""Errors of the documents, translatable like the domain's (see domain/errors.py)."""

from counter_tui.domain.errors import DomainError


class DocumentError(DomainError):
    """A document cannot be made or written."""


class FontError(DocumentError):
    """No usable font with Chinese characters for a PDF; the caller writes HTML instead."""
