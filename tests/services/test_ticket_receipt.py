"""A ticket's receipt (取号小票, docs/rules.md §24): 58 or 80 mm wide, as tall as its lines,
with the number, the queue, the people ahead, the time and the priority mark."""

from dataclasses import replace
from datetime import datetime
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from counter_tui.documents import fonts
from counter_tui.documents.ticket_receipt import print_receipt, receipt_pdf, receipt_text
from counter_tui.domain.tickets import Priority
from counter_tui.services.tickets.reading import TicketReceipt
from counter_tui.services.tickets.taking import take_ticket

MM = 72 / 25.4  # PDF points per millimetre


def _receipt(priority: Priority = Priority.NONE, ahead: int = 3) -> TicketReceipt:
    return TicketReceipt(
        7, "示范市行政服务中心", "A012", "A", "公安户政治安", "示范市公安局", ahead,
        datetime(2026, 11, 30, 9, 3), priority,
    )  # fmt: skip


@pytest.mark.parametrize("paper", [58, 80])
def test_the_receipt_is_as_wide_as_the_roll_and_says_it_all(
    ci_font: fonts.FontFace, paper: int
) -> None:
    reader = PdfReader(BytesIO(receipt_pdf(_receipt(Priority.ELDERLY), ci_font, paper)))
    assert len(reader.pages) == 1
    page = reader.pages[0]
    assert round(float(page.mediabox.width) / MM) == paper
    assert 60 < float(page.mediabox.height) / MM < 160  # as tall as its lines, no A4
    text = page.extract_text()
    for words in ("A012", "公安户政治安", "示范市公安局", "您前面还有 3 人", "2026-11-30 09:03"):
        assert words in text, (words, text)
    assert "优先" in text and "老年人" in text


def test_an_ordinary_ticket_has_no_priority_mark(ci_font: fonts.FontFace) -> None:
    text = PdfReader(BytesIO(receipt_pdf(_receipt(), ci_font, 58))).pages[0].extract_text()
    assert "A012" in text and "优先" not in text
    assert "优先" not in receipt_text(_receipt())
    assert "【优先：残疾人】" in receipt_text(_receipt(Priority.DISABLED))


def test_a_receipt_of_an_item_queue_names_the_item_over_its_department(
    ci_font: fonts.FontFace,
) -> None:
    receipt = replace(_receipt(), queue_name="身份证窗口", item="居民身份证换领")
    text = PdfReader(BytesIO(receipt_pdf(receipt, ci_font, 58))).pages[0].extract_text()
    lines = text.splitlines()
    assert "身份证窗口" not in text and "居民身份证换领" in lines
    assert lines[lines.index("居民身份证换领") + 1] == "示范市公安局"
    assert "居民身份证换领" in receipt_text(receipt) and "身份证窗口" not in receipt_text(receipt)


def test_other_widths_are_refused(ci_font: fonts.FontFace) -> None:
    with pytest.raises(ValueError):
        receipt_pdf(_receipt(), ci_font, 210)


@pytest.mark.both_engines
def test_a_ticket_taken_prints_its_receipt(
    demo_db: str, ci_font: fonts.FontFace, tmp_path: Path
) -> None:
    receipt = take_ticket("B", Priority.KEY_PROJECT, at=datetime(2026, 11, 30, 1, 0))
    result = print_receipt(receipt, tmp_path / "ticket.pdf", 80, font=ci_font.path)
    assert result.is_pdf and result.path == tmp_path / "ticket.pdf"
    text = PdfReader(result.path).pages[0].extract_text()
    assert "B001" in text and "重点项目" in text and "规划许可" in text
