"""The brief model's per-quote parts, built column by column: numbers, evidence views, claims'
evidence, the chronology.

A whole case has one evidence view, one chronology entry and often one gap line per quote
(200,000 and more). They are named tuples made by ``map`` over columns of the quotes' fields
(``operator`` getters, dict look-ups, ``zip``), so no Python code runs per quote: making,
then freeing, 750,000 dataclass instances with their ``__dict__`` was most of the model's
three seconds at 200,000 quotes.
"""

from __future__ import annotations

import functools
import heapq
import itertools
import operator
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TypeVar

from casefile.brief.model import ChronoEntry, ClaimView, EvidenceView
from casefile.core import dates, grading
from casefile.core.grading import STANCES
from casefile.core.model import Claim, Relationship, Snippet, Source

_DATE = operator.attrgetter("date")
_TEXT = operator.attrgetter("text")
_ID = operator.attrgetter("id")
T = TypeVar("T")
_SOURCE_GRADE = operator.attrgetter("source", "credibility")
_evidence_view = functools.partial(tuple.__new__, EvidenceView)
_chrono_entry = functools.partial(tuple.__new__, ChronoEntry)


STEP = 20_000
"""Quotes handled in one C-level step (a few ms): the interpreter switches threads only
between Python steps, and a step over all of a large case's quotes kept the window's thread
waiting (see ``bounds.SLICE``)."""


def stepped(items: Iterable[T]) -> list[T]:
    """``list(items)``, ``STEP`` items at a time (other threads may run between steps)."""
    out: list[T] = []
    more = iter(items)
    while True:
        before = len(out)
        out += itertools.islice(more, STEP)
        if len(out) - before < STEP:
            return out


class Numbers:
    """E-numbers of quotes and citation numbers of sources, in the order the brief first uses
    them: each claim's evidence (for, against, context), then every other quote in the case's
    order; a source is numbered where its first quote is, then (``add_source``) any other."""

    def __init__(
        self,
        claims: Sequence[Claim],
        snippets: Mapping[str, Snippet],
        sources: Mapping[str, Source],
    ) -> None:
        linked: list[str] = []
        for claim in claims:
            links = claim.evidence
            for stance in STANCES:
                linked += [link.snippet for link in links
                           if link.stance == stance and link.snippet in snippets]  # fmt: skip
        order: dict[str, Any] = dict.fromkeys(linked)
        more = iter(snippets)
        for _ in range(0, len(snippets), STEP):  # the other ids, a step at a time
            order.update(zip(itertools.islice(more, STEP), itertools.repeat(None)))
        self.ids: list[str] = list(order)
        """The quotes' ids in E-number order (E1 first)."""
        self._order = order
        self.ordered: list[Snippet] = stepped(map(snippets.__getitem__, self.ids))
        """The quotes in E-number order."""
        self.keys: list[tuple[str | None, int | None]] = stepped(map(_SOURCE_GRADE, self.ordered))
        """Each quote's source and credibility, in E-number order."""
        self.citations: dict[str, int] = {}
        for source, _ in dict.fromkeys(self.keys):  # each source where its first quote is
            if source is not None and source in sources and source not in self.citations:
                self.citations[source] = len(self.citations) + 1

    def add_source(self, source_id: str) -> None:
        self.citations.setdefault(source_id, len(self.citations) + 1)

    def by_id(self, views: Sequence[EvidenceView]) -> dict[str, EvidenceView]:
        """The quotes' views (in E-number order) by quote id: the dict the numbering was
        made in, filled in place (a second dict of every quote cost as much again)."""
        out, more = self._order, zip(self.ids, views, strict=True)
        for _ in range(0, len(views), STEP):
            out.update(itertools.islice(more, STEP))
        return out


def evidence_views(numbers: Numbers, sources: Mapping[str, Source]) -> list[EvidenceView]:
    """Each quote as the brief cites it, in E-number order. What a source and a credibility
    add (grade, citation, source title and date) is worked out once for each pair."""
    citations = numbers.citations
    facts: dict[
        tuple[str | None, int | None], tuple[str, int | None, str | None, str | None, str, None]
    ] = {}
    for key in dict.fromkeys(numbers.keys):
        source_id, credibility = key
        source = sources.get(source_id or "")
        if source is None:
            facts[key] = (
                grading.grade(None, credibility),
                citations.get(source_id or ""),
                None,
                None,
                "",
                None,
            )
        else:
            facts[key] = (grading.grade(source.reliability, credibility), citations.get(source.id),
                          source.title, source.published, "", None)  # fmt: skip
    numbered = zip(itertools.count(1), numbers.ordered)
    return stepped(
        map(_evidence_view, map(operator.add, numbered, map(facts.__getitem__, numbers.keys)))
    )


def claim_views(
    claims: Sequence[Claim], evidence: Mapping[str, EvidenceView], names: Mapping[str, str]
) -> tuple[tuple[ClaimView, ...], dict[str, tuple[str, ...]]]:
    """Each claim numbered, its evidence grouped by stance (the quote's view with the link's
    stance and note); and, by quote id, the labels of the claims using it."""
    views = []
    used: dict[str, list[str]] = {}
    for number, claim in enumerate(claims, 1):
        label = f"C{number}"
        groups: dict[str, list[EvidenceView]] = {stance: [] for stance in STANCES}
        for link in claim.evidence:
            group = groups.get(link.stance)
            ev = evidence.get(link.snippet)
            if group is not None and ev is not None:
                group.append(_evidence_view((*ev[:6], link.stance, link.note)))
                used.setdefault(link.snippet, []).append(label)
        views.append(
            ClaimView(
                number,
                claim,
                grading.likelihood_band(claim.likelihood),
                tuple(names.get(s, s) for s in claim.subjects),
                {stance: tuple(group) for stance, group in groups.items()},
            )
        )
    return tuple(views), {k: tuple(v) for k, v in used.items()}


def chronology(
    relationships: Sequence[Relationship],
    views: Sequence[EvidenceView],
    quotes: Sequence[Snippet],
    used_in: Mapping[str, tuple[str, ...]],
    names: Mapping[str, str],
) -> tuple[ChronoEntry, ...]:
    """Dated events by date (a less precise date first), quotes before relationships, then
    by E-number or relationship order. ``views`` (``quotes``: their snippets) are in E-number
    order and relationships
    come after them, so one stable sort by a small whole number (the day, and whether it is
    a relationship) gives that order: a sort of tuples ran for a third of a second at 200,000
    quotes in one step of the interpreter, in which no other thread (the window's) runs."""
    when = stepped(map(_DATE, quotes))
    dated = list(itertools.compress(quotes, when))
    days = list(filter(None, when))
    order = {day: _day_order(day) << 1 for day in set(days)}  # a case has few distinct dates
    keys = stepped(map(order.__getitem__, days))
    columns = zip(
        days,
        itertools.repeat("evidence"),
        map(_TEXT, dated),
        itertools.compress(views, when),
        map(used_in.get, map(_ID, dated), itertools.repeat(())),
    )
    entries = stepped(map(_chrono_entry, columns))
    for rel in relationships:
        text = f"{names.get(rel.source, rel.source)} — {rel.type} — {names.get(rel.target, rel.target)}"
        for date, what in ((rel.start, "relationship begins"), (rel.end, "relationship ends")):
            if date:
                keys.append(_day_order(date) << 1 | 1)
                entries.append(ChronoEntry(date, what, text))
    if len(keys) <= ONE_SORT:
        ranked = sorted(range(len(keys)), key=keys.__getitem__)
        return tuple(map(entries.__getitem__, ranked))
    runs = [sorted(range(i, min(i + SORT_SLICE, len(keys))), key=keys.__getitem__)
            for i in range(0, len(keys), SORT_SLICE)]  # fmt: skip
    return tuple(map(entries.__getitem__, heapq.merge(*runs, key=keys.__getitem__)))


ONE_SORT = 250_000
"""Chronology entries sorted (and picked) in one step of the interpreter, some tens of ms."""
SORT_SLICE = 20_000
"""Beyond that, sorted a slice at a time and merged in the same (stable) order: one sort of a
million was a step of a quarter of a second in which the window could not run (the merge
costs CPU, so a shorter chronology is sorted at once)."""


@functools.lru_cache(maxsize=65536)
def _day_order(date: str) -> int:
    """``dates.sort_key`` as one whole number (month < 13, day < 32, precision < 3)."""
    year, month, day, precision = dates.sort_key(date)
    return ((year * 13 + month) * 32 + day) * 3 + precision
