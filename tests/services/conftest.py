"""Fixtures for the intake services: sessions of the demo staff, moments on a given local
day, and cases brought to a given point through the services themselves."""

from collections.abc import Callable
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from bundle_checks import BUNDLE, comprehensive_desk
from case_checks import PERSON

from counter_tui.documents import fonts
from counter_tui.domain.checklist import MaterialMark, MaterialStatus
from counter_tui.services.auth import StaffSession, session_of
from counter_tui.services.bundles import intake as bundles
from counter_tui.services.intake import checklist, decisions
from counter_tui.services.intake.draft import start_draft, update_applicant
from counter_tui.store.models import Material, Staff

SHANGHAI = ZoneInfo("Asia/Shanghai")
CI_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")  # fonts-wqy-microhei


def _session(code: str) -> StaffSession:
    return session_of(Staff.get(Staff.code == code))


@pytest.fixture
def person() -> dict[str, str]:
    """A valid applicant, as typed: a person with a resident ID and a mobile number."""
    return dict(PERSON)


@pytest.fixture
def sign() -> Callable[[str], StaffSession]:
    """The session of a demo staff member (no PIN check: that is tested elsewhere)."""
    return _session


@pytest.fixture
def on() -> Callable[..., datetime]:
    """``on(day, hour=10)``: a stored (naive UTC) timestamp at that local time."""

    def at(day: date, hour: int = 10) -> datetime:
        local = datetime.combine(day, time(hour)).replace(tzinfo=SHANGHAI)
        return local.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)

    return at


def material_ids(case_number: str) -> list[int]:
    """The case's materials in checklist order."""
    return [line.material_id for line in intake_checklist(case_number)]


def intake_checklist(case_number: str):
    from counter_tui.services.cases.change import get_case
    from counter_tui.services.cases.checklist import checklist_lines

    return checklist_lines(get_case(case_number))


@pytest.fixture
def materials() -> Callable[[str], list[int]]:
    return material_ids


@pytest.fixture
def draft(sign, on, demo_today) -> Callable[..., str]:
    """``draft(item, clerk="ga03", day=demo_today, applicant=PERSON)``: a draft with the
    applicant entered and nothing checked."""

    def make(
        item: str = "GA-010",
        clerk: str = "ga03",
        day: date | None = None,
        applicant: dict[str, str] | None = None,
    ) -> str:
        session = sign(clerk)
        when = on(day or demo_today)
        number = start_draft(session, item, at=when)
        update_applicant(session, number, applicant or PERSON, at=when)
        return number

    return make


@pytest.fixture
def checked(draft, sign, on, demo_today) -> Callable[..., str]:
    """``checked(item, clerk, day, flaws={position: "missing" | reason})``: a draft ready
    to submit, conditional materials not applicable, the flawed positions missing or
    deficient, the rest provided."""

    def make(
        item: str = "GA-010",
        clerk: str = "ga03",
        day: date | None = None,
        flaws: dict[int, str] | None = None,
    ) -> str:
        day = day or demo_today
        number = draft(item, clerk, day)
        session = sign(clerk)
        flaws = flaws or {}
        for line in intake_checklist(number):
            position = Material.get_by_id(line.material_id).position
            if position in flaws:
                flaw = flaws[position]
                status = "missing" if flaw == "missing" else "deficient"
                reason = "" if flaw == "missing" else flaw
                checklist.mark_material(
                    session, number, line.material_id, status, reason=reason, at=on(day)
                )
            elif line.necessity.value == "conditional":
                checklist.mark_material(
                    session, number, line.material_id, "not_applicable", at=on(day)
                )
        checklist.mark_all_remaining_provided(session, number, at=on(day))
        return number

    return make


@pytest.fixture
def received(checked, sign, on, demo_today) -> Callable[..., str]:
    """``received(item, clerk, day, flaws)``: a ``checked`` draft, submitted that day."""

    def make(
        item: str = "GA-010",
        clerk: str = "ga03",
        day: date | None = None,
        flaws: dict[int, str] | None = None,
    ) -> str:
        day = day or demo_today
        number = checked(item, clerk, day, flaws)
        decisions.submit(sign(clerk), number, at=on(day))
        return number

    return make


@pytest.fixture
def ci_font() -> fonts.FontFace:
    """The Chinese font CI prints with."""
    assert CI_FONT.is_file(), f"{CI_FONT} is missing: .ci/run installs fonts-wqy-microhei"
    return fonts.check_font(CI_FONT)


@pytest.fixture
def desk(demo_db) -> Staff:
    """The clerk of a comprehensive window, with a bundle to take (bundle_checks.py)."""
    return comprehensive_desk()


@pytest.fixture
def taken(desk, on, demo_today) -> Callable[..., str]:
    """``taken(flaws=(material name, ...))``: a bundle case with the applicant entered,
    conditional materials not applicable, the ``flaws`` missing, the rest provided."""

    def make(flaws: tuple[str, ...] = ()) -> str:
        session = session_of(desk)
        when = on(demo_today)
        number = bundles.start_bundle_case(session, BUNDLE, at=when)
        bundles.update_bundle_applicant(session, number, PERSON, at=when)
        marks = {}
        for line in bundles.bundle_checklist(session, number):
            if line.name in flaws:
                marks[line.key] = MaterialMark(MaterialStatus.MISSING)
            elif line.line.necessity.value == "conditional":
                marks[line.key] = MaterialMark(MaterialStatus.NOT_APPLICABLE)
        bundles.mark_bundle(session, number, marks, at=when)
        bundles.mark_bundle_remaining_provided(session, number, at=when)
        return number

    return make
