from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counter_tui.domain.errors import IdentifierError
from counter_tui.domain.identifiers import (
    USCC_ALPHABET,
    IdType,
    mask_id,
    mask_name,
    mask_phone,
    resident_id_check_char,
    uscc_check_char,
    validate_hmt_permit,
    validate_id,
    validate_mobile,
    validate_resident_id,
    validate_uscc,
)

PROPERTY = settings(max_examples=300, database=None, deadline=None)
TODAY = date(2026, 11, 28)
PROVINCES = [*range(11, 16), *range(21, 24), *range(31, 38), *range(41, 47), *range(50, 55),
             *range(61, 66), 71, 81, 82, 83]  # fmt: skip


def with_check(first17: str) -> str:
    return first17 + resident_id_check_char(first17)


def rule_of(call, *args, **kwargs) -> str:
    with pytest.raises(IdentifierError) as caught:
        call(*args, **kwargs)
    assert str(caught.value)  # the message formats with its parameters
    return caught.value.rule


# --- resident ID -----------------------------------------------------------------------


def test_standard_example_validates() -> None:
    # The example printed in GB 11643-1999.
    assert validate_resident_id("11010519491231002X", today=TODAY) == "11010519491231002X"


def test_lowercase_x_spaces_and_full_width_are_normalised() -> None:
    assert validate_resident_id(" 110105 19491231 002x ", today=TODAY) == "11010519491231002X"
    assert validate_resident_id("１１０１０５１９４９１２３１００２Ｘ", today=TODAY) == (
        "11010519491231002X"
    )


def test_hmt_residence_permits_are_accepted() -> None:
    for prefix in ("810000", "820000", "830000"):
        number = with_check(prefix + "19900101123")
        assert validate_resident_id(number, today=TODAY) == number
        assert validate_hmt_permit(number, today=TODAY) == number
        assert validate_id(IdType.RESIDENCE_PERMIT_HMT, number, today=TODAY) == number


def test_hmt_permit_needs_its_fixed_prefix() -> None:
    assert rule_of(validate_hmt_permit, "11010519491231002X", today=TODAY) == "hmt_permit.prefix"
    assert rule_of(validate_hmt_permit, with_check("810101" + "19900101123"), today=TODAY) == (
        "hmt_permit.prefix"
    )


def test_area_codes_are_not_checked_beyond_the_province() -> None:
    # 460300 (三沙) was created in 2012; someone born earlier may still hold it after a move.
    number = with_check("460300" + "19800101123")
    assert validate_resident_id(number, today=TODAY) == number
    assert validate_resident_id(with_check("119999" + "19800101123"), today=TODAY)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("", "resident_id.length"),
        ("11010519491231002", "resident_id.length"),
        ("110105194912310021X", "resident_id.length"),
        ("110105491231002", "resident_id.length"),  # first-generation 15 digits
        ("1101051949123100XX", "resident_id.characters"),
        ("11010519491231002Y", "resident_id.characters"),
        ("A1010519491231002X", "resident_id.characters"),
        ("11010519491231٠٠2X", "resident_id.characters"),  # Arabic-Indic digits
        (with_check("101010" + "19900101123"), "resident_id.province"),
        (with_check("160000" + "19900101123"), "resident_id.province"),
        (with_check("840000" + "19900101123"), "resident_id.province"),
        (with_check("110105" + "19490229123"), "resident_id.birth_date"),  # not a leap year
        (with_check("110105" + "19491301123"), "resident_id.birth_date"),
        (with_check("110105" + "00000000123"), "resident_id.birth_date"),
        ("440524188001010014", "resident_id.birth_date"),  # GB 11643 example: born 1880
        (with_check("110105" + "20261129123"), "resident_id.birth_date"),  # tomorrow
        ("110105194912310021", "resident_id.checksum"),
    ],
)
def test_resident_id_failures(text: str, rule: str) -> None:
    assert rule_of(validate_resident_id, text, today=TODAY) == rule


def test_birth_today_is_accepted_and_today_defaults_to_the_clock() -> None:
    number = with_check("110105" + TODAY.strftime("%Y%m%d") + "123")
    assert validate_resident_id(number, today=TODAY) == number
    future = with_check("110105" + "29991231" + "123")
    assert rule_of(validate_resident_id, future) == "resident_id.birth_date"


def test_checksum_message_names_the_standard_and_both_characters() -> None:
    with pytest.raises(IdentifierError) as caught:
        validate_resident_id("110105194912310021", today=TODAY)
    assert caught.value.params == {"expected": "X", "actual": "1"}
    assert "MOD 11-2" in str(caught.value)


@st.composite
def resident_ids(draw: st.DrawFn) -> str:
    province = draw(st.sampled_from(PROVINCES))
    area = draw(st.integers(min_value=0, max_value=9999))
    birth = draw(st.dates(min_value=date(1900, 1, 1), max_value=TODAY))
    sequence = draw(st.integers(min_value=0, max_value=999))
    return with_check(f"{province:02d}{area:04d}{birth:%Y%m%d}{sequence:03d}")


@PROPERTY
@given(resident_ids())
def test_every_built_resident_id_validates(number: str) -> None:
    assert validate_resident_id(number, today=TODAY) == number
    assert validate_resident_id(number.lower(), today=TODAY) == number


@PROPERTY
@given(resident_ids(), st.sampled_from("0123456789X"))
def test_any_other_check_character_fails(number: str, replacement: str) -> None:
    if replacement == number[17]:
        replacement = "0" if number[17] == "X" else "X"
    with pytest.raises(IdentifierError) as caught:
        validate_resident_id(number[:17] + replacement, today=TODAY)
    assert caught.value.rule == "resident_id.checksum"


@PROPERTY
@given(resident_ids(), st.integers(min_value=0, max_value=16), st.integers(1, 9))
def test_any_single_digit_change_fails(number: str, position: int, shift: int) -> None:
    changed = str((int(number[position]) + shift) % 10)
    with pytest.raises(IdentifierError):
        validate_resident_id(number[:position] + changed + number[position + 1 :], today=TODAY)


# --- USCC ------------------------------------------------------------------------------


def test_known_uscc_validates() -> None:
    assert validate_uscc("91350100M000100Y43") == "91350100M000100Y43"
    assert validate_uscc(" 91350100m000100y43 ") == "91350100M000100Y43"
    assert uscc_check_char("91350100M000100Y4") == "3"


USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def weighted_sum(body: str) -> int:
    return sum(USCC_ALPHABET.index(c) * w for c, w in zip(body, USCC_WEIGHTS, strict=True))


def test_uscc_check_value_31_maps_to_zero() -> None:
    # A body whose weighted sum is a multiple of 31 would give 31 - 0 = 31: it must be "0".
    body = next(b for i in range(10**6) if weighted_sum(b := f"9111{i:013d}") % 31 == 0)
    assert uscc_check_char(body) == "0"
    assert validate_uscc(body + "0") == body + "0"


def test_uscc_check_char_is_31_minus_the_sum() -> None:
    body = "91350100M000100Y4"
    assert USCC_ALPHABET.index(uscc_check_char(body)) == 31 - weighted_sum(body) % 31


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("91350100M000100Y4", "uscc.length"),
        ("91350100M000100Y433", "uscc.length"),
        ("91350100M000100I43", "uscc.characters"),
        ("91350100O000100Y43", "uscc.characters"),
        ("91350100S000100Y43", "uscc.characters"),
        ("91350100V000100Y43", "uscc.characters"),
        ("91350100Z000100Y43", "uscc.characters"),
        ("9135010-M000100Y43", "uscc.characters"),
        ("01350100M000100Y43", "uscc.authority"),
        ("B1350100M000100Y43", "uscc.authority"),
        ("91350100M000100Y44", "uscc.checksum"),
    ],
)
def test_uscc_failures(text: str, rule: str) -> None:
    assert rule_of(validate_uscc, text) == rule


def test_uscc_character_error_names_the_position() -> None:
    with pytest.raises(IdentifierError) as caught:
        validate_uscc("91350100M000100I43")
    assert caught.value.params == {"position": 16, "char": "I"}


@st.composite
def usccs(draw: st.DrawFn) -> str:
    authority = draw(st.sampled_from("123456789ANY"))
    rest = draw(st.text(alphabet=USCC_ALPHABET, min_size=16, max_size=16))
    body = authority + rest
    return body + uscc_check_char(body)


@PROPERTY
@given(usccs())
def test_every_computed_uscc_validates(code: str) -> None:
    assert validate_uscc(code) == code
    assert validate_uscc(code.lower()) == code


@PROPERTY
@given(usccs(), st.integers(min_value=0, max_value=17), st.integers(min_value=1, max_value=30))
def test_any_single_uscc_substitution_fails(code: str, position: int, shift: int) -> None:
    changed = USCC_ALPHABET[(USCC_ALPHABET.index(code[position]) + shift) % 31]
    with pytest.raises(IdentifierError) as caught:
        validate_uscc(code[:position] + changed + code[position + 1 :])
    assert caught.value.rule in {"uscc.checksum", "uscc.authority"}


# --- mobile ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "13812345678",
        "138 1234 5678",
        "138-1234-5678",
        "+86 138 1234 5678",
        "+8613812345678",
        "8613812345678",
        "0086 13812345678",
        "１３８１２３４５６７８",
    ],
)
def test_mobile_forms_are_normalised(text: str) -> None:
    assert validate_mobile(text) == "13812345678"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "1381234567",
        "138123456789",
        "12812345678",  # second digit 2
        "10812345678",
        "23812345678",
        "+85213812345678",
        "1381234567a",
        "010-12345678",
        "86138123456",  # 11 digits starting with 86 is not a prefixed number
    ],
)
def test_mobile_failures(text: str) -> None:
    assert rule_of(validate_mobile, text) == "mobile.format"


@PROPERTY
@given(st.sampled_from("3456789"), st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_every_mainland_mobile_validates(second: str, rest: str) -> None:
    number = "1" + second + rest
    assert validate_mobile(number) == number
    assert validate_mobile("+86" + number) == number


# --- masking and dispatch --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("11010519491231002X", "110105********002X"),
        ("91350100M000100Y43", "913501********0Y43"),
        ("13812345678", "138123*5678"),
        ("E12345678", "E1*****78"),
        ("1234567890", "12******90"),
        ("12345", "1***5"),
        ("1234", "****"),
        ("", ""),
        ("  110105194912310021  ", "110105********0021"),
    ],
)
def test_mask_id(text: str, masked: str) -> None:
    assert mask_id(text) == masked


def test_mask_id_never_raises() -> None:
    assert mask_id(None) == ""


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("13812345678", "138****5678"),
        (" 0571-86801003 ", "057******1003"),
        ("86801003", "86****03"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_phone(text: str | None, masked: str) -> None:
    assert mask_phone(text) == masked


@pytest.mark.parametrize(
    ("text", "masked"),
    [("张敏", "张*"), ("欧阳娜娜", "欧***"), (" Li ", "L*"), ("王", "王"), ("", ""), (None, "")],
)
def test_mask_name(text: str | None, masked: str) -> None:
    assert mask_name(text) == masked


@PROPERTY
@given(st.text(max_size=40))
def test_mask_id_keeps_length_and_hides_the_middle(text: str) -> None:
    masked = mask_id(text)
    value = text.strip()
    assert len(masked) == len(value)
    if len(value) > 10:
        assert masked == value[:6] + "*" * (len(value) - 10) + value[-4:]
    elif len(value) > 4:
        assert masked[len(value) // 2] == "*"
        assert masked.count("*") >= len(value) // 2
    else:
        assert masked == "*" * len(value)


def test_validate_id_dispatches() -> None:
    assert validate_id(IdType.RESIDENT_ID, "11010519491231002x", today=TODAY) == (
        "11010519491231002X"
    )
    assert validate_id("uscc", "91350100M000100Y43") == "91350100M000100Y43"
    assert validate_id(IdType.PASSPORT, "  E12345678 ") == "E12345678"
    assert validate_id(IdType.OTHER, "军官证 12345") == "军官证 12345"
    assert rule_of(validate_id, IdType.RESIDENT_ID, "123") == "resident_id.length"
    assert rule_of(validate_id, IdType.USCC, "123") == "uscc.length"
    with pytest.raises(ValueError):
        validate_id("driving_licence", "x")


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("", "id_number.empty"),
        ("   ", "id_number.empty"),
        ("E123\x1b[31m", "id_number.characters"),
        ("E12\n345", "id_number.characters"),
        ("E" * 33, "id_number.length"),
    ],
)
def test_passport_and_other_failures(text: str, rule: str) -> None:
    for kind in (IdType.PASSPORT, IdType.OTHER):
        assert rule_of(validate_id, kind, text) == rule


def test_passport_length_limit_is_inclusive() -> None:
    assert validate_id(IdType.PASSPORT, "E" * 32) == "E" * 32


def test_id_type_values_are_stable_codes() -> None:
    assert [str(t) for t in IdType] == ["resident_id", "hmt_permit", "uscc", "passport", "other"]


def test_a_resident_id_says_its_holders_birth_sex_and_province() -> None:
    from counter_tui.domain.identifiers import resident_facts

    facts = resident_facts(validate_resident_id("11010519491231002X"))
    assert (facts.birth, facts.female, facts.province) == (date(1949, 12, 31), True, "北京市")
    male = "33010619830209265" + resident_id_check_char("33010619830209265")
    assert (resident_facts(male).female, resident_facts(male).province) == (False, "浙江省")
