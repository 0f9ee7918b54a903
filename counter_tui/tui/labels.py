"""Words for stored codes, translated at display time."""

from __future__ import annotations

from counter_tui.domain.checklist import MaterialStatus
from counter_tui.domain.deadlines import CaseDeadline, Limit
from counter_tui.domain.errors import N_
from counter_tui.domain.lifecycle import STATE_LABELS, CaseState
from counter_tui.domain.ratings import RATING_LABELS, RatingLevel
from counter_tui.i18n import _
from counter_tui.services.auth import ROLE_LABELS
from counter_tui.services.cases.deadlines import CaseClocks
from counter_tui.services.cases.detail import EVENT_LABELS

# The light of a case's time limit: a coloured mark plus a word, so that colour-blind
# readers and monochrome terminals get the same information.
# How a question was asked (咨询登记: services/consultations/questions.py::Channel).
CHANNEL_LABELS = {"walk_in": N_("Walk-in"), "phone": N_("By phone")}
LIGHT_WORDS: dict[str | None, str] = {
    "green": N_("on time"),
    "yellow": N_("due soon"),
    "red": N_("overdue"),
    None: N_("not started"),
}
LIGHT_MARKS: dict[str | None, str] = {"green": "●", "yellow": "●", "red": "●", None: "○"}
LIGHT_STYLES: dict[str | None, str] = {
    "green": "green",
    "yellow": "yellow",
    "red": "bold red",
    None: "dim",
}

# A material's checklist status, as the checklist and the case detail colour it.
STATUS_STYLES = {
    MaterialStatus.PENDING: "",
    MaterialStatus.PROVIDED: "green",
    MaterialStatus.MISSING: "bold red",
    MaterialStatus.DEFICIENT: "bold red",
    MaterialStatus.DEFERRED: "yellow",
    MaterialStatus.NOT_APPLICABLE: "dim",
}


# 即办 / 承诺, short enough for a list column; the guide itself says 即办件 / 承诺件.
KIND_WORDS: dict[str, str] = {
    "immediate": N_("Immediate"),
    "promised": N_("Promised"),
}


def kind_word(kind: str) -> str:
    """A kind the catalog did not know when this was written is shown as stored."""
    return _(KIND_WORDS[kind]) if kind in KIND_WORDS else kind


def role_label(role: str) -> str:
    return _(ROLE_LABELS[role]) if role in ROLE_LABELS else role


def state_label(state: CaseState | str) -> str:
    try:
        return _(STATE_LABELS[CaseState(state)])
    except ValueError:
        return str(state)


def due_text(deadline: CaseClocks | CaseDeadline | None) -> str:
    """The due date, marked 暂定 when it rests on a year without an official calendar."""
    if deadline is None:
        return "—"
    due = deadline.due
    if due.provisional:
        return _("{date} prov.").format(date=due.date.isoformat())
    return due.date.isoformat()


def short_due_text(deadline: CaseDeadline | None) -> str:
    """A list's due date: month and day (a case's clocks run weeks, not years), 暂定 marked."""
    if deadline is None:
        return "—"
    due = deadline.due
    text = due.date.strftime("%m-%d")
    return _("{date} prov.").format(date=text) if due.provisional else text


# The two clocks, short enough for the case detail's one line and the list columns.
LIMIT_WORDS = {Limit.PROMISED: N_("Promised"), Limit.LEGAL: N_("Legal")}


def limit_label(limit: Limit) -> str:
    """承诺 / 法定."""
    return _(LIMIT_WORDS[limit])


KEY_PROJECT_MARK = "★"  # a key project's case (docs/rules.md §23): as wide as the light's


def light_label(light: str | None, key_project: bool = False) -> str:
    """``● overdue``: the mark and the word; a key project's case has ``★`` for the mark
    (in the light's colour), so the row grows by nothing at 80 columns."""
    mark = KEY_PROJECT_MARK if key_project else LIGHT_MARKS[light]
    return f"{mark} {_(LIGHT_WORDS[light])}"


def remaining_text(remaining: int | None) -> str:
    """Working days left: ``3``, ``0``, ``-2`` when overdue; ``—`` before the clock starts."""
    return "—" if remaining is None else str(remaining)


def event_label(kind: str) -> str:
    """What a timeline entry says happened; a kind written after this table by its name."""
    return _(EVENT_LABELS[kind]) if kind in EVENT_LABELS else kind


def rating_label(level: int) -> str:
    """好差评: five levels, the last two 差评."""
    try:
        return _(RATING_LABELS[RatingLevel(level)])
    except ValueError:
        return str(level)
