"""Chronology items from records on one date axis (event, published or captured), stacked in lanes."""

from __future__ import annotations

import collections
import datetime as dt
import functools
import heapq
import itertools
import operator
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from casefile.core.dates import span
from casefile.core.errors import ValidationError
from casefile.core.model import Claim, Entity, Kind, Relationship, Snippet, Source

AXES: dict[str, str] = {
    "event": "When it happened",
    "published": "When the source was published",
    "captured": "When it was captured",
}
"""The three date axes; one chronology never mixes them."""


@dataclass(frozen=True)
class Filter:
    """Which items to keep: any of these entities, tags and claims (empty = no restriction)."""

    entities: frozenset[str] = frozenset()
    tags: frozenset[str] = frozenset()
    claims: frozenset[str] = frozenset()

    @property
    def active(self) -> bool:
        return bool(self.entities or self.tags or self.claims)


class Item(NamedTuple):
    """One thing on the chronology: a record, the date text it sits at, and its day span.

    A named tuple: a whole case's quotes' items are made in bulk (``map`` over columns of
    their fields, no Python call per item), each without a ``__dict__``."""

    kind: Kind
    ident: str
    role: str  # "evidence", "claim", "starts", "ends", "published", "captured"
    label: str
    date: str
    start: dt.date
    end: dt.date
    lane: int = 0

    @property
    def is_span(self) -> bool:
        return self.end > self.start


@dataclass(frozen=True)
class Records:
    """The records a chronology is built from."""

    entities: Sequence[Entity] = ()
    relationships: Sequence[Relationship] = ()
    sources: Sequence[Source] = ()
    snippets: Sequence[Snippet] = ()
    claims: Sequence[Claim] = ()


@dataclass
class Timeline:
    """The items shown (stacked) and how many records had no date on the axis."""

    axis: str
    items: list[Item] = field(default_factory=list)
    undated: int = 0

    @property
    def first(self) -> dt.date | None:
        return min((i.start for i in self.items), default=None)

    @property
    def last(self) -> dt.date | None:
        return max((i.end for i in self.items), default=None)

    @property
    def lanes(self) -> int:
        return max((i.lane for i in self.items), default=-1) + 1


def build(
    records: Records, axis: str = "event", flt: Filter | None = None, lanes: bool = True
) -> Timeline:
    """The chronology of ``records`` on ``axis``, filtered and stacked (one-day lanes).

    ``lanes=False`` leaves every item in lane 0, unordered, for a caller that lays the
    items out itself (the brief's drawing): stacking 160,000 items costs a second.
    """
    if axis not in AXES:
        raise ValidationError(f"'{axis}' is not a date axis: use event, published or captured.")
    keep = _Matcher(records, flt or Filter())
    timeline = Timeline(axis)
    items, places = timeline.items, _Places()
    if axis == "event":  # the quotes, most of a large case's items, column by column
        snippets = records.snippets
        if keep.flt.active:
            snippets = list(filter(keep.snippet, snippets))
        for start in range(0, len(snippets), STEP):  # a few ms a step: other threads run
            items += _quote_items(snippets[start : start + STEP], places)
        timeline.undated += len(snippets) - len(items)
    for kind, ident, role, label, date in _candidates(records, axis, keep, places):
        where = places[date]
        if where is None:
            timeline.undated += 1
        else:
            items.append(Item(kind, ident, role, label, *where))
    if lanes:
        timeline.items = stack(timeline.items)
    return timeline


STEP = 20_000
"""Quotes made into items in one C-level step (the interpreter switches threads only between
Python steps)."""
_DATE = operator.attrgetter("date")
_ID = operator.attrgetter("id")
_TEXT = operator.attrgetter("text")
_item = functools.partial(tuple.__new__, Item)


def _quote_items(snippets: Sequence[Snippet], places: _Places) -> list[Item]:
    """The items of these quotes that have an event date, in their order."""
    where = list(map(places.__getitem__, map(_DATE, snippets)))
    dated = list(itertools.compress(snippets, where))
    placed = list(filter(None, where))
    columns = zip(
        itertools.repeat("snippet"),
        map(_ID, dated),
        itertools.repeat("evidence"),
        map(_TEXT, dated),
        map(operator.itemgetter(0), placed),
        map(operator.itemgetter(1), placed),
        map(operator.itemgetter(2), placed),
        itertools.repeat(0),
    )
    return list(map(_item, columns))


def stack(items: Iterable[Item], min_days: float = 1.0) -> list[Item]:
    """Give each item the lowest lane free at its start; items closer than ``min_days`` stack.

    ``min_days`` is how many days an item's label covers at the current zoom, so same-day
    items never overlap and neither do labels that would. A span wider than its label holds
    the label inside; a narrower one has it after the bar.
    """
    free: list[tuple[float, int]] = []  # (day the lane is free from, lane) for used lanes
    idle: list[int] = []  # lanes freed before this item's start, lowest first
    lanes = 0
    out: list[Item] = []
    for item in ordered(items):
        begin = item.start.toordinal()
        while free and free[0][0] <= begin:
            heapq.heappush(idle, heapq.heappop(free)[1])
        if idle:
            lane = heapq.heappop(idle)
        else:
            lane, lanes = lanes, lanes + 1
        after = item.end.toordinal() + 1.0
        until = begin + min_days if after - begin <= 1 else after
        if 1 < after - begin < min_days:  # a short span: its label follows the bar
            until = after + min_days
        heapq.heappush(free, (until, lane))
        # built directly: dataclasses.replace inspects the fields of each of 160,000 items
        out.append(Item(item.kind, item.ident, item.role, item.label, item.date, item.start,
                        item.end, lane))  # fmt: skip
    return out


_TIES = operator.attrgetter("kind", "label", "ident", "role")
_KIND = operator.attrgetter("kind")
_LABEL = operator.attrgetter("label")
_LAST_DAY = operator.itemgetter(1)


def ordered(items: Iterable[Item]) -> list[Item]:
    """The items by start, end, kind, label, ident and role (the chronology's order)."""
    items = list(items)
    return list(map(items.__getitem__, ranking(items)))


def ranking(items: Sequence[Item]) -> list[int]:
    """The places of ``items`` in the chronology's order (``ordered``), first to last.

    Items are ordered by their days first (one sort of whole numbers) and only each group
    with the same days is sorted by its texts: one sort of 160,000 six-part keys compared
    dates and long labels for a third of a second. A group whose labels all differ is sorted
    by label, then (stably) by kind. The order is total (no two items share kind, ident and
    role), so it does not depend on the order the items come in.
    """
    starts = map(_ORDINAL, map(_START, items))
    ends = map(_ORDINAL, map(_END, items))
    keys = list(map(operator.or_, map(operator.lshift, starts, itertools.repeat(22)), ends))
    ranked = sorted(range(len(keys)), key=keys.__getitem__)  # stable: same days keep order
    sizes = collections.Counter(keys)
    labels = list(map(_LABEL, items))
    kinds = list(map(_KIND, items))
    at = 0
    for key in sorted(sizes):
        size = sizes[key]
        if size > 1:
            run = ranked[at : at + size]
            run.sort(key=labels.__getitem__)
            texts = list(map(labels.__getitem__, run))
            if any(map(operator.eq, texts, itertools.islice(texts, 1, None))):
                run.sort(key=lambda i: _TIES(items[i]))  # the same label twice: ident, role
            else:
                run.sort(key=kinds.__getitem__)
            ranked[at : at + size] = run
        at += size
    return ranked


_START = operator.attrgetter("start")
_END = operator.attrgetter("end")
_ORDINAL = dt.date.toordinal
"""A day as a whole number below 2**22 (the last day of year 9999 is 3,652,059)."""


_span = functools.lru_cache(maxsize=65536)(span)
"""``dates.span`` remembered: a case has far fewer distinct dates than dated records."""


@functools.lru_cache(maxsize=65536)
def _placed(date: str) -> tuple[str, dt.date, dt.date] | None:
    """Where a date text sits: the date as the item shows it, its first and last day (None:
    not a date). A claim's span over its evidence is ``first..last``, ISO dates."""
    if ".." in date:
        first, last = date.split("..")
        return date, dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    try:
        start, end = _span(date[:10])
    except ValidationError:
        return None
    return date[:10], start, end


class _Places(dict[str | None, tuple[str, dt.date, dt.date] | None]):
    """``_placed`` of each date text (None for no date), looked up without a call."""

    def __missing__(self, date: str | None) -> tuple[str, dt.date, dt.date] | None:
        where = self[date] = _placed(date) if date else None
        return where


Candidate = tuple[Kind, str, str, str, str | None]


def _candidates(
    records: Records, axis: str, keep: _Matcher, places: _Places
) -> Iterable[Candidate]:
    if axis == "event":  # the quotes come first, from ``build``
        for rel in records.relationships:
            if keep.relationship(rel):
                label = keep.relationship_label(rel)
                if rel.start or not rel.end:
                    yield "relationship", rel.id, "starts", label, rel.start
                if rel.end:
                    yield "relationship", rel.id, "ends", label, rel.end
        yield from _claim_candidates(records, keep, places)
        return
    for source in records.sources:
        if keep.source(source):
            when = source.published if axis == "published" else source.retrieved
            yield "source", source.id, axis, source.title, when
    if axis == "captured":
        for snippet in records.snippets:
            if snippet.source is None and keep.snippet(snippet):
                yield "snippet", snippet.id, "captured", snippet.text, snippet.captured


def _claim_candidates(records: Records, keep: _Matcher, places: _Places) -> Iterable[Candidate]:
    """A claim has no date of its own: it spans the event dates of its dated evidence (its
    place put in ``places`` as ``_placed`` would find it: the days are known here)."""
    dates = {s.id: s.date for s in records.snippets if s.date}
    for claim in records.claims:
        if not keep.claim(claim):
            continue
        spans = []
        for link in claim.evidence:
            try:
                spans.append(_span(dates[link.snippet]))
            except (KeyError, ValidationError):
                continue
        if not spans:
            yield "claim", claim.id, "claim", claim.statement, None
            continue
        first, last = min(spans)[0], max(map(_LAST_DAY, spans))
        date = f"{first}..{last}"
        places[date] = (date, first, last)
        yield "claim", claim.id, "claim", claim.statement, date


class _Matcher:
    """Applies a filter: any chosen entity, any chosen tag, any chosen claim (all three must hold)."""

    def __init__(self, records: Records, flt: Filter) -> None:
        self.flt = flt
        self.names = {e.id: e.name for e in records.entities}
        self.entity_tags = {e.id: set(e.tags) for e in records.entities}
        chosen = [c for c in records.claims if c.id in flt.claims]
        self.claim_snippets = {link.snippet for c in chosen for link in c.evidence}
        self.claim_subjects = {s for c in chosen for s in c.subjects}
        self.sources_kept: set[str] | None = None
        if flt.active:
            self.sources_kept = {s.source for s in records.snippets if s.source and self.snippet(s)}

    def snippet(self, snippet: Snippet) -> bool:
        flt = self.flt
        if flt.entities and flt.entities.isdisjoint(snippet.entities):
            return False
        if flt.tags and flt.tags.isdisjoint(snippet.tags):
            return False
        return not flt.claims or snippet.id in self.claim_snippets

    def relationship(self, rel: Relationship) -> bool:
        flt, ends = self.flt, {rel.source, rel.target}
        if flt.entities and flt.entities.isdisjoint(ends):
            return False
        tags = self.entity_tags.get(rel.source, set()) | self.entity_tags.get(rel.target, set())
        if flt.tags and flt.tags.isdisjoint(tags):
            return False
        if not flt.claims:
            return True
        return bool(self.claim_snippets.intersection(rel.evidence)) or not ends.isdisjoint(
            self.claim_subjects
        )

    def claim(self, claim: Claim) -> bool:
        flt = self.flt
        if flt.entities and flt.entities.isdisjoint(claim.subjects):
            return False
        if flt.tags and flt.tags.isdisjoint(claim.tags):
            return False
        return not flt.claims or claim.id in flt.claims

    def source(self, source: Source) -> bool:
        return self.sources_kept is None or source.id in self.sources_kept

    def relationship_label(self, rel: Relationship) -> str:
        source = self.names.get(rel.source, "?")
        target = self.names.get(rel.target, "?")
        return f"{source} — {rel.type} — {target}"
