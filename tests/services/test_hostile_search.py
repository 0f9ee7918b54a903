"""Hypothesis-drawn hostile text (issue 8) typed into every search and lookup: the case
search (F8), the queue's ``/`` search, the guide search, an item's use count, a case
number and a document number. No crash; a search finds only what matches it (never
every case because of a wildcard, a NUL or an escape); a lookup of something that is not
there is refused by its rule and changes nothing."""

from datetime import date

import pytest
from hostile import HOSTILE_SETTINGS, assert_refused, hostile_text, undone
from hypothesis import example, given

from counter_tui.services.cases import finding
from counter_tui.services.cases.detail import case_detail
from counter_tui.services.cases.documents import load_document
from counter_tui.services.cases.queue import queue
from counter_tui.services.catalog.guide_search import record_use, search_guides
from counter_tui.store.models import Case, Document, Item, storable_text

pytestmark = pytest.mark.both_engines


TODAY = date(2026, 11, 27)  # the demo's day


def searched(query: str) -> str:
    """The query as the case search reads it."""
    return " ".join(storable_text(query.replace("\x00", " ")).split())


def could_match(number: str, query: str) -> bool:
    """What the case search may find for ``query``, written out plainly (and more
    loosely: any letter case), straight from the stored case."""
    case = Case.get(Case.number == number)
    text = searched(query).lower()
    compact = "".join(text.split())
    return (
        any(
            compact in str(value).lower()
            for value in (
                case.number,
                case.applicant_id_number,
                case.agent_id_number,
                case.applicant_phone,
            )
        )
        or text in case.applicant_name.lower()
        or text in case.agent_name.lower()
    )


@HOSTILE_SETTINGS
@given(name=hostile_text, query=hostile_text)
@example(name="王\ud800", query="王\ud800")
@example(name="王", query="长" * 20_000)  # a LIKE pattern over SQLite's 50,000 bytes
def test_the_case_search_finds_only_what_matches(
    demo_db: str, draft, sign, name: str, query: str
) -> None:
    clerk = sign("ga03")
    with undone():
        number = draft(applicant={"name": name})
        found = [summary.number for summary in finding.find_cases(clerk, query, limit=1000)]
        assert all(could_match(n, query) for n in found)
        if not searched(query) or len(searched(query)) > finding.MAX_QUERY:
            assert found == []
        # A name typed again finds its case, whatever is in it (blanks inside it count
        # as one, as the search reads them).
        typed = searched(name)
        if typed == storable_text(name) and 0 < len(typed) <= finding.MAX_QUERY:
            assert number in [s.number for s in finding.find_cases(clerk, typed, limit=1000)]


@HOSTILE_SETTINGS
@given(query=hostile_text)
def test_the_queue_search_finds_only_what_matches(demo_db: str, sign, query: str) -> None:
    lines = queue(sign("gachief"), TODAY, scope="department", search=query, limit=None)
    assert all(could_match(line.number, query) for line in lines)
    if not searched(query):
        assert lines == queue(sign("gachief"), TODAY, scope="department", limit=None)
    elif len(searched(query)) > finding.MAX_QUERY:
        assert lines == []


@HOSTILE_SETTINGS
@given(query=hostile_text)
def test_the_guide_search_takes_anything(demo_db: str, query: str) -> None:
    current = {item.id for item in Item.select(Item.id).where(Item.current)}
    hits = search_guides(query, limit=20)
    assert len(hits) <= 20
    assert {hit.item_id for hit in hits} <= current


@HOSTILE_SETTINGS
@given(code=hostile_text)
def test_a_hostile_item_code_counts_no_use(demo_db: str, code: str) -> None:
    with undone():
        if Item.get_or_none(Item.code == storable_text(code)) is None:
            assert_refused(lambda: record_use(code), "catalog.unknown_item")


@HOSTILE_SETTINGS
@given(number=hostile_text)
def test_a_hostile_case_or_document_number_finds_nothing(demo_db: str, sign, number: str) -> None:
    clerk = sign("ga03")
    if Case.get_or_none(Case.number == "".join(storable_text(number).split()).upper()) is None:
        assert_refused(lambda: case_detail(clerk, number, TODAY), "case.not_found")
    if Document.get_or_none(Document.number == storable_text(number).strip()) is None:
        assert_refused(lambda: load_document(clerk, number), "document.not_found")
