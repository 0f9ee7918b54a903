"""The consultation desk at 80×24 (docs/rules.md §18): Ctrl+K (F10) from any screen, a
question answered now, to call back, referred; the handout printed and logged; the
question that becomes an application carries its item and visitor to the intake."""

from datetime import timedelta

from rich.cells import cell_len

from counter_tui.i18n import _
from counter_tui.services.consultations.questions import take_consultation
from counter_tui.store.events import event_data
from counter_tui.store.models import Consultation, Event, Referral
from counter_tui.tui.labels import light_label
from counter_tui.tui.screens.consult import ConsultScreen
from counter_tui.tui.screens.guide import GuideScreen
from counter_tui.tui.screens.home import HomeScreen
from counter_tui.tui.screens.intake import ApplicantStep
from counter_tui.tui.screens.question import QuestionScreen
from counter_tui.tui.screens.queue import QueueScreen


def _last() -> Consultation:
    return Consultation.select().order_by(Consultation.id.desc()).first()


def _fits(helpers, app) -> None:
    lines = helpers.screen_text(app).splitlines()
    assert len(lines) == 24 and all(cell_len(line) <= 80 for line in lines)


async def _form(pilot, helpers, key: str) -> None:
    await pilot.press(key)
    await helpers.settle(pilot)
    assert isinstance(pilot.app.screen, ConsultScreen)
    _fits(helpers, pilot.app)


async def test_a_walk_in_question_answered_at_once_from_home(make_app, clerk, helpers) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await helpers.sign_in(pilot, clerk.code, clerk.pin)
        # Five keys besides the letters: Ctrl+X, Enter (the item), Enter (the question),
        # Enter (answered now), Ctrl+S.
        await _form(pilot, helpers, "ctrl+x")
        await helpers.type_in(pilot, "jzz")
        await pilot.press("enter")
        await helpers.paste(pilot, "居住证要带什么？")
        await pilot.press("enter", "enter")
        await helpers.paste(pilot, "身份证和住所证明")
        await pilot.press("ctrl+s")
        await helpers.settle(pilot)
        row = _last()
        assert (row.item.code, row.question, row.answer, row.state, row.channel) == (
            "GA-010",
            "居住证要带什么？",
            "身份证和住所证明",
            "answered",
            "walk_in",
        )
        assert isinstance(app.screen, QuestionScreen)
        assert "身份证和住所证明" in helpers.screen_text(app)
        _fits(helpers, app)


async def test_a_phone_call_back_from_the_queue_shows_on_home_and_is_answered_there(
    make_app, clerk, helpers
) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await helpers.sign_in(pilot, clerk.code, clerk.pin)
        await pilot.press("f5")
        await helpers.settle(pilot)
        assert isinstance(app.screen, QueueScreen)
        await _form(pilot, helpers, "f10")
        await pilot.press("tab")  # no item
        await helpers.paste(pilot, "大厅周六开门吗？")
        await pilot.press("enter", "right", "enter")  # to call back: no answer line
        await helpers.paste(pilot, "王芳")
        await pilot.press("enter")
        await helpers.paste(pilot, "13800000000")
        await pilot.press("enter", "right", "enter")  # by phone; Enter on the last records
        await helpers.settle(pilot)
        row = _last()
        assert (row.item, row.state, row.channel, row.visitor, row.phone) == (
            None,
            "open",
            "phone",
            "王芳",
            "13800000000",
        )
        assert row.due_at == app.now() + timedelta(minutes=30)
        await pilot.press("escape")  # the question (in the form's place), then the queue
        await helpers.settle(pilot)
        assert isinstance(app.screen, QueueScreen)
        await pilot.press("escape")
        await helpers.settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        text = helpers.screen_text(app)
        [line] = [line for line in text.splitlines() if "大厅周六开门吗？" in line]
        assert light_label("green") in line and "10:30" in line and "王芳" in line
        _fits(helpers, app)
        await pilot.press("shift+tab", "enter")  # up to the questions, open the first
        await helpers.settle(pilot)
        assert isinstance(app.screen, QuestionScreen)
        await pilot.press("a")
        await helpers.paste(pilot, "周六上午开门")
        await pilot.press("enter")
        await helpers.settle(pilot)
        assert (Consultation.get_by_id(row.id).state, Consultation.get_by_id(row.id).answer) == (
            "answered",
            "周六上午开门",
        )
        await pilot.press("escape")
        await helpers.settle(pilot)
        assert "大厅周六开门吗？" not in helpers.screen_text(app)


async def test_an_overdue_question_is_red_on_home_and_is_referred(make_app, clerk, helpers) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await helpers.sign_in(pilot, clerk.code, clerk.pin)
        late = take_consultation(app.session, "迁户口要多久？", at=app.now() - timedelta(hours=2))
        soon = take_consultation(app.session, "能代办吗？", at=app.now() - timedelta(minutes=25))
        app.refresh_home()
        await helpers.settle(pilot)
        lines = helpers.screen_text(app).splitlines()
        [red] = [line for line in lines if "迁户口要多久？" in line]
        [yellow] = [line for line in lines if "能代办吗？" in line]
        assert light_label("red") in red and light_label("yellow") in yellow
        assert lines.index(red) < lines.index(yellow)  # due first
        await pilot.press("shift+tab", "enter", "r")
        await helpers.paste(pilot, "户籍科")
        await pilot.press("enter")
        await helpers.settle(pilot)
        row = Consultation.get_by_id(late)
        assert (row.state, row.answer) == ("referred", "户籍科")
        assert Consultation.get_by_id(soon).state == "open"


async def test_a_question_referred_from_the_form(make_app, clerk, helpers) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await helpers.sign_in(pilot, clerk.code, clerk.pin)
        await _form(pilot, helpers, "ctrl+x")
        await pilot.press("tab")
        await helpers.paste(pilot, "营业执照怎么办？")
        await pilot.press("enter", "right", "right", "enter")  # referred
        await helpers.paste(pilot, "市场监管局窗口")
        await pilot.press("ctrl+s")
        await helpers.settle(pilot)
        row = _last()
        assert (row.state, row.answer) == ("referred", "市场监管局窗口")


async def test_an_empty_question_is_refused_and_nothing_recorded(make_app, clerk, helpers) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await helpers.sign_in(pilot, clerk.code, clerk.pin)
        before = Consultation.select().count()  # the demo's
        await _form(pilot, helpers, "ctrl+x")
        await pilot.press("tab")
        await helpers.paste(pilot, "   ")
        await pilot.press("ctrl+s")
        await helpers.settle(pilot)
        assert Consultation.select().count() == before
        assert isinstance(app.screen, ConsultScreen)
        assert _("Type the visitor's question.") in helpers.screen_text(app)
        await helpers.paste(pilot, "\x1b[31m问题")  # a control character: refused whole
        assert app.screen.query_one("#question").value == "   "


async def test_the_handout_is_printed_from_the_question_and_logged(
    make_app, clerk, helpers, tmp_path
) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await helpers.sign_in(pilot, clerk.code, clerk.pin)
        ident = take_consultation(
            app.session, "居住证要带什么？", item_code="GA-010", answer="见单"
        )
        app.open_question(ident)
        await helpers.settle(pilot)
        await pilot.press("p")
        await helpers.settle(pilot)
        event = Event.select().order_by(Event.id.desc()).first()
        assert (event.kind, event_data(event)["consultation"]) == ("consultation_printed", ident)
        printed = list((tmp_path / "documents").glob(f"consultation_{ident}_GA-010_*"))
        assert len(printed) == 1


async def test_a_question_becomes_an_application_from_a_guide_screen(
    make_app, clerk, helpers
) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await helpers.sign_in(pilot, clerk.code, clerk.pin)
        await pilot.press("f3")
        await helpers.settle(pilot)
        await helpers.type_in(pilot, "jzz")
        await pilot.press("enter")
        await helpers.settle(pilot)
        assert isinstance(app.screen, GuideScreen)
        await _form(pilot, helpers, "ctrl+x")
        await helpers.type_in(pilot, "jzz")
        await pilot.press("enter")
        await helpers.paste(pilot, "我现在就申请")
        await pilot.press("enter", "enter")
        await helpers.paste(pilot, "可以")
        await pilot.press("enter")
        await helpers.paste(pilot, "李雷")
        await pilot.press("enter")
        await helpers.paste(pilot, "13900000000")
        await pilot.press("ctrl+s")
        await helpers.settle(pilot)
        assert isinstance(app.screen, QuestionScreen)
        await pilot.press("f2")
        await helpers.settle(pilot)
        assert isinstance(app.screen, ApplicantStep)
        assert app.screen.query_one("#name").value == "李雷"
        assert app.screen.query_one("#phone").value == "13900000000"
        row = _last()
        assert row.case.number == app.screen.number and row.case.item.code == "GA-010"
        [event] = Event.select().where(Event.kind == "consultation_converted")
        assert event_data(event) == {"consultation": row.id, "case": row.case.number}
        await pilot.press("escape")  # the draft is kept; the question names it
        await helpers.settle(pilot)
        assert isinstance(app.screen, QuestionScreen)
        assert row.case.number in helpers.screen_text(app)


async def test_a_question_without_an_item_chooses_it_at_the_intake(
    make_app, clerk, helpers
) -> None:
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await helpers.sign_in(pilot, clerk.code, clerk.pin)
        ident = take_consultation(app.session, "我想办证", visitor="韩梅梅", answer="请选事项")
        app.open_question(ident)
        await helpers.settle(pilot)
        await pilot.press("ctrl+n")
        await helpers.settle(pilot)
        await helpers.type_in(pilot, "jzz")
        await pilot.press("enter")
        await helpers.settle(pilot)
        assert isinstance(app.screen, ApplicantStep)
        assert app.screen.query_one("#name").value == "韩梅梅"
        assert Consultation.get_by_id(ident).case.number == app.screen.number


async def test_a_question_travels_to_the_first_window_and_is_answered_there(
    make_app, accounts, helpers
) -> None:
    """The clerk refers an open question with key 1 and a note (docs/rules.md §20); the
    chief finds it among the home's questions, takes it (K) and answers it (A)."""
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await helpers.sign_in(pilot, "ga01", accounts["ga01"].pin)
        asked = take_consultation(app.session, "外籍配偶落户怎么办？", phone="13800001111")
        app.open_question(asked)
        await helpers.settle(pilot)
        await pilot.press("1")
        await pilot.pause()
        await helpers.paste(pilot, "政策少见，请首席答复")
        await pilot.press("enter")
        await helpers.settle(pilot)
        referral = Referral.get(Referral.consultation == asked)
        assert (referral.state, referral.note) == ("waiting", "政策少见，请首席答复")
        assert f"政策少见，请首席答复 · {_('waiting to be taken')}" in helpers.screen_text(app)
        await pilot.press("a")  # the clerk no longer answers it: the key is not offered
        await pilot.pause()
        assert Consultation.get_by_id(asked).state == "referred"
    app = make_app()
    async with app.run_test(size=helpers.size) as pilot:
        await helpers.sign_in(pilot, "gachief", accounts["gachief"].pin)
        await helpers.settle(pilot)
        lines = helpers.screen_text(app).splitlines()
        assert any("外籍配偶落户怎么办？" in line for line in lines)
        app.open_question(asked)
        await helpers.settle(pilot)
        await pilot.press("k")
        await helpers.settle(pilot)
        assert Referral.get_by_id(referral.id).state == "taken"
        assert _("taken by {name}").format(name="赵建国") in helpers.screen_text(app)
        await pilot.press("a")
        await pilot.pause()
        await helpers.paste(pilot, "携结婚证、护照到户籍科办理")
        await pilot.press("enter")
        await helpers.settle(pilot)
        row, referral = Consultation.get_by_id(asked), Referral.get_by_id(referral.id)
        assert (row.state, row.answer) == ("answered", "携结婚证、护照到户籍科办理")
        assert (referral.state, referral.outcome) == ("closed", "answered")
        _fits(helpers, app)
