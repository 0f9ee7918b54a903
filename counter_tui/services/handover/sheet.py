"""The handover sheet (交接单): numbered when the handover is confirmed; before that an
unnumbered draft of the cases as they are now, to preview and print."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType
from typing import Any

from counter_tui.domain.audit import canonical_json
from counter_tui.domain.errors import N_
from counter_tui.domain.numbering import DocumentKind
from counter_tui.services.bundles.progress import BundleCaseView
from counter_tui.services.cases.change import moment
from counter_tui.services.cases.documents import IssuedDocument, as_issued
from counter_tui.services.clock import to_local
from counter_tui.services.handover.open_work import WorkKind, WorkLine, urgency
from counter_tui.services.profile import centre_name
from counter_tui.store.models import Document, Handover

SKIP_REASONS: Mapping[str, str] = MappingProxyType(
    {
        "closed": N_("no longer open"),
        "owner": N_("no longer the giver's"),
    }
)


@dataclass(frozen=True)
class Skipped:
    case_number: str
    reason: str  # a key of SKIP_REASONS


def _stamp(at: datetime | None) -> str | None:
    return to_local(at).strftime("%Y-%m-%d %H:%M") if at is not None else None


def sheet_line(work: WorkLine, note: str, added: bool = False) -> dict[str, Any]:
    return {
        "case": work.case_number,
        "kind": work.kind.value,
        "item": work.item_name,
        "applicant": work.applicant,
        "id_number": work.applicant_id,
        "state": work.state.value,
        "due": work.due,
        "provisional": work.provisional,
        "note": note,
        "added": added,
    }


def sheet_lines(lines: Iterable[tuple[WorkLine, str, bool]]) -> list[dict[str, Any]]:
    """The sheet's lines, by kind of work, the most urgent first in each."""
    order = list(WorkKind)
    ranked = sorted(lines, key=lambda line: (order.index(line[0].kind), urgency(line[0])))
    return [sheet_line(work, note, added) for work, note, added in ranked]


def bundle_sheet_line(view: BundleCaseView) -> dict[str, Any]:
    """A bundle case the receiver follows from now on: how far its departments are, and
    the level of a step's 差评 still followed up (None without one)."""
    return {
        "bundle_case": view.number,
        "bundle": view.bundle_name,
        "applicant": view.applicant,
        "received_on": view.received_on,
        "decided": sum(not line.open for line in view.cases),
        "cases": len(view.cases),
        "delivered_on": view.delivered_on,
        "follow_up": int(view.follow_up) if view.follow_up is not None else None,
    }


def sheet_content(
    handover: Handover,
    lines: Iterable[dict[str, Any]],
    skipped: Iterable[Skipped],
    bundles: Iterable[BundleCaseView] = (),
) -> dict[str, Any]:
    window = handover.window if handover.window_id else None
    return {
        "handover": handover.id,
        "state": handover.state,
        "window": window.number if window is not None else None,
        "from": {"code": handover.from_staff.code, "name": handover.from_staff.name},
        "to": {"code": handover.to_staff.code, "name": handover.to_staff.name},
        "prepared_at": _stamp(handover.created_at),
        "decided_at": _stamp(handover.decided_at),
        "note": handover.note,
        "decline_reason": handover.decline_reason,
        "cases": list(lines),
        "skipped": [{"case": s.case_number, "reason": s.reason} for s in skipped],
        "bundles": [bundle_sheet_line(view) for view in bundles],
    }


def issued_sheet(handover: Handover) -> IssuedDocument | None:
    """The sheet issued when ``handover`` was confirmed."""
    candidates = Document.select().where(
        (Document.kind == DocumentKind.HANDOVER_SHEET.value)
        & (Document.staff == handover.to_staff_id)
        & (Document.issued_at == handover.decided_at)
    )
    for document in candidates:
        if json.loads(document.body).get("handover") == handover.id:
            return as_issued(document)
    return None


def draft_sheet(
    handover: Handover,
    lines: Iterable[tuple[WorkLine, str]],
    closed: Iterable[str],
    bundles: Iterable[BundleCaseView] = (),
) -> IssuedDocument:
    """An unnumbered sheet of ``handover`` with the open work ``lines`` (work, note) as
    they are now, the ``closed`` case numbers that are no longer open work and the
    ``bundles`` the giver follows."""
    when = moment()
    body = {
        "kind": DocumentKind.HANDOVER_SHEET.value,
        "number": "",
        "date": when.today,
        "centre": centre_name(),
        "department": handover.from_staff.department.name,
        "draft": True,
        **sheet_content(
            handover,
            sheet_lines((work, note, False) for work, note in lines),
            [Skipped(number, "closed") for number in closed],
            bundles,
        ),
    }
    return IssuedDocument(
        number="",
        kind=DocumentKind.HANDOVER_SHEET,
        case_number=None,
        issued_at=to_local(when.at),
        body=MappingProxyType(json.loads(canonical_json(body))),
    )
