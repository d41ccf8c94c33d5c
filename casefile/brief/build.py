"""The pure step: case records and options in, the report model out (numbering, grouping)."""

from __future__ import annotations

import functools
import gc
import heapq
import itertools
import typing
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager

from casefile.brief import bounds
from casefile.brief.analysis_build import analysis_parts
from casefile.brief.model import (
    NARRATIVE_GAPS,
    BriefModel,
    BriefOptions,
    CaseContent,
    ChronoEntry,
    ClaimView,
    Custody,
    EntityView,
    EvidenceView,
    GapView,
    NarrativeView,
    RelationView,
    SourceView,
)
from casefile.brief.narrative_build import narrative_parts
from casefile.core import dates, gaps, grading
from casefile.core.grading import STANCES
from casefile.core.model import Claim, Entity, Kind, Record, Relationship, Snippet, Source

UNMARKED = "UNMARKED"
_KIND_ORDER = {"person": 0, "organisation": 1}


class _Numbers:
    """Hands out E-numbers to snippets and citation numbers to sources on first use."""

    def __init__(self, sources: dict[str, Source]) -> None:
        self.sources = sources
        self.evidence: dict[str, int] = {}
        self.citations: dict[str, int] = {}

    def cite(self, snippet: Snippet) -> None:
        self.evidence.setdefault(snippet.id, len(self.evidence) + 1)
        if snippet.source in self.sources:
            self.citations.setdefault(snippet.source, len(self.citations) + 1)

    def cite_all(self, snippets: Collection[Snippet]) -> None:
        """``cite`` each snippet in order (the same numbers, in two plain loops)."""
        evidence, citations, sources = self.evidence, self.citations, self.sources
        for snippet in snippets:
            if snippet.id not in evidence:
                evidence[snippet.id] = len(evidence) + 1
        for snippet in snippets:
            source = snippet.source
            if source in sources and source not in citations:
                citations[source] = len(citations) + 1

    def add_source(self, source_id: str) -> None:
        self.citations.setdefault(source_id, len(self.citations) + 1)


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Pause Python's cycle collector: the model is a tree of immutable views without cycles,
    and on a 200,000-snippet case the collector walked the growing tree again and again
    (about a third of the build's time). Reference counting still frees everything.

    Where it was on (the command line; the window collects from a timer of its own), what the
    build made is put in the oldest generation before it is switched on again (``gc.freeze``
    and ``gc.unfreeze``: no object is visited): otherwise the first young collection after the
    build walked the whole model at once (0.8-1.3 s of CPU at 200,000 quotes) only to move it
    a generation up. The next full collection finds any cycle it left, as it would have."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            if not gc.get_freeze_count():  # never thaw what someone else froze
                gc.freeze()
                gc.unfreeze()
            gc.enable()


def build(
    content: CaseContent, options: BriefOptions, custody: Custody | None = None
) -> BriefModel:
    """The report model of a case for these options (pure: the same input, the same model)."""
    with _no_cycle_collection():
        return _build(content, options, custody)


def _build(content: CaseContent, options: BriefOptions, custody: Custody | None) -> BriefModel:
    options = options.with_defaults()
    custody = custody or Custody()
    content = _bounded(content)
    claims, snippets = _selected(content, options.tags)
    sources = {s.id: s for s in content.sources}
    numbers = _Numbers(sources)
    for claim in claims:
        for stance in STANCES:
            for link in claim.evidence:
                if link.stance == stance and link.snippet in snippets:
                    numbers.cite(snippets[link.snippet])
    numbers.cite_all(snippets.values())
    if not options.tags:
        for source in sorted(content.sources, key=lambda s: (s.title.casefold(), s.id)):
            numbers.add_source(source.id)
    view = _viewer(sources, numbers)

    names = {e.id: e.name for e in content.entities}
    claim_views = tuple(_claim_view(i, c, snippets, names, view) for i, c in enumerate(claims, 1))
    evidence = {sid: view(s) for sid, s in snippets.items()}
    used_in = _claims_using(claim_views)
    cited = sorted(numbers.citations.items(), key=lambda kv: kv[1])
    cast = _cast(content, claim_views, evidence, options.tags)
    narrative: NarrativeView | None = None
    narrative_gaps: tuple[GapView, ...] = ()
    if "narrative" in options.sections:
        narrative, narrative_gaps = narrative_parts(
            content.sections,
            _lookup(content),
            evidence,
            {cv.claim.id: cv for cv in claim_views},
            numbers.citations,
            {v.entity.id: v for v in cast},
            frozenset(options.sections),
        )
    found = _gaps(content, claim_views, snippets, evidence, numbers, names, options.tags)
    return BriefModel(
        info=content.info,
        options=options,
        marking=options.marking or content.info.marking or UNMARKED,
        custody=custody,
        claims=claim_views,
        sources=tuple(SourceView(n, sources[sid]) for sid, n in cited),
        cast=cast,
        chronology=_chronology(content, evidence, numbers.evidence, used_in, names),
        gaps={NARRATIVE_GAPS: narrative_gaps, **found},
        counts={
            "claims": len(claim_views),
            "evidence": len(snippets),
            "sources": len(cited),
            "entities": len(content.entities),
            "relationships": len(content.relationships),
        },
        **analysis_parts(content, options, claim_views, snippets, evidence, cast),
        narrative=narrative,
    )


def _viewer(sources: dict[str, Source], numbers: _Numbers) -> Callable[..., EvidenceView]:
    """``view(snippet, stance="", note=None)``: a snippet as the brief cites it. What each
    source adds (grade half, citation, title, date) and each grade are worked out once."""
    evidence_numbers, citations = numbers.evidence, numbers.citations
    facts: dict[str | None, tuple[str | None, int | None, str | None, str | None]] = {}
    grades: dict[tuple[str | None, int | None], str] = {}

    def view(snippet: Snippet, stance: str = "", note: str | None = None) -> EvidenceView:
        fact = facts.get(snippet.source)
        if fact is None:
            source = sources.get(snippet.source or "")
            fact = facts[snippet.source] = (
                (source.reliability, citations.get(source.id), source.title, source.published)
                if source is not None
                else (None, citations.get(snippet.source or ""), None, None)
            )
        key = (fact[0], snippet.credibility)
        grade = grades.get(key)
        if grade is None:
            grade = grades[key] = grading.grade(*key)
        return EvidenceView(
            evidence_numbers[snippet.id], snippet, grade, fact[1], fact[2], fact[3], stance, note
        )

    return view


def _lookup(content: CaseContent):  # type: ignore[no-untyped-def]
    """Find a record of the case by kind and id (None: not in the case). The index is made
    on the first look-up: a case without a written assessment never asks (0.08 s at 200,000
    quotes)."""
    groups: dict[Kind, tuple[Record, ...]] = {
        "entity": content.entities,
        "source": content.sources,
        "snippet": content.snippets,
        "claim": content.claims,
    }
    index: dict[tuple[Kind, str], Record] = {}

    def find(kind: Kind, ident: str) -> Record | None:
        if not index:
            index.update(((k, r.id), r) for k, records in groups.items() for r in records)
        return index.get((kind, ident))

    return find


def _bounded(content: CaseContent) -> CaseContent:
    """The content with every printed field bounded (see ``bounds``)."""
    return CaseContent(
        bounds.bounded(content.info),
        bounds.bounded_all(content.entities),
        bounds.bounded_all(content.relationships),
        bounds.bounded_all(content.sources),
        bounds.bounded_all(content.snippets),
        bounds.bounded_all(content.claims),
        bounds.bounded_all(content.sections),
    )


def _selected(content: CaseContent, tags: frozenset[str]) -> tuple[list[Claim], dict[str, Snippet]]:
    all_snippets = {s.id: s for s in content.snippets}
    if not tags:
        return list(content.claims), all_snippets
    tagged = {sid for sid, s in all_snippets.items() if tags & set(s.tags)}
    # A claim comes with all its evidence, for and against, never a chosen part of it.
    claims = [
        c
        for c in content.claims
        if tags & set(c.tags) or any(link.snippet in tagged for link in c.evidence)
    ]
    linked = {link.snippet for c in claims for link in c.evidence}
    return claims, {sid: s for sid, s in all_snippets.items() if sid in linked or sid in tagged}


def _claim_view(number, claim, snippets, names, view) -> ClaimView:  # type: ignore[no-untyped-def]
    groups = {
        stance: tuple(
            view(snippets[link.snippet], stance, link.note)
            for link in claim.evidence
            if link.stance == stance and link.snippet in snippets
        )
        for stance in STANCES
    }
    return ClaimView(
        number,
        claim,
        grading.likelihood_band(claim.likelihood),
        tuple(names.get(s, s) for s in claim.subjects),
        groups,
    )


def _claims_using(claims: tuple[ClaimView, ...]) -> dict[str, tuple[str, ...]]:
    used: dict[str, list[str]] = {}
    for cv in claims:
        for group in cv.evidence.values():
            for ev in group:
                used.setdefault(ev.snippet.id, []).append(cv.label)
    return {k: tuple(v) for k, v in used.items()}


def _relation(
    rel: Relationship, names: dict[str, str], evidence: dict[str, EvidenceView]
) -> RelationView:
    return RelationView(
        f"{names.get(rel.source, rel.source)} — {rel.type} — {names.get(rel.target, rel.target)}",
        rel.type,
        rel.start,
        rel.end,
        tuple(evidence[s].number for s in rel.evidence if s in evidence),
    )


def _cast(content, claims, evidence, tags) -> tuple[EntityView, ...]:  # type: ignore[no-untyped-def]
    names = {e.id: e.name for e in content.entities}
    about: dict[str, list[str]] = {}
    for cv in claims:
        for subject in cv.claim.subjects:
            about.setdefault(subject, []).append(cv.label)
    mentioned: dict[str, list[int]] = {}
    for ev in sorted(evidence.values(), key=lambda e: e.number):
        for ent in ev.snippet.entities:
            mentioned.setdefault(ent, []).append(ev.number)
    people: list[Entity] = [
        e for e in content.entities if not tags or e.id in about or e.id in mentioned
    ]
    people.sort(key=lambda e: (_KIND_ORDER.get(e.kind, 2), e.name.casefold(), e.id))
    touching: dict[str, list[Relationship]] = {}
    for rel in content.relationships:
        touching.setdefault(rel.source, []).append(rel)
        if rel.target != rel.source:
            touching.setdefault(rel.target, []).append(rel)
    views = []
    for ent in people:
        rels = list(touching.get(ent.id, ()))
        rels.sort(key=lambda r: (dates.sort_key(r.start), r.type, r.id))
        views.append(
            EntityView(
                ent,
                tuple(_relation(r, names, evidence) for r in rels),
                tuple(about.get(ent.id, ())),
                tuple(mentioned.get(ent.id, ())),
            )
        )
    return tuple(views)


def _chronology(content, evidence, order, used_in, names) -> tuple[ChronoEntry, ...]:  # type: ignore[no-untyped-def]
    """Dated events by date (a less precise date first), quotes before relationships, then
    by E-number or relationship order. Quotes are taken in E-number order (``order``: the
    ids by number) and relationships after them, so one stable sort by a small whole number
    (the day, and whether it is a relationship) gives that order: a sort of tuples ran for a
    third of a second at 200,000 quotes in one step of the interpreter, in which no other
    thread (the window's) runs."""
    keys: list[int] = []
    entries: list[ChronoEntry] = []
    for sid in order:
        ev = evidence[sid]
        snippet = ev.snippet
        date = snippet.date
        if date:
            keys.append(_day_order(date) << 1)
            entries.append(ChronoEntry(date, "evidence", snippet.text, ev, used_in.get(sid, ())))
    for rel in content.relationships:
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
    return tuple(entries[i] for i in heapq.merge(*runs, key=keys.__getitem__))


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


def _gaps(  # type: ignore[no-untyped-def]
    content, claims, snippets, evidence, numbers, names, tags
) -> dict[str, tuple[GapView, ...]]:
    by_claim = {cv.claim.id: cv for cv in claims}
    kept_sources = [s for s in content.sources if s.id in numbers.citations]
    kept_entities = content.entities if not tags else ()
    found = gaps.by_check(
        list(kept_entities),
        list(content.relationships) if not tags else [],
        kept_sources,
        list(snippets.values()),
        [cv.claim for cv in claims],
        snippets,
    )
    sources = {s.id: s for s in content.sources}
    out: dict[str, tuple[GapView, ...]] = {}
    for check in gaps.CHECKS:
        records = found[check]
        kind = records[0].KIND if records else None
        if kind == "snippet":  # most of a large case's gaps: one line per quote
            views = [evidence[r.id] for r in records]
            marks = [f"E{ev.number}" for ev in views]
            out[check] = tuple(map(GapView, itertools.repeat(check), marks, views))
            continue
        lines: list[str] = []
        for record in records:
            if kind == "claim":
                cv = by_claim[record.id]
                lines.append(f"{cv.label} — {cv.claim.statement}")
            elif kind == "source":
                lines.append(f"[{numbers.citations[record.id]}] {sources[record.id].title}")
            elif kind == "entity":
                lines.append(names[record.id])
            else:
                rel = typing.cast(Relationship, record)
                lines.append(f"{names.get(rel.source, rel.source)} — {rel.type} — "
                             f"{names.get(rel.target, rel.target)}")  # fmt: skip
        out[check] = tuple(GapView(check, line) for line in lines)
    return out
