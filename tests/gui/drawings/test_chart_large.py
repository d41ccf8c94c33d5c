"""A large link chart draws its edges in two bulk layers and, zoomed out, its nodes as dots."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QGraphicsItem

from casefile.core.linkchart import build_graph
from casefile.core.linkchart_layout import layout
from casefile.core.model import Entity, Relationship
from casefile.gui.drawings import export as chart_export
from casefile.gui.drawings.chart_paths import clipped
from casefile.gui.drawings.chart_view import ChartScene, ChartView


def large_view(qtbot: Any) -> tuple[ChartScene, ChartView, list[Relationship]]:
    """300 people and 1,600 relationships in a shown view, fitted."""
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
    return scene, view, rels


def drawn_as_dot(item: Any) -> bool:
    """The node item paints nothing itself (the edge layers draw its dot)."""
    return bool(item.flags() & QGraphicsItem.GraphicsItemFlag.ItemHasNoContents)


def test_zoomed_out_nodes_are_dots_that_can_still_be_selected(qtbot: Any) -> None:
    """Zoomed out, nodes are drawn as dots but a click still selects one and shows its links."""
    scene, view, rels = large_view(qtbot)
    assert view.transform().m11() < 0.3
    assert all(drawn_as_dot(item) for item in scene.nodes.values())
    item = scene.nodes["e7"]
    QTest.mouseClick(
        view.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        view.mapFromScene(item.scenePos()),
    )
    assert scene.selected_nodes() == [item]
    shown = {edge.ident for edge in scene.touching()}
    assert shown == {r.id for r in rels if "e7" in (r.source, r.target)}
    view.zoom(4 / view.transform().m11())
    assert not any(drawn_as_dot(item) for item in scene.nodes.values())


def test_every_zoom_paints_edges_and_a_double_click_on_one_opens_it(qtbot: Any) -> None:
    """Frames at fit, 100% and 300% draw lines; double-clicking a relationship's line opens it."""
    scene, view, _rels = large_view(qtbot)
    for scale in (None, 1.0, 3.0):
        if scale is not None:
            view.zoom(scale / view.transform().m11())
        image = QImage(view.viewport().size(), QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.white)
        painter = QPainter(image)
        view.render(painter)
        painter.end()
        assert image.pixelColor(image.width() // 2, image.height() // 2).isValid()
        row = image.height() // 2
        assert len({image.pixel(x, row) for x in range(0, image.width(), 4)}) > 2  # not blank
    opened: list[tuple[str, str]] = []
    view.open_requested.connect(lambda kind, ident: opened.append((kind, ident)))
    edge = scene.edges.edges[0]
    a, b = scene.nodes[edge.source].pos(), scene.nodes[edge.target].pos()
    view.centerOn((a + b) / 2)
    point = view.mapFromScene(a + (b - a) * 0.4)
    assert scene.edge_at(view.mapToScene(point), view.transform().m11()) is not None
    QTest.mouseDClick(
        view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point
    )
    assert opened and opened[-1][0] == "relationship"


def test_dragging_a_selected_node_moves_only_the_front_layer(qtbot: Any) -> None:
    """While a selected node moves, the cached layer of all other edges is left alone."""
    scene, view, _rels = large_view(qtbot)
    view.zoom(1 / view.transform().m11())
    scene.nodes["e3"].setSelected(True)
    assert scene.base is not None and scene.front is not None
    base_rect = scene.base.boundingRect()
    scene.nodes["e3"].setPos(scene.nodes["e3"].pos() + QPointF(500, 0))
    assert scene.base.boundingRect() == base_rect
    number = scene.index["e3"]
    assert scene.front.edge_mask[scene.edges.of_node(number)].all()
    assert not scene.base.edge_mask[scene.edges.of_node(number)].any()


def test_smoothed_lines_are_cut_to_the_visible_area() -> None:
    """A long selected line is drawn only where it can be seen (cheap antialiasing)."""
    seg = np.array([[-100.0, 50.0, 300.0, 50.0], [0.0, 500.0, 10.0, 600.0], [50.0, 50, 60, 60]])
    cut = clipped(seg, QRectF(0, 0, 200, 100))
    assert cut.tolist() == [[0.0, 50.0, 200.0, 50.0], [50.0, 50.0, 60.0, 60.0]]


def test_a_zoom_scales_a_picture_then_redraws_it_sharp(qtbot: Any) -> None:
    """Zoom steps reuse one picture of the edges; once the zoom rests they are drawn afresh."""
    scene, view, _rels = large_view(qtbot)
    base = scene.base
    assert base is not None and base._picture is None
    view.zoom(1.15)
    picture = base._picture
    assert picture is not None and not picture.isNull()
    view.zoom(1.15)
    assert base._picture is picture
    qtbot.waitUntil(lambda: base._picture is None, timeout=2000)
    view.zoom(1.15)
    view.zoom(4 / view.transform().m11())  # far in: the picture would be too large
    assert base._picture is None


def test_a_large_png_export_is_kept_to_a_readable_size(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A chart too big for one image is exported scaled down, not as a file no viewer opens."""
    scene, _view, _rels = large_view(qtbot)
    monkeypatch.setattr(chart_export, "MAX_AREA", 1_000_000)
    path = chart_export.export_scene(scene, tmp_path / "big.png", scene.content_rect())
    image = QImage(str(path))
    assert not image.isNull()
    assert image.width() * image.height() <= 1_000_000
