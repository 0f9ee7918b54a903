"""The restore use case works on an SQLite file only, and says so before touching anything
(PostgreSQL is restored with its own tools)."""

from pathlib import Path

import pytest

from counter_tui.services.centre.backups import restore_database
from counter_tui.services.errors import ServiceError


@pytest.mark.parametrize("url", ["postgresql://clerk:pa55@db.local/centre", "sqlite://"])
def test_restore_refuses_what_is_not_a_database_file(url: str, tmp_path: Path) -> None:
    backup = tmp_path / "monday.db"
    with pytest.raises(ServiceError) as refused:
        restore_database(url, backup)
    assert refused.value.rule == "restore.engine" and "pg_restore" in str(refused.value)
    assert list(tmp_path.iterdir()) == []
