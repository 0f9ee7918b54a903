"""The words a printed guide uses for the catalog's codes, in the interface language."""

from collections.abc import Iterable, Mapping
from datetime import date

from counter_tui.domain.checklist import FORM_LABELS, NECESSITY_LABELS
from counter_tui.domain.errors import N_
from counter_tui.domain.legal import (
    ITEM_TYPE_LABELS,
    SUSPENSION_GROUND_LABELS,
    LimitUnit,
    SuspensionGround,
)
from counter_tui.i18n import _, language, ngettext

KINDS = {
    "promised": N_("Promised item"),  # 承诺件
    "immediate": N_("Immediate item"),  # 即办件
}
NECESSITIES = NECESSITY_LABELS
FORMS = FORM_LABELS


def _label(labels: Mapping[str, str], code: str) -> str:
    """A code the catalog did not know when this was written is shown as it is."""
    message = labels.get(code)
    return _(message) if message else code


def kind_label(kind: str) -> str:
    return _label(KINDS, kind)


def item_type_label(item_type: str) -> str:
    """事项类型: 行政许可, 行政确认, …"""
    return _label(ITEM_TYPE_LABELS, item_type)


def necessity_label(necessity: str) -> str:
    return _label(NECESSITIES, necessity)


def form_label(form: str) -> str:
    return _label(FORMS, form)


def procedure_label(ground: str, step: str, details: str) -> str:
    """What a suspension waits for: the item's special procedure, or Art. 45's ground,
    then the clerk's details; one recorded before grounds were kept, as it was typed."""
    if step:
        named = step
    elif ground in set(SuspensionGround):
        named = _(SUSPENSION_GROUND_LABELS[SuspensionGround(ground)])
    else:
        return details
    return (
        _("{procedure} ({details})").format(procedure=named, details=details) if details else named
    )


def window_label(window_decides: bool) -> str:
    if window_decides:
        return _("Yes: reviewed by a clerk and approved by the chief representative at the window")
    return _("No: decided by the department")


def days_label(days: int, unit: str = LimitUnit.WORKING) -> str:
    """A time limit in working days, or in days where the item's own law counts natural
    days (``unit``, domain/legal.py::LimitUnit); 0 is done on the spot."""
    if days <= 0:
        return _("On the spot")
    if unit == LimitUnit.NATURAL:
        return ngettext("{n} day", "{n} days", days).format(n=days)
    return ngettext("{n} working day", "{n} working days", days).format(n=days)


def duration_label(minutes: int) -> str:
    """Working minutes as people say them: ``1 小时 20 分``, ``40 分`` (the sign dropped:
    the sentence around it says left or late)."""
    hours, rest = divmod(abs(minutes), 60)
    if not hours:
        return _("{m} min").format(m=rest)
    if not rest:
        return _("{h} h").format(h=hours)
    return _("{h} h {m} min").format(h=hours, m=rest)


def copies_label(copies: int) -> str:
    if copies <= 0:
        return "—"
    return ngettext("{n} copy", "{n} copies", copies).format(n=copies)


def fact(label: str, value: str) -> str:
    """“Label: value” with the language's colon (full-width in Chinese)."""
    return _("{label}: {value}").format(label=label, value=value)


def listing(items: Iterable[str]) -> str:
    """Items one after another with the language's list comma (、 in Chinese, ", " in
    English)."""
    return _(", ").join(items)


def date_label(day: date | str) -> str:
    """A date as a document prints it: 2026年11月27日 in Chinese, 2026-11-27 in English
    (as the dates beside it: "3/12/2026" read as March in half the world, issue 21 item
    26)."""
    if isinstance(day, str):
        day = date.fromisoformat(day)
    if language().startswith("zh"):
        return f"{day.year}年{day.month}月{day.day}日"
    return day.isoformat()
