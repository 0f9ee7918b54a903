"""The case register (`counter-tui export`) on the hand-counted centre of
tests/report_rows.py: which cases it lists, their due dates by the one time-limit rule,
on time or late, and the masked ID numbers."""

from datetime import date

import pytest
from report_rows import NOVEMBER, TODAY, known_centre

from counter_tui.domain.deadlines import Light
from counter_tui.domain.lifecycle import CaseState
from counter_tui.services.errors import ServiceError
from counter_tui.services.reports.figures import department_scope
from counter_tui.services.reports.files import export_register
from counter_tui.services.reports.register import case_register

pytestmark = pytest.mark.both_engines


def test_the_register_lists_novembers_cases_with_their_time_limits(empty_db: str) -> None:
    known_centre()
    lines = {
        line.number.removeprefix("CASE-"): line for line in case_register(*NOVEMBER, today=TODAY)
    }
    # e was received in October; x is a draft, no application.
    assert sorted(lines) == ["a", "b", "c", "d", "f", "g", "h", "i", "j", "k", "m", "n"]
    timing = {name: (line.due, line.on_time, line.light) for name, line in lines.items()}
    assert timing["a"] == (date(2026, 11, 16), True, None)
    assert timing["b"] == (date(2026, 11, 18), False, None)  # completed 11-25
    assert timing["g"] == (date(2026, 11, 23), True, None)  # 5 suspended days added
    # An approved extension moves the legal limit only (Art. 42), not the promise.
    assert timing["h"] == (date(2026, 11, 16), False, None)
    assert (lines["h"].legal_due, lines["i"].legal_due) == (date(2026, 12, 7), date(2026, 11, 30))
    assert timing["i"] == (date(2026, 11, 16), False, None)
    assert timing["f"] == (date(2026, 11, 27), None, Light.YELLOW)
    assert timing["m"] == (None, None, None)  # received, the clock has not started
    assert timing["d"] == (None, None, None) and lines["d"].state is CaseState.REFUSED
    assert lines["k"].state is CaseState.WITHDRAWN and lines["k"].light is None
    assert {line.applicant_id for line in lines.values()} == {"110105********0021"}


def test_one_departments_register(empty_db: str) -> None:
    known_centre()
    lines = case_register(*NOVEMBER, department_scope("TB"), today=TODAY)
    assert [line.number for line in lines] == ["CASE-n"]
    with pytest.raises(ServiceError) as error:
        department_scope("XX")
    assert error.value.rule == "report.department_code"


def test_a_period_that_ends_before_it_starts_is_refused(empty_db: str) -> None:
    with pytest.raises(ServiceError) as error:
        case_register(date(2026, 11, 30), date(2026, 11, 1))
    assert error.value.rule == "report.period"


def test_the_exported_register_never_holds_a_whole_id_number(empty_db: str, tmp_path) -> None:
    known_centre()
    lines = case_register(*NOVEMBER, today=TODAY)
    csv_text = export_register(lines, tmp_path / "register.csv").read_text("utf-8-sig")
    assert "110105194912310021" not in csv_text
    assert csv_text.count("110105********0021") == len(lines)
    notice, header = csv_text.splitlines()[:2]  # the first line says what it holds
    assert notice.startswith("Contains personal data") and header.startswith("Case number,")
