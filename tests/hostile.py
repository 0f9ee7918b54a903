"""Hostile text for hypothesis (issue 8): markup, escape sequences, control characters,
bidi overrides, zero-width characters, emoji and astral characters, lone surrogates, very
long text, and mixtures of them; and the checks that a refused call changed nothing.

What the store keeps of any text is ``storable_text(text)`` (store/models.py): U+0000
dropped, a lone surrogate replaced by U+FFFD. A reason or note is kept as typed otherwise,
only the blanks around it trimmed (``as_typed``)."""

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st

from counter_tui.documents.notices import notice_text
from counter_tui.documents.wrap import clean
from counter_tui.domain.errors import DomainError
from counter_tui.i18n import explain
from counter_tui.services.cases.documents import IssuedDocument
from counter_tui.store.models import ALL_MODELS, database_proxy, storable_text

MARKUP = (
    *("[red]", "[/]", "[/red]", "[bold]", "[b][i]", "[link=file:///etc/passwd]", "[/link]"),
    *("[@click=app.quit]", "[@click=screen.dismiss]", "[on red]", "[", "]", "[[", "]]"),
    *("\\[", "[/", "[red", "<b>", "&amp;", "{name}", "{0}", "%s", "%(x)s", "%", "_", "*"),
)
ESCAPES = (
    *("\x1b[31m", "\x1b[2J", "\x1b[H", "\x1b[?1049h", "\x1b]0;title\x07", "\x1bc"),
    *("\x1b]8;;http://evil\x1b\\", "\x1bP+q544e\x1b\\", "\x9b31m", "\x1b[6n", "\x1b"),
)
CONTROLS = (*map(chr, range(0x20)), "\x7f", *map(chr, range(0x80, 0xA0)))
BIDI = ("\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068")
BIDI += ("\u2069", "\u200e", "\u200f", "\u061c")
INVISIBLE = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u3000", "\u2028")
INVISIBLE += ("\u2029",)
EMOJI = ("😀", "👨\u200d👩\u200d👧\u200d👦", "🏳\ufe0f\u200d🌈", "👍🏽", "🇨🇳")
EMOJI += ("𠀀", "𝕏", "\U0010fffd")
# Python's str may hold half a surrogate pair (from undecodable bytes read with
# surrogateescape, e.g. the command line's arguments); UTF-8 cannot encode it.
SURROGATES = ("\ud800", "\udfff", "\udc80")

piece = st.one_of(
    st.sampled_from(MARKUP),
    st.sampled_from(ESCAPES),
    st.sampled_from(CONTROLS),
    st.sampled_from(BIDI + INVISIBLE),
    st.sampled_from(EMOJI),
    st.sampled_from(SURROGATES),
    st.text(st.characters(codec="utf-8"), max_size=4),
    st.sampled_from(("王", "小明", "户口", " ", "\t", "\n")),
)
short_text = st.lists(piece, max_size=12).map("".join)
# 10,000 characters and more: a piece repeated, between two short ones.
long_text = st.builds(
    lambda head, body, times, tail: head + body * times + tail,
    short_text,
    st.sampled_from(("长", "[red]x[/]", "\x1b[2J", "😀", "\u202e", "ab ")),
    st.integers(min_value=3_400, max_value=10_500),
    short_text,
)
hostile_text = st.one_of(short_text, short_text, short_text, long_text)
# What a terminal can deliver to a field that takes it whole: no control character (a
# field refuses a paste with one), no surrogate (a terminal sends UTF-8).
typable_text = st.lists(
    st.one_of(
        st.sampled_from(MARKUP),
        st.sampled_from(BIDI + INVISIBLE),
        st.sampled_from(EMOJI),
        st.text(st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"]), max_size=4),
        st.sampled_from(("王", "小明", "户口", " ")),
    ),
    min_size=1,
    max_size=8,
).map("".join)
# What a form's text field gives: a hostile text with something besides blanks in it.
given_text = hostile_text.filter(lambda text: storable_text(text).strip() != "")


def drawn(strategy: st.SearchStrategy[str], count: int, seed: int) -> list[str]:
    """``count`` values of ``strategy``, the same every run: for the Pilot tests, where an
    example costs a whole session of the app. Always with the markup that would act if it
    were read as markup."""
    found: list[str] = []

    @hypothesis_seed(seed)
    @settings(max_examples=count, phases=[Phase.generate], database=None, deadline=None)
    @given(strategy)
    def collect(value: str) -> None:
        found.append(value)

    collect()
    return ["[red]x[/] [@click=app.quit]quit[/] [link=file:///etc]y[/link]", *found]


# The examples of a test share its function-scoped fixtures on purpose: each one runs
# ``undone`` or builds what it needs. A dozen each keeps the suite near a minute;
# COUNTER_TUI_HOSTILE_EXAMPLES=500 searches further.
HOSTILE_SETTINGS = settings(
    max_examples=int(os.environ.get("COUNTER_TUI_HOSTILE_EXAMPLES", "12")),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@contextmanager
def undone() -> Iterator[None]:
    """Run one example inside a transaction rolled back after it, so that every example
    starts from the database as the test's setup left it (the services' own transactions
    become savepoints)."""
    with database_proxy.atomic() as transaction:
        yield
        transaction.rollback()


def as_typed(text: str) -> str:
    """What the store keeps of a typed reason or note."""
    return storable_text(text).strip()


def everything() -> list[list[dict]]:
    """Every row of every table, in order: what a refused call must not have changed."""
    return [
        list(model.select().order_by(*model._meta.get_primary_keys()).dicts())
        for model in ALL_MODELS
    ]


def assert_refused(call: Callable[[], object], rule: str) -> None:
    before = everything()
    with pytest.raises(DomainError) as caught:
        call()
    assert caught.value.rule == rule
    assert explain(caught.value)  # its message, with the hostile text in it, can be told
    assert everything() == before


def unsafe_to_show(text: str) -> list[str]:
    """The characters of ``text`` a terminal or a printer would act on rather than show."""
    return [
        char
        for char in text
        if (ord(char) < 0x20 and char != "\n")
        or 0x7F <= ord(char) <= 0x9F
        or 0xD800 <= ord(char) <= 0xDFFF
        or char in (*BIDI, "\u2028", "\u2029")
    ]


def assert_shown_as_data(document: IssuedDocument, value: str, sentence: bool = False) -> None:
    """The document's text shows ``value`` (as stored) character for character, markup
    and all, with its control and bidi characters as visible escapes, nothing acted on.
    A ``sentence`` (a reason the wording ends with its own full stop) is printed without
    the stops and commas it ended with."""
    text = notice_text(document, width=72)
    assert unsafe_to_show(text) == []
    if sentence:
        value = value.rstrip("。.；;，, ")
    shown = "".join(clean(value).split())
    assert shown in "".join(text.split())  # wrapped lines joined
