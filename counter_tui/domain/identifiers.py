"""Identifiers typed at the counter: ID card numbers, credit codes, mobile numbers.

Each validator returns the normalised form to store, or raises IdentifierError
whose ``rule`` names the check that failed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from types import MappingProxyType

from counter_tui.domain.errors import N_, IdentifierError

# Clerks type with a Chinese IME that is often in full-width mode: read
# full-width digits, letters, "+" and "-" as their ASCII selves.
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_DIGITS = frozenset("0123456789")


def _normalise(text: str) -> str:
    """Full-width to ASCII, and every kind of white space removed."""
    return "".join(text.translate(_FULL_WIDTH).split())


# --- Resident ID (GB 11643-1999) ---------------------------------------------------

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"  # ISO 7064 MOD 11-2: index is the weighted sum mod 11
# Province-level codes (GB/T 2260 first two digits); 81/82/83 are the residence
# permits of Hong Kong, Macao and Taiwan residents (810000/820000/830000).
_PROVINCES = frozenset(
    [
        *range(11, 16),
        *range(21, 24),
        *range(31, 38),
        *range(41, 47),
        *range(50, 55),
        *range(61, 66),
        71,
        81,
        82,
        83,
    ]
)
_EARLIEST_BIRTH = date(1900, 1, 1)
_HMT_PREFIXES = frozenset({"810000", "820000", "830000"})


def resident_id_check_char(first17: str) -> str:
    """The check character for 17 ASCII digits."""
    total = sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def validate_resident_id(text: str, today: date | None = None) -> str:
    """An 18-character resident ID number (also the HMT residence permit number)."""
    value = _normalise(text).upper()
    if len(value) != 18:
        raise IdentifierError(
            "resident_id.length",
            N_("An ID card number has 18 characters, this one has {length}"),
            length=len(value),
        )
    if not set(value[:17]) <= _DIGITS or value[17] not in _DIGITS | {"X"}:
        raise IdentifierError(
            "resident_id.characters",
            N_("An ID card number is 17 digits followed by a digit or X"),
        )
    if int(value[:2]) not in _PROVINCES:
        raise IdentifierError(
            "resident_id.province",
            N_("The first two digits {code} are not a province code"),
            code=value[:2],
        )
    # No area-code table beyond the province: codes are created and retired over
    # the years and a person keeps the number they were given.
    raw_birth = value[6:14]
    try:
        birth = date(int(raw_birth[:4]), int(raw_birth[4:6]), int(raw_birth[6:]))
    except ValueError:
        raise IdentifierError(
            "resident_id.birth_date",
            N_("The birth date {birth} in the ID card number is not a real date"),
            birth=raw_birth,
        ) from None
    if birth > (today or date.today()):
        raise IdentifierError(
            "resident_id.birth_date",
            N_("The birth date {birth} in the ID card number is in the future"),
            birth=birth.isoformat(),
        )
    if birth < _EARLIEST_BIRTH:
        raise IdentifierError(
            "resident_id.birth_date",
            N_("The birth date {birth} in the ID card number is before 1900"),
            birth=birth.isoformat(),
        )
    expected = resident_id_check_char(value[:17])
    if value[17] != expected:
        raise IdentifierError(
            "resident_id.checksum",
            N_(
                "Check digit is wrong: expected {expected}, got {actual} "
                "(GB 11643 ISO 7064 MOD 11-2)"
            ),
            expected=expected,
            actual=value[17],
        )
    return value


# Province-level divisions by the first two digits (GB/T 2260): what the clerk checks
# against the person at the counter.
PROVINCE_NAMES: Mapping[int, str] = MappingProxyType(
    {
        11: "北京市", 12: "天津市", 13: "河北省", 14: "山西省", 15: "内蒙古自治区",
        21: "辽宁省", 22: "吉林省", 23: "黑龙江省",
        31: "上海市", 32: "江苏省", 33: "浙江省", 34: "安徽省", 35: "福建省", 36: "江西省",
        37: "山东省",
        41: "河南省", 42: "湖北省", 43: "湖南省", 44: "广东省", 45: "广西壮族自治区",
        46: "海南省",
        50: "重庆市", 51: "四川省", 52: "贵州省", 53: "云南省", 54: "西藏自治区",
        61: "陕西省", 62: "甘肃省", 63: "青海省", 64: "宁夏回族自治区", 65: "新疆维吾尔自治区",
        71: "台湾省", 81: "香港特别行政区", 82: "澳门特别行政区", 83: "台湾省",
    }
)  # fmt: skip


@dataclass(frozen=True)
class ResidentFacts:
    """What a resident ID number says of its holder (GB 11643)."""

    birth: date
    female: bool  # the 17th digit is even
    province: str


def resident_facts(number: str) -> ResidentFacts:
    """The birth date, sex and province of a valid resident ID number (as
    ``validate_resident_id`` returns it)."""
    return ResidentFacts(
        birth=date(int(number[6:10]), int(number[10:12]), int(number[12:14])),
        female=int(number[16]) % 2 == 0,
        province=PROVINCE_NAMES.get(int(number[:2]), ""),
    )


def validate_hmt_permit(text: str, today: date | None = None) -> str:
    """A residence permit of a Hong Kong, Macao or Taiwan resident (港澳台居民居住证)."""
    value = validate_resident_id(text, today)
    if value[:6] not in _HMT_PREFIXES:
        raise IdentifierError(
            "hmt_permit.prefix",
            N_(
                "A Hong Kong, Macao or Taiwan residence permit number starts with "
                "810000, 820000 or 830000, not {prefix}"
            ),
            prefix=value[:6],
        )
    return value


# --- Unified social credit code (GB 32100-2015) -------------------------------------

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, S, V, Z
_USCC_VALUE = {c: i for i, c in enumerate(USCC_ALPHABET)}
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_USCC_AUTHORITIES = frozenset("123456789ANY")


def uscc_check_char(first17: str) -> str:
    """The check character for 17 characters of the USCC alphabet."""
    total = sum(_USCC_VALUE[c] * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def validate_uscc(text: str) -> str:
    """An 18-character unified social credit code (统一社会信用代码)."""
    value = _normalise(text).upper()
    if len(value) != 18:
        raise IdentifierError(
            "uscc.length",
            N_("A unified social credit code has 18 characters, this one has {length}"),
            length=len(value),
        )
    for position, char in enumerate(value, start=1):
        if char not in _USCC_VALUE:
            raise IdentifierError(
                "uscc.characters",
                N_(
                    "Character {position} ({char}) cannot appear in a unified social credit "
                    "code (digits and capital letters except I, O, S, V, Z)"
                ),
                position=position,
                char=char,
            )
    if value[0] not in _USCC_AUTHORITIES:
        raise IdentifierError(
            "uscc.authority",
            N_("The first character {char} is not a registration authority code (1-9, A, N or Y)"),
            char=value[0],
        )
    expected = uscc_check_char(value[:17])
    if value[17] != expected:
        raise IdentifierError(
            "uscc.checksum",
            N_("Check character is wrong: expected {expected}, got {actual} (GB 32100)"),
            expected=expected,
            actual=value[17],
        )
    return value


# --- Mobile numbers ------------------------------------------------------------------

_SECOND_DIGITS = frozenset("3456789")


def validate_mobile(text: str) -> str:
    """A mainland mobile number, returned as its 11 digits."""
    value = _normalise(text).replace("-", "")
    if value.startswith("+86"):
        value = value[3:]
    elif value.startswith("0086"):
        value = value[4:]
    elif value.startswith("86") and len(value) == 13:
        value = value[2:]
    if (
        len(value) != 11
        or not set(value) <= _DIGITS
        or value[0] != "1"
        or value[1] not in _SECOND_DIGITS
    ):
        raise IdentifierError(
            "mobile.format",
            N_("A mobile number has 11 digits and starts with 13 to 19, not {value}"),
            value=text.strip(),
        )
    return value


# --- Landlines --------------------------------------------------------------------------

# 010 and 020-029 are three digits long; every other area code has four (0571, 0755).
_SHORT_AREA_PREFIXES = ("01", "02")
_EXTENSION = re.compile(r"(?:转|ext\.?|x|#)([0-9]{1,6})$", re.IGNORECASE)


def validate_landline(text: str) -> str:
    """A mainland landline with its area code, returned as ``0571-86801003`` (and
    ``-123`` for an extension). The area code is required: applicants come from
    everywhere and the number is dialled from the centre."""
    value = _normalise(text).replace("(", "").replace(")", "")
    extension = ""
    if match := _EXTENSION.search(value):
        extension, value = match.group(1), value[: match.start()]
    for country in ("+86", "0086"):
        if value.startswith(country):
            value = "0" + value.removeprefix(country).lstrip("-")
    groups = value.split("-")
    if len(groups) == 3 and not extension:
        extension = groups.pop()
    digits = "".join(groups)
    area_length = 3 if digits.startswith(_SHORT_AREA_PREFIXES) else 4
    area, local = digits[:area_length], digits[area_length:]
    if (
        not set(digits + extension) <= _DIGITS
        or not area.startswith("0")
        or len(area) != area_length
        or len(local) not in (7, 8)
        or local[0] in "01"
        or len(groups) > 2
        or (len(groups) == 2 and len(groups[0]) != area_length)
    ):
        raise IdentifierError(
            "landline.format",
            N_(
                "A landline number is the area code and 7 or 8 digits, "
                "such as 0571-86801003, not {value}"
            ),
            value=text.strip(),
        )
    return f"{area}-{local}" + (f"-{extension}" if extension else "")


def validate_phone(text: str) -> str:
    """A mobile number, or a landline with its area code (an organisation's office)."""
    digits = _normalise(text).replace("-", "")
    for prefix in ("+86", "0086"):
        digits = digits.removeprefix(prefix)
    validator = validate_mobile if digits.startswith("1") else validate_landline
    try:
        return validator(text)
    except IdentifierError:
        raise IdentifierError(
            "phone.format",
            N_(
                "A phone number is a mobile number (11 digits starting with 13 to 19) or a "
                "landline with its area code (such as 0571-86801003), not {value}"
            ),
            value=text.strip(),
        ) from None


# --- Masking and dispatch -------------------------------------------------------------


def mask_id(text: str | None) -> str:
    """First 6 and last 4 characters shown, the rest starred; shorter values reveal less.

    Never raises: a list must render whatever is stored.
    """
    value = "" if text is None else str(text).strip()
    length = len(value)
    if length > 10:
        head, tail = 6, 4
    else:
        # A 9-character passport number keeps 2 + 2; 4 characters or fewer are all starred.
        head = tail = length // 4 if length > 4 else 0
    return value[:head] + "*" * (length - head - tail) + value[length - tail :]


def mask_phone(text: str | None) -> str:
    """A phone number on a list that leaves the counter (the overdue report): the first 3
    and last 4 digits shown (138****0000), as the centre's own notices print them; a
    short number is masked as ``mask_id`` masks one. Never raises."""
    value = "" if text is None else str(text).strip()
    if len(value) < 11:
        return mask_id(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_name(text: str | None) -> str:
    """A visitor's name on such a list: its first character (the surname, mostly), the
    rest starred (张**), so a notice board names nobody. Never raises."""
    value = "" if text is None else str(text).strip()
    return value[:1] + "*" * (len(value) - 1)


def shown_id(id_type: str, number: str | None) -> str:
    """An identifier as lists and documents show it: a unified social credit code whole
    (an organisation's, public by law: 法人和其他组织统一社会信用代码制度建设总体方案),
    anything else masked (``mask_id``)."""
    if id_type == IdType.USCC:
        return "" if number is None else str(number).strip()
    return mask_id(number)


class IdType(StrEnum):
    RESIDENT_ID = "resident_id"
    RESIDENCE_PERMIT_HMT = "hmt_permit"
    USCC = "uscc"
    PASSPORT = "passport"
    OTHER = "other"


ID_TYPE_LABELS: Mapping[str, str] = MappingProxyType(
    {
        IdType.RESIDENT_ID: N_("Resident ID card"),
        IdType.RESIDENCE_PERMIT_HMT: N_("Residence permit (Hong Kong, Macao, Taiwan)"),
        IdType.USCC: N_("Unified social credit code"),
        IdType.PASSPORT: N_("Passport"),
        IdType.OTHER: N_("Other ID document"),
    }
)


_MAX_OTHER_LENGTH = 32


def _validate_other(text: str) -> str:
    value = text.strip()
    if not value:
        raise IdentifierError("id_number.empty", N_("The ID document number is empty"))
    if not value.isprintable():
        raise IdentifierError(
            "id_number.characters",
            N_("The ID document number contains control or unprintable characters"),
        )
    if len(value) > _MAX_OTHER_LENGTH:
        raise IdentifierError(
            "id_number.length",
            N_("An ID document number has at most {limit} characters, this one has {length}"),
            limit=_MAX_OTHER_LENGTH,
            length=len(value),
        )
    return value


def validate_id(id_type: IdType | str, text: str, today: date | None = None) -> str:
    """Validate ``text`` as a number of ``id_type``; returns the form to store."""
    kind = IdType(id_type)
    if kind is IdType.RESIDENT_ID:
        return validate_resident_id(text, today)
    if kind is IdType.RESIDENCE_PERMIT_HMT:
        return validate_hmt_permit(text, today)
    if kind is IdType.USCC:
        return validate_uscc(text)
    return _validate_other(text)
