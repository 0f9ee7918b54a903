"""On which grounds a case's clocks may stop (行政许可法 Art. 45, docs/rules.md §8): one of
the article's closed list of procedures, or a special procedure (特殊环节) the item's own
guide names with its expected time. A free-text reason alone is not a ground."""

from __future__ import annotations

import json
from dataclasses import dataclass

from counter_tui.domain.errors import N_, DomainError
from counter_tui.domain.legal import SuspensionGround


@dataclass(frozen=True)
class SpecialStep:
    """特殊环节: a procedure the item's guide names, with the working days it is expected
    to take."""

    name: str
    days: int


def special_steps(stored: str) -> tuple[SpecialStep, ...]:
    """An item's special procedures from their stored JSON (``Item.special_steps``, a list
    of ``{"name", "days"}``). Entries that are not such a pair are left out, so that no
    stored value, however malformed, stops a case from being worked on."""
    try:
        data = json.loads(stored or "[]")
    except (TypeError, ValueError):
        return ()
    if not isinstance(data, list):
        return ()
    steps = []
    for entry in data:
        if not isinstance(entry, dict):
            continue
        name, days = entry.get("name"), entry.get("days")
        if isinstance(name, str) and name.strip() and type(days) is int and days > 0:
            steps.append(SpecialStep(name.strip(), days))
    return tuple(steps)


def suspension_ground(
    ground: object, step: str, steps: tuple[SpecialStep, ...]
) -> tuple[SuspensionGround, SpecialStep | None]:
    """The ground a suspension rests on, and the item's special procedure it names when it
    is one; a ground outside Art. 45's list, or a special procedure the item does not
    name, is refused."""
    try:
        chosen = SuspensionGround(ground)
    except ValueError:
        raise DomainError(
            "suspension.ground",
            N_(
                "A suspension rests on one of the procedures of Article 45 (hearing, "
                "tender, auction, inspection, testing, quarantine, appraisal, expert "
                "review) or on a special procedure of the item"
            ),
        ) from None
    if chosen is not SuspensionGround.SPECIAL_STEP:
        return chosen, None
    named = next((s for s in steps if s.name == step.strip()), None) if step else None
    if named is None:
        raise DomainError(
            "suspension.step",
            N_("{step} is not a special procedure of this item's guide"),
            step=step.strip() or "—",
        )
    return chosen, named
