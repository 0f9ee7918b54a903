"""The item search's list (widgets/row_list.py): a new list of another length lays out
nothing while its scrollbar stays, and the scrollbar still follows it (issue 17)."""

from __future__ import annotations

from layouts import count_layouts
from textual.app import App, ComposeResult
from textual.widgets import Static

from counter_tui.tui.widgets.row_list import RowList

HEADER = (("Item", ""),)
WIDTHS = (20,)


def rows(count: int) -> list[tuple[tuple[str, str], ...]]:
    return [((f"item {n}", ""),) for n in range(count)]


class Search(App[None]):
    CSS = "RowList { height: 8; }"

    def compose(self) -> ComposeResult:
        yield RowList()
        yield Static("the line below")


async def test_a_new_list_lays_out_only_when_its_scrollbar_comes_or_goes() -> None:
    app = Search()
    async with app.run_test(size=(40, 12)) as pilot:
        row_list = app.query_one(RowList)
        layouts = count_layouts(row_list)
        row_list.show(HEADER, rows(40), WIDTHS)
        await pilot.pause()
        assert row_list.show_vertical_scrollbar
        assert row_list.vertical_scrollbar.window_virtual_size == 41

        layouts.clear()
        for count in (30, 20, 12):  # still more than the 7 lines under the header
            row_list.show(HEADER, rows(count), WIDTHS)
            await pilot.pause()
            assert row_list.vertical_scrollbar.window_virtual_size == count + 1
        assert layouts and not any(layouts)
        assert row_list.show_vertical_scrollbar

        row_list.show(HEADER, rows(3), WIDTHS)
        await pilot.pause()
        assert not row_list.show_vertical_scrollbar  # gone, and the list laid out again
        assert row_list.render_line(3).text.strip() == "item 2"
        row_list.show(HEADER, rows(40), WIDTHS)
        await pilot.pause()
        assert row_list.show_vertical_scrollbar
        assert row_list.vertical_scrollbar.window_virtual_size == 41
