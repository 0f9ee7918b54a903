"""Typed and stored text is data: no markup, no control characters, cut to its cells."""

import itertools

from hypothesis import given
from hypothesis import strategies as st
from layouts import count_layouts
from rich.console import Console
from rich.style import Style
from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import Static

from counter_tui.tui.widgets.fields import TextField
from counter_tui.tui.widgets.tables import TableCell
from counter_tui.tui.widgets.text import clean, fit, join, plain, strip_controls


def test_markup_stays_literal() -> None:
    assert plain("[red]x[/]").plain == "[red]x[/]"
    assert plain("[bold]张三[/bold]").spans == []


def test_control_characters_become_visible_stand_ins() -> None:
    assert clean("\x1b[2J") == "␛[2J"
    assert clean("a\x00b\x7f") == "a␀b␡"
    assert clean("\u202eevil") == "\ufffdevil"  # right-to-left override
    assert clean("a\udc80b") == "a\ufffdb"  # a surrogate cannot be encoded for the terminal
    assert clean("one\u2028two") == "one two"
    assert clean("张三\u3000李四") == "张三\u3000李四"  # ideographic space is fine


def test_fit_counts_double_width_cells() -> None:
    text = fit("户口迁移（市内迁移）", 9)
    assert text.cell_len <= 9
    assert text.plain.endswith("…")
    assert fit("短", 9).plain == "短"
    assert fit("anything", 0).plain == ""


@given(
    st.text(st.characters() | st.characters(categories=["Cs"])),  # surrogates too
    st.integers(min_value=0, max_value=120),
)
def test_any_text_fits_and_is_safe(value: str, width: int) -> None:
    text = fit(value, width)
    assert isinstance(text, Text)
    assert text.cell_len <= width
    assert not any(
        ord(char) < 0x20 or 0x7F <= ord(char) <= 0x9F or 0xD800 <= ord(char) <= 0xDFFF
        for char in text.plain
    )


@given(st.text())
def test_fields_never_hold_control_characters(value: str) -> None:
    cleaned = strip_controls(value)
    assert not any(ord(char) < 0x20 or 0x7F <= ord(char) <= 0x9F for char in cleaned)
    assert TextField().validate_value(value) == cleaned


def test_a_table_cell_draws_its_gap_then_its_value_cut_and_styled() -> None:
    console = Console(width=40)
    drawn = console.render_lines(TableCell("[b]行政许可事项", 9, "bold red"), pad=False)
    assert len(drawn) == 1
    gap, value = drawn[0]
    assert gap.text == " " and not gap.style  # the gap takes no style
    assert value.text == fit("[b]行政许可事项", 9).plain  # cut to 9 cells, markup literal
    assert value.style == Style.parse("bold red")
    plain_cell = console.render_lines(TableCell("窗口", 9), pad=False)[0]
    assert "".join(s.text for s in plain_cell) == " 窗口"
    assert not any(s.style for s in plain_cell)


def test_a_join_given_a_width_breaks_between_parts() -> None:
    parts = ["● overdue", "Promised: 2026-10-28", "Legal: 2026-11-18", "7 working days past"]
    assert join(parts).plain == " · ".join(parts)  # no width: one line, however long
    assert join(parts, width=52).plain == " · ".join(parts[:3]) + "\n" + parts[3]
    assert join(parts, width=51).plain == " · ".join(parts[:2]) + "\n" + " · ".join(parts[2:])
    assert join(["承诺：2026-10-28", "", "法定"], width=30).plain == "承诺：2026-10-28 · 法定"


PART = st.text(st.characters(exclude_categories=["Cc", "Cs"], exclude_characters="·"))


@given(st.lists(PART), st.integers(1, 90))
def test_a_joined_line_breaks_only_where_a_part_would_run_past(
    parts: list[str], width: int
) -> None:
    lines = join(list(parts), width=width).plain.split("\n")
    kept = [part for part in parts if part]
    assert " · ".join(kept) == " · ".join(lines) if kept else lines == [""]
    for line, following in itertools.pairwise(lines):
        # A line ended where its next part would not fit; a line past the width is one part.
        assert Text(f"{line} · {following.split(' · ')[0]}").cell_len > width


async def test_a_letter_typed_lays_out_nothing_and_the_field_follows_its_cursor() -> None:
    """Input sets its virtual size at every change and Widget's lays out the whole screen
    then (issue 17): a field repaints itself only, and still scrolls as text outgrows it."""

    class Form(App[None]):
        CSS = "TextField { width: 12; height: 1; border: none; padding: 0; }"

        def compose(self) -> ComposeResult:
            yield TextField()
            yield Static("the line below")

    app = Form()
    async with app.run_test(size=(40, 5)) as pilot:
        field = app.query_one(TextField)
        layouts = count_layouts(field)
        typed = "abcdefghijklmnopqrst"
        for key in typed:
            await pilot.press(key)
        assert field.value == typed
        assert layouts and not any(layouts)
        assert field.scroll_offset.x > 0  # the start went out of view, the end came in
        assert field.render_line(0).text.rstrip().endswith("rst")
