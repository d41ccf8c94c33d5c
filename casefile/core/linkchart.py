"""Link chart graph: entities as nodes, relationships and co-mentions as edges, claims optional."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations

from casefile.core.model import Claim, Entity, Relationship, Snippet

MAX_MENTIONS_PER_SNIPPET = 30
"""A snippet naming more entities than this adds no co-mention edges (a list, not a link)."""


@dataclass(frozen=True)
class Node:
    """A node: an entity (shape by its kind) or a claim; ``saved`` is the position in the case."""

    id: str
    record_kind: str  # "entity" or "claim"
    shape: str  # "person", "organisation", "other" or "claim"
    label: str
    saved: tuple[float, float] | None = None


@dataclass(frozen=True)
class Edge:
    """An edge: a relationship (labelled), a co-mention (with a count) or a claim's subject."""

    source: str
    target: str
    kind: str  # "relationship", "co-mention" or "subject"
    label: str = ""
    count: int = 1
    ident: str | None = None  # the relationship's id


@dataclass(frozen=True)
class Graph:
    """Nodes and edges of a link chart, in a stable order."""

    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]

    def neighbours(self, node_id: str) -> set[str]:
        """The node and every node one edge away from it."""
        found = {node_id}
        for edge in self.edges:
            if edge.source == node_id:
                found.add(edge.target)
            elif edge.target == node_id:
                found.add(edge.source)
        return found


def shape_of(entity: Entity) -> str:
    return entity.kind if entity.kind in ("person", "organisation") else "other"


def build_graph(
    entities: Iterable[Entity],
    relationships: Iterable[Relationship],
    snippets: Iterable[Snippet] = (),
    claims: Iterable[Claim] = (),
    co_mentions: bool = False,
    show_claims: bool = False,
    min_count: int = 1,
) -> Graph:
    """The chart's graph; co-mention edges (two entities in one snippet) counted per pair."""
    nodes = [Node(e.id, "entity", shape_of(e), e.name, e.position) for e in entities]
    known = {n.id for n in nodes}
    edges = [
        Edge(r.source, r.target, "relationship", r.type, 1, r.id)
        for r in relationships
        if r.source in known and r.target in known
    ]
    if co_mentions:
        edges.extend(co_mention_edges(snippets, known, min_count))
    if show_claims:
        for claim in claims:
            subjects = [s for s in claim.subjects if s in known]
            if subjects:
                nodes.append(Node(claim.id, "claim", "claim", claim.statement, claim.position))
                edges.extend(Edge(claim.id, s, "subject") for s in subjects)
    return Graph(tuple(nodes), tuple(edges))


def co_mention_edges(snippets: Iterable[Snippet], known: set[str], min_count: int) -> list[Edge]:
    """One edge per pair of entities named together in at least ``min_count`` snippets."""
    pairs: Counter[tuple[str, str]] = Counter()
    for snippet in snippets:
        named = sorted({e for e in snippet.entities if e in known})
        if 2 <= len(named) <= MAX_MENTIONS_PER_SNIPPET:
            pairs.update(combinations(named, 2))
    return [
        Edge(a, b, "co-mention", f"×{n}", n)
        for (a, b), n in sorted(pairs.items())
        if n >= max(1, min_count)
    ]


def edge_counts(graph: Graph) -> dict[str, int]:
    """How many edges of each kind the graph has."""
    return dict(Counter(e.kind for e in graph.edges))


def positions_of(nodes: Sequence[Node]) -> dict[str, tuple[float, float]]:
    """The saved positions of the nodes that have one."""
    return {n.id: n.saved for n in nodes if n.saved is not None}
