"""The A4 page machinery the printed documents share (fpdf2): an embedded, subset
Chinese font, page header and footer, paragraphs and headings, and tables whose rows
grow with their text and split across pages.

fpdf2 is imported only here and only when a PDF is made. Lines are broken by
``wrap.py`` (Chinese line-breaking rules) with the font's own widths, and the tables
are drawn here rather than with fpdf2's table(): a row whose text is taller than a page
is split across pages instead of overflowing, and the header row is repeated on every
page the table reaches.
"""

import logging
import os
import tempfile
import unicodedata
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from counter_tui.documents.errors import DocumentError, FontError
from counter_tui.documents.fonts import FontFace, find_font, find_serif_font, find_symbol_font
from counter_tui.documents.labels import fact
from counter_tui.documents.wrap import Line, wrap, wrap_fact
from counter_tui.domain.errors import N_
from counter_tui.i18n import _, explain, language

FAMILY = "cjk"
SYMBOLS = "symbols"  # the fallback font for emoji and symbols, where one is installed
# What no font of the document has is printed as this mark rather than left out: a name
# printed one character short is another person's name (issue 21 item 27).
NO_GLYPH = "□"
# Characters that are not drawn themselves (controls, joiners, combining marks, spaces).
_UNDRAWN = frozenset({"Cc", "Cf", "Mn", "Me", "Zs", "Zl", "Zp"})

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
FACT_LABEL_WIDTH = 34.0
SLIP_MARGIN = 3.0  # a receipt printer's roll (new_slip)


@dataclass(frozen=True)
class Para:
    """A paragraph in a table cell; a muted one prints grey."""

    text: str
    muted: bool = False
    label: str = ""  # printed before the text, which hangs under its first character


@dataclass(frozen=True)
class PrintResult:
    """Where a document was written, and why not as a PDF when it was not."""

    path: Path
    problem: FontError | None = None
    written: str = N_("Printed guide written to {path}")  # the success sentence, untranslated

    @property
    def is_pdf(self) -> bool:
        return self.problem is None

    def message(self) -> str:
        """A sentence for the clerk, in the interface language."""
        if self.problem is None:
            return _(self.written).format(path=self.path)
        return _("No PDF: {problem} Wrote {path} instead; print it from a web browser.").format(
            problem=explain(self.problem), path=self.path
        )


def warm_up() -> None:
    """Pay now what the first print of a session would: importing fpdf2 with fontTools
    (about 370 ms) and finding the fonts (fontconfig and their character maps, about 140 ms
    each; ``fonts.py`` remembers them): the sans-serif of guides and reports, the serif of
    the documents of a case. For a thread while the clerk is idle (issue 17)."""
    import fpdf  # noqa: F401  (the import is the work)

    with suppress(FontError):  # no usable font: the print says so, as it would have
        find_font()
        find_serif_font()
    find_symbol_font()


def _fpdf_class() -> type:
    from fpdf import FPDF

    class DocumentPDF(FPDF):
        """A4 with the running title on every page after the first and a footer with the
        centre, the page number and the printing date."""

        def __init__(
            self,
            running_title: str,
            centre: str,
            printed_on: date,
            page: str | tuple[float, float] = "A4",
        ) -> None:
            super().__init__(orientation="P", unit="mm", format=page)
            self.running_title = running_title
            self.centre = centre
            self.printed_on = printed_on
            self.symbols_tried = False
            self.plain = page != "A4"  # a slip (a ticket's receipt): no header or footer

        def normalize_text(self, text: str) -> str:
            text = super().normalize_text(text)
            if all(ord(char) in self.fonts[FAMILY].cmap for char in text):
                return text  # nearly always: the Chinese font has it all
            self._add_symbols()
            cmaps = [font.cmap for font in self.fonts.values()]
            return "".join(
                char
                if unicodedata.category(char) in _UNDRAWN or any(ord(char) in m for m in cmaps)
                else NO_GLYPH
                for char in text
            )

        def _add_symbols(self) -> None:
            """The symbol font, the first time a text needs it: embedding it costs every
            print where it is added, and few documents have an emoji."""
            if self.symbols_tried:
                return
            self.symbols_tried = True
            path = find_symbol_font()
            if path is not None:
                with suppress(Exception):  # without it, what the main font lacks is marked
                    self.add_font(SYMBOLS, "", str(path))
                    self.set_fallback_fonts([SYMBOLS])

        def header(self) -> None:
            if self.page_no() == 1 or self.plain:
                return
            with self.local_context(text_color=MUTED, draw_color=RULE, line_width=0.2):
                self.set_font(FAMILY, size=8)
                self.set_xy(LEFT, 8)
                self.cell(CONTENT_WIDTH, 4, fit(self, self.running_title, CONTENT_WIDTH), align="L")
                self.line(LEFT, 12.5, PAGE_WIDTH - RIGHT, 12.5)

        def footer(self) -> None:
            if self.plain:
                return
            with self.local_context(text_color=MUTED, draw_color=RULE, line_width=0.2):
                self.set_font(FAMILY, size=8)
                self.line(LEFT, 283, PAGE_WIDTH - RIGHT, 283)
                third = CONTENT_WIDTH / 3
                self.set_xy(LEFT, 284.5)
                self.cell(third, 4, fit(self, self.centre, third), align="L")
                # {nb} is fpdf2's alias for the page count, filled in at the end.
                pages = _("Page {page} of {pages}").format(page=self.page_no(), pages="{nb}")
                self.cell(third, 4, pages, align="C")
                printed = _("Printed on {date}").format(date=self.printed_on.isoformat())
                self.cell(third, 4, printed, align="R")

    return DocumentPDF


def new_pdf(
    face: FontFace,
    title: str,
    running_title: str,
    centre: str,
    printed_on: date,
    subject: str = "",
) -> Any:
    """An A4 document printed with ``face``, its first page started; ``subject`` in its
    metadata (that it holds personal data). Raises FontError when fpdf2 cannot embed the
    font."""
    pdf = _fpdf_class()(running_title, centre, printed_on)
    _prepare(pdf, face, title, centre, subject)
    pdf.set_margins(LEFT, TOP, RIGHT)
    new_page(pdf)
    return pdf


def new_slip(face: FontFace, width: float, height: float, title: str, centre: str) -> Any:
    """A narrow page of ``width`` × ``height`` mm for a receipt printer's roll (58 or 80 mm:
    a ticket's receipt), without running header or footer, margins of ``SLIP_MARGIN``."""
    pdf = _fpdf_class()(title, centre, date.min, (width, height))
    _prepare(pdf, face, title, centre, "")
    pdf.set_margins(SLIP_MARGIN, SLIP_MARGIN, SLIP_MARGIN)
    pdf.add_page()
    pdf.set_xy(SLIP_MARGIN, SLIP_MARGIN)
    return pdf


def _prepare(pdf: Any, face: FontFace, title: str, centre: str, subject: str) -> None:
    """Embed ``face`` and fill in the metadata."""
    # fontTools would say on stderr, at every print, that the subset drops a font's bitmaps
    # (AR PL UMing's BDF table): nothing the clerk can act on.
    logging.getLogger("fontTools.subset").setLevel(logging.ERROR)
    try:
        pdf.add_font(FAMILY, "", str(face.path), collection_font_number=face.index)
    except Exception as error:  # fpdf2 and fontTools raise many kinds on a font they refuse
        raise FontError(
            "font.unusable",
            N_("The font {path} cannot be embedded in a PDF."),
            path=str(face.path),
        ) from error
    pdf.set_auto_page_break(False)
    pdf.set_title(title)
    pdf.set_author(centre)
    pdf.set_creator("counter-tui")
    if subject:
        pdf.set_subject(subject)
    pdf.set_lang("zh-CN" if language() == "zh_CN" else "en")


def title_lines(pdf: Any, title: str, size: float = 18, line_height: float = 9) -> None:
    """A centred title, heavier, wrapped if it is long."""
    pdf.set_font(FAMILY, size=size)
    with bold(pdf):
        for line in wrap(title, CONTENT_WIDTH, pdf.get_string_width, hang=False):
            pdf.cell(0, line_height, line.text, align="C", new_x="LMARGIN", new_y="NEXT")


def report_head(pdf: Any, centre: str, title: str, subtitle: str) -> None:
    """A report's head on its first page: the centre, the title, and what it covers."""
    pdf.set_font(FAMILY, size=12)
    pdf.cell(0, 7, centre, align="C", new_x="LMARGIN", new_y="NEXT")
    title_lines(pdf, title, size=20, line_height=11)
    pdf.set_font(FAMILY, size=11)
    pdf.cell(0, 7, subtitle, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(pdf.get_y() + 3)


# The brackets of a document number (〔2026〕): a full-width glyph whose ink fills half
# its square, the other half blank, which prints as 〔 2026 〕.
_TIGHT = frozenset("〔〕")
_TIGHT_PAD = 0.12  # of the font size, each side of the ink


def _ink(pdf: Any, char: str) -> tuple[float, float] | None:
    """Where the current font's glyph for ``char`` has ink: its blank left side and the
    ink's width, in page units; None when the face has no such glyph or it is blank. The
    outline is drawn to measure it: TrueType and CFF (Noto Serif CJK) alike."""
    from fontTools.pens.boundsPen import BoundsPen

    face = getattr(pdf.current_font, "ttfont", None)
    name = face.getBestCmap().get(ord(char)) if face is not None else None
    if name is None:
        return None
    glyphs = face.getGlyphSet()
    pen = BoundsPen(glyphs)
    glyphs[name].draw(pen)
    if pen.bounds is None:
        return None
    left, _bottom, right, _top = pen.bounds
    scale = pdf.font_size / face["head"].unitsPerEm
    return left * scale, (right - left) * scale


def tight_placing(pdf: Any, text: str) -> list[tuple[str, float, float]]:
    """Each character of ``text`` in the current font, how far left of its place to draw
    it and how far it advances: a number's brackets only as wide as their ink."""
    pad = pdf.font_size * _TIGHT_PAD
    placed = []
    for char in text:
        ink = _ink(pdf, char) if char in _TIGHT else None
        if ink is None:
            placed.append((char, 0.0, pdf.get_string_width(char)))
        else:
            placed.append((char, ink[0] - pad, ink[1] + 2 * pad))
    return placed


def tight_centred(pdf: Any, text: str, height: float) -> None:
    """One centred line with the blank of a document number's brackets taken out
    (〔2026〕, as GB/T 9704 prints 发文字号), then the next line."""
    placed = tight_placing(pdf, text)
    x = LEFT + (CONTENT_WIDTH - sum(advance for _c, _s, advance in placed)) / 2
    y = pdf.get_y()
    for char, shift, advance in placed:
        pdf.set_xy(x - shift, y)
        pdf.cell(pdf.get_string_width(char), height, char)
        x += advance
    pdf.set_xy(LEFT, y + height)


def fit(pdf: Any, text: str, width: float) -> str:
    """``text`` cut with an ellipsis to fit ``width`` on one line (running headers only)."""
    if pdf.get_string_width(text) <= width:
        return text
    while text and pdf.get_string_width(text + "…") > width:
        text = text[:-1]
    return text + "…"


def bold(pdf: Any) -> Any:
    """Heavier text for titles: the Chinese fonts come without a bold face, so the glyphs
    are filled and stroked."""
    from fpdf.enums import TextMode

    return pdf.local_context(text_mode=TextMode.FILL_STROKE, line_width=0.18)


def new_page(pdf: Any) -> None:
    pdf.add_page()
    pdf.set_xy(LEFT, TOP)


def ensure(pdf: Any, height: float) -> None:
    if pdf.get_y() + height > BOTTOM:
        new_page(pdf)


def draw_lines(pdf: Any, lines: Sequence[Line], line_height: float, x: float = LEFT) -> None:
    for line in lines:
        ensure(pdf, line_height)
        pdf.set_xy(x + line.indent, pdf.get_y())
        pdf.cell(0, line_height, line.text, new_x="LMARGIN", new_y="NEXT")


def heading(pdf: Any, text: str) -> None:
    ensure(pdf, 7 + 3 * BODY_LINE)  # never a heading alone at the foot of a page
    pdf.set_y(pdf.get_y() + 3)
    y = pdf.get_y()
    with pdf.local_context(fill_color=(60, 60, 60)):
        pdf.rect(LEFT, y + 1.2, 1.2, 4.6, style="F")
    pdf.set_font(FAMILY, size=12)
    with bold(pdf):
        pdf.set_xy(LEFT + 3, y)
        pdf.cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(pdf.get_y() + 0.8)


def paragraphs(
    pdf: Any, text: str, size: float = BODY_SIZE, line_height: float = BODY_LINE
) -> None:
    pdf.set_font(FAMILY, size=size)
    draw_lines(pdf, wrap(text, CONTENT_WIDTH, pdf.get_string_width), line_height)


def cell_lines(pdf: Any, paras: Sequence[Para], width: float) -> list[tuple[Line, bool]]:
    out: list[tuple[Line, bool]] = []
    for para in paras:
        if para.label:
            lines = wrap_fact(fact(para.label, ""), para.text, width, pdf.get_string_width)
        else:
            lines = wrap(para.text, width, pdf.get_string_width)
        out += [(line, para.muted) for line in lines]
    return out or [(Line(0, ""), False)]


def draw_row(
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


def table(
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
        return [cell_lines(pdf, c, w - 2 * PAD) for c, w in zip(cells, widths, strict=True)]

    header_cells = wrapped([[Para(h)] for h in header]) if header else None
    header_height = (
        max(len(c) for c in header_cells) * TABLE_LINE + 2 * PAD if header_cells else 0.0
    )

    def draw_header() -> None:
        if header_cells:
            count = max(len(c) for c in header_cells)
            with bold(pdf):
                draw_row(
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
    ensure(pdf, header_height + min(first_need, 3) * TABLE_LINE + 2 * PAD)
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
                new_page(pdf)
                draw_header()
                continue
            count = min(left, room)
            draw_row(pdf, widths, aligns, cells, start, count, fills)
            start += count


FACT_WIDTHS = (FACT_LABEL_WIDTH, CONTENT_WIDTH - FACT_LABEL_WIDTH)


def _fact_cells(rows: Sequence[Any]) -> list[list[list[Para]]]:
    return [[[Para(f.label)], [Para(f.value)]] for f in rows]


def facts(pdf: Any, rows: Sequence[Any]) -> None:
    """A two-column table of labelled values (anything with ``label`` and ``value``)."""
    table(pdf, FACT_WIDTHS, ("L", "L"), _fact_cells(rows), fills=(LABEL_FILL, None))


def facts_height(pdf: Any, rows: Sequence[Any]) -> float:
    """How tall ``facts(pdf, rows)`` is, drawn whole on one page: each row as many lines
    as its longer cell wraps to, as ``table`` draws it."""
    pdf.set_font(FAMILY, size=TABLE_SIZE)
    lines = [
        max(
            len(cell_lines(pdf, cell, w - 2 * PAD))
            for cell, w in zip(row, FACT_WIDTHS, strict=True)
        )
        for row in _fact_cells(rows)
    ]
    return sum(count * TABLE_LINE + 2 * PAD for count in lines)


def write_file(path: Path, data: bytes, mode: int = 0o644) -> None:
    """Write through a temporary file, so a failed write never leaves half a document."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.chmod(temporary, mode)  # mkstemp made it 0600
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


def print_pdf(
    path: str | Path,
    make_pdf: Callable[[FontFace, date], bytes],
    make_html: Callable[[], str],
    font: str | Path | None = None,
    printed_on: date | None = None,
    written: str = N_("Printed guide written to {path}"),
    mode: int = 0o644,
    find: Callable[[str | Path | None], FontFace] = find_font,
) -> PrintResult:
    """Write ``make_pdf(face, printed_on)`` at ``path``; without a usable Chinese font,
    write ``make_html()`` next to it (same name, .html) and return why in ``problem``.

    ``font`` is a configured font file (else ``COUNTER_TUI_FONT``, else discovery by
    ``find``); ``printed_on`` defaults to the centre's local date (the database must be
    open)."""
    if printed_on is None:
        from counter_tui.services.clock import local_today

        printed_on = local_today()
    path = Path(path)
    try:
        data = make_pdf(find(font), printed_on)
    except FontError as problem:
        fallback = path.with_suffix(".html")
        write_file(fallback, make_html().encode("utf-8"), mode)
        return PrintResult(path=fallback, problem=problem, written=written)
    write_file(path, data, mode)
    return PrintResult(path=path, written=written)
