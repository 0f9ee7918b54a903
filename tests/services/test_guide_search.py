"""Item guide search: what matches, in which order, and that nothing a clerk types breaks it."""

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from counter_tui.services.catalog.guide_search import (
    FIELD_WEIGHTS,
    GuideIndex,
    normalise,
    query_words,
    record_use,
)
from counter_tui.services.catalog.items import import_items
from counter_tui.services.errors import ServiceError
from counter_tui.store.database import write_transaction
from counter_tui.store.models import Department, Item, database_proxy

pytestmark = pytest.mark.both_engines


def _codes(index: GuideIndex, query: str, limit: int = 50) -> list[str]:
    return [hit.code for hit in index.search(query, limit)]


@pytest.fixture
def demo_index(demo_db: str) -> GuideIndex:
    """The demo catalog as if never used, so ties fall to the code and orders are known;
    ranking by use has tests of its own."""
    with write_transaction(database_proxy.obj):
        Item.update(use_count=0).execute()
    return GuideIndex.load()


# ── the demo catalog ────────────────────────────────────────────────────────


def test_two_chinese_characters_find_the_hukou_items(demo_index: GuideIndex) -> None:
    hits = demo_index.search("户口")
    names = [hit.name for hit in hits]
    # every item with 户口 in its name, and 户籍证明出具 through its keyword 户口证明
    assert set(names) == {
        "户口迁移（市内迁移）",
        "户口迁移（跨省迁入）",
        "出生登记（户口）",
        "户籍证明出具",
    }
    assert names[-1] == "户籍证明出具"  # a keyword prefix ranks below exact keyword matches
    assert hits[-1].field == "keywords" and hits[-1].matched == "户口证明"


def test_pinyin_initials_find_the_firearms_permit_first(demo_index: GuideIndex) -> None:
    hits = demo_index.search("qzsn")
    assert hits[0].name == "枪支省内运输许可证"
    assert hits[0].field == "pinyin_initials"


def test_initials_are_case_insensitive(demo_index: GuideIndex) -> None:
    assert _codes(demo_index, "QZSN")[:1] == ["GA-001"]


def test_full_pinyin_matches_by_prefix_and_substring(demo_index: GuideIndex) -> None:
    prefix = demo_index.search("hukou")
    assert [h.code for h in prefix] == ["GA-005", "GA-006", "GA-007"]
    assert prefix[0].field == "pinyin"
    assert prefix[0].score > prefix[2].score  # hukou… (prefix) above chushengdengjihukou
    assert {"GA-005", "GA-006"} <= set(_codes(demo_index, "qianyi"))


def test_item_code_exact_and_prefix(demo_index: GuideIndex) -> None:
    hits = demo_index.search("gh-009")
    assert hits[0].code == "GH-009" and hits[0].field == "code"
    assert len(hits) == 1
    assert _codes(demo_index, "HB-00") == [f"HB-00{n}" for n in range(1, 10)]


def test_full_width_input_from_a_chinese_keyboard(demo_index: GuideIndex) -> None:
    assert _codes(demo_index, "ＧＡ－００２") == ["GA-002"]


def test_department_short_and_full_name(demo_index: GuideIndex) -> None:
    hb = {f"HB-{n:03d}" for n in range(1, 11)}
    assert set(_codes(demo_index, "环保")) == hb
    assert set(_codes(demo_index, "生态环境局")) == hb
    assert demo_index.search("环保")[0].field == "department_short"


def test_keywords_find_items_whose_name_does_not_say_it(demo_index: GuideIndex) -> None:
    hits = demo_index.search("落户")
    assert [h.code for h in hits] == ["GA-005", "GA-006", "GA-007"]
    assert all(h.field == "keywords" and h.matched == "落户" for h in hits)


def test_every_word_of_a_query_must_match(demo_index: GuideIndex) -> None:
    assert _codes(demo_index, "规划 延期") == ["GH-009"]
    assert _codes(demo_index, "延期 规划") == ["GH-009"]
    assert _codes(demo_index, "户口 跨省") == ["GA-006"]
    assert _codes(demo_index, "hukou kuasheng") == ["GA-006"]
    assert _codes(demo_index, "户口 环保") == []


def test_no_match_is_an_empty_list(demo_index: GuideIndex) -> None:
    assert demo_index.search("量子计算机") == []
    assert demo_index.search("zzzzq") == []


def test_limit(demo_index: GuideIndex) -> None:
    assert len(demo_index.search("公安", limit=3)) == 3
    assert demo_index.search("公安", limit=0) == []
    assert len(demo_index.search("", limit=500)) == 36


# ── ranking on a catalog made for it ──────────────────────────────────────


def _entry(code: str, name: str, keywords: list[str] | None = None) -> dict[str, Any]:
    return {
        "code": code,
        "name": name,
        "department": "HB",
        "kind": "promised",
        "legal_limit_days": 20,
        "promised_limit_days": 10,
        "keywords": keywords or [],
        "materials": [{"name": "申请表", "necessity": "required", "form": "original"}],
    }


@pytest.fixture
def ranking_db(empty_db: str) -> str:
    with write_transaction(database_proxy.obj):
        Department.create(code="HB", name="示范市生态环境局", short_name="环保")
    import_items(
        [
            _entry("HB-001", "排污许可证变更"),  # substring of the name
            _entry("HB-002", "许可证"),  # the whole name
            _entry("HB-003", "许可证延续"),  # prefix of the name
            _entry("HB-004", "辐射安全审批", ["许可证"]),  # whole keyword
            _entry("HB-005", "夜间施工证明", ["许可证核发"]),  # keyword prefix
            _entry("HB-006", "许可证注销"),  # prefix of the name, like HB-003
        ],
        "ranking",
    )
    return empty_db


def test_exact_before_prefix_before_substring_and_name_before_other_fields(
    ranking_db: str,
) -> None:
    index = GuideIndex.load()
    assert _codes(index, "许可证") == ["HB-002", "HB-004", "HB-003", "HB-006", "HB-005", "HB-001"]


def test_name_ranks_before_department_at_equal_quality(ranking_db: str) -> None:
    import_items([_entry("HB-007", "建设项目环境影响评价审批")], "more")
    for _ in range(3):
        record_use("HB-001")
    hits = GuideIndex.load().search("环境")  # substring of 示范市生态环境局 and of HB-007's name
    assert (hits[0].code, hits[0].field) == ("HB-007", "name")
    assert (hits[1].code, hits[1].field) == ("HB-001", "department")
    assert len(hits) == 7


def test_use_count_breaks_ties_and_then_code(ranking_db: str) -> None:
    record_use("HB-006")
    index = GuideIndex.load()
    order = _codes(index, "许可证")
    assert order.index("HB-006") < order.index("HB-003")  # same match, used more
    # … but never lifts a weaker match above a stronger one
    for _ in range(5):
        record_use("HB-001")
    order = _codes(GuideIndex.load(), "许可证")
    assert order[-1] == "HB-001"


def test_empty_query_lists_the_most_used_items_first(ranking_db: str) -> None:
    for code, uses in (("HB-005", 3), ("HB-002", 1), ("HB-004", 3)):
        for _ in range(uses):
            record_use(code)
    index = GuideIndex.load()
    for query in ("", "   ", "\t\n"):
        hits = index.search(query)
        assert [h.code for h in hits] == [
            "HB-004",
            "HB-005",
            "HB-002",
            "HB-001",
            "HB-003",
            "HB-006",
        ]
        assert [h.use_count for h in hits][:3] == [3, 3, 1]
        assert all(h.score == 0 and h.field == "" for h in hits)


# ── freshness, versions, record_use ─────────────────────────────────────────


def test_is_stale_after_an_import_and_after_a_use(ranking_db: str) -> None:
    index = GuideIndex.load()
    assert not index.is_stale()
    record_use("HB-002")
    assert index.is_stale()
    index = GuideIndex.load()
    assert not index.is_stale()
    import_items([_entry("HB-007", "辐射安全许可证核发")], "more")
    assert index.is_stale()
    assert "HB-007" in _codes(GuideIndex.load(), "辐射")


def test_is_stale_after_a_department_is_renamed(ranking_db: str) -> None:
    index = GuideIndex.load()
    with write_transaction(database_proxy.obj):
        Department.update(short_name="生态").execute()
    assert index.is_stale()
    assert _codes(GuideIndex.load(), "生态")[:1] == ["HB-001"]


def test_a_use_puts_the_index_in_its_new_order_without_a_reload(
    ranking_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = GuideIndex.load()
    assert index.refreshed() is index  # nothing changed
    for code, uses in (("HB-006", 2), ("HB-001", 1)):
        for _ in range(uses):
            record_use(code)

    def no_reload(cls: type[GuideIndex]) -> GuideIndex:
        raise AssertionError("a use reloaded the whole index")

    monkeypatch.setattr(GuideIndex, "load", classmethod(no_reload))
    reranked = index.refreshed()
    monkeypatch.undo()
    assert reranked is not index and reranked.refreshed() is reranked
    assert _codes(reranked, "")[:3] == ["HB-006", "HB-001", "HB-002"]
    # Equal scores go to the more used item: HB-006 now before HB-003 (both name prefixes).
    ranked = ["HB-002", "HB-004", "HB-006", "HB-003", "HB-005", "HB-001"]
    assert _codes(reranked, "许可证") == ranked
    assert _codes(index, "")[:1] == ["HB-001"]  # the index in use is left as it was
    fresh = GuideIndex.load()
    for query in ("", "许可证", "许可", "xkz", "HB-00", "环保", "许可 注销", "证", "nothing"):
        assert reranked.search(query, 50) == fresh.search(query, 50), query


def test_an_import_after_uses_is_a_reload(ranking_db: str) -> None:
    index = GuideIndex.load()
    record_use("HB-002")
    import_items([_entry("HB-007", "辐射安全许可证核发")], "more")
    refreshed = index.refreshed()
    assert "HB-007" in _codes(refreshed, "辐射")
    assert refreshed.search("", 50) == GuideIndex.load().search("", 50)


def test_search_returns_the_current_version_and_keeps_the_use_count(ranking_db: str) -> None:
    record_use("HB-002")
    record_use("HB-002")
    changed = _entry("HB-002", "许可证（新版）")
    assert import_items([changed], "v2")["changed"] == 1
    [hit] = [h for h in GuideIndex.load().search("许可证") if h.code == "HB-002"]
    current = Item.get((Item.code == "HB-002") & Item.current)
    assert (hit.item_id, hit.version, hit.name) == (current.id, 2, "许可证（新版）")
    assert hit.use_count == 2 == current.use_count


def test_record_use_counts_on_the_current_version_only(ranking_db: str) -> None:
    import_items([_entry("HB-002", "许可证（新版）")], "v2")
    assert record_use("HB-002") == 1
    old = Item.get((Item.code == "HB-002") & (Item.version == 1))
    assert old.use_count == 0


def test_record_use_of_an_unknown_item_is_refused(ranking_db: str) -> None:
    with pytest.raises(ServiceError) as error:
        record_use("XX-404")
    assert error.value.rule == "catalog.unknown_item"
    assert "XX-404" in str(error.value)


# ── hostile input ───────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    "query",
    [
        "%",
        "_",
        "%%",
        ".*",
        "[",
        "(?P<x>",
        "\\",
        "'; DROP TABLE item; --",
        "\x1b[31m",
        "[red]户口[/]",
        "户" * 10_000,
    ],
)
def test_wildcards_and_markup_are_plain_characters(demo_index: GuideIndex, query: str) -> None:
    assert demo_index.search(query) == []


@pytest.mark.parametrize("query", ["\x00", "\x1f", "\ud800", "\u200b", "\x7f\x85"])
def test_control_and_invisible_characters_alone_are_an_empty_query(
    demo_index: GuideIndex, query: str
) -> None:
    assert demo_index.search(query) == demo_index.search("")


def test_ten_thousand_characters_of_words(demo_index: GuideIndex) -> None:
    assert demo_index.search("a " * 5_000) == demo_index.search("a")
    many = demo_index.search("a b c d e f g h i j k l m n " * 700)
    assert many == demo_index.search("a b c d e f g h")  # the first eight distinct words


def test_control_characters_separate_words(demo_index: GuideIndex) -> None:
    assert _codes(demo_index, "户口\x00跨省") == ["GA-006"]
    assert _codes(demo_index, "枪支\x1f运输") == ["GA-001"]


def test_a_long_query_is_cut_to_a_few_distinct_words() -> None:
    words = query_words(" ".join(f"w{n}" for n in range(100)) + " " + "x" * 10_000)
    assert len(words) == 8
    assert all(len(w) <= 200 for w in words)
    assert query_words("户口 户口  户口") == ["户口"]


@pytest.fixture
def reimported_index(demo_db: str) -> GuideIndex:
    """The demo after a re-import that changed three items: old versions stay in the table."""
    from counter_tui.services.catalog.files import catalog_entries

    entries = catalog_entries()
    for entry in entries[:3]:
        entry["fees"] = "按新标准收费"
    assert import_items(entries, "v2")["changed"] == 3
    return GuideIndex.load()


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    query=st.one_of(st.text(max_size=60), st.sampled_from(["枪支", "qzsn", "身份证", "GA-00", ""])),
    limit=st.integers(min_value=-3, max_value=60),
)
def test_any_text_gives_at_most_limit_current_items(
    reimported_index: GuideIndex, query: str, limit: int
) -> None:
    current = {i.id for i in Item.select(Item.id).where(Item.current)}
    assert Item.select().count() == len(current) + 3
    hits = reimported_index.search(query, limit)
    assert len(hits) <= max(limit, 0)
    assert {h.item_id for h in hits} <= current
    assert len({h.item_id for h in hits}) == len(hits)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_a_name_fragment_always_finds_its_item(demo_index: GuideIndex, data: st.DataObject) -> None:
    """Any two consecutive characters of an item's name find that item."""
    item = data.draw(st.sampled_from(list(Item.select().where(Item.current))))
    start = data.draw(st.integers(min_value=0, max_value=max(len(item.name) - 2, 0)))
    fragment = item.name[start : start + 2]
    if not fragment.strip():
        return
    assert item.code in _codes(demo_index, fragment, limit=100)


def _reference(query: str, limit: int) -> list[tuple[str, int]]:
    """The ranking rules written out plainly, straight from the database."""
    items = []
    for item in Item.select().where(Item.current):
        department = Department.get_by_id(item.department_id)
        fields = {
            "name": [item.name],
            "pinyin_initials": [item.pinyin_initials],
            "pinyin": [item.pinyin],
            "code": [item.code],
            "keywords": item.keywords.split(),
            "department_short": [department.short_name],
            "department": [department.name],
        }
        items.append((item, {f: [normalise(v) for v in vs] for f, vs in fields.items()}))
    words = query_words(query)
    ranked = []
    for item, fields in items:
        total = 0
        for word in words:
            scores = [
                (3 if v == word else 2 if v.startswith(word) else 1) * 10 + FIELD_WEIGHTS[f]
                for f, vs in fields.items()
                for v in vs
                if v and word in v
            ]
            if not scores:
                break
            total += max(scores)
        else:
            ranked.append((-total, -item.use_count, item.code))
    return [(code, -total) for total, _uses, code in sorted(ranked)[:limit]]


@pytest.fixture
def used_demo_index(demo_db: str) -> GuideIndex:
    for code, uses in (("GA-006", 4), ("GA-008", 2), ("HB-004", 2), ("GH-002", 7), ("GA-013", 1)):
        for _ in range(uses):
            record_use(code)
    return GuideIndex.load()


# Pieces of the seed's searchable fields, so that most generated queries do match.
FRAGMENTS = (
    *("户口", "qzsn", "公安", "环保", "规划局", "许可证", "hukou", "GA-0", "hb-01", "xuke"),
    *("a", "s", "z", "证", "登记", "变更", "jianshe", "gh-009", "落户", "%", ""),
)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    words=st.lists(
        st.one_of(st.sampled_from(FRAGMENTS), st.text(min_size=1, max_size=3)),
        max_size=3,
    ),
    limit=st.integers(min_value=1, max_value=40),
)
def test_search_ranks_exactly_as_the_rules_say(
    used_demo_index: GuideIndex, words: list[str], limit: int
) -> None:
    query = " ".join(words)
    expected = _reference(query, limit)
    hits = used_demo_index.search(query, limit)
    if not query_words(query):
        assert [h.code for h in hits] == [code for code, _score in expected]
    else:
        assert [(h.code, h.score) for h in hits] == expected


# ── start-up cost ───────────────────────────────────────────────────────────


def test_loading_and_searching_never_import_pypinyin_or_file_readers(
    demo_template: Path, tmp_path: Path
) -> None:
    import shutil

    db = tmp_path / "demo.db"
    shutil.copyfile(demo_template, db)
    code = (
        "import sys;"
        "from counter_tui.store.database import connect;"
        "from counter_tui.services.catalog.guide_search import GuideIndex;"
        f"connect({str(db)!r});"
        "index = GuideIndex.load();"
        "assert index.search('qzsn')[0].code == 'GA-001';"
        "print(' '.join(m for m in ('pypinyin', 'yaml', 'openpyxl') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
