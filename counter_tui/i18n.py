"""gettext for every string a person reads: zh_CN by default, en as the second language."""

import gettext as _gettext
from pathlib import Path

from counter_tui.domain.errors import DomainError, Items, Label, Message

DOMAIN = "counter_tui"
LANGUAGES = ("zh_CN", "en")
DEFAULT_LANGUAGE = "zh_CN"
LOCALE_DIR = Path(__file__).parent / "locale"

_translation: _gettext.NullTranslations = _gettext.NullTranslations()
_language = "en"


def set_language(language: str) -> None:
    """Switch the interface language; English msgids are the fallback."""
    global _translation, _language
    if language not in LANGUAGES:
        raise ValueError(language)
    _translation = _gettext.translation(
        DOMAIN, localedir=LOCALE_DIR, languages=[language], fallback=True
    )
    _language = language


def language() -> str:
    return _language


def _(message: str) -> str:
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translation.ngettext(singular, plural, n)


def explain(error: DomainError | Message) -> str:
    """The error's message in the interface language; Label parameters are translated too,
    and a parameter that is a message or an error itself (where in a file, the problem
    found there) is explained in turn."""

    def word(value: object) -> object:
        if isinstance(value, DomainError | Message):
            return explain(value)
        if isinstance(value, Items):
            return _(", ").join(value)
        return _(value) if isinstance(value, Label) else value

    params = {k: word(v) for k, v in error.params.items()}
    return _(error.template).format(**params)
