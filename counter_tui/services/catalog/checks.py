"""The checks of a catalog file's entries that its items and its bundles share.

Every problem is a ``CatalogError`` whose message names the place (file, sheet, row or
entry, and its line in YAML) and the field.
"""

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from counter_tui.domain.errors import N_
from counter_tui.services.errors import ServiceError

# The length of a short text column (VARCHAR(255)): PostgreSQL refuses a longer value.
SHORT_TEXT = 255


class CatalogError(ServiceError):
    """A catalog entry is invalid; the message names the entry and the field."""


def field_error(where: str, field: str, template: str, **params: Any) -> CatalogError:
    """An entry's field is wrong; ``where`` names the file, sheet, row or item."""
    return CatalogError("catalog.invalid", template, where=where, field=field, **params)


def file_error(template: str, **params: Any) -> CatalogError:
    """A whole file cannot be read as a catalog."""
    return CatalogError("catalog.file", template, **params)


@dataclass(frozen=True)
class EntryLocation:
    """Where an entry of a file stands, and each of its parts (an item's materials, a
    bundle's items), for error messages."""

    entry: str
    parts: Sequence[str] = ()


def entry_location(locations: Sequence[EntryLocation], n: int, default: str) -> EntryLocation:
    """Where the n-th entry (from 1) stands: as the file's reader found it, else
    ``default`` (entries given without a file, or a JSON file, which has no lines)."""
    return locations[n - 1] if n <= len(locations) else EntryLocation(default)


def code_once(seen: set[str], code: str, where: str, message: str) -> None:
    """An entry's code stands once in its file: ``message`` names the entry that repeats
    it; ``seen`` holds the codes before it."""
    if code in seen:
        raise field_error(where, "code", message, code=code)
    seen.add(code)


def unknown_fields(entry: Mapping[str, Any], allowed: tuple[str, ...], where: str) -> None:
    """A misspelt field would otherwise be dropped without a word."""
    for field in entry:
        if field not in allowed:
            raise field_error(where, str(field), N_("{where}: unknown field {field}"))


def plain_text(text: str, field: str, where: str) -> str:
    """Catalog text is printed and exported: line breaks and tabs, no other control characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    for char in text:
        if char not in "\n\t" and unicodedata.category(char) in ("Cc", "Cs"):
            raise field_error(
                where,
                field,
                N_("{where}: field {field} contains a control character (U+{code:04X})"),
                code=ord(char),
            )
    return text


def text_field(
    entry: Mapping[str, Any],
    field: str,
    where: str,
    required: bool = False,
    limit: int | None = None,
) -> str:
    """A text field; ``limit``: its most characters (a short text column's ``SHORT_TEXT``)."""
    value = entry.get(field)
    if value is None:
        if required:
            raise field_error(where, field, N_("{where}: field {field} is missing"))
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise field_error(where, field, N_("{where}: field {field} must be text"))
    text = plain_text(str(value), field, where)
    if required and not text:
        raise field_error(where, field, N_("{where}: field {field} is missing"))
    if limit is not None and len(text) > limit:
        raise field_error(
            where,
            field,
            N_("{where}: field {field} is longer than {limit} characters"),
            limit=limit,
        )
    return text


def whole_number(entry: Mapping[str, Any], field: str, where: str, minimum: int) -> int:
    value = entry.get(field)
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise field_error(
            where,
            field,
            N_("{where}: field {field} must be a whole number ≥ {minimum}"),
            minimum=minimum,
        )
    return value
