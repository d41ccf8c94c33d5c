"""The assessment narrative in the report model: blocks, what each citation prints, gaps.

Pure like ``build``: each token of a section becomes the number the brief already uses
(``E4`` for a quote, with the quote printed under the assessment and linked; ``C3`` for a
claim; ``[2]`` for a source; a person's name), and a token that cannot be resolved prints
what is wrong with it in place and is listed in the brief's Gaps — never dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from casefile.brief.model import (
    NARRATIVE_GAPS,
    CitedView,
    ClaimView,
    EntityView,
    EvidenceView,
    GapView,
    NarrativeSectionView,
    NarrativeView,
)
from casefile.core import citations
from casefile.core.citations import CitationGap
from casefile.core.model import Citation, Kind, Record, Section
from casefile.core.narrative import ordered
from casefile.core.narrative_text import parse

BROKEN = {
    "missing": "deleted {what}",
    "filtered": "{what} not in this brief",
    "unknown": "unknown citation",
}
"""What a broken citation prints in place: words, never a number that could be read as one of
the brief's own (the case's key ``E2`` is not the brief's ``E2``)."""


def narrative_parts(
    sections: tuple[Section, ...],
    lookup: Callable[[Kind, str], Record | None],
    evidence: Mapping[str, EvidenceView],
    claims: Mapping[str, ClaimView],
    source_numbers: Mapping[str, int],
    cast: Mapping[str, EntityView],
    present: frozenset[str],
) -> tuple[NarrativeView | None, tuple[GapView, ...]]:
    """The narrative view (None when the case has written none) and its citation gaps.

    ``evidence``, ``claims``, ``source_numbers`` and ``cast`` are what this brief holds, by
    record id; ``present`` the sections it prints (links only to what is printed).
    """
    written = [s for s in ordered(sections) if s.body.strip()]
    if not written:
        return None, ()

    def shown(kind: Kind, ident: str) -> bool:
        if kind == "snippet":
            return ident in evidence
        if kind == "claim":
            return ident in claims
        return True  # a person or source is named even when a tag filter leaves it out

    found = citations.citation_gaps(written, lookup, shown)
    problems = {(g.section, g.key): g for g in found}
    cited: dict[str, EvidenceView] = {}
    printed: dict[tuple[str, str], CitedView] = {}
    views = []
    for section in written:
        own = {c.key: c for c in section.citations}
        blocks = tuple(parse(section.body))
        cites = {}
        for key in citations.keys_in(section.body):
            gap = problems.get((section.id, key))
            cites[key] = _cited(key, own.get(key), gap, lookup, evidence, claims,
                                source_numbers, cast, present)  # fmt: skip
            printed[(section.id, key)] = cites[key]
            citation = own.get(key)
            if citation is not None and citation.kind == "snippet" and (gap is None):
                ev = evidence[citation.target]
                cited.setdefault(citation.target, ev)
        views.append(NarrativeSectionView(section.title, blocks, cites))
    gap_views = tuple(GapView(NARRATIVE_GAPS, _line(g, printed[(g.section, g.key)])) for g in found)
    return NarrativeView(tuple(views), tuple(cited.values())), gap_views


def _line(gap: CitationGap, cited: CitedView) -> str:
    """The gap as the brief lists it, naming the citation as the brief prints it."""
    shown = cited.label if cited.label.startswith("[") else f"[{cited.label}]"
    if gap.problem in BROKEN:
        return f"{gap.title}: {shown} (written {citations.token(gap.key)} in the case)."
    return gap.message.replace(citations.token(gap.key), shown, 1)


def _cited(
    key: str,
    citation: Citation | None,
    gap: CitationGap | None,
    lookup: Callable[[Kind, str], Record | None],
    evidence: Mapping[str, EvidenceView],
    claims: Mapping[str, ClaimView],
    source_numbers: Mapping[str, int],
    cast: Mapping[str, EntityView],
    present: frozenset[str],
) -> CitedView:
    if citation is None or (gap is not None and gap.problem in BROKEN):
        problem = gap.problem if gap is not None else "unknown"
        what = citations.WHAT[citation.kind] if citation is not None else ""
        return CitedView(key, "[" + BROKEN[problem].format(what=what) + "]", None, problem)
    problem = gap.problem if gap is not None else ""
    ident = citation.target
    if citation.kind == "snippet":
        return CitedView(key, f"E{evidence[ident].number}", f"narr-ev-{ident}", problem)
    if citation.kind == "claim":
        cv = claims[ident]
        target = f"claim-{ident}" if "claims" in present else None
        return CitedView(key, cv.label, target, problem)
    if citation.kind == "source":
        number = source_numbers.get(ident)
        if number is not None:
            target = f"src-{number}" if "sources" in present else None
            return CitedView(key, f"[{number}]", target, problem)
    record = lookup(citation.kind, ident)
    name = citations.WHAT[citation.kind] if record is None else _name(record)
    target = f"entity-{ident}" if ident in cast and "cast" in present else None
    return CitedView(key, name, target, problem)


def _name(record: Record) -> str:
    from casefile.core.model import label

    return " ".join(label(record).split())


def printed_citations(view: NarrativeView) -> list[dict[str, Any]]:
    """Each evidence citation the assessment prints (for ``casefile verify``): its label and
    the snippet whose quote it stands for, by label."""
    by_number = {ev.number: ev.snippet.id for ev in view.evidence}
    out: dict[str, str] = {}
    for section in view.sections:
        for cited in section.cites.values():
            if cited.target and cited.target.startswith("narr-ev-"):
                out.setdefault(cited.label, by_number[int(cited.label[1:])])
    return [{"label": label, "snippet": snippet} for label, snippet in sorted(out.items())]
