"""Every user string a brief prints, labelled, so unprintable characters are named up front."""

from __future__ import annotations

from casefile.brief.analysis_build import analysis_texts
from casefile.brief.model import BriefModel


def model_texts(model: BriefModel) -> list[tuple[str, str]]:
    """(where, text) for each user string in the model."""
    info, options = model.info, model.options
    out: list[tuple[str, str | None]] = [
        ("the case title", info.title),
        ("the case reference", info.reference),
        ("the case summary", info.summary),
        ("the marking", model.marking),
        ("the author", options.author),
    ]
    notes = options.include_notes
    for section in model.narrative.sections if model.narrative else ():
        out.append(("the assessment's section title", section.title))
        out += [(f"the assessment ({section.title})", block.text) for block in section.blocks]
        out += [(f"the assessment ({section.title})", c.label) for c in section.cites.values()]
    for cv in model.claims:
        claim = cv.claim
        out += [
            (f"claim {cv.label}", claim.statement),
            (f"claim {cv.label} claimant", claim.claimant),
        ]
        out += [(f"claim {cv.label} subject", s) for s in cv.subjects]
        out += [(f"claim {cv.label} tag", t) for t in claim.tags]
        out += [(f"claim {cv.label} notes", claim.notes if notes else None)]
        for group in cv.evidence.values():
            out += [(f"claim {cv.label} evidence note", ev.link_note) for ev in group]
    seen: set[int] = set()
    evidence = [ev for cv in model.claims for g in cv.evidence.values() for ev in g]
    evidence += [e.evidence for e in model.chronology if e.evidence is not None]
    evidence += [g.evidence for group in model.gaps.values() for g in group if g.evidence]
    evidence += list(model.narrative.evidence) if model.narrative else []
    for ev in evidence:
        if ev.number in seen:
            continue
        seen.add(ev.number)
        sn = ev.snippet
        where = f"evidence E{ev.number}"
        out += [(where, sn.text), (f"{where} location", sn.location)]
        out += [(f"{where} tag", t) for t in sn.tags]
        out += [(f"{where} notes", sn.notes if notes else None)]
    for sv in model.sources:
        src, where = sv.source, f"source [{sv.number}]"
        for name in ("title", "kind", "url", "author", "publisher", "file_name", "media_type"):
            out.append((f"{where} {name.replace('_', ' ')}", getattr(src, name)))
        out.append((f"{where} notes", src.notes if notes else None))
    for view in model.cast:
        ent = view.entity
        out += [
            (f"entity {ent.name!r}", ent.name),
            (f"entity {ent.name!r} description", ent.description),
        ]
        out += [(f"alias of {ent.name!r}", a) for a in ent.aliases]
        out += [(f"entity {ent.name!r} notes", ent.notes if notes else None)]
        out += [(f"relationship of {ent.name!r}", r.text) for r in view.relations]
    for entry in model.chronology:
        out.append(("the chronology", entry.text))
    for found in model.gaps.values():
        out += [("the gaps", g.line) for g in found]
    out += analysis_texts(model.matrix, model.chart, model.timeline)
    return [(where, text) for where, text in out if text]
