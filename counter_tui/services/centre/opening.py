"""Open a centre's database: connect, migrate, make sure the official calendar is there."""

from pathlib import Path

from peewee import Database

from counter_tui.store.database import connect
from counter_tui.store.migrations import migrate
from counter_tui.store.models import CalendarYear


def open_database(url: str, backup_dir: Path | None = None) -> Database:
    db = connect(url)
    migrate(db, backup_dir)
    if not CalendarYear.select().where(CalendarYear.source == "official").exists():
        # Only a new database needs the calendar's code: the TUI starts without it (issue 10).
        from counter_tui.services.calendar import load_official_calendar

        load_official_calendar()
    return db
