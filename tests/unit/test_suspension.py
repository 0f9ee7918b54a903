"""Art. 45's closed list and an item's special procedures (domain/suspension.py)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counter_tui.domain.errors import DomainError
from counter_tui.domain.legal import SuspensionGround
from counter_tui.domain.suspension import SpecialStep, special_steps, suspension_ground

STEPS = (SpecialStep("现场勘验", 8),)


def test_special_steps_keep_only_named_steps_with_whole_days() -> None:
    stored = (
        '[{"name": " 现场勘验 ", "days": 8}, {"name": "", "days": 3}, {"name": "公示", "days": 0},'
        ' {"name": "论证", "days": true}, {"name": "检定", "days": "5"}, 7, null]'
    )
    assert special_steps(stored) == STEPS


@pytest.mark.parametrize("stored", ["", "{", "null", '{"name": "x", "days": 1}', "[[1]]"])
def test_a_malformed_list_is_no_steps(stored: str) -> None:
    assert special_steps(stored) == ()


@settings(max_examples=200, database=None, deadline=None)
@given(st.text())
def test_no_stored_text_breaks_the_reading(stored: str) -> None:
    assert all(step.days > 0 and step.name for step in special_steps(stored))


def test_article_45_grounds_and_the_item_s_own_steps() -> None:
    assert suspension_ground("hearing", "", STEPS) == (SuspensionGround.HEARING, None)
    assert suspension_ground(SuspensionGround.EXPERT_REVIEW, "现场勘验", STEPS)[1] is None
    assert suspension_ground("special_step", " 现场勘验 ", STEPS) == (
        SuspensionGround.SPECIAL_STEP,
        STEPS[0],
    )


@pytest.mark.parametrize(
    ("ground", "step", "rule"),
    [
        ("组织听证", "", "suspension.ground"),
        ("", "", "suspension.ground"),
        (None, "", "suspension.ground"),
        (["hearing"], "", "suspension.ground"),
        ("special_step", "", "suspension.step"),
        ("special_step", "公示", "suspension.step"),
    ],
)
def test_anything_else_is_refused(ground: object, step: str, rule: str) -> None:
    with pytest.raises(DomainError) as error:
        suspension_ground(ground, step, STEPS)
    assert error.value.rule == rule
