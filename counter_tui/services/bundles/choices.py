"""What a comprehensive window may take (docs/rules.md §21): the bundles of the catalog
with their items, for the picker the clerk starts a bundle case from."""

from __future__ import annotations

from dataclasses import dataclass

from counter_tui.services.auth import StaffSession, check_session
from counter_tui.services.bundles.change import comprehensive_desk
from counter_tui.services.errors import PermissionDenied
from counter_tui.store.models import Bundle, BundleItem, Department, Item


@dataclass(frozen=True)
class BundleChoiceItem:
    code: str
    name: str
    department: str
    stage: int


@dataclass(frozen=True)
class BundleChoice:
    code: str
    name: str
    items: tuple[BundleChoiceItem, ...]


def at_comprehensive_window(session: StaffSession) -> bool:
    """Whether this clerk is signed in at a 综合窗口, where F2 takes bundles."""
    check_session(session)
    try:
        comprehensive_desk(session)
    except PermissionDenied:
        return False
    return True


def bundle_choices(session: StaffSession) -> list[BundleChoice]:
    """Every bundle by code, each with its items (current version's name, department) in
    stage order; an item the catalog no longer has is shown by its code."""
    comprehensive_desk(session)
    current = {
        item.code: item
        for item in Item.select(Item, Department).join(Department).where(Item.current)
    }
    members: dict[int, list[BundleItem]] = {}
    for member in BundleItem.select().order_by(BundleItem.stage, BundleItem.position):
        members.setdefault(member.bundle_id, []).append(member)
    choices = []
    for bundle in Bundle.select().order_by(Bundle.code):
        items = []
        for member in members.get(bundle.id, []):
            item = current.get(member.item_code)
            items.append(
                BundleChoiceItem(
                    code=member.item_code,
                    name=item.name if item else member.item_code,
                    department=item.department.name if item else "—",
                    stage=member.stage,
                )
            )
        choices.append(BundleChoice(bundle.code, bundle.name, tuple(items)))
    return choices
