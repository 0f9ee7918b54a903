"""Backing up and restoring a centre's database (docs/architecture.md §2.8): the store copies the
file;
this decides what is copied where. Like the catalog import, an admin's shell may do it."""

from dataclasses import dataclass
from pathlib import Path

from counter_tui.domain.errors import N_
from counter_tui.services.errors import ServiceError
from counter_tui.store.backups import backup_to, restore_from
from counter_tui.store.database import sqlite_path
from counter_tui.store.models import database_proxy


def backup_database(target: Path) -> Path:
    """A consistent private copy of the open database at ``target`` (a new file)."""
    return backup_to(database_proxy.obj, target)


@dataclass(frozen=True)
class Restored:
    database: str  # the file as the URL names it
    kept: Path | None  # where the replaced database was kept, if there was one


def restore_database(url: str, source: Path, *, force: bool = False) -> Restored:
    """Replace the database file of ``url`` with the backup ``source``. The database is
    not opened first: opening would migrate it, and it may be the damaged one."""
    path = sqlite_path(url)
    if path is None or path == ":memory:":
        raise ServiceError(
            "restore.engine",
            N_("Only an SQLite database file is restored here; use pg_restore for PostgreSQL"),
        )
    kept = restore_from(source, Path(path), force=force)
    return Restored(database=path, kept=kept)
