"""Ratings (好差评, docs/rules.md §11): five levels, the last two poor (差评)."""

from __future__ import annotations

from collections.abc import Mapping
from enum import IntEnum
from types import MappingProxyType

from counter_tui.domain.errors import N_


class RatingLevel(IntEnum):
    VERY_SATISFIED = 1  # 非常满意
    SATISFIED = 2  # 满意
    FAIRLY_SATISFIED = 3  # 基本满意
    DISSATISFIED = 4  # 不满意
    VERY_DISSATISFIED = 5  # 非常不满意


RATING_LABELS: Mapping[RatingLevel, str] = MappingProxyType(
    {
        RatingLevel.VERY_SATISFIED: N_("very satisfied"),
        RatingLevel.SATISFIED: N_("satisfied"),
        RatingLevel.FAIRLY_SATISFIED: N_("fairly satisfied"),
        RatingLevel.DISSATISFIED: N_("dissatisfied"),
        RatingLevel.VERY_DISSATISFIED: N_("very dissatisfied"),
    }
)


def is_poor(level: RatingLevel) -> bool:
    """差评: 不满意 or 非常不满意; it opens a follow-up that must be closed with a note."""
    return level >= RatingLevel.DISSATISFIED
