"""What the bundle tests share: a comprehensive window with its clerk, and a bundle of
three items of two departments (docs/rules.md §21), made as rows; the material names
its merged checklist is read by.

Importable from any test module (``pythonpath = ["tests"]`` in pyproject.toml)."""

import json

from counter_tui.store.models import Bundle, BundleItem, Department, Staff, Window

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
