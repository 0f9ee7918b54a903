"""The disk under the SQLite database full in the middle of an intake (issue 20), made for
real: SQLite refuses to grow the file (``max_page_count``, its own "database or disk is
full", as on a full disk). The clerk reads why, nothing typed is lost, nothing is half
written, and the next try saves once there is room."""

from textual.widgets import Input

from counter_tui.i18n import _
from counter_tui.store.models import Case, database_proxy
from counter_tui.tui.screens.intake import ApplicantStep


def _room(pages: int | None) -> None:
    """No more pages than the file has now (None: as many as SQLite allows)."""
    db = database_proxy.obj
    if pages is None:
        db.execute_sql("PRAGMA max_page_count = 4294967294")
    else:
        db.execute_sql(f"PRAGMA max_page_count = {pages}")


async def test_a_full_disk_keeps_the_typed_draft_and_saves_it_later(
    make_app, clerk, helpers, monkeypatch
) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await helpers.sign_in(pilot, clerk.code, clerk.pin)
        await helpers.settle(pilot)
        form = await helpers.new_applicant(pilot)
        assert isinstance(form, ApplicantStep)
        notes = helpers.notes(app, monkeypatch)
        db = database_proxy.obj
        _room(db.execute_sql("PRAGMA page_count").fetchone()[0])
        try:
            # A long address: more than the free room left in the file's pages.
            await helpers.paste(pilot, "王小明")
            form.query_one("#address", Input).value = "示范市文三路" * 2000
            await pilot.press("f9")
            await helpers.settle(pilot)
            assert app.is_running and app.screen is form
            assert form.query_one("#name", Input).value == "王小明"
            full = _(
                "The disk that holds the database is full ({reason}): nothing was saved. What "
                "is on the screen is kept; ask for space to be freed, then try again."
            ).split("{reason}")[0][:-1]  # up to the bracket, full-width in Chinese
            assert any(note.startswith(full) for note in notes), notes
            assert Case.get(Case.number == form.number).applicant_name != "王小明"
        finally:
            _room(None)
        assert db.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"
        await pilot.press("f9")
        await helpers.settle(pilot)
        assert Case.get(Case.number == form.number).applicant_name == "王小明"
