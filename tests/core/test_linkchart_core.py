"""Link chart graph and layout: shapes, labelled edges, co-mentions, claims, repeatable layout."""

from __future__ import annotations

import math
import random

from casefile.core import linkchart
from casefile.core.linkchart_layout import layout
from casefile.core.model import Entity, Relationship, Snippet
from casefile.storage.sample import _SNIPPETS, CLAIMS, RELATIONSHIPS, E, _snippet

ENTITIES = list(E.values())
SNIPPETS = [_snippet(r) for r in _SNIPPETS]


def test_entities_are_nodes_shaped_by_kind_and_relationships_labelled_edges() -> None:
    """People are circles, organisations boxes; each relationship is an edge with its type."""
    graph = linkchart.build_graph(ENTITIES, RELATIONSHIPS)
    shapes = {n.id: n.shape for n in graph.nodes}
    assert shapes["e-petrovic"] == "person" and shapes["e-meridian"] == "organisation"
    assert len(graph.edges) == 7
    edge = next(e for e in graph.edges if e.ident == "r-1")
    assert (edge.source, edge.target, edge.label) == (
        "e-petrovic",
        "e-meridian",
        "managing director of",
    )
    assert graph.neighbours("e-dovecote") == {"e-dovecote", "e-meridian", "e-marchetti", "e-huaxin"}


def test_co_mentions_are_counted_per_pair() -> None:
    """Two entities named in the same evidence get one light edge with the count."""
    graph = linkchart.build_graph(ENTITIES, (), SNIPPETS, co_mentions=True)
    pairs = {(e.source, e.target): e.count for e in graph.edges}
    assert pairs[("e-dovecote", "e-huaxin")] == 3
    assert all(e.kind == "co-mention" for e in graph.edges)
    strong = linkchart.build_graph(ENTITIES, (), SNIPPETS, co_mentions=True, min_count=3)
    assert len(strong.edges) == 1


def test_claims_become_nodes_linked_to_their_subjects() -> None:
    """With claims shown, each claim with subjects is a node joined to each subject."""
    graph = linkchart.build_graph(ENTITIES, RELATIONSHIPS, claims=CLAIMS, show_claims=True)
    assert {n.id for n in graph.nodes if n.shape == "claim"} == {c.id for c in CLAIMS}
    subjects = {(e.source, e.target) for e in graph.edges if e.kind == "subject"}
    assert ("c-funding", "e-huaxin") in subjects and ("c-funding", "e-dovecote") in subjects


def test_layout_is_repeatable_and_keeps_saved_positions() -> None:
    """The same case always gets the same drawing; a moved node stays where it was put."""
    moved = [
        e if e.id != "e-liao" else Entity(e.id, e.name, e.kind, position=(5.0, -7.5))
        for e in ENTITIES
    ]
    graph = linkchart.build_graph(moved, RELATIONSHIPS)
    first, second = layout(graph), layout(graph)
    assert first == second
    assert first["e-liao"] == (5.0, -7.5)
    assert set(first) == {e.id for e in ENTITIES}
    points = list(first.values())
    nearest = min(math.dist(a, b) for i, a in enumerate(points) for b in points[i + 1 :])
    assert nearest > 40


def test_layout_of_a_larger_graph_places_linked_nodes_close() -> None:
    """In a few hundred nodes, linked nodes end up nearer each other than average pairs."""
    rng = random.Random(3)
    entities = [Entity(f"e{i}", f"E{i}") for i in range(300)]
    rels = [
        Relationship(f"r{i}", f"e{a}", f"e{min(299, a + rng.randint(1, 5))}", "knows")
        for i, a in enumerate(rng.randrange(299) for _ in range(450))
    ]
    graph = linkchart.build_graph(entities, rels)
    placed = layout(graph)
    assert layout(graph) == placed
    linked = sum(math.dist(placed[r.source], placed[r.target]) for r in rels) / len(rels)
    sample = [rng.sample(entities, 2) for _ in range(500)]
    anywhere = sum(math.dist(placed[a.id], placed[b.id]) for a, b in sample) / len(sample)
    assert linked < anywhere / 3


def test_a_snippet_naming_very_many_entities_adds_no_co_mentions() -> None:
    """A long list of names is not a web of links."""
    entities = [Entity(f"e{i}", f"E{i}") for i in range(40)]
    crowd = Snippet("n", "list", entities=tuple(e.id for e in entities))
    graph = linkchart.build_graph(entities, (), [crowd], co_mentions=True)
    assert graph.edges == ()
