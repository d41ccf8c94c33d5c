"""The brief's analysis parts, built purely: the evidence matrix, the timeline and the link chart."""

from __future__ import annotations

import heapq
import itertools
import operator
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from casefile.brief.evidence_build import stepped
from casefile.brief.model import (
    BriefOptions,
    CaseContent,
    ChartEdge,
    ChartNode,
    ChartView,
    ClaimView,
    EntityView,
    EvidenceView,
    MatrixClaim,
    MatrixRow,
    MatrixView,
    TimelineView,
)
from casefile.core import ach, linkchart, timeline
from casefile.core.errors import CaseError
from casefile.core.model import Claim, Entity, Relationship, Snippet, Source

MAX_MATRIX_CLAIMS = 24
"""At most this many claims are compared in the brief's matrix (the rest are named as left out)."""
MAX_MATRIX_ROWS = 400
"""At most this many evidence rows (the first by E-number); the brief says how many were left."""
MAX_CHART_NODES = 45
"""The link chart shows at most this many nodes: the most connected ones."""


# --- the evidence matrix ------------------------------------------------------------------


def matrix(
    claim_views: Sequence[ClaimView],
    wanted: Sequence[str],
    all_claims: Sequence[Claim],
    snippets: Mapping[str, Snippet],
    sources: Mapping[str, Source],
    evidence: Mapping[str, EvidenceView],
) -> MatrixView:
    """The matrix of the claims chosen (by id or brief label such as ``C3``), else of all."""
    chosen = _chosen(claim_views, wanted, all_claims)
    shown = chosen[:MAX_MATRIX_CLAIMS]
    claims = [cv.claim for cv in shown]
    linked = [s for s in ach.linked_snippets(claims) if s in snippets]
    rows_in = ach.evidence_rows([snippets[s] for s in linked], sources)
    weights = {r.snippet: r.weight for r in rows_in}
    maps = [ach.stances(c) for c in claims]
    ordered = sorted(linked, key=lambda s: evidence[s].number)
    rows = []
    for sid in ordered[:MAX_MATRIX_ROWS]:
        marks = tuple(m.get(sid) for m in maps)
        rows.append(MatrixRow(evidence[sid], marks, ach.is_diagnostic(marks)))
    scored = []
    for cv, claim in zip(shown, claims, strict=True):
        s = ach.score(claim, weights)
        scored.append(MatrixClaim(claim.id, cv.label, claim.statement, claim.status,
                                  s.supports, s.refutes, s.context, s.inconsistency))  # fmt: skip
    return MatrixView(
        tuple(scored),
        tuple(rows),
        bool(wanted),
        len(chosen) - len(shown),
        max(0, len(ordered) - MAX_MATRIX_ROWS),
    )


def _chosen(
    claim_views: Sequence[ClaimView], wanted: Sequence[str], all_claims: Sequence[Claim]
) -> list[ClaimView]:
    if not wanted:
        return list(claim_views)
    by_id = {cv.claim.id: cv for cv in claim_views}
    by_label = {cv.label.casefold(): cv for cv in claim_views}
    statements = {c.id: c.statement for c in all_claims}
    out: list[ClaimView] = []
    missing: list[str] = []
    for key in dict.fromkeys(wanted):
        found = by_id.get(key) or by_label.get(key.strip().casefold())
        if found is None:
            missing.append(key)
        elif all(cv.claim.id != found.claim.id for cv in out):
            out.append(found)
    if missing:
        names = [f"“{statements[m]}” (left out by the tags chosen)" if m in statements
                 else repr(m) for m in missing]  # fmt: skip
        raise CaseError(
            "The evidence matrix cannot compare claim(s) not in this brief: "
            + "; ".join(names[:5])
            + (f"; and {len(names) - 5} more" if len(names) > 5 else "")
            + ". Give claim ids, or the brief's numbers such as C3."
        )
    return out


# --- the timeline -------------------------------------------------------------------------


def chronology_timeline(
    entities: Sequence[Entity],
    relationships: Sequence[Relationship],
    quotes: Sequence[Snippet],
    claim_views: Sequence[ClaimView],
    evidence: Mapping[str, EvidenceView],
    marks: Sequence[str],
) -> TimelineView:
    """Evidence, claims and relationship starts and ends on the event-date axis (``quotes``
    in E-number order; ``marks``: each E-number's label, "E4" at 4)."""
    labels = {cv.claim.id: cv.label for cv in claim_views}
    records = timeline.Records(
        entities=entities,
        relationships=relationships,
        snippets=quotes,
        claims=[cv.claim for cv in claim_views],
    )
    line = timeline.build(records, "event", lanes=False)  # the drawing lays out its own lanes
    made = line.items  # the dated quotes' items first, in E-number order, then the others
    quoted = operator.countOf(map(_KIND, made), "snippet")
    # labels in the items' order, the quotes' ones ("E4") C-level and read in E-number order
    views = map(evidence.__getitem__, map(_IDENT, itertools.islice(made, quoted)))
    texts = stepped(map(marks.__getitem__, map(_NUMBER, views)))
    for item in made[quoted:]:
        texts.append(
            labels[item.ident]
            if item.kind == "claim"
            else ("ends: " if item.role == "ends" else "") + item.label
        )
    ranked = timeline.ranking(made)
    return TimelineView("event", tuple(map(made.__getitem__, ranked)),
                        tuple(map(texts.__getitem__, ranked)), line.undated)  # fmt: skip


_IDENT = operator.attrgetter("ident")
_KIND = operator.attrgetter("kind")
_NUMBER = operator.itemgetter(0)


# --- the link chart -----------------------------------------------------------------------


def chart(
    entities: Sequence[Entity],
    relationships: Sequence[Relationship],
    claim_views: Sequence[ClaimView],
    limit: int = MAX_CHART_NODES,
) -> ChartView:
    """The most connected entities and claims (at most ``limit``), laid out deterministically.

    Positions saved in the case are kept; the others come from the seeded automatic layout.
    """
    claims = [cv.claim for cv in claim_views]
    graph = linkchart.build_graph(entities, relationships, claims=claims, show_claims=True)
    keep = most_connected(graph, limit)
    nodes = tuple(n for n in graph.nodes if n.id in keep)
    edges = tuple(e for e in graph.edges if e.source in keep and e.target in keep)
    shown = linkchart.Graph(nodes, edges)
    from casefile.core import linkchart_layout  # numpy, scipy, networkx: 0.5 s to load

    positions = linkchart_layout.layout(shown)
    labels = {cv.claim.id: cv.label for cv in claim_views}
    chart_nodes = tuple(
        ChartNode(
            n.id,
            n.shape,
            labels.get(n.id, n.label) if n.shape == "claim" else n.label,
            *positions[n.id],
            n.saved is not None,
        )
        for n in nodes
    )
    return ChartView(chart_nodes, _merged_edges(edges), len(graph.nodes), len(graph.edges),
                     len(edges))  # fmt: skip


def most_connected(graph: linkchart.Graph, limit: int) -> set[str]:
    """At most ``limit`` nodes grown from the most connected one: each step adds the node with
    most links into those kept (then the most links overall), so the chart shows a connected
    core rather than scattered hubs; when a part is exhausted the next hub starts another."""
    links: dict[str, set[str]] = {n.id: set() for n in graph.nodes}
    for edge in graph.edges:
        if edge.source != edge.target:
            links[edge.source].add(edge.target)
            links[edge.target].add(edge.source)
    order = {"person": 0, "organisation": 1, "other": 2, "claim": 3}
    rank = {n.id: (-len(links[n.id]), order.get(n.shape, 4), n.label.casefold(), n.id)
            for n in graph.nodes}  # fmt: skip
    hubs = sorted(rank, key=rank.__getitem__)
    keep: set[str] = set()
    into: Counter[str] = Counter()
    frontier: list[tuple[int, tuple[int, int, str, str], str]] = []
    next_hub = 0
    while len(keep) < min(limit, len(hubs)):
        while frontier and (frontier[0][2] in keep or -frontier[0][0] != into[frontier[0][2]]):
            heapq.heappop(frontier)
        if frontier:
            node = heapq.heappop(frontier)[2]
        else:
            while hubs[next_hub] in keep:
                next_hub += 1
            node = hubs[next_hub]
        keep.add(node)
        for other in links[node]:
            if other not in keep:
                into[other] += 1
                heapq.heappush(frontier, (-into[other], rank[other], other))
    return keep


def _merged_edges(edges: Sequence[linkchart.Edge]) -> tuple[ChartEdge, ...]:
    """One printed edge per pair of nodes and kind, its label the distinct wordings joined;
    ``arrows`` says which way relationships run ("forward", "both" or "none")."""
    merged: dict[tuple[str, str, str], tuple[list[str], set[str]]] = {}
    for edge in edges:
        key = (edge.source, edge.target, edge.kind)
        back = (edge.target, edge.source, edge.kind)
        if back in merged and back != key:
            key, way = back, "backward"
        else:
            way = "forward"
        words, ways = merged.setdefault(key, ([], set()))
        ways.add(way if edge.kind == "relationship" else "none")
        if edge.label and edge.label not in words:
            words.append(edge.label)
    out = []
    for (source, target, kind), (words, ways) in merged.items():
        arrows = "both" if len(ways) > 1 else ways.pop()
        if arrows == "backward":
            source, target, arrows = target, source, "forward"
        out.append(ChartEdge(source, target, kind, "; ".join(words), arrows))
    return tuple(out)


def analysis_parts(
    content: CaseContent,
    options: BriefOptions,
    claim_views: Sequence[ClaimView],
    snippets: Mapping[str, Snippet],
    evidence: Mapping[str, EvidenceView],
    quotes: Sequence[Snippet],
    marks: Sequence[str],
    cast: Sequence[EntityView],
) -> dict[str, Any]:
    """The matrix, chart and timeline a brief's options ask for (the others ``None``)."""
    sources = {s.id: s for s in content.sources}
    parts: dict[str, Any] = {}
    if "matrix" in options.sections:
        parts["matrix"] = matrix(
            claim_views, options.matrix_claims, content.claims, snippets, sources, evidence
        )
    entities = [view.entity for view in cast]
    if "chart" in options.sections:
        parts["chart"] = chart(entities, content.relationships, claim_views)
    if options.chronology_drawing and "chronology" in options.sections:
        parts["timeline"] = chronology_timeline(
            content.entities, content.relationships, quotes, claim_views, evidence, marks,
        )  # fmt: skip
    return parts


def analysis_texts(
    matrix_view: MatrixView | None, chart_view: ChartView | None, line: TimelineView | None
) -> Iterator[tuple[str, str]]:
    """(where, text) for the user text the matrix, the chart and the timeline print."""
    if matrix_view is not None:
        yield from ((f"claim {c.label}", c.statement) for c in matrix_view.claims)
        for row in matrix_view.rows:
            ev = row.evidence
            yield (f"evidence E{ev.number}", ev.snippet.text)
            yield (f"the source of E{ev.number}", ev.source_title or "")
    if chart_view is not None:
        yield from (("the link chart", n.label) for n in chart_view.nodes)
        yield from (("the link chart", e.label) for e in chart_view.edges)
    if line is not None:
        yield from (("the chronology drawing", label) for label in line.labels)
