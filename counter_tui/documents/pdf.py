"""The printed item guide as an A4 PDF (fpdf2), Chinese text in an embedded, subset font.

fpdf2 is imported only here and only when a PDF is made. Lines are broken by
``wrap.py`` (Chinese line-breaking rules) with the font's own widths, and the tables
are drawn here rather than with fpdf2's table(): a material whose text is taller than
a page is split across pages instead of overflowing, and the header row is repeated
on every page the table reaches.

``print_guide`` is what a caller wants: it writes the PDF, or, when there is no usable
Chinese font, an HTML file next to it, and says which (``PrintResult.message``).
"""

import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from counter_tui.documents.errors import DocumentError, FontError
from counter_tui.documents.fonts import FontFace, find_font
from counter_tui.documents.guide import (
    GuideContent,
    guide_content,
    guide_html,
    material_columns,
    material_details,
)
from counter_tui.documents.labels import fact
from counter_tui.documents.wrap import Line, wrap, wrap_fact
from counter_tui.domain.errors import N_
from counter_tui.i18n import _, explain, language
from counter_tui.services.guide import Guide

FAMILY = "guide"

# A4 in millimetres.
PAGE_WIDTH = 210.0
PAGE_HEIGHT = 297.0
LEFT = 18.0
RIGHT = 18.0
TOP = 16.0
BOTTOM = 278.0  # the body ends here; the footer sits below
CONTENT_WIDTH = PAGE_WIDTH - LEFT - RIGHT

PAD = 1.6  # inside a table cell
TABLE_SIZE = 9.0  # pt
TABLE_LINE = 4.7  # mm
BODY_SIZE = 10.0
BODY_LINE = 5.4
HEADER_FILL = (228, 228, 228)
LABEL_FILL = (242, 242, 242)
MUTED = (80, 80, 80)
RULE = (110, 110, 110)

# Materials table: number, material (with its condition, source and notes),
# necessity, form, copies, acceptance standard. The short columns are as wide as
# their widest label in the interface language (within these bounds); the material
# and its standard share the rest.
MATERIAL_ALIGN = ("C", "L", "L", "L", "C", "L")
SHORT_COLUMN = (8.0, 30.0)
FACT_LABEL_WIDTH = 34.0


@dataclass(frozen=True)
class Para:
    """A paragraph in a table cell; a muted one prints grey."""

    text: str
    muted: bool = False
    label: str = ""  # printed before the text, which hangs under its first character


@dataclass(frozen=True)
class PrintResult:
    """Where the guide was written, and why not as a PDF when it was not."""

    path: Path
    problem: FontError | None = None

    @property
    def is_pdf(self) -> bool:
        return self.problem is None

    def message(self) -> str:
        """A sentence for the clerk, in the interface language."""
        if self.problem is None:
            return _("Printed guide written to {path}").format(path=self.path)
        return _("No PDF: {problem} Wrote {path} instead; print it from a web browser.").format(
            problem=explain(self.problem), path=self.path
        )


def _fpdf_class() -> type:
    from fpdf import FPDF

    class GuidePDF(FPDF):
        def __init__(self, content: GuideContent, printed_on: date) -> None:
            super().__init__(orientation="P", unit="mm", format="A4")
            self.content = content
            self.printed_on = printed_on

        def header(self) -> None:
            if self.page_no() == 1:
                return
            with self.local_context(text_color=MUTED, draw_color=RULE, line_width=0.2):
                self.set_font(FAMILY, size=8)
                title = f"{self.content.title} · {self.content.subtitle}"
                self.set_xy(LEFT, 8)
                self.cell(CONTENT_WIDTH, 4, _fit(self, title, CONTENT_WIDTH), align="L")
                self.line(LEFT, 12.5, PAGE_WIDTH - RIGHT, 12.5)

        def footer(self) -> None:
            with self.local_context(text_color=MUTED, draw_color=RULE, line_width=0.2):
                self.set_font(FAMILY, size=8)
                self.line(LEFT, 283, PAGE_WIDTH - RIGHT, 283)
                third = CONTENT_WIDTH / 3
                self.set_xy(LEFT, 284.5)
                self.cell(third, 4, _fit(self, self.content.centre, third), align="L")
                # {nb} is fpdf2's alias for the page count, filled in at the end.
                pages = _("Page {page} of {pages}").format(page=self.page_no(), pages="{nb}")
                self.cell(third, 4, pages, align="C")
                printed = _("Printed on {date}").format(date=self.printed_on.isoformat())
                self.cell(third, 4, printed, align="R")

    return GuidePDF


def _fit(pdf: Any, text: str, width: float) -> str:
    """``text`` cut with an ellipsis to fit ``width`` on one line (running headers only)."""
    if pdf.get_string_width(text) <= width:
        return text
    while text and pdf.get_string_width(text + "…") > width:
        text = text[:-1]
    return text + "…"


def _bold(pdf: Any) -> Any:
    """Heavier text for titles: the Chinese fonts come without a bold face, so the glyphs
    are filled and stroked."""
    from fpdf.enums import TextMode

    return pdf.local_context(text_mode=TextMode.FILL_STROKE, line_width=0.18)


def _new_page(pdf: Any) -> None:
    pdf.add_page()
    pdf.set_xy(LEFT, TOP)


def _ensure(pdf: Any, height: float) -> None:
    if pdf.get_y() + height > BOTTOM:
        _new_page(pdf)


def _lines(pdf: Any, lines: Sequence[Line], line_height: float, x: float = LEFT) -> None:
    for line in lines:
        _ensure(pdf, line_height)
        pdf.set_xy(x + line.indent, pdf.get_y())
        pdf.cell(0, line_height, line.text, new_x="LMARGIN", new_y="NEXT")


def _heading(pdf: Any, text: str) -> None:
    _ensure(pdf, 7 + 3 * BODY_LINE)  # never a heading alone at the foot of a page
    pdf.set_y(pdf.get_y() + 3)
    y = pdf.get_y()
    with pdf.local_context(fill_color=(60, 60, 60)):
        pdf.rect(LEFT, y + 1.2, 1.2, 4.6, style="F")
    pdf.set_font(FAMILY, size=12)
    with _bold(pdf):
        pdf.set_xy(LEFT + 3, y)
        pdf.cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(pdf.get_y() + 0.8)


def _paragraphs(pdf: Any, text: str) -> None:
    pdf.set_font(FAMILY, size=BODY_SIZE)
    _lines(pdf, wrap(text, CONTENT_WIDTH, pdf.get_string_width), BODY_LINE)


def _cell_lines(pdf: Any, paras: Sequence[Para], width: float) -> list[tuple[Line, bool]]:
    out: list[tuple[Line, bool]] = []
    for para in paras:
        if para.label:
            lines = wrap_fact(fact(para.label, ""), para.text, width, pdf.get_string_width)
        else:
            lines = wrap(para.text, width, pdf.get_string_width)
        out += [(line, para.muted) for line in lines]
    return out or [(Line(0, ""), False)]


def _draw_row(
    pdf: Any,
    widths: Sequence[float],
    aligns: Sequence[str],
    cells: Sequence[Sequence[tuple[Line, bool]]],
    first: int,
    count: int,
    fills: Sequence[tuple[int, int, int] | None],
) -> None:
    """Lines ``first`` to ``first + count`` of each cell, as one band of the row."""
    y = pdf.get_y()
    height = count * TABLE_LINE + 2 * PAD
    x = LEFT
    for width, align, lines, fill in zip(widths, aligns, cells, fills, strict=True):
        with pdf.local_context(draw_color=RULE, line_width=0.2, fill_color=fill or (255, 255, 255)):
            pdf.rect(x, y, width, height, style="DF" if fill else "D")
        for n, (line, muted) in enumerate(lines[first : first + count]):
            pdf.set_xy(x + PAD + line.indent, y + PAD + n * TABLE_LINE)
            with pdf.local_context(text_color=MUTED if muted else (0, 0, 0)):
                pdf.cell(width - 2 * PAD - line.indent, TABLE_LINE, line.text, align=align or "L")
        x += width
    pdf.set_xy(LEFT, y + height)


def _table(
    pdf: Any,
    widths: Sequence[float],
    aligns: Sequence[str],
    rows: Sequence[Sequence[Sequence[Para]]],
    header: Sequence[str] | None = None,
    fills: Sequence[tuple[int, int, int] | None] | None = None,
) -> None:
    """A table whose rows grow with their text. A row that does not fit the rest of a page
    starts the next one; a row taller than a whole page is split. The header row is
    drawn again at the top of every page the table continues on."""
    pdf.set_font(FAMILY, size=TABLE_SIZE)
    fills = fills or [None] * len(widths)

    def wrapped(cells: Sequence[Sequence[Para]]) -> list[list[tuple[Line, bool]]]:
        return [_cell_lines(pdf, c, w - 2 * PAD) for c, w in zip(cells, widths, strict=True)]

    header_cells = wrapped([[Para(h)] for h in header]) if header else None
    header_height = (
        max(len(c) for c in header_cells) * TABLE_LINE + 2 * PAD if header_cells else 0.0
    )

    def draw_header() -> None:
        if header_cells:
            count = max(len(c) for c in header_cells)
            with _bold(pdf):
                _draw_row(
                    pdf,
                    widths,
                    ["C"] * len(widths),
                    header_cells,
                    0,
                    count,
                    [HEADER_FILL] * len(widths),
                )

    page_room = BOTTOM - TOP - header_height - 2 * PAD
    first_rows = wrapped(rows[0]) if rows else []
    first_need = max(len(c) for c in first_rows) if first_rows else 0
    _ensure(pdf, header_height + min(first_need, 3) * TABLE_LINE + 2 * PAD)
    draw_header()
    for index, row in enumerate(rows):
        cells = first_rows if index == 0 else wrapped(row)
        total = max(len(c) for c in cells)
        start = 0
        while start < total:
            room = int((BOTTOM - pdf.get_y() - 2 * PAD) // TABLE_LINE)
            left = total - start
            whole_fits_a_page = start == 0 and left * TABLE_LINE <= page_room
            if left > room and (whole_fits_a_page or room < 2):
                _new_page(pdf)
                draw_header()
                continue
            count = min(left, room)
            _draw_row(pdf, widths, aligns, cells, start, count, fills)
            start += count


def _facts(pdf: Any, facts: Sequence[Any]) -> None:
    _table(
        pdf,
        (FACT_LABEL_WIDTH, CONTENT_WIDTH - FACT_LABEL_WIDTH),
        ("L", "L"),
        [[[Para(f.label)], [Para(f.value)]] for f in facts],
        fills=(LABEL_FILL, None),
    )


def _material_widths(
    pdf: Any, header: Sequence[str], rows: Sequence[Sequence[Sequence[Para]]]
) -> list[float]:
    pdf.set_font(FAMILY, size=TABLE_SIZE)
    low, high = SHORT_COLUMN
    widths = [0.0] * len(header)
    for column in (0, 2, 3, 4):
        texts = [header[column]] + [p.text for row in rows for p in row[column]]
        widest = max(pdf.get_string_width(t) for t in texts) + 2 * PAD + 0.6
        widths[column] = min(max(widest, low), high)
    rest = CONTENT_WIDTH - sum(widths)
    widths[1] = round(rest / 2, 2)
    widths[5] = rest - widths[1]
    return widths


def _material_rows(content: GuideContent) -> list[list[list[Para]]]:
    rows = []
    for row in content.materials:
        name = [Para(row.name)]
        name += [
            Para(d.value, muted=True, label=d.label)
            for d in material_details(row, with_standard=False)
        ]
        rows.append(
            [
                [Para(str(row.number))],
                name,
                [Para(row.necessity)],
                [Para(row.form)],
                [Para(row.copies)],
                [Para(row.standard)],
            ]
        )
    return rows


def guide_pdf(guide: Guide, face: FontFace, printed_on: date) -> bytes:
    """The guide as an A4 PDF printed with ``face``. Raises FontError when fpdf2 cannot
    embed the font."""
    content = guide_content(guide)
    pdf = _fpdf_class()(content, printed_on)
    try:
        pdf.add_font(FAMILY, "", str(face.path), collection_font_number=face.index)
    except Exception as error:  # fpdf2 and fontTools raise many kinds on a font they refuse
        raise FontError(
            "font.unusable",
            N_("The font {path} cannot be embedded in a PDF."),
            path=str(face.path),
        ) from error
    pdf.set_margins(LEFT, TOP, RIGHT)
    pdf.set_auto_page_break(False)
    pdf.set_title(f"{content.title} {content.subtitle}")
    pdf.set_author(content.centre)
    pdf.set_creator("counter-tui")
    pdf.set_lang("zh-CN" if language() == "zh_CN" else "en")
    _new_page(pdf)

    pdf.set_font(FAMILY, size=18)
    with _bold(pdf):
        for line in wrap(content.title, CONTENT_WIDTH, pdf.get_string_width, hang=False):
            pdf.cell(0, 9, line.text, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, size=12)
    pdf.cell(0, 7, content.subtitle, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(pdf.get_y() + 3)
    if content.notice:
        with pdf.local_context(text_color=(150, 0, 0)):
            _paragraphs(pdf, content.notice)
        pdf.set_y(pdf.get_y() + 2)

    _facts(pdf, content.facts)
    _heading(pdf, content.conditions.label)
    _paragraphs(pdf, content.conditions.value)

    _heading(pdf, content.materials_heading)
    if content.materials:
        header = material_columns()
        rows = _material_rows(content)
        _table(pdf, _material_widths(pdf, header, rows), MATERIAL_ALIGN, rows, header)
    else:
        _paragraphs(pdf, _("No materials are needed."))
    if content.deferrable_note:
        pdf.set_y(pdf.get_y() + 1.5)
        pdf.set_font(FAMILY, size=TABLE_SIZE)
        with pdf.local_context(text_color=MUTED):
            _lines(pdf, wrap(content.deferrable_note, CONTENT_WIDTH, pdf.get_string_width), 4.6)

    for section in content.sections:
        _heading(pdf, section.label)
        _paragraphs(pdf, section.value)
    _heading(pdf, _("Where and when"))
    _facts(pdf, content.contacts)
    return bytes(pdf.output())


def _write(path: Path, data: bytes) -> None:
    """Write through a temporary file, so a failed write never leaves half a document."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.chmod(temporary, 0o644)  # a guide is public; mkstemp made it 0600
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as error:
        raise DocumentError(
            "document.write",
            N_("Cannot write {path}: {reason}"),
            path=str(path),
            reason=error.strerror or str(error),
        ) from error


def print_guide(
    guide: Guide,
    path: str | Path,
    font: str | Path | None = None,
    printed_on: date | None = None,
) -> PrintResult:
    """Write the guide as a PDF at ``path``; without a usable Chinese font, write it as
    HTML next to it (same name, .html) and return why in ``PrintResult.problem``.

    ``font`` is a configured font file (else ``COUNTER_TUI_FONT``, else discovery);
    ``printed_on`` defaults to the centre's local date (the database must be open)."""
    path = Path(path)
    if printed_on is None:
        from counter_tui.services.clock import local_today

        printed_on = local_today()
    try:
        face = find_font(font)
        data = guide_pdf(guide, face, printed_on)
    except FontError as problem:
        fallback = path.with_suffix(".html")
        _write(fallback, guide_html(guide).encode("utf-8"))
        return PrintResult(path=fallback, problem=problem)
    _write(path, data)
    return PrintResult(path=path)
