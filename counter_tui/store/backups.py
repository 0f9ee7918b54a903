"""Backup and restore of an SQLite database (docs/architecture.md §2.8): a consistent copy taken
while
others write (``VACUUM INTO`` reads one snapshot), private (0600); a restore that checks
the copy's integrity and schema first and never overwrites newer work silently.

PostgreSQL is backed up with its own tools (``pg_dump``); these refuse it with a message.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from peewee import Database

from counter_tui.domain.errors import N_
from counter_tui.store.database import is_sqlite, too_new
from counter_tui.store.errors import StoreError
from counter_tui.store.migrations import latest_version


@dataclass(frozen=True)
class Snapshot:
    """What a database file holds, read without the program's models."""

    schema_version: int
    events: int
    last_event_at: str | None


def _require_sqlite(db: Database) -> Path:
    if not is_sqlite(db) or db.database == ":memory:":
        raise StoreError(
            "backup.engine",
            N_("Only an SQLite database file is backed up here; use pg_dump for PostgreSQL"),
        )
    return Path(db.database)


def backup_to(db: Database, target: Path) -> Path:
    """A consistent copy of the open database at ``target``, which must not exist yet."""
    target = check_backup_target(db, target)
    db.execute_sql("VACUUM INTO ?", (str(target),))
    target.chmod(0o600)
    return target


def check_backup_target(db: Database, target: Path) -> Path:
    """``target`` (expanded), where a backup of ``db`` may be written: a new file in a
    folder that exists, of an SQLite database."""
    _require_sqlite(db)
    target = target.expanduser()
    if target.exists():
        raise StoreError(
            "backup.exists", N_("{path} exists already: choose a new file"), path=str(target)
        )
    if not target.parent.is_dir():
        raise StoreError("backup.folder", N_("There is no folder {path}"), path=str(target.parent))
    return target


def snapshot_of(path: Path) -> Snapshot:
    """Check a database file's integrity and read its schema version and event count."""
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise StoreError(
            "restore.unreadable", N_("{path} cannot be read: {reason}"), path=str(path),
            reason=str(error),
        ) from None  # fmt: skip
    try:
        verdict = connection.execute("PRAGMA integrity_check").fetchone()[0]
        if verdict != "ok":
            raise StoreError(
                "restore.damaged", N_("{path} is damaged: {reason}"), path=str(path),
                reason=verdict,
            )  # fmt: skip
        version = connection.execute('SELECT MAX("version") FROM "schema_version"').fetchone()
        events, last = connection.execute('SELECT COUNT(*), MAX("at") FROM "event"').fetchone()
    except sqlite3.DatabaseError as error:
        raise StoreError(
            "restore.not_ours",
            N_("{path} is not a counter-tui database: {reason}"),
            path=str(path),
            reason=str(error),
        ) from None
    finally:
        connection.close()
    return Snapshot(schema_version=version[0] or 0, events=events, last_event_at=last)


def restore_from(source: Path, target: Path, *, force: bool = False) -> Path | None:
    """Replace the database file ``target`` with the backup ``source``. The backup must be
    whole and of a schema this program knows; a target holding work the backup lacks (an
    event of its chain the backup does not have, or a newer schema) is replaced only with
    ``force``, and is kept aside first. Returns where the replaced database was kept
    (None when there was none)."""
    source, target = source.expanduser(), target.expanduser()
    if not source.is_file():
        raise StoreError("restore.missing", N_("There is no file {path}"), path=str(source))
    backup = snapshot_of(source)
    if backup.schema_version > latest_version():
        raise too_new(backup.schema_version, latest_version())
    kept = None
    if target.exists():
        current = snapshot_of(target)
        lost = _events_missing_from(target, source)
        if (current.schema_version > backup.schema_version or lost) and not force:
            raise StoreError(
                "restore.newer",
                N_(
                    "The database holds work the backup does not have (events lost: {lost}; "
                    "its last change {current}, the backup's {backup}); restoring would lose "
                    "it. Add --force to restore anyway."
                ),
                lost=lost,
                current=current.last_event_at or "—",
                backup=backup.last_event_at or "—",
            )
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        kept = target.with_name(f"{target.name}.before-restore-{stamp}.bak")
        _copy(target, kept)
    _copy(source, target)
    return kept


def _events_missing_from(target: Path, backup: Path) -> int:
    """The events of ``target``'s chain that ``backup`` does not have, by their hashes:
    timestamps cannot tell (two chains may end on the same second, and the demo stamps
    its history ahead of the clock), the chain can (#20)."""
    connection = sqlite3.connect(f"file:{target}?mode=ro", uri=True)
    try:
        connection.execute("ATTACH DATABASE ? AS backup", (f"file:{backup}?mode=ro",))
        # Nearly always the backup has the target's last event, and so all before it.
        last = 'SELECT "hash" FROM "event" ORDER BY "id" DESC LIMIT 1'
        head = connection.execute(last).fetchone()
        if (
            head is None
            or connection.execute('SELECT 1 FROM backup."event" WHERE "hash" = ?', head).fetchone()
        ):
            return 0
        return connection.execute(
            'SELECT COUNT(*) FROM "event" WHERE "hash" NOT IN (SELECT "hash" FROM backup."event")'
        ).fetchone()[0]
    finally:
        connection.close()


def _copy(source: Path, target: Path) -> None:
    """Through SQLite's backup API: the copy is consistent and the target's journal
    files are taken care of."""
    reader = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    writer = sqlite3.connect(target)
    try:
        reader.backup(writer)
    finally:
        writer.close()
        reader.close()
    target.chmod(0o600)
