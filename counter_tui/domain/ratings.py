"""Ratings (好差评, docs/rules.md §11): five levels, the last two poor (差评); the services
the pad asks about, the reasons of a 差评, its follow-up and the clerk's appeal."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from enum import IntEnum, StrEnum
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
    """差评: 不满意 or 非常不满意; it asks for a reason and opens a follow-up (回访)."""
    return level >= RatingLevel.DISSATISFIED


class ServiceKind(StrEnum):
    """What the clerk finished, that the applicant rates on the window's pad (一次一评)."""

    CONSULTATION = "consultation"  # a question answered
    NOTICE = "notice"  # a one-time notice issued (一次告知)
    ACCEPTED = "accepted"
    DECIDED = "decided"
    DELIVERED = "delivered"  # the result handed over: the case's final rating (一事一评)
    ENTERED = "entered"  # typed by a clerk before the pad (migration 0017): history only


SERVICE_LABELS: Mapping[ServiceKind, str] = MappingProxyType(
    {
        ServiceKind.CONSULTATION: N_("Your question was answered"),
        ServiceKind.NOTICE: N_("You were told once what is missing"),
        ServiceKind.ACCEPTED: N_("Your application was accepted"),
        ServiceKind.DECIDED: N_("Your application was decided"),
        ServiceKind.DELIVERED: N_("The result was handed to you"),
        ServiceKind.ENTERED: N_("Rating entered by a clerk"),
    }
)


class RequestState(StrEnum):
    PENDING = "pending"
    RATED = "rated"
    TIMED_OUT = "timed_out"  # counts as not rated


class PoorReason(StrEnum):
    """Why a 差评, in the style of GB/T 39734's classification (docs/rules.md §11)."""

    ATTITUDE = "attitude"  # 服务态度
    EFFICIENCY = "efficiency"  # 办事效率
    MATERIALS = "materials"  # 材料要求
    RULES = "rules"  # 政策规定
    ENVIRONMENT = "environment"  # 服务环境
    OTHER = "other"  # 其他


REASON_LABELS: Mapping[PoorReason, str] = MappingProxyType(
    {
        PoorReason.ATTITUDE: N_("service attitude"),
        PoorReason.EFFICIENCY: N_("efficiency"),
        PoorReason.MATERIALS: N_("materials asked"),
        PoorReason.RULES: N_("policy and rules"),
        PoorReason.ENVIRONMENT: N_("service environment"),
        PoorReason.OTHER: N_("other"),
    }
)


class FollowUpResult(StrEnum):
    RECTIFIED = "rectified"  # 整改: what was wrong was put right
    EXPLAINED = "explained"  # 解释说明: nothing to put right, explained to the applicant
    APPEAL_UPHELD = "appeal_upheld"  # the clerk's appeal (申诉) upheld by the chief


class AppealOutcome(StrEnum):
    UPHELD = "upheld"
    REJECTED = "rejected"


FOLLOW_UP_RESULT_LABELS: Mapping[FollowUpResult, str] = MappingProxyType(
    {
        FollowUpResult.RECTIFIED: N_("put right (整改)"),
        FollowUpResult.EXPLAINED: N_("explained to the applicant"),
        FollowUpResult.APPEAL_UPHELD: N_("the clerk's appeal upheld"),
    }
)
APPEAL_OUTCOME_LABELS: Mapping[AppealOutcome, str] = MappingProxyType(
    {AppealOutcome.UPHELD: N_("upheld"), AppealOutcome.REJECTED: N_("rejected")}
)


DEFAULT_TIMEOUT_MINUTES = 3
DEFAULT_FOLLOW_UP_DAYS = 5  # working days


def timed_out(requested_at: datetime, now: datetime, minutes: int) -> bool:
    """A request not rated within ``minutes`` lapses: the applicant did not rate."""
    return now >= requested_at + timedelta(minutes=minutes)
