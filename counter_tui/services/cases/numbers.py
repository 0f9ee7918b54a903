"""Case and document numbers from a counter row per scope and period (docs/architecture.md §2.3)."""

from datetime import date

from peewee import IntegrityError, Query

from counter_tui.domain.numbering import (
    DocumentKind,
    case_counter,
    case_number,
    document_counter,
    document_number,
)
from counter_tui.store.models import Department, NumberCounter, database_proxy


def _counter(query: Query, scope: str, period: str) -> Query:
    return query.where((NumberCounter.scope == scope) & (NumberCounter.period == period))


def take_next(scope: str, period: str) -> int:
    """The next sequence number; call inside a write_transaction.

    The counter row is created on first use and bumped with one UPDATE, so two
    workstations inside their own write transactions never get the same value;
    the unique index on the numbered row is the last guard.
    """
    bump = NumberCounter.update(last=NumberCounter.last + 1)
    if not _counter(bump, scope, period).execute():
        try:
            # A savepoint: losing the race leaves the outer transaction usable.
            with database_proxy.atomic():
                NumberCounter.create(scope=scope, period=period, last=1)
        except IntegrityError:
            return take_next(scope, period)
    return _counter(NumberCounter.select(NumberCounter.last), scope, period).scalar()


def next_case_number(department: Department, day: date) -> str:
    key = case_counter(department.code, day)
    return case_number(department.code, day, take_next(key.scope, key.period))


def next_document_number(department: Department, kind: DocumentKind, day: date) -> str:
    key = document_counter(department.short_name, kind, day)
    return document_number(department.short_name, kind, day.year, take_next(key.scope, key.period))
