"""The words of a bundle case's documents (一件事, docs/rules.md §21): one 材料接收凭证, one
combined 一次性告知书 and one 受理通知书 for all its items, each item's part under a line
that names it, its department and its case number, in the words of a case's documents
(notice_words.py); the terms they share said once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

from counter_tui.documents.labels import date_label, days_label
from counter_tui.documents.layout import Fact
from counter_tui.documents.legal_text import is_licensing
from counter_tui.documents.notice_words import (
    Heading,
    NoticeContent,
    Part,
    Table,
    acceptance_terms,
    accepted_sentence,
    applicant_facts,
    deferred_table,
    deficiency_table,
    delivery_terms,
    marked_provisional,
    place_of,
    plain,
    receipt_table,
    receipt_terms,
    supplement_terms,
    undertaking,
)
from counter_tui.domain.legal import LimitUnit
from counter_tui.domain.numbering import DOCUMENT_TITLES, DocumentKind
from counter_tui.i18n import _
from counter_tui.services.cases.documents import IssuedDocument, case_part

BundleWords = Callable[[Mapping[str, Any]], tuple[list[Part], list[Fact]]]


def is_bundle_document(document: IssuedDocument) -> bool:
    return "cases" in document.body and "bundle" in document.body


def _cases(body: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """Each item's part as a case's own body: the bundle's facts with the part's."""
    return [case_part(body, part["case"]) for part in body["cases"]]


def _heading(number: int, case: Mapping[str, Any]) -> str:
    return _("Item {number}: {item} ({department}, case number {case})").format(
        number=number,
        item=plain(case["item"]["name"]),
        department=plain(case["department"]),
        case=plain(case["case"]),
    )


def _opening(body: Mapping[str, Any]) -> dict[str, object]:
    return {
        "bundle": plain(body["bundle"]["name"]),
        "number": plain(body["bundle"]["number"]),
        "count": len(body["cases"]),
        "received": date_label(body["received_on"]) if body.get("received_on") else "",
    }


def _one_window(cases: list[Mapping[str, Any]]) -> str:
    """Why one office takes what several departments decide (docs/rules.md §21.1): the
    State Council's 一件事 guidance, and for licences the law's designated department."""
    if any(is_licensing(case) for case in cases):
        return _(
            "Under Article 26(2) of the Administrative Licensing Law of the People's "
            "Republic of China and the State Council's guidance on getting one thing done "
            "efficiently (国发〔2024〕3号), this office takes the applications for these "
            "items together and passes them to the departments that carry them out; each "
            "department examines its item and decides on it according to law."
        )
    return _(
        "Under the State Council's guidance on getting one thing done efficiently "
        "(国发〔2024〕3号), this office takes the applications for these items together "
        "and passes them to the departments that carry them out; each department examines "
        "its item and decides on it according to law."
    )


def _receipt(body: Mapping[str, Any]) -> tuple[list[Part], list[Fact]]:
    parts: list[Part] = [
        _(
            "Your application for “{bundle}” (bundle case number {number}, {count} items) "
            "was received at this window on {received}. The materials received for each "
            "item are listed below."
        ).format(**_opening(body)),
        _one_window(_cases(body)),
    ]
    for number, case in enumerate(_cases(body), 1):
        parts += [_heading(number, case), receipt_table(case["materials"])]
    return parts + receipt_terms(body), []


def _deficiency_notice(body: Mapping[str, Any]) -> tuple[list[Part], list[Fact]]:
    cases = _cases(body)
    parts: list[Part] = [
        _(
            "Having examined your application for “{bundle}” received on {received} "
            "(bundle case number {number}), we found the following problems with the "
            "materials of its items. Please supplement or correct them and submit them "
            "again:"
        ).format(**_opening(body))
    ]
    parts.insert(0, _one_window(cases))
    for number, case in enumerate(cases, 1):
        parts.append(_heading(number, case))
        if case["items"]:
            parts.append(deficiency_table(case["items"]))
        else:
            parts.append(
                _(
                    "Materials complete: accepted together with the other items once they "
                    "are supplemented."
                )
            )
    # One notice, one date: the terms are every part's; a deficient item's words them.
    terms = next(case for case in cases if case["items"])
    parts += supplement_terms(terms, any(is_licensing(case) for case in cases))
    signature, delivered = delivery_terms(terms)
    return parts + signature, delivered


def _limit(case: Mapping[str, Any], days: str, due: str) -> str:
    unit = case.get("limit_unit", LimitUnit.WORKING)
    date = marked_provisional(date_label(case[due]), case.get("provisional", False))
    return days_label(case[days], unit) + _(" (by {date})").format(date=date)


def _acceptance_notice(body: Mapping[str, Any]) -> tuple[list[Part], list[Fact]]:
    cases = _cases(body)
    parts: list[Part] = [_one_window(cases), *(accepted_sentence(case) for case in cases)]
    rows = tuple(
        (
            str(number),
            plain(case["item"]["name"]),
            plain(case["department"]),
            plain(case["case"]),
            _limit(case, "legal_days", "legal_due"),
            _limit(case, "promised_days", "expected_due") if case["promised_days"] else "—",
        )
        for number, case in enumerate(cases, 1)
    )
    parts.append(
        Table(
            (
                _("No."),
                _("Item"),
                _("Department"),
                _("Case number"),
                _("Legal time limit"),
                _("Promised time limit"),
            ),
            rows,
            (1.1, 5.0, 3.6, 4.0, 4.2, 4.2),
        )
    )
    deferring = [(number, case) for number, case in enumerate(cases, 1) if case["deferred"]]
    for number, case in deferring:
        parts += [
            _heading(number, case),
            _(
                "Deferred materials: you have undertaken to supply the following by the "
                "dates given; the result is issued once they are supplied."
            ),
            deferred_table(case),
        ]
    parts += acceptance_terms(body, any(case.get("provisional") for case in cases))
    parts.append(
        _("The results of every item are handed over together at {place}.").format(
            place=place_of(body)
        )
    )
    for _number, case in deferring:
        parts += undertaking(case)
    return parts, [Fact(_("Accepted on"), date_label(cases[0]["accepted_on"]))]


_WORDS: Mapping[DocumentKind, BundleWords] = MappingProxyType(
    {
        DocumentKind.RECEIPT: _receipt,
        DocumentKind.DEFICIENCY_NOTICE: _deficiency_notice,
        DocumentKind.ACCEPTANCE_NOTICE: _acceptance_notice,
    }
)


def bundle_content(document: IssuedDocument) -> NoticeContent:
    """A bundle case's document: its words between the head and foot of every
    document, issued by the comprehensive window's department."""
    body = document.body
    parts, extra = _WORDS[document.kind](body)
    cut = next((n for n, p in enumerate(parts) if isinstance(p, Heading)), len(parts))
    facts = [
        Fact(_("Bundle case number"), plain(body["bundle"]["number"])),
        Fact(_("Bundle of items"), plain(body["bundle"]["name"])),
        *applicant_facts(body["applicant"]),
        *extra,
    ]
    return NoticeContent(
        centre=plain(body["centre"]),
        title=_(DOCUMENT_TITLES[document.kind]),
        number=plain(body["number"]),
        addressee=_("{name}:").format(name=plain(body["applicant"]["name"])),
        body=tuple(parts[:cut]),
        facts=tuple(facts),
        issuer=(
            _("{department} (seal)").format(department=plain(body["department"])),
            date_label(body["date"]),
        ),
        handled=(
            Fact(_("Handled at"), place_of(body)),
            Fact(_("Clerk"), plain(body["clerk"])),
            Fact(_("Contact phone"), plain(body["phone"]) or "—"),
        ),
        annex=tuple(parts[cut:]),
    )
