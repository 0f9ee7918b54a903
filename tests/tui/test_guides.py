"""Item guides (issue 3): F3 lookup, results while typing, the guide view, printing."""

import gc
import random
import re
import weakref
from pathlib import Path

import pytest
from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.screen import Screen

from counter_tui.documents.fonts import FONT_ENV
from counter_tui.documents.guide import guide_content
from counter_tui.i18n import _, ngettext
from counter_tui.services.catalog import guide_search
from counter_tui.services.catalog.guide import Guide, GuideMaterial
from counter_tui.services.catalog.guide_search import record_use, search_guides
from counter_tui.tui import keys
from counter_tui.tui.screens.guide import GuideScreen, print_path
from counter_tui.tui.screens.help import HelpScreen
from counter_tui.tui.screens.home import HomeScreen
from counter_tui.tui.screens.lookup import LookupScreen
from counter_tui.tui.screens.sign_in import SignInScreen
from counter_tui.tui.widgets.guide_search import RESULTS, GuideSearch
from counter_tui.tui.widgets.guide_view import guide_view

GUN_PERMIT = "枪支省内运输许可证"
# What must never reach the terminal from a field: C0, DEL, C1, bidi overrides.
CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


async def open_lookup(pilot, helpers, clerk, query: str = "", key: str = "f3") -> GuideSearch:
    """Sign in, open the lookup with ``key`` and type ``query`` into it."""
    await helpers.sign_in(pilot, clerk.code, clerk.pin)
    await helpers.settle(pilot)  # the index is loaded at sign-in
    await pilot.press(key)
    await helpers.settle(pilot)
    assert isinstance(pilot.app.screen, LookupScreen)
    await search_for(pilot, helpers, query)
    return pilot.app.screen.search


async def search_for(pilot, helpers, query: str) -> None:
    await helpers.type_in(pilot, query)
    await pilot.pause()


def listed_codes(search: GuideSearch) -> list[str]:
    return [code for (code, _style), *_rest in search.table.rows]


def notices(app) -> list[tuple[str, str]]:
    return [(n.message, n.severity) for n in app._notifications]


# --- opening the lookup ------------------------------------------------------------------


async def test_f3_from_home_lists_the_most_used_items(make_app, clerk, helpers) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        search = await open_lookup(pilot, helpers, clerk)
        assert app.focused is search.field
        assert listed_codes(search) == [hit.code for hit in search_guides("", RESULTS)]
        text = helpers.screen_text(app)
        assert _("Most used items. Type a name, pinyin initials, a code or a department.") in text
        bottom = helpers.key_bar(app)
        assert f"Enter {_(keys.CHOOSE_ITEM.label)}" in bottom
        assert f"Esc {_(keys.BACK.label)}" in bottom
        assert _(keys.GUIDES.label) not in bottom  # already here
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
        assert f"F3 {_(keys.GUIDES.label)}" in helpers.key_bar(app)


async def test_ctrl_g_opens_the_lookup_too(make_app, clerk, helpers) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        search = await open_lookup(pilot, helpers, clerk, key="ctrl+g")
        assert isinstance(app.screen, LookupScreen) and search.hits


async def test_the_lookup_opens_from_any_screen_but_only_when_signed_in(
    make_app, clerk, helpers
) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await pilot.press("f3")
        assert isinstance(app.screen, SignInScreen)
        await helpers.sign_in(pilot, clerk.code, clerk.pin)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("f3")
        assert isinstance(app.screen, LookupScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("ctrl+l")
        await pilot.press("f3")  # the lock allows nothing but signing out
        assert not isinstance(app.screen, LookupScreen)


# --- searching -----------------------------------------------------------------------------


async def test_two_chinese_characters_list_the_huko_items(make_app, clerk, helpers) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        search = await open_lookup(pilot, helpers, clerk, "户口")
        expected = search_guides("户口", RESULTS)
        assert listed_codes(search) == [hit.code for hit in expected]
        text = helpers.screen_text(app)
        for hit in expected:
            assert hit.code in text and hit.name in text
        assert "户口迁移（市内迁移）" in text and "户口迁移（跨省迁入）" in text
        count = len(expected)
        assert ngettext("{n} item matches", "{n} items match", count).format(n=count) in text


async def test_initials_put_the_gun_permit_first_and_open_its_guide(
    make_app, clerk, helpers
) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        search = await open_lookup(pilot, helpers, clerk, "qzsn")
        assert search.hits[0].name == GUN_PERMIT
        assert search.highlighted == search.hits[0]
        await pilot.press("down", "enter")
        await helpers.settle(pilot)
        screen = app.screen
        assert isinstance(screen, GuideScreen)
        assert screen.guide is not None and screen.guide.code == "GA-001"
        # The materials are on the first screen, without scrolling.
        text = helpers.screen_text(app)
        assert GUN_PERMIT in text
        assert _("Materials ({count})").format(count=len(screen.guide.materials)) in text
        assert screen.guide.materials[0].name in text
        assert screen.guide.materials[1].name[:10] in text
        assert f"P {_(keys.PRINT_GUIDE.label)}" in helpers.key_bar(app)


async def test_arrows_move_the_highlight_and_enter_opens_that_item(
    make_app, clerk, helpers
) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        search = await open_lookup(pilot, helpers, clerk, "户口")
        second = search.hits[1]
        await pilot.press("down", "down", "up")
        assert search.highlighted == second
        await pilot.press("up", "up")  # stops at the top
        assert search.highlighted == search.hits[0]
        await pilot.press("pagedown")  # stops at the bottom
        assert search.highlighted == search.hits[-1]
        await pilot.press("pageup", "down", "enter")
        await helpers.settle(pilot)
        assert isinstance(app.screen, GuideScreen)
        assert app.screen.guide.code == second.code


async def test_keys_typed_fast_are_taken_in_order(make_app, clerk, helpers) -> None:
    """Enter right after the last letter chooses from the results for all the letters."""
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await open_lookup(pilot, helpers, clerk)
        await pilot.press("q", "z", "s", "n", "enter")
        await helpers.settle(pilot)
        assert isinstance(app.screen, GuideScreen)
        assert app.screen.guide.code == "GA-001"


async def test_nothing_found_says_so_and_enter_does_nothing(make_app, clerk, helpers) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        search = await open_lookup(pilot, helpers, clerk, "zzzzzz")
        assert search.hits == [] and search.table.row_count == 0
        assert _("No item matches “{query}”.").format(query="zzzzzz") in helpers.screen_text(app)
        await pilot.press("down", "enter")
        assert isinstance(app.screen, LookupScreen)


async def test_esc_from_the_guide_returns_with_the_query_kept(make_app, clerk, helpers) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        search = await open_lookup(pilot, helpers, clerk, "户口")
        await pilot.press("down", "enter")
        await helpers.settle(pilot)
        assert isinstance(app.screen, GuideScreen)
        await pilot.press("escape")
        assert app.screen.search is search
        assert search.query == "户口" and app.focused is search.field
        assert search.highlighted == search.hits[1]
        # F3 from a guide opened in the lookup goes back to that lookup, not a new one.
        await pilot.press("enter")
        await helpers.settle(pilot)
        depth = len(app.screen_stack)
        await pilot.press("f3")
        assert app.screen.search is search and len(app.screen_stack) == depth - 1
        assert search.query == "户口"


async def test_f3_again_shows_the_same_lookup_with_an_empty_field(make_app, clerk, helpers) -> None:
    # The session keeps its lookup (docs/architecture.md §4.3): built once, shown again.
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        search = await open_lookup(pilot, helpers, clerk, "qzsn")
        lookup = app.screen
        assert search.hits[0].name == GUN_PERMIT
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("f3")
        await helpers.settle(pilot)
        assert app.screen is lookup and app.focused is search.field
        assert search.query == ""
        assert listed_codes(search) == [hit.code for hit in search_guides("", RESULTS)]
        assert search.highlighted == search.hits[0]
        text = helpers.screen_text(app)
        assert _("Most used items. Type a name, pinyin initials, a code or a department.") in text
        await search_for(pilot, helpers, "户口")
        assert search.query == "户口" and search.hits


async def test_f3_over_the_kept_lookup_opens_a_new_one(make_app, clerk, helpers) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        search = await open_lookup(pilot, helpers, clerk, "户口")
        kept = app.screen
        await pilot.press("f1")  # a screen over the lookup, which stays as it was
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("f3")
        await helpers.settle(pilot)
        assert isinstance(app.screen, LookupScreen) and app.screen is not kept
        assert app.screen.search.query == ""
        await pilot.press("escape", "escape")
        assert app.screen is kept and search.query == "户口"


async def test_the_next_session_gets_a_lookup_of_its_own(
    make_app, clerk, accounts, helpers
) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await open_lookup(pilot, helpers, clerk, "qzsn")
        gone = weakref.ref(app.screen)
        await pilot.press("escape", "ctrl+o")
        await helpers.settle(pilot)
        assert isinstance(app.screen, SignInScreen)
        for _turn in range(20):  # as test_a_closed_search_is_freed… below: a turn or two
            await pilot.pause(0.05)
            gc.collect()
            if gone() is None:
                break
        assert gone() is None  # the last clerk's query went with their session
        other = accounts["ga03"]
        search = await open_lookup(pilot, helpers, other)
        assert search.query == "" and app.screen is not None


async def test_hostile_input_in_the_search_field_never_crashes(make_app, clerk, helpers) -> None:
    app = make_app()
    rng = random.Random(3)
    alphabet = "户口[]/\\%_*.?()^$|{}'\"<>&;`~ ﹝ＧＡ\u200b\u202e\u2028\ufeff\U0001f600ab1"
    hostile = [
        "[red]户口[/]",
        "[/]",
        "[link=file:///etc/passwd]x[/link]",
        "%_%",
        ".*",
        "\x1b[31m户口\x1b[0m",
        "\x00\x07\x7f\x9b",
        "\u202equ\u202c",
        "ＧＡ－００１",
        "户" * 500,
        "a b c d e f g h i j k",
        *("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30))) for _ in range(40)),
    ]
    async with app.run_test(size=helpers.size) as pilot:
        search = await open_lookup(pilot, helpers, clerk)
        await search_for(pilot, helpers, "[b]%_")  # typed, key by key
        for text in hostile:
            search.field.value = ""
            search.field.post_message(events.Paste(text))  # pasted, as a terminal would
            await pilot.pause()
            value = search.field.value
            assert not CONTROLS.search(value), repr(value)  # refused or stripped by the field
            assert search.hits == search.hits[:RESULTS]
            shown = helpers.screen_text(app)
            assert "\x1b" not in shown and "\x00" not in shown
            assert all(cell_len(line) <= helpers.size[0] for line in shown.splitlines())
        await pilot.press("enter")
        await helpers.settle(pilot)
        assert isinstance(app.screen, (LookupScreen, GuideScreen))


async def test_every_line_fits_80_columns(make_app, clerk, helpers) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        search = await open_lookup(pilot, helpers, clerk)
        table = search.table
        assert table.virtual_size.width <= table.size.width  # no horizontal scrolling
        await search_for(pilot, helpers, "许可证")
        lines = helpers.screen_text(app).splitlines()
        assert len(lines) == 24 and all(cell_len(line) <= 80 for line in lines)
        await pilot.press("enter")
        await helpers.settle(pilot)
        lines = helpers.screen_text(app).splitlines()
        assert len(lines) == 24 and all(cell_len(line) <= 80 for line in lines)


# --- the index: loaded once, reloaded only when the catalog changed ------------------------


async def test_the_index_is_loaded_at_sign_in_and_reordered_after_a_use(
    make_app, clerk, helpers, monkeypatch: pytest.MonkeyPatch
) -> None:
    loads: list[int] = []
    real_load = guide_search.GuideIndex.load.__func__

    def counting_load(cls):
        loads.append(1)
        return real_load(cls)

    monkeypatch.setattr(guide_search.GuideIndex, "load", classmethod(counting_load))
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await open_lookup(pilot, helpers, clerk)
        assert len(loads) == 1  # at sign-in; opening the lookup found it fresh
        await search_for(pilot, helpers, "qzsn户口")
        await helpers.settle(pilot)
        assert len(loads) == 1  # never per key
        index = app.guide_index
        await pilot.press("escape")
        record_use("GA-001")  # an intake elsewhere: the ranking changed
        await pilot.press("f3")
        await helpers.settle(pilot)
        assert len(loads) == 1  # the same items in their new order: no reload
        assert app.guide_index is not index
        [before], [after] = index.search("qzsn", 1), app.guide_index.search("qzsn", 1)
        assert after.use_count == before.use_count + 1


# --- the guide view --------------------------------------------------------------------------


def _hostile_guide() -> Guide:
    evil = "[red]x[/] \x1b[2J\u202e\x07 " + "材料" * 60
    return Guide(
        item_id=1,
        code="../../X-1",
        version=2,
        current=False,
        name=evil,
        department=evil,
        department_short="[b]",
        item_type="[i]",
        kind="immediate",
        window_decides=True,
        legal_limit_days=20,
        promised_limit_days=0,
        limit_unit="[natural]",
        fees=evil,
        conditions=evil + "\n\n\n" + evil,
        procedure="",
        legal_basis=evil,
        special_steps=((evil, 5),),
        review_hours=3,
        answer_minutes=30,
        place="",
        hours="",
        phone="",
        materials=(
            GuideMaterial(1, evil, "conditional", evil, "copy", 2, evil, evil, evil),
            GuideMaterial(2, "x", "deferrable", "", "electronic", 0, "", "", ""),
        ),
        centre=evil,
    )


@pytest.mark.parametrize("width", [24, 40, 77, 120])
def test_the_guide_view_fits_its_width_and_shows_catalog_text_literally(width: int) -> None:
    text = guide_view(guide_content(_hostile_guide()), width)
    lines = text.plain.split("\n")
    assert all(cell_len(line) <= max(width, 24) for line in lines)
    assert all(line.isprintable() for line in lines)
    assert "[red]x[/]" in text.plain  # markup is data
    assert _("Deferrable") in text.plain and _("Conditional") in text.plain


def test_print_files_are_named_by_code_and_day_inside_the_folder(tmp_path: Path) -> None:
    from datetime import date

    day = date(2026, 11, 27)
    assert print_path(tmp_path, "GA-001", day) == tmp_path / "GA-001_2026-11-27.pdf"
    for code in ("../../etc/passwd", "/abs", "a\x00b", "..", "", "户口 01"):
        path = print_path(tmp_path, code, day)
        assert path.parent == tmp_path and not path.name.startswith(".")


# --- printing --------------------------------------------------------------------------------


async def open_gun_permit(pilot, helpers, clerk) -> GuideScreen:
    await open_lookup(pilot, helpers, clerk, "qzsn")
    await pilot.press("enter")
    await helpers.settle(pilot)
    assert isinstance(pilot.app.screen, GuideScreen)
    return pilot.app.screen


async def test_p_prints_a_pdf_and_says_where(make_app, clerk, helpers, tmp_path: Path) -> None:
    app = make_app(print_dir=tmp_path / "prints")
    async with app.run_test(size=helpers.size) as pilot:
        await open_gun_permit(pilot, helpers, clerk)
        await pilot.press("p")
        await helpers.settle(pilot)
        path = tmp_path / "prints" / f"GA-001_{helpers.today.isoformat()}.pdf"
        assert path.read_bytes().startswith(b"%PDF")
        messages = notices(app)
        assert (_("Printed guide written to {path}").format(path=path), "information") in messages
        # Ctrl+D does the same, for a terminal that gives P to something else.
        path.unlink()
        app.clear_notifications()
        await pilot.press("ctrl+d")
        await helpers.settle(pilot)
        assert path.read_bytes().startswith(b"%PDF")
        assert isinstance(app.screen, GuideScreen)


async def test_without_a_chinese_font_the_html_path_is_notified(
    make_app, clerk, helpers, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The configured font is missing: never silently replaced, so no PDF can be made.
    monkeypatch.setenv(FONT_ENV, str(tmp_path / "没有这个字体.ttc"))
    app = make_app(print_dir=tmp_path / "prints")
    async with app.run_test(size=helpers.size) as pilot:
        await open_gun_permit(pilot, helpers, clerk)
        await pilot.press("p")
        await helpers.settle(pilot)
        html = tmp_path / "prints" / f"GA-001_{helpers.today.isoformat()}.html"
        assert html.is_file() and GUN_PERMIT in html.read_text(encoding="utf-8")
        assert not html.with_suffix(".pdf").exists()
        [(message, severity)] = [m for m in notices(app) if str(html) in m[0]]
        assert severity == "warning"
        assert FONT_ENV in message


async def test_a_print_that_cannot_be_written_says_why(
    make_app, clerk, helpers, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    app = make_app(print_dir=blocker / "prints")
    async with app.run_test(size=helpers.size) as pilot:
        await open_gun_permit(pilot, helpers, clerk)
        await pilot.press("p")
        await helpers.settle(pilot)
        assert any(severity == "error" and str(blocker) in m for m, severity in notices(app))
        assert isinstance(app.screen, GuideScreen)


# --- help ----------------------------------------------------------------------------------------


async def test_help_lists_the_guide_keys(make_app, clerk, helpers) -> None:
    app = make_app()
    async with app.run_test(size=(200, 60)) as pilot:
        await open_lookup(pilot, helpers, clerk, "qzsn")
        await pilot.press("f1")
        text = helpers.screen_text(app)
        assert f"Enter {_(keys.CHOOSE_ITEM.label)} {_(keys.CHOOSE_ITEM.help)}" in text
        await pilot.press("escape", "enter")
        await helpers.settle(pilot)
        assert isinstance(app.screen, GuideScreen)
        await pilot.press("f1")
        text = " ".join(helpers.screen_text(app).split())
        assert f"P / Ctrl+D {_(keys.PRINT_GUIDE.label)} {_(keys.PRINT_GUIDE.help)}" in text
        assert "F3 / Ctrl+G" in text  # from the guide, F3 goes back to the search


# --- a closed search leaves nothing behind ---------------------------------------------------


class SearchOnly(Screen[None]):
    """A screen with only the search: what holds on to it is the search's doing."""

    def compose(self) -> ComposeResult:
        yield GuideSearch()


async def test_a_closed_search_is_freed_and_a_shown_one_gets_a_new_index(
    make_app, clerk, helpers
) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await helpers.sign_in(pilot, clerk.code, clerk.pin)
        await helpers.settle(pilot)
        index = app.guide_index
        for _round in range(2):
            screen = SearchOnly()
            await app.push_screen(screen)
            await helpers.type_in(pilot, "qzsn")
            await pilot.pause()
            assert screen.query_one(GuideSearch).hits[0].name == GUN_PERMIT
            closed = weakref.ref(screen)
            closed_search = weakref.ref(screen.query_one(GuideSearch))
            await app.pop_screen()
            del screen
            # A callback Textual queued for the screen (its bindings' refresh) holds it
            # until it has run: on a busy machine a turn or two later. A leak stays.
            for _turn in range(20):
                await pilot.pause(0.05)
                gc.collect()
                if closed() is None:
                    break
            assert closed() is None and closed_search() is None
        await app.push_screen(SearchOnly())
        search = app.screen.query_one(GuideSearch)
        app.guide_index = None
        await pilot.pause()
        assert search.hits == [] and _("Loading the item catalog…") in helpers.screen_text(app)
        app.guide_index = index
        await pilot.pause()
        assert listed_codes(search) == [hit.code for hit in search_guides("", RESULTS)]
