"""The stages of a bundle (docs/rules.md §21): the items of stage n + 1 build on what the
items of stage n grant (a building permit needs the land-use permit first), so a case of
a later stage is granted only once every case of the earlier stages of its bundle case
is granted. Denying it stays possible at any time."""

from __future__ import annotations

from counter_tui.domain.errors import N_, Items
from counter_tui.domain.lifecycle import CaseState
from counter_tui.services.errors import ServiceError
from counter_tui.store.models import BundleCase, BundleItem, Case, Item


def check_earlier_stages_granted(case: Case) -> None:
    """ServiceError when ``case`` is of a bundle case whose earlier stages' cases are not
    all granted (completed) yet; nothing for a case taken alone."""
    if case.bundle_case_id is None:
        return
    bundle_id = BundleCase.get_by_id(case.bundle_case_id).bundle_id
    stages = dict(
        BundleItem.select(BundleItem.item_code, BundleItem.stage)
        .where(BundleItem.bundle == bundle_id)
        .tuples()
    )
    stage = stages.get(case.item.code, 1)
    earlier = {code for code, its in stages.items() if its < stage}
    if not earlier:
        return
    waiting = [
        number
        for number, code, state in Case.select(Case.number, Item.code, Case.state)
        .join(Item)
        .where((Case.bundle_case == case.bundle_case_id) & Item.code.in_(sorted(earlier)))
        .order_by(Case.id)
        .tuples()
        if state != CaseState.COMPLETED.value
    ]
    if waiting:
        raise ServiceError(
            "bundle.stage_order",
            N_(
                "{case} is in stage {stage} of its bundle case: the cases of the earlier "
                "stages must be granted first ({cases})"
            ),
            case=case.number,
            stage=str(stage),
            cases=Items(waiting),
        )
