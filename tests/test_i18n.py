"""Every string a person reads is translated into Chinese, placeholders intact."""

import re
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po

import counter_tui
from counter_tui import i18n
from counter_tui.domain.errors import DomainError

PACKAGE = Path(counter_tui.__file__).parent
PLACEHOLDER = re.compile(r"\{(\w*)\}")


def _source_messages() -> set[str]:
    keywords = {**DEFAULT_KEYWORDS, "N_": None}
    found: set[str] = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        PACKAGE, method_map=[("**.py", "python")], keywords=keywords
    ):
        # A plural message is filed under its singular form.
        found.add(message if isinstance(message, str) else message[0])
    return found


def _catalog(language: str):
    po = PACKAGE / "locale" / language / "LC_MESSAGES" / "counter_tui.po"
    with po.open("rb") as handle:
        return read_po(handle)


def test_every_message_has_a_chinese_translation() -> None:
    catalog = _catalog("zh_CN")
    missing = sorted(
        m
        for m in _source_messages()
        if not (entry := catalog.get(m))
        or entry.fuzzy
        # A plural message's string is a tuple of forms: ("",) is untranslated too.
        or not all(entry.string if isinstance(entry.string, tuple) else [entry.string])
    )
    assert missing == []


def test_translations_keep_their_placeholders() -> None:
    wrong = [
        entry.id
        for entry in _catalog("zh_CN")
        if entry.id
        and entry.string
        and isinstance(entry.id, str)
        and sorted(PLACEHOLDER.findall(entry.id)) != sorted(PLACEHOLDER.findall(entry.string))
    ]
    assert wrong == []


def test_compiled_catalog_is_installed_and_switches_language() -> None:
    i18n.set_language("zh_CN")
    assert i18n._("Wrong staff code or PIN") == "工号或密码错误"
    i18n.set_language("en")
    assert i18n._("Wrong staff code or PIN") == "Wrong staff code or PIN"


def test_domain_errors_are_explained_in_the_interface_language() -> None:
    from counter_tui.domain.identifiers import validate_resident_id

    with pytest.raises(DomainError) as error:
        validate_resident_id("11010519491231002Y")
    i18n.set_language("zh_CN")
    chinese = i18n.explain(error.value)
    i18n.set_language("en")
    english = i18n.explain(error.value)
    assert chinese != english
    assert re.search(r"[\u4e00-\u9fff]", chinese)


def test_lists_and_labels_take_the_languages_punctuation() -> None:
    """Issue 21 item 26: English read "Open work: 2 cases：To supplement 1"."""
    from counter_tui.documents.labels import fact, listing

    i18n.set_language("en")
    assert (listing(["a", "b"]), fact("Note", "x")) == ("a, b", "Note: x")
    i18n.set_language("zh_CN")
    assert (listing(["甲", "乙"]), fact("备注", "x")) == ("甲、乙", "备注：x")


def test_the_interface_writes_no_chinese_punctuation_outside_its_messages() -> None:
    """A 、 or ： typed into the code (not into a message to translate) shows in English."""
    literal = re.compile(r"""["'](?:、|：)|(?:、|：)["']|：\{|\}：""")
    found = [
        f"{path.relative_to(PACKAGE)}:{number}"
        for path in sorted((PACKAGE / "tui").rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if literal.search(line) and "_(" not in line and "N_(" not in line
    ]
    assert found == []


def test_a_list_in_an_error_takes_the_languages_list_comma() -> None:
    from counter_tui.domain.errors import N_, DomainError, Items

    error = DomainError("x", N_("Still deferred: {materials}"), materials=Items(["甲", "乙"]))
    i18n.set_language("en")
    assert i18n.explain(error).endswith("甲, 乙")
    i18n.set_language("zh_CN")
    assert i18n.explain(error).endswith("甲、乙")


# A sentence ends and another begins: ". " then a capital, a placeholder or a command
# (not "e.g. GA", "no. 3", "Tel. 0571", "Dept. code").
NEXT_SENTENCE = re.compile(r"(?<!e\.g)(?<!\bno)(?<!Tel)(?<!Dept)\.\s+[A-Z{`]")


def test_a_message_of_several_sentences_ends_with_a_full_stop() -> None:
    """Issue 21 item 26: "…Issue the one-time notice instead" read as cut off. A message
    of two sentences or more ends like a sentence (a colon when a list follows), and its
    Chinese with 。 likewise."""
    catalog = _catalog("zh_CN")
    unended = sorted(
        message
        for message in _source_messages()
        if NEXT_SENTENCE.search(message) and not message.endswith((".", "?", "!", ":"))
    )
    assert unended == []
    chinese = [
        (message, entry.string)
        for message in _source_messages()
        if NEXT_SENTENCE.search(message) and message.endswith(".")
        and (entry := catalog.get(message)) and isinstance(entry.string, str)
        and not entry.string.endswith(("。", ".", "："))
    ]  # fmt: skip
    assert chinese == []
