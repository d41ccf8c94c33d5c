"""The chronology and link chart inside the main window: Tools menu, undo of a drag, opening items."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from gui_helpers import close, make_window, settle
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from casefile.gui.analysis import hooks as analysis_window
from casefile.gui.drawings import hooks as chart_pages
from casefile.gui.drawings.chart_panel import ChartPanel
from casefile.gui.drawings.timeline_panel import TimelinePanel

SHOTS = Path("/tmp/casefile-shots")


@pytest.fixture
def window(qtbot: Any, tmp_path: Path) -> Any:
    """A main window with the analysis pages and the charts installed, sample case open."""
    window = make_window(qtbot, tmp_path)
    analysis_window.install(window)
    chart_pages.install(window)
    assert window.open_sample()
    window.resize(1280, 760)
    yield window
    close(window)


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_link_chart_drag_undoes_through_the_window(window: Any) -> None:
    """Tools ▸ Link chart shows the chart; a drag is one step that Edit ▸ Undo reverts."""
    panel = window.charts.show_page(chart_pages.LINK_CHART)
    assert isinstance(panel, ChartPanel)
    settle()
    panel.view.fit()
    viewport = panel.view.viewport()
    start = panel.view.mapFromScene(panel.scene.nodes["e-marchetti"].scenePos())
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(viewport, start + QPoint(30, 10))
    QTest.mouseMove(viewport, start + QPoint(60, 20))
    QTest.mouseRelease(
        viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start + QPoint(60, 20)
    )
    assert window.case.get("entity", "e-marchetti").position is not None
    assert window.undo_action.text().startswith("&Undo Move Sofia Marchetti") or "Move" in (
        window.undo_action.text()
    )
    window.undo_action.trigger()
    assert window.case.get("entity", "e-marchetti").position is None
    SHOTS.mkdir(exist_ok=True)
    panel.view.select_node("e-dovecote")
    settle()
    assert window.grab().save(str(SHOTS / "window-link-chart.png"))


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_chronology_click_opens_the_evidence_register(window: Any) -> None:
    """A click on a dated piece of evidence opens it in the Evidence register."""
    panel = window.charts.show_page(chart_pages.CHRONOLOGY)
    assert isinstance(panel, TimelinePanel)
    settle()
    SHOTS.mkdir(exist_ok=True)
    assert window.grab().save(str(SHOTS / "window-chronology.png"))
    mark = panel.scene.marks[("snippet", "n-n01", "evidence")]
    panel.view.ensureVisible(mark)
    point = panel.view.mapFromScene(mark.scenePos())
    QTest.mouseClick(
        panel.view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point
    )
    settle()
    assert window.selected() == ("snippet", ["n-n01"])
