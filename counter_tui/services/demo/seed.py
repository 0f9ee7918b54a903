"""The demo centre: the seed's departments, staff and catalog, and a plausible case
history (services/demo/history.py)."""

import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from counter_tui.domain.errors import N_
from counter_tui.resources import seed_dir
from counter_tui.services.catalog.files import import_catalog
from counter_tui.services.centre.files import read_centre_file
from counter_tui.services.centre.importing import import_centre_file
from counter_tui.services.centre.opening import open_database
from counter_tui.services.clock import local_today
from counter_tui.services.demo.bundles import write_bundles
from counter_tui.services.demo.history import DemoHistory
from counter_tui.services.demo.key_project import write_key_project
from counter_tui.services.demo.supervision import write_supervision
from counter_tui.services.demo.tickets import write_tickets
from counter_tui.services.errors import ServiceError
from counter_tui.store.database import redact, sqlite_path, write_transaction
from counter_tui.store.models import (
    Department,
    Item,
    Staff,
    database_proxy,
)
from counter_tui.store.settings import set_setting, setting


@dataclass(frozen=True)
class DemoAccount:
    code: str
    pin: str
    name: str
    role: str
    department: str


def demo_accounts() -> list[DemoAccount]:
    """The demo staff and their PINs, as recorded in a demo database (empty elsewhere)."""
    stored = setting("demo_accounts")
    return [DemoAccount(**entry) for entry in json.loads(stored)] if stored else []


def _remove_sqlite_files(url: str) -> None:
    path = sqlite_path(url)
    if path is None or path == ":memory:":
        return
    for suffix in ("", "-wal", "-shm"):
        Path(path + suffix).expanduser().unlink(missing_ok=True)


def _holds_data() -> bool:
    return Department.select().exists() or Staff.select().exists() or Item.select().exists()


def build_demo(
    url: str,
    cases: int = 60,
    today: date | None = None,
    seed: int = 2026,
    now: datetime | None = None,
) -> None:
    """(Re)create the demo centre at ``url`` with ``cases`` cases of history up to ``now``
    (naive UTC, default the moment it is built) on ``today``.

    Rebuilding deletes the database file, so a database that holds a real
    centre is refused: `--database URL demo` pointed at it must not wipe it.
    """
    open_database(url)
    if _holds_data():
        if not demo_accounts():
            raise ServiceError(
                "demo.not_demo",
                N_("{url} holds data and is not the demo centre: the demo is not built over it"),
                url=redact(url),
            )
        if sqlite_path(url) is None:
            raise ServiceError(
                "demo.rebuild",
                N_("{url}: drop and recreate this database to rebuild the demo in it"),
                url=redact(url),
            )
        database_proxy.close()
        _remove_sqlite_files(url)
        open_database(url)
    # The demo centre is an ordinary centre file, imported as an administrator would.
    centre = read_centre_file(seed_dir() / "centre.yaml")
    import_centre_file(centre)
    import_catalog(seed_dir() / "catalog.yaml")
    departments = dict(Department.select(Department.code, Department.short_name).tuples())
    accounts = [
        {
            "code": s.values["code"],
            "pin": s.values["pin"],
            "name": s.values["name"],
            "role": s.values["role"],
            "department": departments.get(s.values["department"], ""),
        }
        for s in centre.staff
    ]
    with write_transaction(database_proxy):
        set_setting("demo_accounts", json.dumps(accounts, ensure_ascii=False))
    history = DemoHistory(random.Random(seed), today or local_today(), now)
    # The last few of ``cases`` are the 333's, whose review clock is shown (issue 22).
    history.write(max(0, cases - len(DemoHistory.HOUR_PROMISE_CASES)))
    history.write_hour_promises()
    write_key_project(history.now)
    write_supervision(today or local_today())
    write_bundles(today or local_today())
    write_tickets(history.today_at)


def ensure_demo(url: str, before_building: Callable[[], None] = lambda: None) -> bool:
    """Open the demo centre, building it on first use (after ``before_building``, which
    says so: it takes seconds). True when it was built."""
    open_database(url)
    if demo_accounts():
        return False
    before_building()
    build_demo(url)
    return True
