"""The legal sentences the decisions of a case share (docs/rules.md §6): which law they
cite, the remedies with their bodies and periods, and the complaint phone — from the
facts a document's stored body holds, in the interface language."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from counter_tui.documents.wrap import clean
from counter_tui.domain.legal import ItemType
from counter_tui.i18n import _

# A law's title as the catalog writes it: 《中华人民共和国居民身份证法》.
_TITLE = re.compile(r"《[^《》\n]{1,80}》")


def _t(value: Any) -> str:
    return clean("" if value is None else str(value)).strip()


def is_licensing(body: Mapping[str, Any]) -> bool:
    """Whether the case's item is an administrative licence; a body stored before item
    types existed is one (every item was)."""
    return body["item"].get("type", ItemType.LICENSING.value) == ItemType.LICENSING.value


def cited_basis(body: Mapping[str, Any]) -> str:
    """The laws a non-licensing item's legal basis names, each once (《居住证暂行条例》);
    its first line when it names none; a general phrase when it is empty."""
    basis = _t(body["item"].get("legal_basis", ""))
    titles = list(dict.fromkeys(_TITLE.findall(basis)))
    if titles:  # book titles side by side take no comma between them (GB/T 15834)
        return "".join(titles)
    first = basis.splitlines()[0].rstrip("。.；; ") if basis else ""
    return first or _("the relevant laws and regulations")


def remedies(body: Mapping[str, Any]) -> str:
    """The right to reconsideration and suit, naming the bodies and the periods from the
    day the decision is received (行政复议法 2023 Art. 20, 行政诉讼法 Art. 46): stated
    so, the periods do not stretch to a year. A profile that lacks a body still prints
    the sentence, with the body described."""
    found = body.get("remedies") or {}
    reconsideration = _t(found.get("reconsideration_body")) or _(
        "the administrative organ with jurisdiction over the reconsideration by law"
    )
    court = _t(found.get("court")) or _("the people's court with jurisdiction")
    return _(
        "If you disagree with this decision, you may apply to {body} for administrative "
        "reconsideration within sixty days of the day you receive it, or bring an "
        "administrative lawsuit before {court} within six months of the day you receive it."
    ).format(body=reconsideration, court=court)


def complaint_line(body: Mapping[str, Any]) -> str:
    """The complaint and supervision phone (投诉监督电话) every acceptance and decision
    carries."""
    phone = _t(body.get("complaint_phone")) or "—"
    return _("Complaint and supervision phone: {phone}.").format(phone=phone)
