"""The pure step: case records and options in, the report model out (numbering, grouping)."""

from __future__ import annotations

import functools
import gc
import itertools
import operator
import typing
from collections.abc import Iterator
from contextlib import contextmanager

from casefile.brief import bounds
from casefile.brief.analysis_build import analysis_parts
from casefile.brief.evidence_build import Numbers, chronology, evidence_views, stepped
from casefile.brief.evidence_build import claim_views as claim_views_of
from casefile.brief.model import (
    NARRATIVE_GAPS,
    BriefModel,
    BriefOptions,
    CaseContent,
    Custody,
    EntityView,
    EvidenceView,
    GapView,
    NarrativeView,
    RelationView,
    SourceView,
)
from casefile.brief.narrative_build import narrative_parts
from casefile.core import dates, gaps
from casefile.core.model import Claim, Entity, Kind, Record, Relationship, Snippet

UNMARKED = "UNMARKED"
_ID = operator.attrgetter("id")
_ENTITIES = operator.attrgetter("entities")
_NUMBER = operator.itemgetter(0)
_gap_view = functools.partial(tuple.__new__, GapView)
_KIND_ORDER = {"person": 0, "organisation": 1}


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
    numbers = Numbers(claims, snippets, sources)
    if not options.tags:
        for source in sorted(content.sources, key=lambda s: (s.title.casefold(), s.id)):
            numbers.add_source(source.id)
    views = evidence_views(numbers, sources)
    evidence = numbers.by_id(views)
    marks = stepped(map("E%d".__mod__, range(len(views) + 1)))  # E0, E1 … shared

    names = {e.id: e.name for e in content.entities}
    claim_views, used_in = claim_views_of(claims, evidence, names)
    cited = sorted(numbers.citations.items(), key=lambda kv: kv[1])
    cast = _cast(content, claim_views, numbers, evidence, options.tags)
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
    found = _gaps(content, claim_views, snippets, evidence, marks, numbers, names, options.tags)
    return BriefModel(
        info=content.info,
        options=options,
        marking=options.marking or content.info.marking or UNMARKED,
        custody=custody,
        claims=claim_views,
        sources=tuple(SourceView(n, sources[sid]) for sid, n in cited),
        cast=cast,
        chronology=chronology(content.relationships, views, numbers.ordered, used_in, names),
        gaps={NARRATIVE_GAPS: narrative_gaps, **found},
        counts={
            "claims": len(claim_views),
            "evidence": len(snippets),
            "sources": len(cited),
            "entities": len(content.entities),
            "relationships": len(content.relationships),
        },
        **analysis_parts(
            content, options, claim_views, snippets, evidence, numbers.ordered, marks, cast
        ),
        narrative=narrative,
    )


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


def _cast(content, claims, numbers, evidence, tags) -> tuple[EntityView, ...]:  # type: ignore[no-untyped-def]
    names = {e.id: e.name for e in content.entities}
    about: dict[str, list[str]] = {}
    for cv in claims:
        for subject in cv.claim.subjects:
            about.setdefault(subject, []).append(cv.label)
    mentioned: dict[str, list[int]] = {}
    for number, ents in enumerate(map(_ENTITIES, numbers.ordered), 1):
        for ent in ents:
            mentioned.setdefault(ent, []).append(number)
    people: list[Entity] = [
        e for e in content.entities if not tags or e.id in about or e.id in mentioned
    ]
    people.sort(key=lambda e: (_KIND_ORDER.get(e.kind, 2), e.name.casefold(), e.id))
    # each relationship's view made once, shared by both its ends, which list them by date
    ranked = sorted(content.relationships, key=lambda r: (dates.sort_key(r.start), r.type, r.id))
    touching: dict[str, list[RelationView]] = {}
    for rel in ranked:
        view = _relation(rel, names, evidence)
        touching.setdefault(rel.source, []).append(view)
        if rel.target != rel.source:
            touching.setdefault(rel.target, []).append(view)
    views = [
        EntityView(
            ent,
            tuple(touching.get(ent.id, ())),
            tuple(about.get(ent.id, ())),
            tuple(mentioned.get(ent.id, ())),
        )
        for ent in people
    ]
    return tuple(views)


def _gaps(  # type: ignore[no-untyped-def]
    content, claims, snippets, evidence, marks, numbers, names, tags
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
            views = list(map(evidence.__getitem__, map(_ID, records)))
            shown = map(marks.__getitem__, map(_NUMBER, views))
            out[check] = tuple(map(_gap_view, zip(itertools.repeat(check), shown, views)))
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
