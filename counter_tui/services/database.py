"""Open a centre's database: connect, migrate, make sure the official calendar is there."""

from pathlib import Path

from peewee import Database

from counter_tui.services.calendar import ensure_official_calendar
from counter_tui.store.database import connect
from counter_tui.store.migrations import migrate


def open_database(url: str, backup_dir: Path | None = None) -> Database:
    db = connect(url)
    migrate(db, backup_dir)
    ensure_official_calendar()
    return db
