"""What the bundle tests share: a comprehensive window with its clerk, and a bundle of
three items of two departments (docs/rules.md §21), made as rows; the material names
its merged checklist is read by.

``delivered_and_rated_poorly`` makes one of the demo's YJS-001 at window 8, handed over
and its delivery rated 不满意 (docs/rules.md §21.1).

Importable from any test module (``pythonpath = ["tests"]`` in pyproject.toml)."""

import json
from datetime import datetime, timedelta

from case_checks import PERSON

from counter_tui.services.auth import session_of
from counter_tui.services.bundles import intake
from counter_tui.services.bundles.progress import deliver_bundle
from counter_tui.services.tracking import progress
from counter_tui.services.tracking.ratings import rate_on_pad
from counter_tui.store.models import (
    Bundle,
    BundleCase,
    BundleItem,
    Case,
    Department,
    RatingRequest,
    Staff,
    Window,
)

ID_PROOF = "建设单位身份证明（营业执照、事业单位法人证书等）"  # GH-005 and GH-001 ask for it
AUTHORISATION = "授权委托书及经办人居民身份证"  # all three items ask for it
SITE_REPORT = "建设项目用地预审与选址申请报告"  # GH-005's own
EIA_FORM = "建设项目环境影响报告表（报批稿，含专项评价）"  # HB-002's own
BUNDLE = "YJS-T1"


def comprehensive_desk() -> Staff:
    """Window 98, comprehensive, of an office of its own, and its A clerk (returned); the
    bundle ``BUNDLE``: GH-005 and HB-002 side by side, then GH-001."""
    office = Department.create(code="ZT", name="示范市政务服务测试办公室", short_name="综测")
    clerk = Staff.create(
        code="zt01", name="鲁佳", role="clerk", department=office, pin_hash="-", pin_salt="-"
    )
    Window.create(
        number=98, department=office, phone="0571-8000", clerk_a=clerk, comprehensive=True
    )
    bundle = Bundle.create(
        code=BUNDLE,
        name="建设项目开工一件事",
        shared_materials=json.dumps([ID_PROOF, AUTHORISATION], ensure_ascii=False),
    )
    for position, (code, stage) in enumerate((("GH-005", 1), ("HB-002", 1), ("GH-001", 2)), 1):
        BundleItem.create(bundle=bundle, position=position, item_code=code, stage=stage)
    return clerk


def delivered_and_rated_poorly(at: datetime) -> tuple[str, int]:
    """A bundle case the demo's zw01 takes at window 8 (its pad: pad-08) at ``at`` (as
    stored), every case decided two hours later, its results handed over together six
    hours later and that delivery rated 不满意 a minute after: its number and the
    request's id."""
    session = session_of(Staff.get(Staff.code == "zw01"))
    number = intake.start_bundle_case(session, "YJS-001", at=at)
    intake.update_bundle_applicant(session, number, PERSON, at=at)
    intake.mark_bundle_remaining_provided(session, number, at=at)
    intake.accept_bundle(session, number, at=at)
    bundle_case = BundleCase.get(BundleCase.number == number)
    for case in Case.select().where(Case.bundle_case == bundle_case.id).order_by(Case.id):
        owner = session_of(Staff.get_by_id(case.owner_id))
        progress.complete(owner, case.number, "with_bundle", at=at + timedelta(hours=2))
    delivered = at + timedelta(hours=6)
    deliver_bundle(session, number, at=delivered)
    request = RatingRequest.get(
        (RatingRequest.bundle_case == bundle_case.id) & (RatingRequest.kind == "delivered")
    )
    rate_on_pad("pad-08", request.id, 4, "efficiency", at=delivered + timedelta(minutes=1))
    return number, request.id
