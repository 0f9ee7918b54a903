"""Hypothesis-drawn hostile text (issue 8) through every service that takes a reason, a
note or a comment on a case after it was received: review, 一审一核, completion, denial,
withdrawal, suspension, extension, refusal, rating and follow-up.

Each one either keeps the text as typed (``as_typed``: the store's rule for text, the
blanks around it trimmed) in its row, its event and the case detail, and shows it as data
in the document it issues; or, when nothing is left of it and a reason is required,
refuses it by its rule and changes nothing."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from case_checks import EXTENDABLE_ITEM, case_of
from hostile import (
    HOSTILE_SETTINGS,
    as_typed,
    assert_refused,
    assert_shown_as_data,
    hostile_text,
    undone,
)
from hypothesis import example, given
from rating_pad import rate_case

from counter_tui.domain.legal import SuspensionGround
from counter_tui.services.cases.detail import case_detail
from counter_tui.services.intake import decisions, refusals
from counter_tui.services.tracking import approvals, extensions, progress, ratings, suspensions
from counter_tui.store.events import event_data
from counter_tui.store.models import (
    Event,
    Extension,
    Rating,
    RatingFollowUp,
    RatingRequest,
    Suspension,
)

pytestmark = pytest.mark.both_engines


TODAY = date(2026, 11, 27)  # the demo's day


def last_event(number: str) -> dict[str, Any]:
    event = Event.select().where(Event.case == case_of(number)).order_by(Event.id.desc()).get()
    return event_data(event)


def shown_in_detail(number: str, session: Any) -> dict[str, Any]:
    """The case detail's last timeline entry, as the screen gets it."""
    return dict(case_detail(session, number, TODAY).timeline[-1].data)


@dataclass(frozen=True)
class Entry:
    """A service taking text: the case it needs, the call, where the text is kept (each
    read back), the rule refusing a blank (None: a blank is taken) and the staff acting."""

    case: str
    call: Callable[[Any, str, str], object]
    kept: Callable[[str, Any], list[str]]
    blank_rule: str | None
    by: str = "ga03"


def _event_and_detail(key: str) -> Callable[[str, Any], list[str]]:
    return lambda number, session: [last_event(number)[key], shown_in_detail(number, session)[key]]


ENTRIES = {
    "forward_review": Entry(
        "accepted",
        lambda s, n, t: progress.forward_review(s, n, t),
        _event_and_detail("note"),
        None,
    ),
    "record_review": Entry(
        "in_review",
        lambda s, n, t: progress.record_review(s, n, "unfavourable", t),
        _event_and_detail("note"),
        "review.reason",
    ),
    "request_approval": Entry(
        "accepted_hb",
        lambda s, n, t: progress.request_approval(s, n, t),
        _event_and_detail("opinion"),
        None,
        by="hb01",
    ),
    "complete": Entry(
        "accepted",
        lambda s, n, t: progress.complete(s, n, "posted", t),
        _event_and_detail("note"),
        None,
    ),
    "record_denial": Entry(
        "accepted",
        lambda s, n, t: progress.record_denial(s, n, t),
        _event_and_detail("reason"),
        "denial.reason",
    ),
    "withdraw": Entry(
        "accepted",
        lambda s, n, t: progress.withdraw(s, n, t),
        _event_and_detail("reason"),
        "withdraw.reason",
    ),
    "resume": Entry(
        "suspended", lambda s, n, t: suspensions.resume(s, n, t), _event_and_detail("note"), None
    ),
    "request_extension": Entry(
        "extendable",
        lambda s, n, t: extensions.request_extension(s, n, 3, t),
        lambda n, s: [
            last_event(n)["reason"],
            Extension.get(Extension.case == case_of(n)).reason,
            case_detail(s, n, TODAY).extension.reason,
        ],
        "extension.reason",
    ),
    "reject_extension": Entry(
        "extension_asked",
        lambda s, n, t: extensions.reject_extension(s, n, t),
        _event_and_detail("reason"),
        "extension.reject_reason",
        by="gachief",
    ),
    "deny": Entry(
        "awaiting_approval",
        lambda s, n, t: decisions.deny(s, n, t),
        _event_and_detail("reason"),
        "approval.reason",
        by="gachief",
    ),
    "approvals.reject refusal": Entry(
        "refusal_proposed",
        lambda s, n, t: approvals.reject(s, "refusal", n, t),
        lambda n, s: [last_event(n)["note"]],
        "refusal.return_reason",
        by="gachief",
    ),
    "reject_refusal": Entry(
        "refusal_proposed",
        lambda s, n, t: refusals.reject_refusal(s, n, t),
        lambda n, s: [last_event(n)["note"]],
        None,
        by="gachief",
    ),
    # The applicant's words typed on the pad (docs/rules.md §11).
    "rate": Entry(
        "completed",
        lambda s, n, t: rate_case(n, 5, "other", t),
        lambda n, s: [
            _final_request(n).text,
            case_detail(s, n, TODAY).rating.comment,
            *[f.text for f in ratings.open_follow_ups(s) if f.case_number == n],
        ],
        None,
    ),
    "close_follow_up": Entry(
        "poorly_rated",
        lambda s, n, t: ratings.close_case_follow_up(s, n, "explained", t),
        lambda n, s: [
            last_event(n)["note"],
            RatingFollowUp.get(RatingFollowUp.request == _final_request(n)).note,
            case_detail(s, n, TODAY).rating.follow_up_note,
        ],
        "follow_up.note",
        by="gachief",
    ),
}


def _final_request(number: str) -> RatingRequest:
    return Rating.get(Rating.case == case_of(number)).request


@pytest.fixture
def prepared(received, sign) -> Callable[[str], str]:
    """``prepared(point)``: a case brought to that point through the services, once per
    test: its examples run on it in turn, each one undone."""
    made: dict[str, str] = {}

    def make(point: str) -> str:
        if point not in made:
            made[point] = bring(point)
        return made[point]

    def bring(point: str) -> str:
        clerk = sign("ga03")
        if point == "received_gh":
            return received("GH-001", clerk="gh01")
        if point == "accepted_hb":
            number = received("HB-006", clerk="hb01")
            decisions.accept(sign("hb01"), number)
            return number
        if point == "awaiting_approval":
            number = received("GA-005")  # 即办 under 一审一核
            decisions.complete_on_spot(clerk, number)
            return number
        extendable = point in ("extendable", "extension_asked")
        number = received(EXTENDABLE_ITEM) if extendable else received()
        if point == "refusal_proposed":
            refusals.refuse(clerk, number, "not_required", details="不符合条件")
            return number
        decisions.accept(clerk, number)
        if point == "in_review":
            progress.forward_review(clerk, number)
        elif point == "suspended":
            suspensions.suspend(clerk, number, "hearing", 5)
        elif point == "extension_asked":
            extensions.request_extension(clerk, number, 3, "需现场勘验")
        elif point in ("completed", "poorly_rated"):
            progress.complete(clerk, number, "handed_over")
            if point == "poorly_rated":
                rate_case(number, 5, "efficiency", "等太久")
        return number

    return make


@pytest.mark.parametrize("entry", ENTRIES.values(), ids=ENTRIES.keys())
@HOSTILE_SETTINGS
@given(text=hostile_text)
@example(text=" \x00\t")  # blank once the store drops the NUL: a required reason is refused
@example(text="\x00 原因 \x00")  # trimmed as stored, not before
@example(text="原\ud800因")  # a surrogate: UTF-8 cannot encode it
def test_hostile_text_is_kept_as_typed_or_refused_by_its_rule(
    demo_db: str, prepared, sign, entry: Entry, text: str
) -> None:
    number = prepared(entry.case)
    session = sign(entry.by)
    with undone():
        if entry.blank_rule is not None and not as_typed(text):
            assert_refused(lambda: entry.call(session, number, text), entry.blank_rule)
            return
        entry.call(session, number, text)
        kept = entry.kept(number, session)
        assert kept == [as_typed(text)] * len(kept)


# ── the documents that carry the text ───────────────────────────────────────


@HOSTILE_SETTINGS
@given(text=hostile_text)
@example(text="\u061c听证\u061c")  # the Arabic letter mark reorders text as a bidi control does
@example(text="听证\udc80")
def test_a_hostile_suspension_reason_reaches_its_notice_as_data(
    demo_db: str, prepared, sign, text: str
) -> None:
    number = prepared("accepted")
    clerk = sign("ga03")
    with undone():
        # A free-text reason alone is no ground (Art. 45): refused, whatever it says.
        if text not in set(SuspensionGround):
            assert_refused(lambda: suspensions.suspend(clerk, number, text, 5), "suspension.ground")
        assert_refused(
            lambda: suspensions.suspend(clerk, number, "special_step", 5, "", text),
            "suspension.step",
        )
        if not as_typed(text):
            return
        document = suspensions.suspend(clerk, number, "appraisal", 5, text)
        row = Suspension.get(Suspension.case == case_of(number))
        detail = case_detail(clerk, number, TODAY)
        assert row.reason == detail.suspensions[0].reason == as_typed(text)
        assert last_event(number)["reason"] == document.body["reason"] == as_typed(text)
        assert detail.documents[-1].body == document.body  # the reprint says what was printed
        assert_shown_as_data(document, as_typed(text), sentence=True)


@HOSTILE_SETTINGS
@given(text=hostile_text)
def test_a_hostile_extension_reason_reaches_the_approved_notice_as_data(
    demo_db: str, prepared, sign, text: str
) -> None:
    number = prepared("extendable")
    with undone():
        if not as_typed(text):
            return  # refused at the request: test_hostile_text_is_kept_as_typed_or_refused…
        extensions.request_extension(sign("ga03"), number, 3, text)
        document = extensions.approve_extension(sign("gachief"), number)
        assert document.body["reason"] == as_typed(text)
        assert_shown_as_data(document, as_typed(text), sentence=True)


# A refusal names the competent body (outside the remit) or the facts (no licence
# needed); the decision prints that one.
REFUSALS = {"outside_remit": "refusal.competent_body", "not_required": ""}


@pytest.mark.parametrize("kind", REFUSALS)
@HOSTILE_SETTINGS
@given(body=hostile_text, details=hostile_text)
@example(body="\x00", details="\x00")
def test_a_hostile_refusal_reaches_its_decision_as_data(
    demo_db: str, prepared, sign, kind: str, body: str, details: str
) -> None:
    """规划 refuses without the chief's sign-off: the decision is issued at once."""
    number = prepared("received_gh")
    clerk = sign("gh01")
    printed = body if kind == "outside_remit" else details
    with undone():
        call = lambda: refusals.refuse(  # noqa: E731
            clerk, number, kind, competent_body=body, details=details
        )
        if REFUSALS[kind] and not as_typed(printed):
            assert_refused(call, REFUSALS[kind])
            return
        document = call().document
        assert document is not None
        if kind == "outside_remit":
            assert document.body["competent_body"] == as_typed(body)
        assert document.body["details"] == last_event(number)["details"] == as_typed(details)
        if as_typed(printed):
            assert_shown_as_data(document, as_typed(printed), sentence=True)
