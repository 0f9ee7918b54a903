"""An item's guide laid out for the terminal: the answer to "what do I need?" first.

The words are the printed guide's (``documents.guide.guide_content``: labels
translated, catalog text cleaned) and the line breaking is its (``documents.wrap``),
but the order suits a clerk at 80×24 rather than paper: the item's facts packed into a
few lines, then the materials, then conditions, procedure, legal basis, place and
hours. So the materials are on the first screen without scrolling.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.cells import cell_len
from rich.text import Text

from counter_tui.documents.guide import Fact, GuideContent, MaterialRow, material_details
from counter_tui.documents.labels import fact
from counter_tui.documents.wrap import wrap, wrap_fact
from counter_tui.i18n import _

SEPARATOR = " · "
HEADING = "bold underline"
LABEL = "dim"


class _Lines:
    """Styled lines no wider than ``width`` cells."""

    def __init__(self, width: int) -> None:
        self.width = width
        self.lines: list[Text] = []

    def blank(self) -> None:
        if self.lines and self.lines[-1].plain:
            self.lines.append(Text())

    def text(self, value: str, style: str = "", indent: int = 0) -> None:
        for line in wrap(value, self.width - indent, cell_len):
            self.lines.append(Text(" " * (indent + int(line.indent)) + line.text, style))

    def fact(self, item: Fact, indent: int = 0) -> None:
        """“Label: value”, the label dim, the value hanging under its first character."""
        prefix = fact(item.label, "")
        for number, line in enumerate(wrap_fact(prefix, item.value, self.width - indent, cell_len)):
            row = Text(" " * (indent + int(line.indent)))
            if number == 0 and line.text.startswith(prefix):
                row.append(prefix, LABEL)
                row.append(line.text[len(prefix) :])
            else:
                row.append(line.text)
            self.lines.append(row)

    def packed(self, items: Iterable[Fact]) -> None:
        """Short facts side by side, as many to a line as fit; a long one gets its own."""
        row = Text()
        for item in items:
            piece = Text.assemble((fact(item.label, ""), LABEL), item.value)
            if "\n" in item.value or piece.cell_len > self.width:
                if row.plain:
                    self.lines.append(row)
                    row = Text()
                self.fact(item)
                continue
            if row.plain and row.cell_len + len(SEPARATOR) + piece.cell_len > self.width:
                self.lines.append(row)
                row = Text()
            if row.plain:
                row.append(SEPARATOR)
            row.append_text(piece)
        if row.plain:
            self.lines.append(row)

    def heading(self, title: str) -> None:
        self.blank()
        self.text(title, HEADING)

    def material(self, row: MaterialRow, number_width: int) -> None:
        number = f"{row.number}.".rjust(number_width - 1) + " "
        name = wrap(row.name, self.width - number_width, cell_len)
        for position, line in enumerate(name):
            lead = number if position == 0 else " " * number_width
            self.lines.append(Text.assemble(lead + " " * int(line.indent), (line.text, "bold")))
        summary = SEPARATOR.join(
            part for part in (row.necessity, row.form, row.copies) if part != "—"
        )
        self.text(summary, indent=number_width)
        for detail in material_details(row):
            self.fact(detail, indent=number_width)


def guide_view(content: GuideContent, width: int) -> Text:
    """The guide as styled text no wider than ``width`` cells (Chinese counts two)."""
    out = _Lines(max(width, 24))
    out.text(content.title, "bold")
    if content.notice:
        out.text(content.notice, "bold")
    out.packed(content.facts)

    out.heading(content.materials_heading)
    if not content.materials:
        out.text(_("No materials are needed."))
    number_width = len(str(len(content.materials))) + 2  # "10. "
    for row in content.materials:
        out.material(row, number_width)
    if content.deferrable_note:
        out.blank()
        out.text(content.deferrable_note, LABEL)

    for section in (content.conditions, *content.sections):
        out.heading(section.label)
        out.text(section.value)
    out.heading(_("Where and when"))
    for item in content.contacts:
        out.fact(item)
    return Text("\n", no_wrap=True, end="").join(out.lines)
