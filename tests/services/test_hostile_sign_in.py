"""Hypothesis-drawn hostile text (issue 8) as a staff code, a PIN and a new PIN: sign-in
and unlocking just fail, counting the failure against a real account as any wrong PIN
does; a PIN that breaks the PIN rule is refused by it."""

import pytest
from hostile import HOSTILE_SETTINGS, assert_refused, hostile_text, undone
from hypothesis import example, given, settings

from counter_tui.services.auth import check_pin_strength, sign_in, unlock
from counter_tui.services.errors import AuthError
from counter_tui.store.models import Staff, storable_text

pytestmark = pytest.mark.both_engines


def failures(code: str) -> int:
    return Staff.get(Staff.code == code).failed_attempts


@HOSTILE_SETTINGS
@given(code=hostile_text)
def test_a_hostile_staff_code_just_fails_to_sign_in(demo_db: str, code: str) -> None:
    with undone():
        if Staff.get_or_none(Staff.code == storable_text(code).strip()) is None:
            assert_refused(lambda: sign_in(code, "1101"), "auth.wrong")


# Each PIN checked costs a deliberately slow hash: fewer examples.
@settings(HOSTILE_SETTINGS, max_examples=8)
@given(pin=hostile_text)
@example(pin="1101\ud800")  # a surrogate: UTF-8 cannot encode it for the hash
def test_a_hostile_pin_just_fails_to_sign_in_or_unlock(demo_db: str, sign, pin: str) -> None:
    with undone():
        with pytest.raises(AuthError) as caught:
            sign_in("ga01", pin)
        assert caught.value.rule == "auth.wrong" and failures("ga01") == 1
        with pytest.raises(AuthError) as caught:
            unlock(sign("ga02"), pin)
        assert caught.value.rule == "auth.wrong" and failures("ga02") == 1


@HOSTILE_SETTINGS
@given(pin=hostile_text)
def test_a_hostile_pin_is_refused_by_the_pin_rule_unless_it_keeps_it(pin: str) -> None:
    if 4 <= len(pin) <= 64 and pin.isprintable():
        check_pin_strength(pin)
    else:
        with pytest.raises(AuthError) as caught:
            check_pin_strength(pin)
        assert caught.value.rule == "auth.pin_rule"
