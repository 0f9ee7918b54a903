"""Item guide search (办事指南): the answer to "what do I need for X?" while the clerk types.

The index holds the current version of every item in memory, in a few parallel
lists, and answers a query without touching the database: a query is matched
against each field with plain ``in`` / ``startswith`` / ``==`` on casefolded,
NFKC-normalised text (so ``ＧＡ`` typed in full-width finds ``GA``). Nothing in a
query is interpreted: regex metacharacters, ``%`` and ``_`` are ordinary
characters, control characters separate words.

Ranking, per query word: the best match of the item over its fields, by
quality first (exact > prefix > substring), then by field (name, then the
name's pinyin initials, full pinyin, code, keywords, department short name,
department name). A multi-word query needs every word to match and adds the
words' scores. Equal scores go to the more used item, then the lower code.

Pinyin was computed when the catalog was imported (services/catalog/items.py), so
neither loading nor searching imports pypinyin.
"""

import unicodedata
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from peewee import fn

from counter_tui.domain.errors import N_
from counter_tui.services.errors import ServiceError
from counter_tui.store.database import write_transaction
from counter_tui.store.models import Department, Item, database_proxy

# Match qualities and field weights; a word's score is quality * _FIELD_SPAN + weight.
EXACT, PREFIX, SUBSTRING = 3, 2, 1
_FIELD_SPAN = 10
FIELD_WEIGHTS = {
    "name": 7,
    "pinyin_initials": 6,
    "pinyin": 5,
    "code": 4,
    "keywords": 3,
    "department_short": 2,
    "department": 1,
}
# No item name is this long; a longer query is cut rather than scanned.
MAX_QUERY_CHARS = 200
MAX_QUERY_WORDS = 8
_JOIN = "\x1f"  # a control character: a (normalised) query word never spans two values


def normalise(text: str) -> str:
    """The searchable form of text: NFKC (full-width → ASCII), casefolded, no control chars."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    if folded.isprintable():  # the common case: nothing to replace
        return folded
    return "".join(" " if unicodedata.category(c)[0] == "C" else c for c in folded)


def query_words(query: str) -> list[str]:
    """The distinct words of a query, longest (most selective) first."""
    words: list[str] = []
    for word in normalise(query[: MAX_QUERY_CHARS * 2])[:MAX_QUERY_CHARS].split():
        if word not in words:
            words.append(word)
    words.sort(key=len, reverse=True)
    return words[:MAX_QUERY_WORDS]


@dataclass(frozen=True)
class GuideHit:
    """One search result: enough to list it; the guide itself is read by item_id."""

    item_id: int
    code: str
    name: str
    department: str  # full name
    department_short: str
    kind: str  # promised | immediate
    version: int
    use_count: int
    score: int  # 0 for an empty query
    field: str  # the field of the best match: a key of FIELD_WEIGHTS, "" for an empty query
    matched: str  # that field's text (for keywords: the keyword), as stored

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _quality(value: str, word: str) -> int:
    if value == word:
        return EXACT
    if value.startswith(word):
        return PREFIX
    return SUBSTRING


# Fields from the strongest to the weakest.
FIELDS = tuple(sorted(FIELD_WEIGHTS, key=FIELD_WEIGHTS.__getitem__, reverse=True))


class GuideIndex:
    """The current items, ready to search; build with ``GuideIndex.load()``.

    Items are kept in a static order, most used first and then by code, and
    referred to by their position in it: every scan yields positions in that
    order, so ties need no sorting. Per field there are its values, sorted, for
    exact and prefix matches by bisection, each with the position of its item
    (the positions of one value in no particular order: ``_level`` sorts what it
    finds), and per item the field's values joined by a control character
    (which a query never holds) for substring matches.

    Starting a draft counts a use: ``refreshed()`` then puts the same items in
    their new order without normalising them again (``_reranked``).
    """

    def __init__(
        self,
        rows: Iterable[tuple[Any, ...]],
        departments: dict[int, tuple[str, str]],
        signature: tuple[Any, ...] = (),
    ) -> None:
        """``rows``: (id, code, name, department_id, kind, version, keywords, pinyin,
        pinyin_initials, use_count) of current items; ``departments``: id → (name, short)."""
        self._signature = signature
        ordered = sorted(rows, key=lambda r: _rank(r[9], r[1]))
        self._ids = [r[0] for r in ordered]
        self._codes = [r[1] for r in ordered]
        self._names = [r[2] for r in ordered]
        self._department_of = [r[3] for r in ordered]
        self._kinds = [r[4] for r in ordered]
        self._versions = [r[5] for r in ordered]
        self._use_counts = [r[9] for r in ordered]
        self._departments = {key: (name, short) for key, (name, short) in departments.items()}
        department_keys = {
            key: (normalise(name), normalise(short)) for key, (name, short) in departments.items()
        }
        no_department = ("", "")

        # Per field and position: the (key, shown) values an item has in that field.
        values: dict[str, list[tuple[tuple[str, str], ...]]] = {
            "name": [((normalise(r[2]), r[2]),) for r in ordered],
            "pinyin_initials": [((normalise(r[8]), r[8]),) for r in ordered],
            "pinyin": [((normalise(r[7]), r[7]),) for r in ordered],
            "code": [((normalise(r[1]), r[1]),) for r in ordered],
            "keywords": [tuple((normalise(k), k) for k in r[6].split()) for r in ordered],
            "department_short": [
                ((department_keys.get(r[3], no_department)[1], departments.get(r[3], ("", ""))[1]),)
                for r in ordered
            ],
            "department": [
                ((department_keys.get(r[3], no_department)[0], departments.get(r[3], ("", ""))[0]),)
                for r in ordered
            ],
        }
        self._values = values
        # Per field: its values sorted, and beside each the position of its item.
        self._sorted: dict[str, tuple[list[str], list[int]]] = {}
        for field, column in values.items():
            pairs = sorted(
                (key, position)
                for position, pairs in enumerate(column)
                for key, _shown in pairs
                if key
            )
            self._sorted[field] = ([key for key, _p in pairs], [p for _key, p in pairs])
        self._joined = {
            field: [_JOIN.join(key for key, _shown in pairs) for pairs in column]
            for field, column in values.items()
        }
        self._haystack = [
            _JOIN.join(self._joined[field][position] for field in FIELDS)
            for position in range(len(ordered))
        ]

    # ── loading ────────────────────────────────────────────────────────

    @classmethod
    def load(cls) -> "GuideIndex":
        """Read the current items from the database (no pypinyin: pinyin is stored)."""
        with database_proxy.atomic():  # one snapshot for the rows and the signature
            signature = _signature()
            query = Item.select(
                Item.id,
                Item.code,
                Item.name,
                Item.department,
                Item.kind,
                Item.version,
                Item.keywords,
                Item.pinyin,
                Item.pinyin_initials,
                Item.use_count,
            ).where(Item.current)
            rows = list(database_proxy.execute(query))  # plain values: no per-field conversion
            departments = {
                d_id: (name, short)
                for d_id, name, short in Department.select(
                    Department.id, Department.name, Department.short_name
                ).tuples()
            }
        return cls(rows, departments, signature)

    def is_stale(self) -> bool:
        """Whether the catalog changed since this index was loaded (an import, a use).

        Two small aggregate queries; call it when the search screen opens, not per key.
        """
        return _signature() != self._signature

    def refreshed(self) -> "GuideIndex":
        """This index while the catalog is unchanged; after uses only, the same items in
        their new order (a permutation: a draft counts a use, and a reload of a 5,000-item
        catalog took 150 ms); after an import or a department edit, a fresh ``load()``."""
        with database_proxy.atomic():  # one snapshot for the counts and the signature
            signature = _signature()
            if signature == self._signature:
                return self
            if signature[:-1] != self._signature[:-1]:
                return GuideIndex.load()
            query = Item.select(Item.id, Item.use_count).where(Item.current)
            counts = dict(database_proxy.execute(query))  # plain values, as load() reads
        return self._reranked(counts, signature)

    def _reranked(self, counts: dict[int, int], signature: tuple[Any, ...]) -> "GuideIndex":
        """A copy with these use counts, in the order they give, from this index's values."""
        uses = [counts.get(item_id, 0) for item_id in self._ids]
        order = sorted(range(len(uses)), key=lambda p: _rank(uses[p], self._codes[p]))
        moved_to = [0] * len(order)
        for position, old in enumerate(order):
            moved_to[old] = position
        copy = GuideIndex.__new__(GuideIndex)
        copy._signature = signature
        copy._departments = self._departments
        copy._use_counts = [uses[p] for p in order]
        for name in ("_ids", "_codes", "_names", "_department_of", "_kinds", "_versions"):
            column = getattr(self, name)
            setattr(copy, name, [column[p] for p in order])
        copy._haystack = [self._haystack[p] for p in order]
        copy._values = {f: [column[p] for p in order] for f, column in self._values.items()}
        copy._joined = {f: [column[p] for p in order] for f, column in self._joined.items()}
        # The same sorted values; the positions of one value need no order (class docstring).
        copy._sorted = {
            f: (keys, [moved_to[p] for p in positions])
            for f, (keys, positions) in self._sorted.items()
        }
        return copy

    def __len__(self) -> int:
        return len(self._ids)

    # ── searching ──────────────────────────────────────────────────────

    def search(self, query: str, limit: int = 20) -> list[GuideHit]:
        """The best ``limit`` current items for ``query``; the most used ones when it is empty."""
        if limit <= 0:
            return []
        words = query_words(query) if isinstance(query, str) else []
        if not words:
            return [self._hit(p, 0, "", "") for p in range(min(limit, len(self._ids)))]
        if len(words) == 1:
            return self._search_word(words[0], limit)
        return self._search_words(words, limit)

    def _search_word(self, word: str, limit: int) -> list[GuideHit]:
        """One word: walk the match levels from the strongest and stop at ``limit`` items."""
        taken: set[int] = set()
        found: list[tuple[int, int, str]] = []
        for quality in (EXACT, PREFIX, SUBSTRING):
            for field in FIELDS:
                score = quality * _FIELD_SPAN + FIELD_WEIGHTS[field]
                for position in self._level(field, quality, word):
                    if position not in taken:
                        taken.add(position)
                        found.append((position, score, field))
                        if len(found) == limit:
                            return self._hits(found, word)
        return self._hits(found, word)

    def _level(self, field: str, quality: int, word: str) -> list[int]:
        """Positions, in static order, where a value of ``field`` matches ``word`` so well."""
        if quality == SUBSTRING:
            return [p for p, joined in enumerate(self._joined[field]) if word in joined]
        keys, positions_of = self._sorted[field]
        positions = set()
        for index in range(bisect_left(keys, word), len(keys)):
            key = keys[index]
            if not key.startswith(word) or (quality == EXACT and key != word):
                break
            positions.add(positions_of[index])
        return sorted(positions)

    def _search_words(self, words: list[str], limit: int) -> list[GuideHit]:
        """Several words: every one must match; the words' best scores add up."""
        candidates = range(len(self._ids))
        for word in words:  # longest, most selective first
            candidates = [p for p in candidates if word in self._haystack[p]]
            if not candidates:
                return []
        totals: dict[int, int] = {}
        strongest: dict[int, tuple[int, str, str]] = {}
        for position in candidates:
            total, best = 0, (0, "", "")
            for word in words:
                score, field = self._best(position, word)
                total += score
                if score > best[0]:
                    best = (score, field, word)
            totals[position] = total
            strongest[position] = best
        # A stable sort on the total alone: ties stay in static order (use_count, code).
        ranked = sorted(candidates, key=totals.__getitem__, reverse=True)[:limit]
        return [
            self._hit(
                p,
                totals[p],
                strongest[p][1],
                self._matched(p, strongest[p][1], strongest[p][2]),
            )
            for p in ranked
        ]

    def _best(self, position: int, word: str) -> tuple[int, str]:
        """The best score of ``word`` over the fields of one item, and its field."""
        best, best_field = 0, ""
        for field in FIELDS:
            weight = FIELD_WEIGHTS[field]
            for key, _shown in self._values[field][position]:
                if word in key:
                    score = _quality(key, word) * _FIELD_SPAN + weight
                    if score > best:
                        best, best_field = score, field
        return best, best_field

    def _matched(self, position: int, field: str, word: str) -> str:
        """The value of ``field`` that ``word`` matches best, as stored."""
        best, shown = 0, ""
        for key, value in self._values[field][position]:
            if word in key and (quality := _quality(key, word)) > best:
                best, shown = quality, value
        return shown

    def _hits(self, found: list[tuple[int, int, str]], word: str) -> list[GuideHit]:
        return [
            self._hit(p, score, field, self._matched(p, field, word)) for p, score, field in found
        ]

    def _hit(self, position: int, score: int, field: str, matched: str) -> GuideHit:
        name, short = self._departments.get(self._department_of[position], ("", ""))
        return GuideHit(
            item_id=self._ids[position],
            code=self._codes[position],
            name=self._names[position],
            department=name,
            department_short=short,
            kind=self._kinds[position],
            version=self._versions[position],
            use_count=self._use_counts[position],
            score=score,
            field=field,
            matched=matched,
        )


def _rank(use_count: int, code: str) -> tuple[int, str]:
    """The static order: the most used first, then by code."""
    return (-use_count, code)


def _signature() -> tuple[Any, ...]:
    """Changes whenever the searchable catalog does: a new version, a department edit, a
    use. The uses come last: a change of them alone needs a new order, not a reload."""
    count, last_id, uses = (
        Item.select(fn.COUNT(Item.id), fn.MAX(Item.id), fn.SUM(Item.use_count))
        .where(Item.current)
        .tuples()
        .get()
    )
    departments = tuple(
        Department.select(Department.id, Department.name, Department.short_name)
        .order_by(Department.id)
        .tuples()
    )
    return (count, last_id, departments, uses)


def search_guides(query: str, limit: int = 20) -> list[GuideHit]:
    """A one-off search (the CLI); a screen keeps a GuideIndex instead."""
    return GuideIndex.load().search(query, limit)


def record_use(item_code: str) -> int:
    """Count one use of an item (an intake was started for it); returns the new count.

    The count only ranks search results: it is not part of any case's history,
    so no Event is written (the intake's own events name the item version), and
    it is a single UPDATE … SET use_count = use_count + 1, safe under
    concurrent workstations. A re-import carries the count to the new version.
    """
    with write_transaction(database_proxy):
        changed = (
            Item.update(use_count=Item.use_count + 1)
            .where((Item.code == item_code) & Item.current)
            .execute()
        )
        if not changed:
            raise ServiceError(
                "catalog.unknown_item", N_("No item with code {code}"), code=item_code
            )
        return Item.get((Item.code == item_code) & Item.current).use_count
