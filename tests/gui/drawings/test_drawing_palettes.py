"""The link chart and the chronology follow a light or dark palette; exports stay on white."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from gui_helpers import settle
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QImage, QPalette

from casefile.gui.common.session import Session
from casefile.gui.drawings.chart_panel import ChartPanel
from casefile.gui.drawings.export import export_scene
from casefile.gui.drawings.timeline_panel import TimelinePanel
from casefile.storage import open_case
from casefile.storage.sample import write_sample

DARK_BASE, DARK_TEXT = "#1e1e1e", "#e6e6e6"


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, "#2b2b2b"),
        (QPalette.ColorRole.WindowText, DARK_TEXT),
        (QPalette.ColorRole.Base, DARK_BASE),
        (QPalette.ColorRole.Text, DARK_TEXT),
        (QPalette.ColorRole.Button, "#333333"),
        (QPalette.ColorRole.ButtonText, DARK_TEXT),
    ):
        palette.setColor(role, QColor(colour))
    return palette


@pytest.fixture
def session(tmp_path: Path) -> Any:
    path = tmp_path / "sample.casefile"
    write_sample(path)
    case = open_case(path)
    yield Session(case, print)
    case.close()


def _shown(qtbot: Any, panel: Any) -> Any:
    qtbot.addWidget(panel)
    panel.resize(1100, 650)
    panel.show()
    settle()
    return panel


def _pixel(view: Any, point: QPoint) -> QColor:
    return view.viewport().grab().toImage().pixelColor(point)


def test_chart_turns_dark_with_the_palette_and_back(qtbot: Any, session: Any) -> None:
    """On a dark palette the chart's sheet is the palette's dark base, names are light on
    dark plates; back on a light palette it is a white sheet again."""
    panel = _shown(qtbot, ChartPanel(session, lambda _k, _i: None))
    view, scene = panel.view, panel.scene
    node = next(iter(scene.nodes.values()))
    words = node.label.childItems()[0]
    assert _pixel(view, QPoint(3, 3)).lightness() > 240
    panel.setPalette(dark_palette())
    settle()
    assert view.backgroundBrush().color() == QColor(DARK_BASE)
    assert _pixel(view, QPoint(3, 3)) == QColor(DARK_BASE)
    assert node.label.brush().color() == QColor(DARK_BASE)  # the name's plate
    assert words.brush().color().lightness() > 170  # light words on it
    assert node.brush().color().lightness() < 90  # a deep tint of the kind's hue
    panel.setPalette(QPalette(QColor("#efefef"), QColor("#ffffff")))
    settle()
    assert view.backgroundBrush().color().lightness() > 240
    assert words.brush().color().lightness() < 80
    assert _pixel(view, QPoint(3, 3)).lightness() > 240


def test_chart_export_stays_on_white_in_a_dark_window(
    qtbot: Any, session: Any, tmp_path: Path
) -> None:
    """A PNG exported while the window is dark is drawn on white, with dark names."""
    panel = _shown(qtbot, ChartPanel(session, lambda _k, _i: None))
    panel.setPalette(dark_palette())
    settle()
    out = export_scene(panel.scene, tmp_path / "chart.png")
    image = QImage(str(out))
    assert image.pixelColor(2, 2) == QColor("white")
    assert panel.scene.theme.dark  # the window stays dark afterwards
    assert panel.view.backgroundBrush().color() == QColor(DARK_BASE)


def test_chronology_follows_a_dark_palette(qtbot: Any, session: Any) -> None:
    """The chronology's sheet, date band and labels take the dark palette."""
    panel = _shown(qtbot, TimelinePanel(session, lambda _k, _i: None))
    view = panel.view
    mark = next(iter(view.chronology.marks.values()))
    light_band = _pixel(view, QPoint(5, 10))
    assert light_band.lightness() > 230
    panel.setPalette(dark_palette())
    settle()
    assert view.backgroundBrush().color() == QColor(DARK_BASE)
    assert _pixel(view, QPoint(5, 10)).lightness() < 60  # the date band
    assert mark.label.brush().color().lightness() > 170
