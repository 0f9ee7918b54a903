"""The migration runner: numbered SQL files per engine, a version table, a backup first."""

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from peewee import Database, fn

from counter_tui.resources import migrations_dir
from counter_tui.store.database import is_sqlite, take_writer_lock, too_new
from counter_tui.store.models import SchemaVersion

_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.(sqlite|postgresql)\.sql$")


@dataclass(frozen=True)
class Migration:
    version: int
    path: Path


def dialect(db: Database) -> str:
    return "sqlite" if is_sqlite(db) else "postgresql"


def available(engine: str, folder: Path | None = None) -> list[Migration]:
    """The shipped migrations for one engine, in order."""
    found = []
    for path in sorted((folder or migrations_dir()).iterdir()):
        match = _NAME.match(path.name)
        if match and match.group(2) == engine:
            found.append(Migration(int(match.group(1)), path))
    return found


def latest_version(folder: Path | None = None) -> int:
    return max(m.version for m in available("sqlite", folder))


def current_version(db: Database) -> int:
    if not db.table_exists(SchemaVersion):
        return 0
    return SchemaVersion.select(fn.MAX(SchemaVersion.version)).scalar() or 0


def migrate(db: Database, backup_dir: Path | None = None, folder: Path | None = None) -> list[int]:
    """Bring the schema up to this program's version; return the versions applied.

    A database newer than the program is refused: running old code on a newer
    schema could silently lose what the newer program records.
    """
    current = current_version(db)
    latest = latest_version(folder)
    if current > latest:
        raise too_new(current, latest)
    db.program_schema = latest  # every write checks it is still so (database.write_transaction)
    pending = [m for m in available(dialect(db), folder) if m.version > current]
    if not pending:
        return []
    if current > 0:
        backup(db, current, backup_dir)
    SchemaVersion.create_table(safe=True)
    for migration in pending:
        _apply(db, migration)
    return [m.version for m in pending]


def _apply(db: Database, migration: Migration) -> None:
    sql = migration.path.read_text(encoding="utf-8")
    record = (
        f'INSERT INTO "schema_version" ("version", "applied_at") '
        f"VALUES ({migration.version}, CURRENT_TIMESTAMP);"
    )
    if is_sqlite(db):
        # executescript runs the whole file; the explicit BEGIN makes it all-or-nothing.
        connection = db.connection()
        try:
            connection.executescript(f"BEGIN IMMEDIATE;\n{sql}\n{record}\nCOMMIT;")
        except Exception:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise
    else:
        with db.atomic():
            # Two workstations upgrading at once: the second waits, then finds it done.
            take_writer_lock(db)
            if current_version(db) < migration.version:
                db.execute_sql(sql + "\n" + record)


def backup(db: Database, version: int, folder: Path | None = None) -> Path | None:
    """Copy an SQLite database aside before it is migrated; None for other engines."""
    if not is_sqlite(db) or db.database == ":memory:":
        return None
    source = Path(db.database)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = (folder or source.parent) / f"{source.name}.v{version}-{stamp}.bak"
    db.execute_sql("VACUUM INTO ?", (str(target),))
    target.chmod(0o600)
    return target
