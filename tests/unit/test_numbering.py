from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counter_tui.domain.numbering import (
    DOCUMENT_TITLES,
    KIND_MARKS,
    CounterKey,
    DocumentKind,
    case_counter,
    case_number,
    counter_period,
    counter_scope,
    document_counter,
    document_number,
)


def test_document_number_format() -> None:
    assert document_number("公安", DocumentKind.ACCEPTANCE_NOTICE, 2026, 12) == "公安受〔2026〕12号"
    assert document_number("环保", DocumentKind.REFUSAL, 2026, 1) == "环保不受〔2026〕1号"
    assert document_number(" 规划 ", "receipt", 2027, 10000) == "规划收〔2027〕10000号"  # type: ignore[arg-type]


def test_every_kind_has_a_mark_and_a_title() -> None:
    assert set(KIND_MARKS) == set(DocumentKind) == set(DOCUMENT_TITLES)
    assert dict(KIND_MARKS) == {
        DocumentKind.RECEIPT: "收",
        DocumentKind.DEFICIENCY_NOTICE: "告",
        DocumentKind.ACCEPTANCE_NOTICE: "受",
        DocumentKind.REFUSAL: "不受",
        DocumentKind.EXTENSION_NOTICE: "延",
        DocumentKind.SUSPENSION_NOTICE: "特",
        DocumentKind.RESUMPTION_NOTICE: "恢",
        DocumentKind.HANDOVER_SHEET: "交",
        DocumentKind.GRANT: "许",
        DocumentKind.DENIAL: "不许",
        DocumentKind.RESULT_NOTICE: "结",
    }
    assert len(set(KIND_MARKS.values())) == len(KIND_MARKS)  # a number tells its kind
    assert DOCUMENT_TITLES[DocumentKind.RECEIPT] == "Material receipt"
    assert DOCUMENT_TITLES[DocumentKind.DEFICIENCY_NOTICE] == "One-time notice"


def test_case_number_format() -> None:
    assert case_number("GA", date(2026, 11, 28), 7) == "GA20261128-0007"
    assert case_number("hb", date(2026, 1, 2), 9999) == "HB20260102-9999"
    assert case_number("GA", date(2026, 11, 28), 12345) == "GA20261128-12345"


@pytest.mark.parametrize("seq", [0, -1, True, 1.0, "1"])
def test_bad_sequence_is_refused(seq: object) -> None:
    with pytest.raises(ValueError):
        document_number("公安", DocumentKind.RECEIPT, 2026, seq)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        case_number("GA", date(2026, 11, 28), seq)  # type: ignore[arg-type]


@pytest.mark.parametrize("name", ["", "   ", "公 安", "公\n安", "公\x1b安", None])
def test_bad_short_name_is_refused(name: object) -> None:
    with pytest.raises(ValueError):
        document_number(name, DocumentKind.RECEIPT, 2026, 1)  # type: ignore[arg-type]


@pytest.mark.parametrize("code", ["", " ", "公安", "G-A", "G A", None])
def test_bad_department_code_is_refused(code: object) -> None:
    with pytest.raises(ValueError):
        case_number(code, date(2026, 11, 28), 1)  # type: ignore[arg-type]


@pytest.mark.parametrize("year", [999, 10000, "2026", True])
def test_bad_year_is_refused(year: object) -> None:
    with pytest.raises(ValueError):
        document_number("公安", DocumentKind.RECEIPT, year, 1)  # type: ignore[arg-type]


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError):
        document_number("公安", "permit", 2026, 1)  # type: ignore[arg-type]


def test_counter_keys() -> None:
    day = date(2026, 11, 28)
    assert counter_scope("GA") == "case:GA"
    assert counter_period(day) == "20261128"
    assert counter_scope("公安", DocumentKind.ACCEPTANCE_NOTICE) == "doc:公安:acceptance_notice"
    assert counter_period(day, DocumentKind.ACCEPTANCE_NOTICE) == "2026"
    assert case_counter("ga", day) == CounterKey("case:GA", "20261128")
    assert document_counter("公安", DocumentKind.REFUSAL, day) == ("doc:公安:refusal", "2026")


def test_counter_scope_agrees_with_the_printed_number() -> None:
    # Two spellings that print the same number must share one counter row.
    assert counter_scope(" ga ") == counter_scope("GA")
    assert counter_scope(" 公安 ", DocumentKind.RECEIPT) == counter_scope("公安", "receipt")  # type: ignore[arg-type]


@settings(max_examples=200, database=None, deadline=None)
@given(
    st.sampled_from(list(DocumentKind)),
    st.integers(min_value=1000, max_value=9999),
    st.integers(min_value=1, max_value=10**7),
    st.integers(min_value=1, max_value=10**7),
)
def test_distinct_sequences_give_distinct_numbers(
    kind: DocumentKind, year: int, a: int, b: int
) -> None:
    same = document_number("公安", kind, year, a) == document_number("公安", kind, year, b)
    assert same == (a == b)
    day = date(year, 6, 1)
    assert (case_number("GA", day, a) == case_number("GA", day, b)) == (a == b)


@settings(max_examples=200, database=None, deadline=None)
@given(st.dates(min_value=date(1000, 1, 1)), st.integers(min_value=1, max_value=99999))
def test_case_number_embeds_day_and_sequence(day: date, seq: int) -> None:
    number = case_number("GA", day, seq)
    stamp, _, tail = number[2:].partition("-")
    assert date(int(stamp[:4]), int(stamp[4:6]), int(stamp[6:])) == day
    assert int(tail) == seq and len(tail) >= 4
