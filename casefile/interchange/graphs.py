"""The link chart's graph for Gephi and other graph tools: GEXF and GraphML via networkx.

Nodes are the case's people and organisations (kind, aliases, description, saved chart
position); edges are relationships (type, start and end dates as written in the case, the
relationship's id) and, when asked, co-mentions (two entities named in one snippet, with
how many snippets do so). Control characters XML cannot hold are left out of every text. Dates are text attributes ``start_date``/``end_date``: GEXF gives
``start``/``end`` a meaning of its own that partial dates (``2025-04``) do not fit.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx

from casefile.core.linkchart import co_mention_edges
from casefile.interchange.content import CaseRecords
from casefile.interchange.writers import atomic_path, xml_safe


def graph(records: CaseRecords, co_mentions: bool = True) -> nx.MultiDiGraph:
    """A directed multigraph: one edge per relationship, plus co-mention edges if asked."""
    g = nx.MultiDiGraph(name=records.info.title)
    for entity in records.entities:
        attrs: dict[str, Any] = {"label": entity.name, "kind": entity.kind}
        if entity.aliases:
            attrs["aliases"] = "\n".join(entity.aliases)
        if entity.description:
            attrs["description"] = entity.description
        if entity.tags:
            attrs["tags"] = "\n".join(entity.tags)
        g.add_node(entity.id, **attrs)
    for rel in records.relationships:
        if rel.source not in g or rel.target not in g:
            continue
        attrs = {"kind": "relationship", "label": rel.type, "relationship_id": rel.id}
        if rel.start:
            attrs["start_date"] = rel.start
        if rel.end:
            attrs["end_date"] = rel.end
        if rel.notes:
            attrs["notes"] = rel.notes
        g.add_edge(rel.source, rel.target, key=rel.id, **attrs)
    if co_mentions:
        known = set(g.nodes)
        for edge in co_mention_edges(records.snippets, known, 1):
            key = f"co-mention:{edge.source}:{edge.target}"
            g.add_edge(
                edge.source, edge.target, key=key, kind="co-mention", label=edge.label,
                weight=edge.count,
            )  # fmt: skip
    return g


def _safe(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The graph with every text stripped of what XML cannot hold (ids too)."""
    out = nx.MultiDiGraph(name=xml_safe(str(g.graph.get("name", ""))))
    for node, attrs in g.nodes(data=True):
        out.add_node(xml_safe(node), **{k: _value(v) for k, v in attrs.items()})
    for u, v, key, attrs in g.edges(keys=True, data=True):
        out.add_edge(
            xml_safe(u), xml_safe(v), key=xml_safe(key), **{k: _value(x) for k, x in attrs.items()}
        )
    return out


def _value(value: Any) -> Any:
    return xml_safe(value) if isinstance(value, str) else value


def write_gexf(records: CaseRecords, out: Path, co_mentions: bool = True) -> nx.MultiDiGraph:
    """Write GEXF 1.2 (Gephi's own format) with the saved chart positions as node places."""
    g = _safe(graph(records, co_mentions))
    positions = {e.id: e.position for e in records.entities if e.position is not None}
    drawn = g.copy()
    for node, (x, y) in positions.items():
        drawn.nodes[xml_safe(node)]["viz"] = {"position": {"x": x, "y": -y, "z": 0.0}}
    atomic_path(out, lambda path: nx.write_gexf(drawn, path, version="1.2draft"))
    return g


def write_graphml(records: CaseRecords, out: Path, co_mentions: bool = True) -> nx.MultiDiGraph:
    """Write GraphML with the saved chart positions as ``x``/``y`` node attributes."""
    g = _safe(graph(records, co_mentions))
    for entity in records.entities:
        if entity.position is not None:
            node = g.nodes[xml_safe(entity.id)]
            node["x"], node["y"] = entity.position
    atomic_path(out, lambda path: nx.write_graphml(g, path))
    return g
