"""Help (F1 or ?), the key table, the command palette's own commands."""

from textual.widgets import Input

from counter_tui.i18n import _
from counter_tui.services.intake.draft import start_draft
from counter_tui.tui import keys
from counter_tui.tui.screens.checklist import ChecklistStep
from counter_tui.tui.screens.help import HelpScreen
from counter_tui.tui.screens.home import HomeScreen
from counter_tui.tui.screens.lock import LockScreen
from counter_tui.tui.screens.sign_in import SignInScreen
from counter_tui.tui.widgets.bars import KeyBar, shown_keys


async def test_help_opens_with_f1_and_question_mark_and_closes_with_esc(
    make_app, clerk, helpers
) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await helpers.sign_in(pilot, clerk.code, clerk.pin)
        for key in ("f1", "question_mark"):
            await pilot.press(key)
            assert isinstance(app.screen, HelpScreen), key
            text = helpers.screen_text(app)
            assert "Ctrl+L" in text and _(keys.LOCK.help) in text
            assert "Esc" in text
            await pilot.press("escape")
            assert isinstance(app.screen, HomeScreen), key


async def test_f1_closes_help_again(make_app, helpers) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("f1")
        assert isinstance(app.screen, SignInScreen)


async def test_question_mark_in_a_field_is_just_a_character(make_app, helpers) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await pilot.press("a", "question_mark")
        assert isinstance(app.screen, SignInScreen)
        assert app.screen.query_one("#code", Input).value == "a?"


async def test_footer_shows_only_what_works_here(make_app, clerk, helpers) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        footer = helpers.key_bar(app)
        assert _(keys.HELP.label) in footer and _(keys.QUIT.label) in footer
        assert _(keys.LOCK.label) not in footer  # nobody signed in yet
        await helpers.sign_in(pilot, clerk.code, clerk.pin)
        footer = helpers.key_bar(app)
        for action in (keys.HELP, keys.LOCK, keys.SIGN_OUT, keys.QUIT):
            assert f"{keys.key_display(action.keys[0])} {_(action.label)}" in footer
        assert _(keys.BACK.label) not in footer  # nothing to go back to from home
        await pilot.press("f1")
        footer = helpers.key_bar(app)
        assert f"Esc {_(keys.BACK.label)}" in footer


async def test_the_administrator_is_offered_no_intake_and_no_queue(
    make_app, accounts, helpers
) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await helpers.sign_in(pilot, "admin", accounts["admin"].pin)
        footer = helpers.key_bar(app)
        assert f"F3 {_(keys.GUIDES.label)}" in footer
        assert _(keys.INTAKE.label) not in footer and _(keys.QUEUE.label) not in footer
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert _(keys.INTAKE.label) not in titles and _(keys.QUEUE.label) not in titles
        assert _(keys.FIND_CASE.label) in titles and _(keys.WINDOWS.label) in titles
        for key in ("f2", "f5"):
            await pilot.press(key)
            assert isinstance(app.screen, HomeScreen), key


async def test_palette_offers_the_apps_own_commands(make_app, clerk, helpers) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert titles == [_(keys.HELP.label), _(keys.QUIT.label)]
        await helpers.sign_in(pilot, clerk.code, clerk.pin)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert titles == [
            _(action.label)
            for action in (
                keys.HELP,
                keys.GUIDES,
                keys.INTAKE,
                keys.CONSULT,
                keys.QUEUE,
                keys.FIND_CASE,
                keys.REPORTS,
                keys.HANDOVER,
                keys.FOLLOW_UPS,
                keys.LOCK,
                keys.SIGN_OUT,
                keys.QUIT,
            )
        ]
        await pilot.press("ctrl+p")
        assert app.screen.id == "--command-palette"
        await helpers.type_in(pilot, _(keys.LOCK.label))
        await pilot.pause(0.3)  # the palette searches in a worker
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LockScreen)


async def test_keys_can_be_moved_by_a_keymap(make_app, clerk, helpers) -> None:
    app = make_app(keymap={keys.LOCK.id: "ctrl+k"})
    async with app.run_test(size=helpers.size) as pilot:
        await helpers.sign_in(pilot, clerk.code, clerk.pin)
        await pilot.press("ctrl+l")
        assert isinstance(app.screen, HomeScreen)
        assert f"^K {_(keys.LOCK.label)}" in helpers.key_bar(app)
        await pilot.press("ctrl+k")
        assert isinstance(app.screen, LockScreen)
        assert app.keys_for(keys.LOCK) == ("ctrl+k",)


def test_no_two_actions_share_a_key() -> None:
    # Per screen, with the app's keys: test_keymap.py.
    all_keys = keys.all_keys()
    assert len(all_keys) == len(set(all_keys))


def test_every_f_key_has_a_ctrl_or_letter_alternative() -> None:
    actions = [*((a.action, a.keys) for a in keys.GLOBAL), *keys.RESERVED.items()]
    for name, action_keys in actions:
        if any(key.startswith("f") and key[1:].isdigit() for key in action_keys):
            assert any(not (key.startswith("f") and key[1:].isdigit()) for key in action_keys), name


def test_key_names_read_as_people_say_them() -> None:
    assert keys.key_name("ctrl+l") == "Ctrl+L"
    assert keys.key_name("f1") == "F1"
    assert keys.key_name("question_mark") == "?"
    assert keys.key_name("shift+tab") == "Shift+Tab"
    assert keys.key_display("ctrl+o") == "^O"
    assert keys.keys_text(("f1", "question_mark")) == "F1 / ?"


async def test_help_tells_the_idle_time_and_the_actual_keys(make_app, helpers) -> None:
    from counter_tui.i18n import set_language

    set_language("en")
    app = make_app(idle_lock_seconds=90, keymap={keys.LOCK.id: "ctrl+k"})
    async with app.run_test(size=helpers.size) as pilot:
        await pilot.press("f1")
        text = " ".join(helpers.screen_text(app).split())
        assert "F1 Help" in text  # not ?: it types into the staff code field here
        await pilot.press("end")  # the notes follow the key table
        await pilot.pause()
        text = " ".join(helpers.screen_text(app).split())
        assert "locks itself after 90 seconds" in text
        assert "Ctrl+K locks it at once" in text


def bar_text(screen) -> str:
    """The key bar's lines as drawn."""
    return screen.query_one(KeyBar).render().plain


def assert_every_key_findable(screen) -> None:
    """Each key of the screen is in the bar whole, or the bar ends with the help key
    saying the others are behind it; no word is ever cut (issue 21 item 1)."""
    text = bar_text(screen)
    keys, _palette, help_key = shown_keys(screen)
    behind = help_key is not None and _("Help: more keys") in text
    for key, word, _enabled in keys:
        if behind and (key, word, _enabled) == help_key:
            continue  # it stands for the others
        whole = f" {key} {word} " in text.replace("\n", " ") + " "
        assert whole or (behind and key not in text.split()), (key, word, text)
    for line in text.splitlines():
        assert not line.rstrip().endswith(("…",)), line


async def test_every_key_of_a_crowded_screen_can_be_found_at_80_columns(
    make_app, clerk, helpers
) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await helpers.sign_in(pilot, clerk.code, clerk.pin)
        screen = ChecklistStep(start_draft(app.session, "GA-004", at=app.now()))
        await app.push_screen(screen)
        await helpers.settle(pilot)
        assert_every_key_findable(screen)
        text = bar_text(screen)
        for action in (keys.MARK_DEFERRED, keys.MARK_NOT_APPLICABLE):  # cut off before
            assert f"{action.keys[0].upper()} {_(action.label)}" in text
        await pilot.resize_terminal(60, 24)
        await pilot.pause()
        assert_every_key_findable(screen)
        assert _("Help: more keys") in bar_text(screen)


async def test_a_key_not_for_this_role_says_whose_it_is(make_app, clerk, helpers) -> None:
    """F7 pressed by a clerk did nothing and said nothing (issue 21 item 17)."""
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await helpers.sign_in(pilot, clerk.code, clerk.pin)
        screen = app.screen
        await pilot.press("f7")
        await pilot.pause()
        assert app.screen is screen
        said = [n.message for n in app._notifications]
        assert any(_(keys.APPROVALS.label) in m and "F7" in m for m in said), said


async def test_a_covered_screens_key_line_stays_as_it_was(make_app, accounts, helpers) -> None:
    """While the lookup covers home, home's key line is not laid out again for nobody.
    It was, without F3 (no second lookup while one is open); where that took a line off
    the bar, home's table changed height twice and drew every cell anew on the way back
    (issue 17: 30 to 60 ms of Esc)."""
    clerk = accounts["hb01"]  # open cases: home shows its table
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await helpers.sign_in(pilot, clerk.code, clerk.pin)
        await helpers.settle(pilot)
        home = app.screen
        bar = home.query_one(KeyBar)
        shown = (bar.region, bar.render().plain)
        await pilot.press("f3")
        await helpers.settle(pilot)
        assert not isinstance(app.screen, HomeScreen)
        assert (bar.region, bar.render().plain) == shown
        await pilot.press("escape")
        await helpers.settle(pilot)
        assert app.screen is home
        assert (bar.region, bar.render().plain) == shown
