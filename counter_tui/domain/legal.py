"""The legal vocabulary of an item and its decisions (docs/rules.md §6 and §8): what
kind of item it is, how its time limits are counted, and the closed list of grounds on
which its clock may stop."""

from __future__ import annotations

from enum import StrEnum

from counter_tui.domain.errors import N_


class ItemType(StrEnum):
    """事项类型. Only licensing items are governed by 行政许可法; the others cite the legal
    basis their own item names."""

    LICENSING = "licensing"  # 行政许可
    CONFIRMATION = "confirmation"  # 行政确认
    BENEFIT = "benefit"  # 行政给付
    PUBLIC_SERVICE = "public_service"  # 公共服务
    OTHER = "other"  # 其他


ITEM_TYPE_LABELS = {
    ItemType.LICENSING: N_("Administrative licensing"),
    ItemType.CONFIRMATION: N_("Administrative confirmation"),
    ItemType.BENEFIT: N_("Administrative benefit"),
    ItemType.PUBLIC_SERVICE: N_("Public service"),
    ItemType.OTHER: N_("Other"),
}


class LimitUnit(StrEnum):
    """The unit of an item's time limits: working days unless its own law counts natural
    days (环评法 Art. 22: 六十日)."""

    WORKING = "working"
    NATURAL = "natural"


class SuspensionGround(StrEnum):
    """行政许可法 Art. 45's closed list of steps whose time does not count, and the special
    procedures (特殊环节) an item's guide names."""

    HEARING = "hearing"  # 听证
    TENDER = "tender"  # 招标
    AUCTION = "auction"  # 拍卖
    INSPECTION = "inspection"  # 检验
    TESTING = "testing"  # 检测
    QUARANTINE = "quarantine"  # 检疫
    APPRAISAL = "appraisal"  # 鉴定
    EXPERT_REVIEW = "expert_review"  # 专家评审
    SPECIAL_STEP = "special_step"  # one of the item's own 特殊环节


SUSPENSION_GROUND_LABELS = {
    SuspensionGround.HEARING: N_("Hearing"),
    SuspensionGround.TENDER: N_("Tender"),
    SuspensionGround.AUCTION: N_("Auction"),
    SuspensionGround.INSPECTION: N_("Inspection"),
    SuspensionGround.TESTING: N_("Testing"),
    SuspensionGround.QUARANTINE: N_("Quarantine"),
    SuspensionGround.APPRAISAL: N_("Appraisal"),
    SuspensionGround.EXPERT_REVIEW: N_("Expert review"),
    SuspensionGround.SPECIAL_STEP: N_("Special procedure of the item"),
}
