"""Case numbers and official document numbers (文号), and the counters they come from.

A number is drawn from a counter row kept per (scope, period): the store takes
the next ``seq`` inside the writing transaction and these functions format it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from enum import StrEnum
from types import MappingProxyType
from typing import NamedTuple

from counter_tui.domain.errors import N_


class DocumentKind(StrEnum):
    RECEIPT = "receipt"
    DEFICIENCY_NOTICE = "deficiency_notice"
    ACCEPTANCE_NOTICE = "acceptance_notice"
    REFUSAL = "refusal"
    EXTENSION_NOTICE = "extension_notice"
    SUSPENSION_NOTICE = "suspension_notice"  # 特别程序告知书 (Art. 45)
    RESUMPTION_NOTICE = "resumption_notice"  # 恢复办理通知书: the clocks run again
    HANDOVER_SHEET = "handover_sheet"
    GRANT = "grant"  # 准予行政许可决定书 (Art. 38(1), on the spot Art. 34(2))
    DENIAL = "denial"  # 不予行政许可决定书 (Art. 38(2))
    RESULT_NOTICE = "result_notice"  # 办理结果通知书: the decision on a non-licensing item


DOCUMENT_TITLES: Mapping[DocumentKind, str] = MappingProxyType(
    {
        DocumentKind.RECEIPT: N_("Material receipt"),
        DocumentKind.DEFICIENCY_NOTICE: N_("One-time notice"),
        DocumentKind.ACCEPTANCE_NOTICE: N_("Acceptance notice"),
        DocumentKind.REFUSAL: N_("Decision not to accept"),
        DocumentKind.EXTENSION_NOTICE: N_("Extension notice"),
        DocumentKind.SUSPENSION_NOTICE: N_("Special procedure notice"),
        DocumentKind.RESUMPTION_NOTICE: N_("Resumption notice"),
        DocumentKind.HANDOVER_SHEET: N_("Handover sheet"),
        DocumentKind.GRANT: N_("Decision to grant the administrative licence"),
        DocumentKind.DENIAL: N_("Decision not to grant the administrative licence"),
        DocumentKind.RESULT_NOTICE: N_("Notice of the result"),
    }
)

# The official mark inside a document number; Chinese in every interface language.
KIND_MARKS: Mapping[DocumentKind, str] = MappingProxyType(
    {
        DocumentKind.RECEIPT: "收",
        DocumentKind.DEFICIENCY_NOTICE: "告",
        DocumentKind.ACCEPTANCE_NOTICE: "受",
        DocumentKind.REFUSAL: "不受",
        DocumentKind.EXTENSION_NOTICE: "延",
        DocumentKind.SUSPENSION_NOTICE: "特",
        DocumentKind.RESUMPTION_NOTICE: "恢",
        DocumentKind.HANDOVER_SHEET: "交",
        DocumentKind.GRANT: "许",
        DocumentKind.DENIAL: "不许",
        DocumentKind.RESULT_NOTICE: "结",
    }
)


class CounterKey(NamedTuple):
    """Where a number counter row is kept."""

    scope: str
    period: str


def _check_seq(seq: int) -> None:
    if isinstance(seq, bool) or not isinstance(seq, int) or seq < 1:
        raise ValueError(f"seq must be a whole number >= 1, got {seq!r}")


def _short_name(department_short: str) -> str:
    name = department_short.strip() if isinstance(department_short, str) else ""
    # Part of a printed number: no blanks or control characters inside it.
    if not name or not name.isprintable() or any(c.isspace() for c in name):
        raise ValueError(f"department short name must be non-empty text, got {department_short!r}")
    return name


def _department_code(department_code: str) -> str:
    code = department_code.strip().upper() if isinstance(department_code, str) else ""
    # Case numbers are typed back at the counter: ASCII letters and digits only.
    if not code or not code.isascii() or not code.isalnum():
        raise ValueError(f"department code must be ASCII letters/digits, got {department_code!r}")
    return code


def _check_year(year: int) -> None:
    if isinstance(year, bool) or not isinstance(year, int) or not 1000 <= year <= 9999:
        raise ValueError(f"year must have four digits, got {year!r}")


def _day_stamp(day: date) -> str:
    # Not strftime: "%Y" does not zero-pad years before 1000 on every platform.
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def document_number(department_short: str, kind: DocumentKind, year: int, seq: int) -> str:
    """E.g. ``公安受〔2026〕12号``: short name, mark, year in 〔〕, unpadded sequence."""
    name = _short_name(department_short)
    mark = KIND_MARKS[DocumentKind(kind)]
    _check_year(year)
    _check_seq(seq)
    return f"{name}{mark}〔{year}〕{seq}号"


def case_number(department_code: str, day: date, seq: int) -> str:
    """E.g. ``GA20261128-0007``: code, day, sequence of at least four digits."""
    code = _department_code(department_code)
    _check_seq(seq)
    return f"{code}{_day_stamp(day)}-{seq:04d}"


def counter_scope(department: str, kind: DocumentKind | None = None) -> str:
    """``case:GA`` for case numbers (department code); ``doc:公安:refusal`` for documents
    (department short name), matching what ``case_number``/``document_number`` print."""
    if kind is None:
        return f"case:{_department_code(department)}"
    return f"doc:{_short_name(department)}:{DocumentKind(kind)}"


def counter_period(day: date, kind: DocumentKind | None = None) -> str:
    """Case numbers restart every day (``20261128``), document numbers every year (``2026``)."""
    if kind is None:
        return _day_stamp(day)
    DocumentKind(kind)
    _check_year(day.year)
    return f"{day.year}"


def case_counter(department_code: str, day: date) -> CounterKey:
    return CounterKey(counter_scope(department_code), counter_period(day))


def document_counter(department_short: str, kind: DocumentKind, day: date) -> CounterKey:
    return CounterKey(counter_scope(department_short, kind), counter_period(day, kind))


# A bundle case (一件事, docs/rules.md §21) is numbered like a case, under a prefix no
# department code may take (domain/centre.py::check_department_code refuses it).
BUNDLE_PREFIX = "YJS"


def bundle_case_number(day: date, seq: int) -> str:
    """E.g. ``YJS20261203-0001``: the prefix, the day, a sequence of the day."""
    return case_number(BUNDLE_PREFIX, day, seq)


def bundle_case_counter(day: date) -> CounterKey:
    return CounterKey("bundle_case", _day_stamp(day))


# Supervision orders (督办, docs/rules.md §22) are the centre's, not a department's: one
# counter for the whole centre, restarting every year.
SUPERVISION_MARK = "督办"
SUPERVISION_SCOPE = "supervision"


def supervision_number(year: int, seq: int) -> str:
    """E.g. ``督办〔2026〕7号``: the mark, the year in 〔〕, the unpadded sequence."""
    _check_year(year)
    _check_seq(seq)
    return f"{SUPERVISION_MARK}〔{year}〕{seq}号"


def supervision_counter(day: date) -> CounterKey:
    _check_year(day.year)
    return CounterKey(SUPERVISION_SCOPE, f"{day.year}")


# Tickets of the hall's queue (排队叫号, docs/rules.md §24): a queue's prefix letter and
# the ticket's number in the queue that day, restarting every (local) day.
TICKET_DIGITS = 3


def ticket_label(prefix: str, seq: int) -> str:
    """E.g. ``A012``: the queue's letter and the day's number, at least three digits."""
    _check_seq(seq)
    return f"{prefix}{seq:0{TICKET_DIGITS}d}"


def ticket_counter(prefix: str, day: date) -> CounterKey:
    """One counter per queue and local day: the first ticket of a day is 001."""
    return CounterKey(f"ticket:{prefix}", _day_stamp(day))
