"""Open a centre's database: connect, migrate, make sure the official calendar is there."""

from pathlib import Path

from peewee import Database

from counter_tui.store.database import connect, redact
from counter_tui.store.migrations import current_version, migrate
from counter_tui.store.models import CalendarYear, database_proxy


def open_database(url: str, backup_dir: Path | None = None) -> Database:
    db = connect(url)
    migrate(db, backup_dir)
    if not CalendarYear.select().where(CalendarYear.source == "official").exists():
        # Only a new database needs the calendar's code: the TUI starts without it (issue 10).
        from counter_tui.services.calendar import load_official_calendar

        load_official_calendar()
    return db


def schema_version() -> int:
    """The open database's schema version: after opening, this program's (`db upgrade`)."""
    return current_version(database_proxy.obj)


def database_label(url: str) -> str:
    """The database as messages name it: its URL without the password."""
    return redact(url)
