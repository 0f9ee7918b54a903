"""Backing up and restoring a centre's database (docs/architecture.md §2.8): the store copies the
file;
this decides what is copied where. Like the catalog import, an admin's shell may do it.

A backup holds every applicant's data: it is an access event (§3.7), recorded before the
copy so that the copy holds it too (and a restore of it needs no --force), and it says so,
in the manifest of an encrypted one or in a manifest file beside a plain one.
"""

import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from counter_tui.domain.errors import N_
from counter_tui.services.cases.access import PERSONAL_DATA_NOTICE, Act, record_access
from counter_tui.services.errors import ServiceError
from counter_tui.store.backups import backup_to, check_backup_target, restore_from
from counter_tui.store.database import sqlite_path
from counter_tui.store.models import Case, database_proxy, utc_now

MANIFEST_SUFFIX = ".manifest.json"  # beside a plain backup


def _identity(message: str) -> str:
    return message


def backup_database(
    target: Path,
    passphrase: str | None = None,
    translate: Callable[[str], str] = _identity,
) -> Path:
    """A consistent private copy of the open database at ``target`` (a new file);
    encrypted with ``passphrase`` when one is given."""
    from counter_tui.store.encryption import check_passphrase, encrypt_file

    db = database_proxy.obj
    if passphrase is not None:
        check_passphrase(passphrase)
    target = check_backup_target(db, target)
    beside = target.with_name(target.name + MANIFEST_SUFFIX)
    if passphrase is None:
        check_backup_target(db, beside)  # never overwritten either
    record_access(
        None,
        Act.BACKED_UP,
        "database",
        count=Case.select().count(),
        file="encrypted" if passphrase is not None else "sqlite",
    )
    if passphrase is None:
        backup_to(db, target)
        _write_new(beside, _manifest(False, translate))
        return target
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".counter-tui-") as folder:
        plain = backup_to(db, Path(folder) / "plain.db")
        encrypt_file(plain, target, passphrase, _manifest(True, translate))
    return target


def _manifest(encrypted: bool, translate: Callable[[str], str]) -> dict[str, Any]:
    return {
        "counter_tui_backup": 1,
        "taken_at": utc_now().isoformat(timespec="seconds") + "Z",
        "encrypted": encrypted,
        "personal_data": True,
        "notice": translate(PERSONAL_DATA_NOTICE),
    }


def _write_new(path: Path, data: dict[str, Any]) -> None:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False, indent=2)
        handle.write("\n")


@dataclass(frozen=True)
class Restored:
    database: str  # the file as the URL names it
    kept: Path | None  # where the replaced database was kept, if there was one


def restore_database(
    url: str,
    source: Path,
    *,
    force: bool = False,
    passphrase: Callable[[], str] | None = None,
) -> Restored:
    """Replace the database file of ``url`` with the backup ``source``. The database is
    not opened first: opening would migrate it, and it may be the damaged one. An
    encrypted backup is decrypted, with the passphrase ``passphrase()`` gives (asked only
    then), to a private file beside the database, and restored from there."""
    from counter_tui.store.encryption import decrypt_file, is_encrypted

    path = sqlite_path(url)
    if path is None or path == ":memory:":
        raise ServiceError(
            "restore.engine",
            N_("Only an SQLite database file is restored here; use pg_restore for PostgreSQL"),
        )
    source = source.expanduser()
    if not is_encrypted(source):
        return Restored(database=path, kept=restore_from(source, Path(path), force=force))
    if passphrase is None:
        raise ServiceError(
            "restore.passphrase_needed", N_("{path} is encrypted: a passphrase is needed"),
            path=str(source),
        )  # fmt: skip
    database = Path(path).expanduser()
    if not database.parent.is_dir():
        raise ServiceError(
            "restore.folder", N_("There is no folder {path}"), path=str(database.parent)
        )
    with tempfile.TemporaryDirectory(dir=database.parent, prefix=".counter-tui-") as folder:
        plain = Path(folder) / "restored.db"
        decrypt_file(source, plain, passphrase())
        kept = restore_from(plain, database, force=force)
    return Restored(database=path, kept=kept)
