"""The numbered documents of a case (文书): issued inside the deciding transaction, their
content kept as canonical JSON so a reprint says exactly what was printed.

A body holds facts, not words: the labels and the legal wording are put in at render time
(``counter_tui.documents.notices``), in the interface language. ID numbers are stored
masked: a document is handed to the applicant and may be read by anyone.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType
from typing import Any

from counter_tui.domain.checklist import ChecklistLine
from counter_tui.domain.errors import N_
from counter_tui.domain.identifiers import mask_id, shown_id
from counter_tui.domain.numbering import DocumentKind
from counter_tui.services.auth import StaffSession, check_session
from counter_tui.services.cases.change import CaseChange, Moment, desk, get_case
from counter_tui.services.cases.numbers import next_document_number
from counter_tui.services.clock import to_local
from counter_tui.services.errors import PermissionDenied, ServiceError
from counter_tui.services.profile import centre_name, centre_profile
from counter_tui.store.models import (
    BundleCase,
    Case,
    Department,
    Document,
    Staff,
    Window,
    storable_json,
)


@dataclass(frozen=True)
class IssuedDocument:
    """A document as issued: its number, kind, case, local time of issue and content."""

    number: str
    kind: DocumentKind
    case_number: str | None
    issued_at: datetime  # in the centre's time zone
    body: Mapping[str, Any]


def _issued(document: Document, case_number: str | None) -> IssuedDocument:
    return IssuedDocument(
        number=document.number,
        kind=DocumentKind(document.kind),
        case_number=case_number,
        issued_at=to_local(document.issued_at),
        body=MappingProxyType(json.loads(document.body)),
    )


def as_issued(document: Document) -> IssuedDocument:
    """A stored document as issued."""
    return _issued(document, document.case.number if document.case_id is not None else None)


def applicant_facts(case: Case) -> dict[str, str]:
    return {
        "kind": case.applicant_kind,
        "name": case.applicant_name,
        "id_type": case.applicant_id_type,
        "id_number": shown_id(case.applicant_id_type, case.applicant_id_number),
        "agent_name": case.agent_name,
        "agent_id_type": case.agent_id_type,
        "agent_id_number": mask_id(case.agent_id_number),
    }


def material_facts(line: ChecklistLine) -> dict[str, Any]:
    return {
        "material_id": line.material_id,
        "name": line.name,
        "necessity": line.necessity.value,
        "condition": line.condition,
        "form": line.form.value,
        "copies": line.copies,
        "standard": line.standard,
        "status": line.status.value,
        "form_provided": line.form_provided,
        "copies_provided": line.copies_provided,
        "reason": line.reason,
        "deferred_until": line.deferred_until,
    }


class BundlePapers:
    """The documents a bundle case issues whole (docs/rules.md §21): while a bundle step
    runs, each of its cases' steps hands its part of a document here instead of issuing
    its own, and is told the one document's number; ``store`` then issues the one
    document with every case's part, in the comprehensive window's name."""

    def __init__(self, bundle_case: BundleCase, window: Window, staff: Staff, when: Moment):
        self.bundle_case, self.window, self.staff, self.when = bundle_case, window, staff, when
        self.parts: dict[DocumentKind, list[dict[str, Any]]] = {}
        self.numbers: dict[DocumentKind, str] = {}

    def add(self, kind: DocumentKind, case: Case, content: Mapping[str, Any]) -> IssuedDocument:
        """A case's part of the bundle's document of ``kind``; numbered on the first part."""
        if kind not in self.numbers:
            department = self.window.department
            self.numbers[kind] = next_document_number(department, kind, self.when.today)
        item = case.item
        part = {
            "case": case.number,
            "department": case.department.name,
            "item": {
                "code": item.code,
                "version": item.version,
                "name": item.name,
                "type": item.item_type,
                "legal_basis": item.legal_basis,
            },
            **content,
        }
        self.parts.setdefault(kind, []).append(part)
        return IssuedDocument(
            number=self.numbers[kind],
            kind=kind,
            case_number=None,
            issued_at=to_local(self.when.at),
            body=MappingProxyType(part),
        )

    def store(self, kind: DocumentKind, first: Case, content: Mapping[str, Any]) -> IssuedDocument:
        """Issue the bundle's document of ``kind`` with every part handed in; ``first``,
        a case of the bundle, gives the applicant and the receipt date they share."""
        window, profile = self.window, centre_profile()
        body = {
            "kind": kind.value,
            "number": self.numbers[kind],
            "date": self.when.today,
            "centre": centre_name(),
            "department": window.department.name,
            "window": window.number,
            "phone": window.phone,
            "clerk": self.staff.name,
            "bundle": {
                "number": self.bundle_case.number,
                "code": self.bundle_case.bundle.code,
                "name": self.bundle_case.bundle.name,
            },
            "applicant": applicant_facts(first),
            "received_on": first.received_on,
            "complaint_phone": profile.complaint_phone,
            **content,
            "cases": self.parts[kind],
        }
        document = Document.create(
            number=body["number"],
            kind=kind.value,
            case=None,
            bundle_case=self.bundle_case,
            staff=self.staff,
            issued_at=self.when.at,
            body=storable_json(body),
        )
        return _issued(document, None)


def issue_document(
    kind: DocumentKind,
    change: CaseChange,
    content: Mapping[str, Any],
    clerk: Staff | None = None,
) -> IssuedDocument:
    """Number, date and store a document of the change's case; call inside the change.
    Within a bundle step (``change.papers``), the case's part goes to the bundle's one
    document instead.

    The change's staff member issues it (a chief signing a refusal); ``clerk``, who
    handled the case, defaults to them. The body names the centre, department, the
    clerk's window, the clerk and the item."""
    if change.papers is not None:
        return change.papers.add(kind, change.case, content)
    case, today = change.case, change.when.today
    profile = centre_profile()
    if clerk is None or clerk.id == change.staff.id:
        clerk, window = change.staff, change.window
    else:
        window = desk(clerk, case.department)
    department = case.department
    item = case.item
    number = next_document_number(department, kind, today)
    body = {
        "kind": kind.value,
        "number": number,
        "date": today,
        "centre": change.centre_name,
        "department": department.name,
        "window": window.number if window is not None else None,
        "phone": (window.phone if window is not None else "") or item.phone,
        "clerk": clerk.name,
        "case": case.number,
        # The type decides which law the words cite: 行政许可法 for a licence, else the
        # item's own legal basis (docs/rules.md §6).
        "item": {
            "code": item.code,
            "version": item.version,
            "name": item.name,
            "type": item.item_type,
            "legal_basis": item.legal_basis,
        },
        "applicant": applicant_facts(case),
        "received_on": case.received_on,
        "complaint_phone": profile.complaint_phone,
        **content,
    }
    return _store(kind, case, change.staff, change.when.at, body)


def remedy_facts(department: Department) -> dict[str, str]:
    """Where a decision can be challenged (行政复议法 2023 Art. 20, 行政诉讼法 Art. 46):
    the department's own reconsideration body (a vertically managed organ), else the
    centre's government; the centre's court. Empty where the profile lacks them: the
    document still prints, and the administrator's home lists the gap."""
    profile = centre_profile()
    return {
        "reconsideration_body": department.reconsideration_body or profile.reconsideration_body,
        "court": profile.court,
    }


def _store(
    kind: DocumentKind, case: Case | None, staff: Staff, at: datetime, body: Mapping[str, Any]
) -> IssuedDocument:
    document = Document.create(
        number=body["number"],
        kind=kind.value,
        case=case,
        staff=staff,
        issued_at=at,
        body=storable_json(body),  # returned as stored: the store's text rule
    )
    return _issued(document, case.number if case is not None else None)


def _of_case(case: Case) -> Any:
    """The documents of a case: its own, and those of the bundle case it is part of."""
    if case.bundle_case_id is None:
        return Document.case == case.id
    return (Document.case == case.id) | (Document.bundle_case == case.bundle_case_id)


def documents_of(case: Case, kind: DocumentKind) -> list[Document]:
    """The case's documents of ``kind``, the first issued first."""
    return list(
        Document.select()
        .where(_of_case(case) & (Document.kind == kind.value))
        .order_by(Document.id)
    )


def notice_document(case: Case) -> Document | None:
    """The case's one-time notice (一次性告知书), if it was issued."""
    found = documents_of(case, DocumentKind.DEFICIENCY_NOTICE)
    return found[0] if found else None


def case_part(body: Mapping[str, Any], case_number: str) -> Mapping[str, Any]:
    """A document's body as the case's own: a bundle's document gives its shared facts
    with this case's part (docs/rules.md §21); a case's document is its body."""
    if "cases" not in body:
        return body
    part = next(p for p in body["cases"] if p["case"] == case_number)
    return {**{key: value for key, value in body.items() if key != "cases"}, **part}


def notice_body(case: Case) -> Mapping[str, Any] | None:
    """What the case's one-time notice says of it, if one was issued."""
    notice = notice_document(case)
    return None if notice is None else case_part(json.loads(notice.body), case.number)


def issue_staff_document(
    kind: DocumentKind,
    department: Department,
    staff: Staff,
    when: Moment,
    content: Mapping[str, Any],
) -> IssuedDocument:
    """Number, date and store a document of the staff's own work that belongs to no case
    (a handover sheet, 交接单); call inside the transaction that did the work. The body
    names the centre and the department; ``content`` the rest."""
    number = next_document_number(department, kind, when.today)
    body = {
        "kind": kind.value,
        "number": number,
        "date": when.today,
        "centre": centre_name(),
        "department": department.name,
        **content,
    }
    return _store(kind, None, staff, when.at, body)


def _took_its_bundle(session: StaffSession, case: Case) -> bool:
    """The case is one item of a bundle case a clerk of the session's department took at
    its comprehensive window: that office follows it to the delivery (docs/rules.md §21)."""
    if case.bundle_case_id is None:
        return False
    taken_by = (
        Staff.select(Staff.department)
        .join(BundleCase, on=(BundleCase.owner == Staff.id))
        .where(BundleCase.id == case.bundle_case_id)
        .scalar()
    )
    return taken_by == session.department_id


def check_reader(session: StaffSession, case: Case | None) -> None:
    """Staff read their own department's documents, and those of the cases of the bundle
    cases their department took; an administrator reads all."""
    check_session(session)
    if session.role == "admin" or case is None:
        return
    if session.department_id != case.department_id and not _took_its_bundle(session, case):
        raise PermissionDenied(
            "document.department", N_("This document belongs to another department")
        )


def load_document(session: StaffSession, number: str) -> IssuedDocument:
    """A document by its number, for a reprint."""
    document = Document.get_or_none(Document.number == number.strip())
    if document is None:
        raise ServiceError("document.not_found", N_("No document numbered {number}"), number=number)
    case = document.case
    check_reader(session, case)
    return _issued(document, case.number if case is not None else None)


def case_documents(session: StaffSession, case_number: str) -> list[IssuedDocument]:
    """Every document of a case, in the order they were issued."""
    case = get_case(case_number)
    check_reader(session, case)
    return issued_documents(case)


def issued_documents(case: Case) -> list[IssuedDocument]:
    """``case_documents`` for a caller that has read the case and checked the reader."""
    return [
        _issued(document, case.number)
        for document in Document.select().where(_of_case(case)).order_by(Document.id)
    ]
