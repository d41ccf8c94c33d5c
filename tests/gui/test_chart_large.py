"""A large link chart zoomed out paints its edges as one path and still shows a selection's links."""

from __future__ import annotations

import random
from typing import Any

from casefile.core.linkchart import build_graph
from casefile.core.linkchart_layout import layout
from casefile.core.model import Entity, Relationship
from casefile.gui.chart_view import ChartScene, ChartView


def test_zoomed_out_large_chart_draws_edges_as_one_path(qtbot: Any) -> None:
    """Zoomed out, 1,600 edges become one drawing; a selected node's own edges stay on top."""
    rng = random.Random(5)
    entities = [Entity(f"e{i}", f"Person {i}") for i in range(300)]
    rels = [
        Relationship(f"r{i}", f"e{a}", f"e{(a + rng.randint(1, 30)) % 300}", "knows")
        for i, a in enumerate(rng.randrange(300) for _ in range(1600))
    ]
    graph = build_graph(entities, rels)
    scene = ChartScene()
    scene.populate(graph, layout(graph))
    view = ChartView(scene)
    qtbot.addWidget(view)
    view.resize(800, 600)
    view.show()
    view.fit()
    assert view.transform().m11() < 0.45
    assert scene.overview is not None and scene.overview.isVisible()
    assert not any(edge.isVisible() for edge in scene.edges)
    view.select_node("e7")
    shown = {edge.edge.ident for edge in scene.edges if edge.isVisible()}
    assert shown == {r.id for r in rels if "e7" in (r.source, r.target)}
    view.zoom(4 / view.transform().m11())
    assert not scene.overview.isVisible()
    assert all(edge.isVisible() for edge in scene.edges)
