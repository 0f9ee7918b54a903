"""Who applies: the applicant and agent rules, and the phone numbers a counter takes."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counter_tui.domain.applicant import (
    APPLICANT_FIELDS,
    Applicant,
    check_applicant,
    check_complete,
)
from counter_tui.domain.errors import DomainError, IdentifierError
from counter_tui.domain.identifiers import (
    resident_id_check_char,
    uscc_check_char,
    validate_landline,
    validate_phone,
)

TODAY = date(2026, 11, 27)
PERSON_ID = "11010519491231002X"
USCC = "91330106" + "MA2H3K4L5" + uscc_check_char("91330106MA2H3K4L5")
AGENT_ID = "330106199001011234"[:17] + resident_id_check_char("33010619900101123")


def person(**fields: str) -> Applicant:
    values = {
        "kind": "person",
        "name": "王小明",
        "id_type": "resident_id",
        "id_number": PERSON_ID,
        "phone": "13812345678",
    }
    values.update(fields)
    return Applicant(**values)


def problems(applicant: Applicant) -> dict[str, str]:
    return {p.field: p.error.rule for p in check_applicant(applicant, TODAY)[1]}


# ── phones ───────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("text", "stored"),
    [
        ("0571-86801003", "0571-86801003"),
        ("057186801003", "0571-86801003"),
        ("(0571)86801003", "0571-86801003"),
        ("（0571）86801003", "0571-86801003"),
        ("010-62345678", "010-62345678"),
        ("0571-86801003-123", "0571-86801003-123"),
        ("0571-86801003转8", "0571-86801003-8"),
        ("+86 571 8680 1003", "0571-86801003"),
        ("０５７１－８６８０１００３", "0571-86801003"),
    ],
)
def test_landlines_with_their_area_code_are_normalised(text: str, stored: str) -> None:
    assert validate_landline(text) == stored
    assert validate_phone(text) == stored


@pytest.mark.parametrize(
    "text", ["86801003", "0571-06801003", "057-186801003", "0571-86801003-12-3", "", "abc"]
)
def test_a_landline_without_area_code_or_malformed_is_refused(text: str) -> None:
    with pytest.raises(IdentifierError) as caught:
        validate_phone(text)
    assert caught.value.rule == "phone.format"


def test_mobiles_still_validate_as_phones() -> None:
    assert validate_phone("+86 138 1234 5678") == "13812345678"
    with pytest.raises(IdentifierError):
        validate_phone("12812345678")


@settings(max_examples=200, database=None, deadline=None)
@given(
    area=st.sampled_from(["010", "021", "0571", "0755", "0898"]),
    local=st.from_regex(r"[2-9][0-9]{6,7}", fullmatch=True),
)
def test_every_area_code_and_local_number_validates(area: str, local: str) -> None:
    assert validate_phone(f"{area}-{local}") == f"{area}-{local}"
    assert validate_phone(f"{area}{local}") == f"{area}-{local}"


# ── applicant ────────────────────────────────────────────────────────────────


def test_a_complete_person_is_normalised() -> None:
    applicant = person(name=" 王小明 ", id_number=PERSON_ID.lower(), phone="138 1234 5678")
    assert check_complete(applicant, TODAY) == person()


def test_every_missing_field_is_named() -> None:
    assert problems(Applicant()) == {
        "name": "applicant.name_missing",
        "id_type": "applicant.id_type_missing",
        "phone": "applicant.phone_missing",
    }
    assert problems(person(id_number="")) == {"id_number": "applicant.id_number_missing"}


def test_the_id_error_names_the_validators_rule() -> None:
    assert problems(person(id_number="110105194912310021")) == {"id_number": "resident_id.checksum"}
    with pytest.raises(DomainError) as caught:
        check_complete(person(id_number="1101051949123"), TODAY)
    assert caught.value.rule == "resident_id.length"


def test_an_invalid_value_is_kept_as_typed() -> None:
    normalised, found = check_applicant(person(id_number="1101 0519", phone="0571"), TODAY)
    assert normalised.id_number == "1101 0519" and normalised.phone == "0571"
    assert {p.field for p in found} == {"id_number", "phone"}


def test_id_types_fit_the_kind_of_applicant() -> None:
    assert problems(person(id_type="uscc", id_number=USCC)) == {"id_type": "applicant.id_type"}
    organisation = Applicant(
        kind="organisation",
        name="示范市宏远建设有限公司",
        id_type="uscc",
        id_number=USCC,
        phone="0571-86801003",
        agent_name="李四",
        agent_id_type="resident_id",
        agent_id_number=AGENT_ID,
    )
    assert problems(organisation) == {}
    assert problems(Applicant(**{**organisation.__dict__, "id_type": "resident_id"})) == {
        "id_type": "applicant.id_type"
    }
    assert problems(Applicant(**{**organisation.__dict__, "kind": "company"})) == {
        "kind": "applicant.kind"
    }


def test_an_organisation_applies_through_an_agent_with_a_personal_id() -> None:
    organisation = Applicant(
        kind="organisation", name="示范市宏远建设有限公司", id_type="uscc", id_number=USCC,
        phone="0571-86801003",
    )  # fmt: skip
    assert problems(organisation) == {
        "agent_name": "applicant.agent_name_missing",
        "agent_id_type": "applicant.id_type_missing",
    }
    with_uscc_agent = Applicant(
        **{**organisation.__dict__, "agent_name": "李四", "agent_id_type": "uscc",
           "agent_id_number": USCC}
    )  # fmt: skip
    assert problems(with_uscc_agent) == {"agent_id_type": "applicant.id_type"}


def test_a_person_may_come_with_an_agent_whose_id_is_checked() -> None:
    assert problems(person(agent_name="李四")) == {"agent_id_type": "applicant.id_type_missing"}
    bad = person(agent_name="李四", agent_id_type="resident_id", agent_id_number=AGENT_ID[:-1])
    assert problems(bad) == {"agent_id_number": "resident_id.length"}
    good = person(agent_name="李四", agent_id_type="resident_id", agent_id_number=AGENT_ID)
    assert problems(good) == {}


def test_fields_are_the_case_columns_the_services_store() -> None:
    assert APPLICANT_FIELDS == (
        "kind", "name", "id_type", "id_number", "phone", "address",
        "agent_name", "agent_id_type", "agent_id_number",
    )  # fmt: skip
