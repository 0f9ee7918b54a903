"""The demo's key project (重点项目, docs/rules.md §23): a city-level battery plant whose
applications to 规划 and 环保 are in the history, registered by the administrator with
规划's chief representative as its liaison, who links the cases (any chief may). Written
through the services, after the history, at its last moment."""

from datetime import datetime

from counter_tui.services.auth import session_of
from counter_tui.services.projects.links import link_case
from counter_tui.services.projects.register import add_project
from counter_tui.store.models import Case, Item, Staff

PROJECT = {
    "name": "示范市新能源动力电池生产基地项目",
    "company": "示范市锦华新能源科技有限公司",
    "uscc": "91330106MA2H7KQW39",
    "level": "市重点",
    "liaison": "ghchief",
    "leader": "示范市人民政府副市长 周建平",
}
# The project's applications, by item and state: the first such case of the history each
# (its land-use planning permit late, its works planning permit just received, its
# environmental impact form approved, its night-works certificate waiting at the window).
CASES = (
    ("GH-001", "accepted"),
    ("GH-002", "received"),
    ("HB-002", "completed"),
    ("HB-010", "received"),
)


def write_key_project(now: datetime) -> None:
    admin = session_of(Staff.get(Staff.code == "admin"))
    add_project(admin, **PROJECT, at=now)
    liaison = session_of(Staff.get(Staff.code == PROJECT["liaison"]))
    for code, state in CASES:
        case = (
            Case.select(Case.number)
            .join(Item)
            .where((Item.code == code) & (Case.state == state))
            .order_by(Case.number)
            .first()
        )
        if case is not None:  # a short history may have none
            link_case(liaison, case.number, PROJECT["name"], at=now)
