"""Every user string a brief prints, labelled, so unprintable characters are named up front.

The strings are handed out one at a time (a generator): a whole-case brief has a million
of them, and a list of them all was freed in one step of the interpreter, in which no
other thread (the window's) could run.
"""

from __future__ import annotations

from collections.abc import Iterator

from casefile.brief.analysis_build import analysis_texts
from casefile.brief.model import BriefModel, EvidenceView


def model_texts(model: BriefModel) -> Iterator[tuple[str, str]]:
    """(where, text) for each user string in the model (empty ones left out)."""
    return ((where, text) for where, text in _all_texts(model) if text)


def _all_texts(model: BriefModel) -> Iterator[tuple[str, str | None]]:
    info, options = model.info, model.options
    yield ("the case title", info.title)
    yield ("the case reference", info.reference)
    yield ("the case summary", info.summary)
    yield ("the marking", model.marking)
    yield ("the author", options.author)
    notes = options.include_notes
    for section in model.narrative.sections if model.narrative else ():
        yield ("the assessment's section title", section.title)
        yield from ((f"the assessment ({section.title})", block.text) for block in section.blocks)
        yield from ((f"the assessment ({section.title})", c.label) for c in section.cites.values())
    for cv in model.claims:
        claim = cv.claim
        yield (f"claim {cv.label}", claim.statement)
        yield (f"claim {cv.label} claimant", claim.claimant)
        yield from ((f"claim {cv.label} subject", s) for s in cv.subjects)
        yield from ((f"claim {cv.label} tag", t) for t in claim.tags)
        yield (f"claim {cv.label} notes", claim.notes if notes else None)
        for group in cv.evidence.values():
            yield from ((f"claim {cv.label} evidence note", ev.link_note) for ev in group)
    seen: set[int] = set()
    for ev in _evidence(model):
        if ev.number in seen:
            continue
        seen.add(ev.number)
        sn = ev.snippet
        where = f"evidence E{ev.number}"
        yield (where, sn.text)
        yield (f"{where} location", sn.location)
        yield from ((f"{where} tag", t) for t in sn.tags)
        yield (f"{where} notes", sn.notes if notes else None)
    for sv in model.sources:
        src, where = sv.source, f"source [{sv.number}]"
        for name in ("title", "kind", "url", "author", "publisher", "file_name", "media_type"):
            yield (f"{where} {name.replace('_', ' ')}", getattr(src, name))
        yield (f"{where} notes", src.notes if notes else None)
    for view in model.cast:
        ent = view.entity
        yield (f"entity {ent.name!r}", ent.name)
        yield (f"entity {ent.name!r} description", ent.description)
        yield from ((f"alias of {ent.name!r}", a) for a in ent.aliases)
        yield (f"entity {ent.name!r} notes", ent.notes if notes else None)
        yield from ((f"relationship of {ent.name!r}", r.text) for r in view.relations)
    for entry in model.chronology:
        yield ("the chronology", entry.text)
    for found in model.gaps.values():
        yield from (("the gaps", g.line) for g in found)
    yield from analysis_texts(model.matrix, model.chart, model.timeline)


def _evidence(model: BriefModel) -> Iterator[EvidenceView]:
    """Every quote the brief prints, in the order its texts are checked (repeats included)."""
    for cv in model.claims:
        for group in cv.evidence.values():
            yield from group
    yield from (e.evidence for e in model.chronology if e.evidence is not None)
    yield from (g.evidence for group in model.gaps.values() for g in group if g.evidence)
    yield from model.narrative.evidence if model.narrative else ()
