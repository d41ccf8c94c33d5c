"""The chronology page: axis toggle, filters, clicks and keys that open items, export, refresh."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from gui_helpers import settle
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QImage, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from casefile.core.commands import Edit
from casefile.gui.common.session import Session
from casefile.gui.drawings.timeline_panel import TimelinePanel
from casefile.storage import open_case
from casefile.storage.sample import write_sample


@pytest.fixture
def opened(qtbot: Any, tmp_path: Path) -> Any:
    """A chronology panel on the sample case, shown, with the navigation calls it made."""
    path = tmp_path / "sample.casefile"
    write_sample(path)
    case = open_case(path)
    session = Session(case, print)
    opened_items: list[tuple[str, str]] = []
    panel = TimelinePanel(session, lambda kind, ident: opened_items.append((kind, ident)))
    qtbot.addWidget(panel)
    panel.resize(1200, 600)
    panel.show()
    settle()
    yield panel, session, opened_items
    panel.close()
    case.close()


def kinds_shown(panel: TimelinePanel) -> set[str]:
    return {kind for kind, _ident, _role in panel.shown_keys()}


def choose(combo: Any, value: str) -> None:
    combo.setCurrentIndex(combo.findData(value))


def test_axis_toggle_changes_the_items_shown(opened: Any) -> None:
    """Event dates show evidence and relationships; publication and capture show sources."""
    panel, _session, _opened = opened
    assert kinds_shown(panel) == {"snippet", "relationship", "claim"}
    assert len(panel.shown_keys()) == 34
    assert "1 without a date" in panel.summary.text()
    choose(panel.axis, "published")
    assert {role for _k, _i, role in panel.shown_keys()} == {"published"}
    first = panel.shown_keys()[0]
    assert first[1] == "s-registry"
    choose(panel.axis, "captured")
    assert {role for _k, _i, role in panel.shown_keys()} == {"captured"}
    assert panel.shown_keys()[0][1] == "s-article"  # captured 2 April, before the registry


def test_filters_narrow_the_chronology(opened: Any) -> None:
    """Choosing a person, a tag or a claim keeps only the items about it."""
    panel, _session, _opened = opened
    choose(panel.entity, "e-liao")
    assert {i for _k, i, _r in panel.shown_keys()} == {"n-n14", "r-4", "c-visit"}
    choose(panel.entity, "e-meridian")
    choose(panel.tag, "cargo")
    assert {i for _k, i, _r in panel.shown_keys()} == {"n-n06", "n-n08", "n-n13"}
    panel.entity.setCurrentIndex(0)
    panel.tag.setCurrentIndex(0)
    choose(panel.claim, "c-funding")
    assert {i for k, i, _r in panel.shown_keys() if k == "snippet"} == {"n-n17", "n-n18", "n-n19"}


def test_same_day_items_do_not_overlap(opened: Any) -> None:
    """Items sharing a day sit in separate lanes and no two labels overlap."""
    panel, _session, _opened = opened
    marks = list(panel.scene.marks.values())
    boxes = [m.sceneBoundingRect() | m.label.sceneBoundingRect() for m in marks]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not a.intersects(b)
    panel.view.zoom(4)
    boxes = [m.sceneBoundingRect() | m.label.sceneBoundingRect() for m in marks]
    assert not any(a.intersects(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])


def test_click_opens_the_item(opened: Any) -> None:
    """A click on a mark opens its record."""
    panel, _session, opened_items = opened
    mark = panel.scene.marks[("snippet", "n-n01", "evidence")]
    panel.view.ensureVisible(mark)
    point = panel.view.mapFromScene(mark.scenePos())
    QTest.mouseClick(
        panel.view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point
    )
    assert opened_items == [("snippet", "n-n01")]


def test_keyboard_zooms_pans_and_opens(opened: Any) -> None:
    """+ and - zoom, 0 fits, Tab steps through items in date order and Enter opens."""
    panel, _session, opened_items = opened
    view = panel.view
    view.setFocus()
    fitted = panel.scene.per_day
    QTest.keyClick(view, Qt.Key.Key_Plus)
    assert panel.scene.per_day == pytest.approx(fitted * 1.5)
    QTest.keyClick(view, Qt.Key.Key_Minus)
    QTest.keyClick(view, Qt.Key.Key_Minus)
    assert panel.scene.per_day < fitted
    QTest.keyClick(view, Qt.Key.Key_0)
    assert panel.scene.per_day == pytest.approx(fitted)
    QTest.keyClick(view, Qt.Key.Key_Tab)
    QTest.keyClick(view, Qt.Key.Key_Return)
    assert opened_items == [("relationship", "r-4")]  # chairman of, 2015: the earliest
    QTest.keyClick(view, Qt.Key.Key_Tab)
    QTest.keyClick(view, Qt.Key.Key_Return)
    assert opened_items[-1] == ("relationship", "r-5")


def test_edits_elsewhere_refresh_the_chronology(opened: Any, qtbot: Any) -> None:
    """Dating a piece of evidence adds it; undo takes it away again."""
    panel, session, _opened = opened
    session.push(Edit("snippet", "n-n15", {"date": "2024-05-06"}))
    qtbot.waitUntil(lambda: ("snippet", "n-n15", "evidence") in panel.shown_keys(), timeout=2000)
    session.stack.undo()
    qtbot.waitUntil(
        lambda: ("snippet", "n-n15", "evidence") not in panel.shown_keys(), timeout=2000
    )


def test_exports_write_valid_png_and_svg(opened: Any, tmp_path: Path) -> None:
    """The chronology exports as PNG and as an SVG with its labels as text."""
    panel, _session, _opened = opened
    image = QImage(str(panel.export(tmp_path / "chronology.png")))
    assert not image.isNull() and image.width() > 300
    svg = panel.export(tmp_path / "chronology.svg")
    assert svg is not None and ET.parse(svg).getroot().tag.endswith("svg")
    assert "2024" in svg.read_text(encoding="utf-8")


def test_arrow_keys_and_wheel_pan_and_zoom(opened: Any, qtbot: Any) -> None:
    """Arrow keys scroll the zoomed chronology; the wheel zooms around the pointer."""
    panel, _session, _opened = opened
    view = panel.view
    view.setFocus()
    view.zoom(8)
    bar = view.horizontalScrollBar()
    bar.setValue(bar.minimum())
    QTest.keyClick(view, Qt.Key.Key_Right)
    assert bar.value() > bar.minimum()
    before = panel.scene.per_day
    centre = QPointF(view.viewport().rect().center())
    wheel = QWheelEvent(
        centre,
        QPointF(view.viewport().mapToGlobal(centre.toPoint())),
        QPoint(0, 0),
        QPoint(0, 120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    day = view.mapToScene(centre.toPoint()).x() / before
    QApplication.sendEvent(view.viewport(), wheel)
    assert panel.scene.per_day == pytest.approx(before * 1.2)
    assert view.mapToScene(centre.toPoint()).x() / panel.scene.per_day == pytest.approx(day, abs=2)
