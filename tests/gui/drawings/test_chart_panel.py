"""The link chart page: neighbourhood highlight, drags saved and undone, reopen, export, refresh."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from gui_helpers import drag_node, settle
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest

from casefile.core.commands import Create, Edit
from casefile.core.model import Relationship
from casefile.gui.common.session import Session
from casefile.gui.drawings.chart_panel import ChartPanel
from casefile.storage import open_case
from casefile.storage.sample import write_sample


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    path = tmp_path / "sample.casefile"
    write_sample(path)
    return path


@pytest.fixture
def opened(qtbot: Any, sample: Path) -> Any:
    """A chart panel on the sample case, shown, with the navigation calls it made."""
    case = open_case(sample)
    errors: list[str] = []
    session = Session(case, errors.append)
    opened_items: list[tuple[str, str]] = []
    panel = ChartPanel(session, lambda kind, ident: opened_items.append((kind, ident)))
    qtbot.addWidget(panel)
    panel.resize(1000, 700)
    panel.show()
    settle()
    panel.view.fit()
    yield panel, session, opened_items
    panel.close()
    case.close()


def node_point(panel: ChartPanel, ident: str) -> QPoint:
    return panel.view.mapFromScene(panel.scene.nodes[ident].scenePos())


def test_selecting_a_node_highlights_its_neighbourhood(opened: Any) -> None:
    """Selecting Dovecote keeps it and its direct links bright and dims the rest."""
    panel, _session, _opened = opened
    assert panel.scene.neighbourhood() == set(panel.scene.nodes)
    panel.view.select_node("e-dovecote")
    assert panel.scene.neighbourhood() == {"e-dovecote", "e-meridian", "e-marchetti", "e-huaxin"}
    assert {e.ident for e in panel.scene.touching()} == {"r-2", "r-3", "r-7"}
    assert len(panel.scene.edges) - len(panel.scene.touching()) == 4
    assert panel.scene.veil.isVisible()
    panel.scene.clearSelection()
    assert panel.scene.neighbourhood() == set(panel.scene.nodes)
    assert not panel.scene.touching() and not panel.scene.veil.isVisible()


def test_dragging_a_node_saves_its_position_and_undo_restores_it(opened: Any) -> None:
    """A mouse drag is one undoable move saved in the case; undo puts the node back."""
    panel, session, _opened = opened
    before = panel.scene.nodes["e-liao"].pos()
    drag_node(panel, "e-liao", QPoint(80, 40))
    after = panel.scene.nodes["e-liao"].pos()
    assert after != before
    saved = session.case.get("entity", "e-liao").position
    assert saved == pytest.approx((after.x(), after.y()), abs=0.1)
    assert session.stack.count() == 1
    assert session.stack.undoText().startswith("Move Liao Chunsheng")
    edges = panel.scene.edges
    number = next(i for i, e in enumerate(edges.edges) if e.ident == "r-4")
    assert tuple(edges.segments()[number][:2]) == (after.x(), after.y())
    session.stack.undo()
    settle()
    assert session.case.get("entity", "e-liao").position is None
    assert panel.scene.nodes["e-liao"].pos() == before
    session.stack.redo()
    assert panel.scene.nodes["e-liao"].pos() == QPointF(*saved)


def test_a_moved_node_is_where_it_was_left_after_reopening(qtbot: Any, sample: Path) -> None:
    """Positions persist in the case file and the chart uses them when the case is reopened."""
    case = open_case(sample)
    session = Session(case, print)
    panel = ChartPanel(session, lambda kind, ident: None)
    qtbot.addWidget(panel)
    panel.resize(900, 600)
    panel.show()
    settle()
    panel.view.fit()
    drag_node(panel, "e-greaves", QPoint(-60, 70))
    moved = panel.scene.nodes["e-greaves"].pos()
    panel.close()
    case.close()
    reopened = open_case(sample)
    again = ChartPanel(Session(reopened, print), lambda kind, ident: None)
    qtbot.addWidget(again)
    assert again.scene.nodes["e-greaves"].pos() == QPointF(round(moved.x(), 1), round(moved.y(), 1))
    reopened.close()


def test_double_click_opens_the_item_and_keys_step_through_nodes(opened: Any, qtbot: Any) -> None:
    """Double-click on a node opens it; Tab selects a node and Enter opens it."""
    panel, _session, opened_items = opened
    QTest.mouseDClick(
        panel.view.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        node_point(panel, "e-baltic"),
    )
    assert opened_items[-1] == ("entity", "e-baltic")
    panel.view.setFocus()
    QTest.keyClick(panel.view, Qt.Key.Key_Tab)
    chosen = panel.scene.selected_nodes()
    assert len(chosen) == 1 and chosen[0].node_id == "e-petrovic"  # Anja sorts first
    QTest.keyClick(panel.view, Qt.Key.Key_Return)
    assert opened_items[-1] == ("entity", "e-petrovic")
    scale = panel.view.transform().m11()
    QTest.keyClick(panel.view, Qt.Key.Key_Plus)
    assert panel.view.transform().m11() > scale
    QTest.keyClick(panel.view, Qt.Key.Key_0)
    assert panel.view.transform().m11() == pytest.approx(scale, rel=0.01)


def test_changes_elsewhere_refresh_the_chart(opened: Any, qtbot: Any) -> None:
    """A position edited elsewhere moves the node; a new relationship adds an edge."""
    panel, session, _opened = opened
    session.push(Edit("entity", "e-keldby", {"position": (10.0, 20.0)}))
    assert panel.scene.nodes["e-keldby"].pos() == QPointF(10, 20)
    session.push(Create(Relationship("r-new", "e-keldby", "e-meridian", "inspected")))
    qtbot.waitUntil(lambda: any(e.ident == "r-new" for e in panel.scene.edges.edges), timeout=2000)
    assert panel.scene.nodes["e-keldby"].pos() == QPointF(10, 20)


def test_co_mentions_and_claims_can_be_shown(opened: Any) -> None:
    """The options add co-mention edges and claim nodes."""
    panel, _session, _opened = opened
    panel.co_mentions.setChecked(True)
    assert any(e.kind == "co-mention" for e in panel.scene.edges.edges)
    panel.claims.setChecked(True)
    assert "c-funding" in panel.scene.nodes
    assert "9 nodes" not in panel.summary.text() and "co-mention" in panel.summary.text()


def test_lay_out_again_forgets_moves_as_one_undo_step(opened: Any) -> None:
    """Lay out again clears saved positions in one step; undo brings them back."""
    panel, session, _opened = opened
    session.push(Edit("entity", "e-liao", {"position": (1.0, 2.0)}))
    session.push(Edit("entity", "e-huaxin", {"position": (3.0, 4.0)}))
    panel.reload()
    panel.arrange()
    assert session.case.get("entity", "e-liao").position is None
    assert panel.scene.nodes["e-liao"].pos() != QPointF(1, 2)
    session.stack.undo()
    assert session.case.get("entity", "e-huaxin").position == (3.0, 4.0)
    assert panel.scene.nodes["e-huaxin"].pos() == QPointF(3, 4)


def test_exports_write_valid_png_and_svg(opened: Any, tmp_path: Path) -> None:
    """The chart exports as a PNG image and as an SVG drawing that name the entities."""
    panel, _session, _opened = opened
    png = panel.export(tmp_path / "chart.png")
    image = QImage(str(png))
    assert not image.isNull() and image.width() > 200
    svg = panel.export(tmp_path / "chart.svg")
    assert svg is not None
    root = ET.parse(svg).getroot()
    assert root.tag.endswith("svg")
    text = svg.read_text(encoding="utf-8")
    assert "Dovecote Holdings S.A." in text and "majority shareholder of" in text
    assert panel.export(tmp_path / "chart.gif") is None


def test_chart_fits_the_view_once_it_has_its_size(qtbot: Any, sample: Path) -> None:
    """A chart built before its page is laid out still shows every node once shown."""
    case = open_case(sample)
    panel = ChartPanel(Session(case, print), lambda kind, ident: None)
    qtbot.addWidget(panel)
    panel.resize(1000, 700)
    panel.show()
    settle()
    visible = panel.view.visible_scene_rect()
    assert all(visible.contains(item.scenePos()) for item in panel.scene.nodes.values())
    assert panel.view.transform().m11() > 0.3
    case.close()


def test_a_refused_move_puts_the_node_back(qtbot: Any, sample: Path) -> None:
    """On a case opened read-only, a drag is refused in plain words and the node returns."""
    case = open_case(sample, read_only=True)
    errors: list[str] = []
    panel = ChartPanel(Session(case, errors.append), lambda kind, ident: None)
    qtbot.addWidget(panel)
    panel.resize(900, 600)
    panel.show()
    settle()
    before = panel.scene.nodes["e-liao"].pos()
    drag_node(panel, "e-liao", QPoint(50, 50))
    assert errors and "read-only" in errors[0]
    assert panel.scene.nodes["e-liao"].pos() == before
    case.close()


def test_a_large_case_draws_its_most_connected_part_and_says_so(
    qtbot: Any, sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past the drawing limit the chart shows the best connected people (a connected core,
    not scattered names) and its summary says how many of how many it shows."""
    from casefile.gui.drawings import chart_panel

    monkeypatch.setattr(chart_panel, "MAX_SHOWN_NODES", 4)
    with open_case(sample) as case:
        whole = case.count("entity")
        panel = ChartPanel(Session(case, lambda _m: None), lambda *_a: None)
        qtbot.addWidget(panel)
        assert len(panel.scene.nodes) == 4 < whole
        assert "e-dovecote" in panel.scene.nodes  # the sample's best connected company
        assert f"the 4 most connected of {whole} nodes" in panel.summary.text()
        assert "cannot be read" in panel.summary.toolTip()
        for edge in panel.graph.edges:
            assert {edge.source, edge.target} <= set(panel.scene.nodes)
        panel.close()
