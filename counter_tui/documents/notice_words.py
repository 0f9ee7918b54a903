"""The words of a case's documents — 材料接收凭证, 一次性告知书, 受理通知书, 不予受理决定书,
决定书, 延期通知, 特别程序告知书, 恢复办理通知书 — and of the handover sheet (交接单): each
kind's content (``NoticeContent``), translated and cleaned, from the body stored when it
was issued. ``notices.py`` lays them out as text, HTML and PDF.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from counter_tui.documents.labels import (
    copies_label,
    date_label,
    days_label,
    fact,
    form_label,
    procedure_label,
)
from counter_tui.documents.layout import (
    Fact,
)
from counter_tui.documents.legal_text import (
    cited_basis,
    complaint_line,
    is_licensing,
    remedies,
)
from counter_tui.documents.wrap import clean
from counter_tui.domain.checklist import NOTICE_DELIVERY_LABELS, NoticeDelivery, RefusalKind
from counter_tui.domain.errors import N_
from counter_tui.domain.identifiers import ID_TYPE_LABELS
from counter_tui.domain.legal import LimitUnit
from counter_tui.domain.lifecycle import STATE_LABELS, CaseState
from counter_tui.domain.numbering import DOCUMENT_TITLES, DocumentKind
from counter_tui.domain.ratings import RATING_LABELS, RatingLevel
from counter_tui.i18n import _
from counter_tui.services.cases.documents import IssuedDocument
from counter_tui.services.handover.handover import HANDOVER_STATE_LABELS, HandoverState
from counter_tui.services.handover.sheet import SKIP_REASONS


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    weights: tuple[float, ...]  # each column's share of the page width


@dataclass(frozen=True)
class Heading:
    """The title of an annex: a sheet of its own after the document (an undertaking to
    sign); everything after it belongs to the annex."""

    text: str


Part = str | Table | Heading  # a paragraph, a table, an annex's title


@dataclass(frozen=True)
class NoticeContent:
    """A document's words, translated and cleaned, ready to lay out."""

    centre: str
    title: str
    number: str
    addressee: str  # “王小明：”
    body: tuple[Part, ...]
    facts: tuple[Fact, ...]  # case, item, applicant, agent, (limits)
    issuer: tuple[str, ...]  # right-aligned: the department (seal) and the date
    handled: tuple[Fact, ...]  # window, clerk, phone, signed by
    annex: tuple[Part, ...] = ()  # from a Heading on: printed after the document


def plain(value: Any) -> str:
    return clean("" if value is None else str(value))


def sentence(text: str) -> str:
    """Text typed by a clerk, without its own closing full stop (the template has one)."""
    return plain(text).strip().rstrip("。.；;，, ")


def place_of(body: Mapping[str, Any]) -> str:
    window = body.get("window")
    return _("Window {number}").format(number=window) if window else plain(body["department"])


def marked_provisional(text: str, provisional: bool) -> str:
    return text + _(" (provisional)") if provisional else text


def id_label(id_type: str, number: str) -> str:
    label = ID_TYPE_LABELS.get(id_type)
    kind = _(label) if label else plain(id_type)
    return f"{kind} {plain(number)}".strip()


def _common_facts(body: Mapping[str, Any]) -> list[Fact]:
    return [
        Fact(_("Case number"), plain(body["case"])),
        Fact(_("Item"), plain(body["item"]["name"])),
        *applicant_facts(body["applicant"]),
    ]


def applicant_facts(applicant: Mapping[str, Any]) -> list[Fact]:
    """Who applies, and their agent if any (ID numbers as stored: masked)."""
    out = [
        Fact(_("Applicant"), plain(applicant["name"])),
        Fact(_("ID document"), id_label(applicant["id_type"], applicant["id_number"])),
    ]
    if applicant.get("agent_name"):
        agent = id_label(applicant["agent_id_type"], applicant["agent_id_number"])
        out.append(Fact(_("Agent"), f"{plain(applicant['agent_name'])}（{agent}）"))
    return out


def _opening(body: Mapping[str, Any]) -> dict[str, str]:
    """The facts the opening sentence of every document names."""
    return {
        "item": plain(body["item"]["name"]),
        "case": plain(body["case"]),
        "received": date_label(body["received_on"]) if body.get("received_on") else "",
    }


def follow_up(body: Mapping[str, Any]) -> str:
    return _(
        "You can follow the application at {place} or by phone on {phone}, quoting the case number."
    ).format(place=place_of(body), phone=plain(body["phone"]) or "—")


# ── the documents of a case ──────────────────────────────────────────────────


def receipt_table(materials: list[Mapping[str, Any]]) -> Table:
    """What was handed over, material by material (not the ones that do not apply)."""
    rows = []
    for material in materials:
        status = material["status"]
        if status == "not_applicable" or (
            status == "pending" and material["necessity"] == "optional"
        ):
            continue
        form, copies = "—", "—"
        if status == "provided":
            form = form_label(material["form_provided"])
            copies = copies_label(material["copies_provided"])
            result = _("Received")
        elif status == "deficient":
            result = _("Received, not as required: {reason}").format(
                reason=sentence(material["reason"])
            )
        elif status == "deferred":
            result = _("Deferred: to be supplied by {date}").format(
                date=date_label(material["deferred_until"])
            )
        else:
            result = _("Not submitted")
        rows.append((str(len(rows) + 1), plain(material["name"]), form, copies, result))
    return Table(
        (_("No."), _("Material"), _("Form"), _("Copies"), _("Result")),
        tuple(rows),
        (1.1, 8.0, 3.2, 1.8, 5.0),
    )


def receipt_terms(body: Mapping[str, Any]) -> list[Part]:
    """What a receipt means, and how to follow the application."""
    return [
        _(
            "This receipt only confirms that the materials were received; it does not "
            "mean the application has been accepted. Within five working days of receipt "
            "you will be told whether it is accepted, or told at once of everything that "
            "must be supplemented; if you are not told, the application counts as "
            "accepted from the day of receipt."
        ),
        _("Please keep this receipt."),
        follow_up(body),
    ]


def _receipt(body: Mapping[str, Any]) -> tuple[list[Part], list[Fact]]:
    parts: list[Part] = [
        _(
            "Your application for “{item}” (case number {case}) was received at this window "
            "on {received}. The materials received are listed below."
        ).format(**_opening(body)),
        receipt_table(body["materials"]),
        *receipt_terms(body),
    ]
    return parts, []


def deficiency_table(items: list[Mapping[str, Any]]) -> Table:
    """What a one-time notice lists: each material, its problem and what is required."""
    rows = []
    for number, material in enumerate(items, 1):
        if material["status"] == "missing":
            problem = _("Missing")
        else:
            problem = _("Not as required: {reason}").format(reason=sentence(material["reason"]))
        required = _("{form}, {copies}").format(
            form=form_label(material["form"]), copies=copies_label(material["copies"])
        )
        if material.get("standard"):
            required += "\n" + plain(material["standard"])
        rows.append((str(number), plain(material["name"]), problem, required))
    return Table(
        (_("No."), _("Material"), _("Problem"), _("What is required")),
        tuple(rows),
        (1.1, 6.0, 5.0, 7.0),
    )


def supplement_terms(body: Mapping[str, Any], licensing: bool) -> list[Part]:
    """A notice's terms after its list: where and by when to supplement, what follows
    either way, that the list is the whole of it; ``licensing``: Art. 32's words."""
    due = marked_provisional(date_label(body["supplement_due"]), body.get("provisional", False))
    parts: list[Part] = [
        _(
            "Please bring this notice and supplement everything listed above at {place} "
            "by {due} (within {days} working days)."
        ).format(place=place_of(body), due=due, days=body["supplement_days"]),
        if_not_supplemented(body),
        _(
            "This notice lists everything that must be supplemented: no other material "
            "will be asked for on this application."
        ),
        _("Enquiries: {place}, phone {phone}.").format(
            place=place_of(body), phone=plain(body["phone"]) or "—"
        ),
    ]
    if licensing and "delivery" in body:
        parts.insert(
            0,
            _(
                "Under Article 32(1)(4) of the Administrative Licensing Law, you are told "
                "at once of everything that must be supplemented."
            ),
        )
    return parts


def delivery_terms(body: Mapping[str, Any]) -> tuple[list[Part], list[Fact]]:
    """How a notice reached the applicant, and the line they sign; nothing for a notice
    issued before the delivery was recorded."""
    if "delivery" not in body:
        return [], []
    delivered = _(NOTICE_DELIVERY_LABELS[NoticeDelivery(body["delivery"])])
    if body.get("delivery_detail"):
        delivered += f"（{plain(body['delivery_detail'])}）"
    signature = _(
        "Received by the applicant (signature): ____________　Date received: ____________"
    )
    return [signature], [Fact(_("Delivered"), delivered)]


def _deficiency_notice(body: Mapping[str, Any]) -> tuple[list[Part], list[Fact]]:
    parts: list[Part] = [
        _(
            "Having examined your application for “{item}” received on {received} (case "
            "number {case}), we found the following problems with the materials. Please "
            "supplement or correct them and submit them again:"
        ).format(**_opening(body)),
        deficiency_table(body["items"]),
        *supplement_terms(body, is_licensing(body)),
    ]
    signature, delivered = delivery_terms(body)
    return parts + signature, delivered


def if_not_supplemented(body: Mapping[str, Any]) -> str:
    """Deemed withdrawn only where the item's own law says so, naming it; a notice issued
    before the item said so reprints the words it was printed with."""
    if "withdrawal_basis" not in body:
        return _(
            "Once the materials are complete and in the legal form, the application is "
            "accepted on the day they are supplemented. If they are not supplemented in "
            "time, the application is treated as withdrawn."
        )
    if body["withdrawal_basis"]:
        return _(
            "Once the materials are complete and in the legal form, the application is "
            "accepted on the day they are supplemented. Under {basis}, if they are not "
            "supplemented in time, the application is treated as withdrawn."
        ).format(basis=sentence(body["withdrawal_basis"]))
    return _(
        "Once the materials are complete and in the legal form, the application is "
        "accepted on the day they are supplemented."
    )


# What the application was when it was accepted: ``basis`` (direct, after the supplement,
# deemed), and whether materials were deferred (容缺), when it never says "complete".
_ACCEPTED_AS: Mapping[tuple[str, bool], str] = {
    ("direct", False): N_(
        "Your application for “{item}” received on {received} (case number {case}) has "
        "complete materials in the legal form."
    ),
    ("direct", True): N_(
        "Your application for “{item}” received on {received} (case number {case}) has its "
        "main materials complete and in the legal form; the materials listed below are "
        "accepted as deferred (容缺受理)."
    ),
    ("supplement", False): N_(
        "Your application for “{item}” received on {received} (case number {case}) was "
        "supplemented as the one-time notice required on {accepted} and is now complete "
        "and in the legal form."
    ),
    ("supplement", True): N_(
        "Your application for “{item}” received on {received} (case number {case}) was "
        "supplemented as the one-time notice required on {accepted}: its main materials "
        "are complete and in the legal form; the materials listed below are accepted as "
        "deferred (容缺受理)."
    ),
    ("deemed", False): N_(
        "Your application for “{item}” received on {received} (case number {case}) was "
        "not answered with a notice to supplement within five working days."
    ),
}
_ACCEPTED_UNDER: Mapping[tuple[str, bool], str] = {  # (basis is deemed, licensing)
    (False, True): N_(
        "Under Article 32 of the Administrative Licensing Law it is accepted as of {accepted}."
    ),
    (True, True): N_(
        "Under Article 32(1)(4) of the Administrative Licensing Law it counts as accepted "
        "from the day of receipt, {accepted}."
    ),
    (False, False): N_("It is accepted as of {accepted}."),
    (True, False): N_("It counts as accepted from the day of receipt, {accepted}."),
}


def accepted_sentence(body: Mapping[str, Any]) -> str:
    basis = body["basis"]
    deferred = bool(body["deferred"]) and basis != "deemed"
    words = {**_opening(body), "accepted": date_label(body["accepted_on"])}
    under = _ACCEPTED_UNDER[(basis == "deemed", is_licensing(body))]
    # Two sentences: a space between them in English, none in Chinese.
    return _("{sentence} {next}").format(
        sentence=_(_ACCEPTED_AS[(basis, deferred)]).format(**words),
        next=_(under).format(**words),
    )


def undertaking(body: Mapping[str, Any]) -> list[Part]:
    """The applicant's written undertaking (容缺受理承诺书), on its own page, to sign."""
    return [
        Heading(_("Undertaking for deferred materials")),
        _(
            "I (the applicant) apply for “{item}” (case number {case}). I undertake to "
            "supply the deferred materials listed below by the dates given, and that they "
            "will be true and in the legal form. I understand that the result is issued "
            "only once they are supplied."
        ).format(**_opening(body)),
        deferred_table(body),
        _("Applicant (signature): ____________　Date: ____________"),
    ]


def deferred_table(body: Mapping[str, Any]) -> Table:
    return Table(
        (_("No."), _("Material"), _("To be supplied by")),
        tuple(
            (str(n), plain(m["name"]), date_label(m["until"]))
            for n, m in enumerate(body["deferred"], 1)
        ),
        (1.1, 12.0, 5.0),
    )


def _acceptance_notice(body: Mapping[str, Any]) -> tuple[list[Part], list[Fact]]:
    provisional = body.get("provisional", False)
    unit = body.get("limit_unit", LimitUnit.WORKING)  # natural days where the law says so
    limits = [
        Fact(_("Accepted on"), date_label(body["accepted_on"])),
        Fact(
            _("Legal time limit"),
            days_label(body["legal_days"], unit)
            + _(" (by {date})").format(
                date=marked_provisional(date_label(body["legal_due"]), provisional)
            ),
        ),
    ]
    if body["promised_days"]:
        limits.append(Fact(_("Promised time limit"), days_label(body["promised_days"], unit)))
    limits.append(
        Fact(
            _("Expected completion"),
            marked_provisional(date_label(body["expected_due"]), provisional),
        )
    )
    parts: list[Part] = [accepted_sentence(body)]
    if body["deferred"]:
        parts.append(
            _(
                "Deferred materials: you have undertaken to supply the following by the "
                "dates given; the result is issued once they are supplied."
            )
        )
        parts.append(deferred_table(body))
    parts += acceptance_terms(body, provisional)
    if body["deferred"]:
        parts += undertaking(body)
    return parts, limits


def acceptance_terms(body: Mapping[str, Any], provisional: bool) -> list[Part]:
    """An acceptance notice's terms: how the limits count, what a provisional date is
    (``provisional``: one is shown), how to follow the application, the complaint phone."""
    parts: list[Part] = [
        _(
            "Time limits count working days from the day of acceptance, excluding public "
            "holidays. Time needed for hearings, testing, inspection, expert review and "
            "the like is not counted; you will be told of it in writing."
        )
    ]
    if provisional:
        parts.append(
            _(
                "Dates marked provisional fall in a year whose official holiday schedule "
                "has not been published yet: they are counted with its statutory holidays, "
                "without the adjusted working days (调休), and confirmed once it is."
            )
        )
    parts.append(follow_up(body))
    if "complaint_phone" in body:
        parts.append(complaint_line(body))
    return parts


_OLD_REMEDIES = N_(
    "If you disagree with this decision, you may apply for administrative "
    "reconsideration according to law within sixty days of receiving it, or bring "
    "an administrative lawsuit before a people's court according to law within "
    "six months."
)


def _remedies(body: Mapping[str, Any]) -> str:
    """The remedies; a body stored before the profile named the bodies reprints the
    words it was printed with."""
    return remedies(body) if "remedies" in body else _(_OLD_REMEDIES)


def _refusal_reason(body: Mapping[str, Any]) -> str:
    kind = RefusalKind(body["reason_kind"])
    details = sentence(body.get("details", ""))
    if kind is RefusalKind.OUTSIDE_REMIT:
        reason = _(
            "the matter applied for is not within the powers of this authority by law. "
            "Please apply to {body}."
        ).format(body=sentence(body["competent_body"]))
        return f"{reason}{_('{details}.').format(details=details)}" if details else reason
    if kind is RefusalKind.NOT_REQUIRED and not is_licensing(body):
        reason = _("the matter applied for does not need to be handled by this authority by law")
        return (
            _("{reason}: {details}.").format(reason=reason, details=details)
            if details
            else (_("{reason}.").format(reason=reason))
        )
    if kind is RefusalKind.NOT_REQUIRED and details:
        return _(
            "no administrative licence is required by law for the matter applied for: {details}."
        ).format(details=details)
    if kind is RefusalKind.NOT_REQUIRED:
        return _("no administrative licence is required by law for the matter applied for.")
    # Recorded before issue 19, when ineligibility could still be given at the door.
    if kind is RefusalKind.NOT_ELIGIBLE:
        return _("the applicant does not meet the conditions for applying: {details}.").format(
            details=details
        )
    return _("{details}.").format(details=details)


# The article each ground of a licence's refusal rests on (行政许可法 Art. 32(1) 项).
_REFUSED_UNDER: Mapping[RefusalKind, str] = {
    RefusalKind.NOT_REQUIRED: N_(
        "Under Article 32(1)(1) of the Administrative Licensing Law, this authority has "
        "decided not to accept the application. The materials you submitted are returned "
        "with this decision."
    ),
    RefusalKind.OUTSIDE_REMIT: N_(
        "Under Article 32(1)(2) of the Administrative Licensing Law, this authority has "
        "decided not to accept the application. The materials you submitted are returned "
        "with this decision."
    ),
}


def _refused_under(body: Mapping[str, Any]) -> str:
    if not is_licensing(body):
        return _(
            "Under {basis}, this authority has decided not to accept the application. The "
            "materials you submitted are returned with this decision."
        ).format(basis=cited_basis(body))
    under = _REFUSED_UNDER.get(RefusalKind(body["reason_kind"]))
    if under is None:  # a ground recorded before issue 19
        return _(
            "Under Article 32(1) of the Administrative Licensing Law, this authority has "
            "decided not to accept the application. The materials you submitted are "
            "returned with this decision."
        )
    return _(under)


def _refusal(body: Mapping[str, Any]) -> tuple[list[Part], list[Fact]]:
    parts: list[Part] = [
        _(
            "Having examined your application for “{item}” received on {received} (case "
            "number {case}): {reason}"
        ).format(**_opening(body), reason=_refusal_reason(body)),
        _refused_under(body),
        _remedies(body),
    ]
    if "complaint_phone" in body:
        parts.append(complaint_line(body))
    return parts, []


def _decided(body: Mapping[str, Any]) -> dict[str, str]:
    """The facts the opening of a decision names: the application and its acceptance."""
    accepted = body.get("accepted_on")
    return {**_opening(body), "accepted": date_label(accepted) if accepted else "—"}


def _decision_facts(body: Mapping[str, Any], number_label: str) -> list[Fact]:
    facts = [Fact(_("Decided on"), date_label(body["decided_on"]))]
    if body.get("result_number"):
        facts.append(Fact(number_label, plain(body["result_number"])))
    return facts


def _decision_end(body: Mapping[str, Any]) -> list[Part]:
    """What every decision ends with: the remedies where it can be challenged, the
    complaint phone."""
    return [*([remedies(body)] if "remedies" in body else []), complaint_line(body)]


def _grant(body: Mapping[str, Any]) -> tuple[list[Part], list[Fact]]:
    if body.get("on_spot"):
        parts: list[Part] = [
            _(
                "Your application for “{item}” received on {received} (case number {case}) "
                "has complete materials in the legal form and can be decided on the spot."
            ).format(**_decided(body)),
            _(
                "Under Article 34(2) of the Administrative Licensing Law, this authority "
                "decides on the spot, in writing, to grant the administrative licence."
            ),
        ]
    else:
        parts = [
            _(
                "Your application for “{item}” received on {received} (case number {case}) "
                "was accepted on {accepted}. Having examined it, this authority finds that "
                "it meets the statutory conditions and standards."
            ).format(**_decided(body)),
            _(
                "Under Article 38(1) of the Administrative Licensing Law, this authority has "
                "decided to grant the administrative licence."
            ),
        ]
    parts.append(
        _(
            "The licence is issued and delivered to you within ten working days of this "
            "decision (Article 44 of the Administrative Licensing Law)."
        )
    )
    return parts + _decision_end(body), _decision_facts(body, _("Licence number"))


def _denial(body: Mapping[str, Any]) -> tuple[list[Part], list[Fact]]:
    parts: list[Part] = [
        _(
            "Your application for “{item}” received on {received} (case number {case}) was "
            "accepted on {accepted}. Having examined it, this authority finds that it does "
            "not meet the statutory conditions and standards, for this reason: {reason}."
        ).format(**_decided(body), reason=sentence(body["reason"])),
        _(
            "Under Article 38(2) of the Administrative Licensing Law, this authority has "
            "decided not to grant the administrative licence."
        ),
    ]
    return parts + _decision_end(body), _decision_facts(body, _("Licence number"))


def _result_notice(body: Mapping[str, Any]) -> tuple[list[Part], list[Fact]]:
    """The decision on an item that is not a licence: its own law, never 行政许可法."""
    basis = cited_basis(body)
    if body["granted"]:
        parts: list[Part] = [
            _(
                "Your application for “{item}” received on {received} (case number {case}) "
                "was accepted on {accepted}. Having examined it under {basis}, this "
                "authority has decided to handle it as applied for."
            ).format(**_decided(body), basis=basis)
        ]
    else:
        parts = [
            _(
                "Your application for “{item}” received on {received} (case number {case}) "
                "was accepted on {accepted}. Having examined it, this authority finds that "
                "it does not meet the conditions, for this reason: {reason}. Under {basis}, "
                "this authority has decided not to handle it as applied for."
            ).format(**_decided(body), reason=sentence(body["reason"]), basis=basis)
        ]
    return parts + _decision_end(body), _decision_facts(body, _("Result number"))


def _extension_notice(body: Mapping[str, Any]) -> tuple[list[Part], list[Fact]]:
    new_due = marked_provisional(date_label(body["new_due"]), body.get("provisional", False))
    limits = [
        Fact(_("Accepted on"), date_label(body["accepted_on"])),
        Fact(_("Legal time limit until now"), date_label(body["old_due"])),
        Fact(_("Extended by"), days_label(body["days"])),
        Fact(_("New legal time limit"), new_due),
    ]
    parts: list[Part] = [
        _(
            "Your application for “{item}” (case number {case}) cannot be decided within "
            "the time limit, because {reason}."
        ).format(**_opening(body), reason=sentence(body["reason"])),
        _extension_authority(body, new_due),
        follow_up(body),
    ]
    return parts, limits


def _extension_authority(body: Mapping[str, Any], new_due: str) -> str:
    """Who approved the extension and by what right (Art. 42: the organ's head); a notice
    issued before the authority was recorded keeps its first words."""
    authority = body.get("authority")
    words = {"days": body["days"], "due": new_due}
    if authority is None:
        return _(
            "With the approval of the chief representative, and under Article 42 of the "
            "Administrative Licensing Law, the legal time limit is extended by {days} "
            "working days, to {due}."
        ).format(**words)
    words |= {"organ": plain(authority["organ"]), "approver": plain(body.get("signed_by") or "")}
    if authority.get("delegation"):
        return _(
            "Approved by {approver} under the written delegation of the head of {organ} "
            "({delegation}), and under Article 42 of the Administrative Licensing Law, the "
            "legal time limit is extended by {days} working days, to {due}."
        ).format(**words, delegation=plain(authority["delegation"]))
    return _(
        "Approved by {approver} for the head of {organ}, and under Article 42 of the "
        "Administrative Licensing Law, the legal time limit is extended by {days} working "
        "days, to {due}."
    ).format(**words)


def _procedure(body: Mapping[str, Any]) -> str:
    """What the clock waits for, from a suspension's or a resumption's body."""
    return procedure_label(
        body.get("ground", ""), plain(body.get("step", "")), sentence(body.get("reason", ""))
    )


def _suspension_notice(body: Mapping[str, Any]) -> tuple[list[Part], list[Fact]]:
    end = marked_provisional(date_label(body["expected_end"]), body.get("provisional", False))
    procedure = _procedure(body)
    limits = [
        Fact(_("Special procedure"), procedure),
        Fact(_("Starts on"), date_label(body["started_on"])),
        Fact(_("Expected duration"), days_label(body["expected_days"])),
        Fact(_("Expected to end by"), end),
    ]
    parts: list[Part] = [
        _(
            "Your application for “{item}” (case number {case}) requires the following "
            "procedure before it can be decided: {reason}."
        ).format(**_opening(body), reason=procedure),
        _(
            "Under Article 45 of the Administrative Licensing Law, the time this takes is "
            "not counted in the time limit. It starts on {start} and is expected to take "
            "{days} working days, until {end}. You will be told when the application "
            "proceeds."
        ).format(start=date_label(body["started_on"]), days=body["expected_days"], end=end),
        follow_up(body),
    ]
    return parts, limits


def _resumption_notice(body: Mapping[str, Any]) -> tuple[list[Part], list[Fact]]:
    legal = marked_provisional(date_label(body["legal_due"]), body.get("provisional", False))
    limits = [
        Fact(_("Special procedure"), _procedure(body)),
        Fact(
            _("Time not counted"),
            f"{date_label(body['started_on'])}—{date_label(body['ended_on'])}",
        ),
        Fact(_("Legal time limit"), legal),
    ]
    if body.get("promised_due"):
        promised = marked_provisional(
            date_label(body["promised_due"]), body.get("provisional", False)
        )
        limits.append(Fact(_("Expected completion"), promised))
    parts: list[Part] = [
        _(
            "The procedure that your application for “{item}” (case number {case}) waited "
            "for ended on {end}, and the application proceeds from that day."
        ).format(**_opening(body), end=date_label(body["ended_on"])),
        _(
            "Under Article 45 of the Administrative Licensing Law, the time it took is not "
            "counted: the legal time limit now runs until {due}."
        ).format(due=legal),
        follow_up(body),
    ]
    return parts, limits


# ── the handover sheet (交接单) ──────────────────────────────────────────────


def _person(person: Mapping[str, Any]) -> str:
    return f"{plain(person['name'])}（{plain(person['code'])}）"


def _handover_due(line: Mapping[str, Any]) -> str:
    if not line.get("due"):
        return "—"
    return marked_provisional(date_label(line["due"]), line.get("provisional", False))


def _handover_state(line: Mapping[str, Any]) -> str:
    state = _(STATE_LABELS[CaseState(line["state"])])
    if line.get("added"):
        state += _(" (added when taken over)")
    return state


def _bundle_follow_up(line: Mapping[str, Any]) -> str:
    """A step's 差评 still followed up, by its level (a sheet before it was said: —)."""
    level = line.get("follow_up")
    if level is None:
        return "—"
    return _("{level}: to follow up").format(level=_(RATING_LABELS[RatingLevel(level)]))


def _handover_bundles(bundles: list[Mapping[str, Any]]) -> Table:
    """The bundle cases the receiver follows from now on: to their delivery (统一出件),
    or a step's 差评 to its follow-up's close (docs/rules.md §21.1)."""
    return Table(
        (
            _("No."),
            _("Bundle case number"),
            _("Bundle"),
            _("Applicant"),
            _("Decided"),
            _("差评 follow-up"),
        ),
        tuple(
            (
                str(n),
                plain(line["bundle_case"]),
                plain(line["bundle"]),
                plain(line["applicant"]),
                _("{decided} of {count}").format(decided=line["decided"], count=line["cases"]),
                _bundle_follow_up(line),
            )
            for n, line in enumerate(bundles, 1)
        ),
        (1.5, 4.8, 5.4, 5.4, 2.0, 4.0),
    )


def handover_content(document: IssuedDocument) -> NoticeContent:
    """The words of a handover sheet: who handed what to whom, when, with the notes."""
    body = document.body
    lines = body["cases"]
    parts: list[Part] = [
        _("{giver} hands over to {receiver} the open work listed below: {count} cases.").format(
            giver=plain(body["from"]["name"]), receiver=plain(body["to"]["name"]), count=len(lines)
        )
    ]
    if lines:
        parts.append(
            Table(
                (
                    _("No."),
                    _("Case number"),
                    _("Item"),
                    _("Applicant"),
                    _("State"),
                    _("Due"),
                    _("Note"),
                ),
                tuple(
                    (
                        str(n),
                        plain(line["case"]),
                        plain(line["item"]),
                        f"{plain(line['applicant'])} {plain(line['id_number'])}".strip(),
                        _handover_state(line),
                        _handover_due(line),
                        plain(line["note"]) or "—",
                    )
                    for n, line in enumerate(lines, 1)
                ),
                (1.5, 4.6, 4.4, 4.6, 2.6, 3.0, 4.5),
            )
        )
    if bundles := body.get("bundles"):
        said = _(
            "{receiver} follows these bundle cases from now on, to their delivery (统一出件) "
            "and a 差评's follow-up: {count}."
        )
        parts.append(said.format(receiver=plain(body["to"]["name"]), count=len(bundles)))
        parts.append(_handover_bundles(bundles))
    if body.get("note"):
        parts.append(fact(_("General note"), plain(body["note"])))
    if body.get("skipped"):
        parts.append(
            fact(
                _("Listed but not handed over"),
                "；".join(
                    f"{plain(s['case'])}（{_(SKIP_REASONS[s['reason']])}）" for s in body["skipped"]
                ),
            )
        )
    if body.get("state") == "declined" and body.get("decline_reason"):
        parts.append(fact(_("Declined"), plain(body["decline_reason"])))
    state = HandoverState(body["state"])
    facts = [
        Fact(_("Handed over by"), _person(body["from"])),
        Fact(_("Taken over by"), _person(body["to"])),
        Fact(_("Window"), place_of(body) if body.get("window") else "—"),
        Fact(_("Prepared at"), plain(body["prepared_at"])),
    ]
    if state is HandoverState.CONFIRMED:
        facts.append(Fact(_("Taken over at"), plain(body["decided_at"])))
    else:
        facts.append(Fact(_("State"), _(HANDOVER_STATE_LABELS[state])))
    number = plain(body["number"]) or _("Draft: numbered when taken over")
    return NoticeContent(
        centre=plain(body["centre"]),
        title=_(DOCUMENT_TITLES[DocumentKind.HANDOVER_SHEET]),
        number=number,
        addressee="",
        body=tuple(parts),
        facts=tuple(facts),
        issuer=(
            _("Handed over by (signature): ____________"),
            _("Taken over by (signature): ____________"),
            date_label(body["date"]),
        ),
        handled=(Fact(_("Department"), plain(body["department"])),),
    )


# The decisions the applicant can challenge: headed by the organ, ending with the remedies.
DECISIONS = frozenset(
    {DocumentKind.REFUSAL, DocumentKind.GRANT, DocumentKind.DENIAL, DocumentKind.RESULT_NOTICE}
)

# The words of a case's document (its body and the limits it adds to the case's facts),
# from the body stored when it was issued.
CaseWords = Callable[[Mapping[str, Any]], tuple[list[Part], list[Fact]]]


def _case_document(words: CaseWords) -> Callable[[IssuedDocument], NoticeContent]:
    """A document of a case: its own words between the head and foot every one shares."""

    def content(document: IssuedDocument) -> NoticeContent:
        body = document.body
        parts, extra = words(body)
        cut = next((n for n, p in enumerate(parts) if isinstance(p, Heading)), len(parts))
        parts, annex = parts[:cut], parts[cut:]
        handled = [
            Fact(_("Handled at"), place_of(body)),
            Fact(_("Clerk"), plain(body["clerk"])),
            Fact(_("Contact phone"), plain(body["phone"]) or "—"),
        ]
        if body.get("signed_by"):
            handled.append(Fact(_("Signed by"), plain(body["signed_by"])))
        # A decision is the organ's: its full name heads it.
        head = body["department"] if document.kind in DECISIONS else body["centre"]
        return NoticeContent(
            centre=plain(head),
            title=_(DOCUMENT_TITLES[document.kind]),
            # Unnumbered: a preview of what a decision would issue (services/cases/preview.py).
            number=plain(body["number"]) or _("Not issued yet: numbered when issued"),
            addressee=_("{name}:").format(name=plain(body["applicant"]["name"])),
            body=tuple(parts),
            facts=tuple(_common_facts(body) + extra),
            issuer=(
                _("{department} (seal)").format(department=plain(body["department"])),
                date_label(body["date"]),
            ),
            handled=tuple(handled),
            annex=tuple(annex),
        )

    return content


# Every kind of document and how its words are put together; the text preview, the HTML
# and the PDF lay out what this gives.
RENDERERS: Mapping[DocumentKind, Callable[[IssuedDocument], NoticeContent]] = MappingProxyType(
    {
        DocumentKind.RECEIPT: _case_document(_receipt),
        DocumentKind.DEFICIENCY_NOTICE: _case_document(_deficiency_notice),
        DocumentKind.ACCEPTANCE_NOTICE: _case_document(_acceptance_notice),
        DocumentKind.REFUSAL: _case_document(_refusal),
        DocumentKind.EXTENSION_NOTICE: _case_document(_extension_notice),
        DocumentKind.SUSPENSION_NOTICE: _case_document(_suspension_notice),
        DocumentKind.RESUMPTION_NOTICE: _case_document(_resumption_notice),
        DocumentKind.HANDOVER_SHEET: handover_content,
        DocumentKind.GRANT: _case_document(_grant),
        DocumentKind.DENIAL: _case_document(_denial),
        DocumentKind.RESULT_NOTICE: _case_document(_result_notice),
    }
)
