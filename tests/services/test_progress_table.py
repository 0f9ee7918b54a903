"""A key project's progress table (重点项目办理进度表, docs/rules.md §23): the XLSX
workbook and the A4 PDF read back, the HTML without a font, the text of `project show`,
and hostile text in the project's particulars printed as data."""

from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PageObject, PdfReader
from rich.cells import cell_len

from counter_tui.documents import fonts
from counter_tui.documents.errors import FontError
from counter_tui.documents.progress import (
    print_progress,
    progress_html,
    progress_pdf,
    progress_text,
)
from counter_tui.domain.errors import DomainError
from counter_tui.i18n import _
from counter_tui.services.demo.key_project import PROJECT
from counter_tui.services.projects.board import project_board
from counter_tui.services.projects.progress import COLUMNS, TITLE, export_progress
from counter_tui.services.projects.register import add_project, set_project

pytestmark = pytest.mark.both_engines

TODAY = date(2026, 11, 27)
HOSTILE = "[red]x[/] <b>&amp; {name} 😀"


def _squash(text: str) -> str:
    return "".join(text.split())


def _board():
    return project_board(PROJECT["name"], TODAY)


def test_the_workbook_has_the_title_the_particulars_and_a_row_per_case(
    demo_db: str, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    board = _board()
    path = export_progress(board, tmp_path / "进度表.xlsx", _)
    assert path.stat().st_mode & 0o777 == 0o600
    sheet = load_workbook(path).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "示范市行政服务中心"
    assert rows[1][0] == _(TITLE)
    assert "2026-11-27" in rows[2][0]
    particulars = {row[0]: row[1] for row in rows[4:11] if row[0]}
    assert particulars[_("Project name")] == PROJECT["name"]
    assert particulars[_("Unified social credit code")] == PROJECT["uscc"]
    assert particulars[_("Level")] == "市重点"
    assert particulars[_("Liaison")] == "马丽华（ghchief）"
    header = rows.index([_(column) for column in COLUMNS])
    body = {row[2]: row for row in rows[header + 1 :]}
    assert set(body) == {line.number for line in board.lines}
    for line in board.lines:
        row = body[line.number]
        assert (row[0], row[1]) == (line.department, line.item_name)
        accepted = row[4].date() if row[4] is not None else None
        assert accepted == line.accepted_on
        legal = row[6].date() if row[6] is not None else None
        assert legal == line.legal_due
    late = next(line for line in board.lines if line.state.value == "accepted")
    assert body[late.number][7] == _("Overdue") and body[late.number][8] == _("Decision")


def test_the_workbook_is_xlsx_only_and_keeps_formulas_as_text(
    demo_db: str, sign, tmp_path: Path
) -> None:
    with pytest.raises(DomainError) as caught:
        export_progress(_board(), tmp_path / "进度表.csv")
    assert caught.value.rule == "project.xlsx"
    set_project(sign("admin"), PROJECT["name"], company='=HYPERLINK("http://x")')
    from openpyxl import load_workbook

    sheet = load_workbook(export_progress(_board(), tmp_path / "p.xlsx")).active
    cell = next(c for row in sheet.iter_rows() for c in row if c.value == '=HYPERLINK("http://x")')
    assert cell.data_type == "s"


def _placed(page: PageObject) -> list[str]:
    """The page's pieces of text, as drawn one by one."""
    pieces: list[str] = []
    page.extract_text(visitor_text=lambda text, *_args: pieces.append(text.strip()))
    return [piece for piece in pieces if piece]


def test_the_pdf_prints_every_case_with_its_numbers_and_dates_whole(
    demo_db: str, ci_font: fonts.FontFace
) -> None:
    board = _board()
    data = progress_pdf(board, ci_font, TODAY)
    reader = PdfReader(BytesIO(data))
    page = reader.pages[0]
    assert (round(float(page.mediabox.width), 1), round(float(page.mediabox.height), 1)) == (
        595.3,
        841.9,
    )
    text = _squash("".join(p.extract_text() for p in reader.pages))
    for words in ("示范市行政服务中心", _(TITLE), PROJECT["name"], PROJECT["company"]):
        assert _squash(words) in text
    assert PROJECT["uscc"] in text and "2026年11月27日" in text
    pieces = {piece for p in reader.pages for piece in _placed(p)}
    for line in board.lines:
        # Each on one line of its cell: a case number or a date is never broken.
        assert line.number in pieces
        assert _squash(line.item_name) in text
        for day in (line.accepted_on, line.promised_due, line.legal_due):
            if day is not None:
                assert day.isoformat() in pieces
    assert _squash(_("Printed on {date}").format(date="2026-11-27")) in text


def test_print_writes_the_pdf_or_html_without_a_font(
    demo_db: str, tmp_path: Path, ci_font: fonts.FontFace
) -> None:
    board = _board()
    result = print_progress(board, tmp_path / "p.pdf", font=ci_font.path, printed_on=TODAY)
    assert result.is_pdf and result.path.read_bytes().startswith(b"%PDF-")

    def no_font(_font):
        raise FontError("font.none", "no font")

    fallback = print_progress(board, tmp_path / "q.pdf", printed_on=TODAY, find=no_font)
    assert not fallback.is_pdf and fallback.path.suffix == ".html"
    assert PROJECT["name"] in fallback.path.read_text(encoding="utf-8")


def test_hostile_particulars_are_printed_as_data(
    demo_db: str, sign, ci_font: fonts.FontFace
) -> None:
    with pytest.raises(DomainError):  # a bidi override is not printable: refused whole
        add_project(
            sign("admin"),
            name="项目",
            company="企业",
            uscc=PROJECT["uscc"],
            level="市重点",
            liaison="ghchief",
            leader="\u202e领导",
        )
    add_project(
        sign("admin"),
        name=HOSTILE,
        company=HOSTILE,
        uscc=PROJECT["uscc"],
        level="市重点",
        liaison="ghchief",
        leader=HOSTILE,
    )
    board = project_board(HOSTILE, TODAY)
    html = progress_html(board)
    assert "<b>" not in html.replace("<body>", "") and "&lt;b&gt;&amp;amp;" in html
    text = progress_text(board)
    assert text.count("[red]x[/]") >= 2 and "{name}" in text
    pdf = _squash(
        "".join(
            p.extract_text() for p in PdfReader(BytesIO(progress_pdf(board, ci_font, TODAY))).pages
        )
    )
    assert _squash("[red]x[/]<b>&amp;{name}") in pdf


@pytest.mark.parametrize("width", [40, 76])
def test_the_text_keeps_within_its_width(demo_db: str, width: int) -> None:
    board = _board()
    text = progress_text(board, width)
    assert all(cell_len(line) <= width for line in text.splitlines())
    for line in board.lines:
        assert line.number in text
