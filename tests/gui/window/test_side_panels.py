"""Side panels (Evidence, Claims, People): shown beside the page, arranged, remembered, reset."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gui_helpers import close, make_window, settle
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest

from casefile.gui.window.main_window import MainWindow
from casefile.storage.sample import write_sample


def _action(window: Any, text: str) -> Any:
    return next(a for a in window.menus["view"].actions() if a.text() == text)


def show_panels(window: Any) -> None:
    """View ▸ Reset layout: the panels shown where they start (they start hidden)."""
    _action(window, "Reset &layout").trigger()
    settle()


def test_panels_show_beside_the_page_only_while_a_case_is_open(qtbot: Any, tmp_path: Path) -> None:
    """The panels start hidden; View ▸ Evidence panel shows it under the page, and with
    Reset layout Evidence and Claims are on screen beside the page; none without a case."""
    window = make_window(qtbot, tmp_path)
    assert not any(d.isVisible() for d in window.docks.docks.values())
    assert not _action(window, "Evidence panel").isEnabled()
    assert window.open_sample()
    evidence, claims = window.docks.docks["evidence"], window.docks.docks["claims"]
    assert not evidence.isVisible() and not claims.isVisible()
    _action(window, "Evidence panel").trigger()
    assert evidence.isVisible() and not claims.isVisible()
    show_panels(window)
    assert evidence.isVisible() and claims.isVisible()
    assert window.dockWidgetArea(evidence) == Qt.DockWidgetArea.BottomDockWidgetArea
    panel = window.docks.lists["evidence"]
    assert panel.model.rowCount() == window.case.count("snippet") > 0
    window.show_part(2)  # a source's page and the evidence side by side
    assert window.register("source").isVisible() and panel.table.isVisible()
    close(window)
    assert not evidence.isVisible() and window.record_lists() == []


def test_a_panel_row_opens_its_record_in_the_register(qtbot: Any, tmp_path: Path) -> None:
    """Enter on a claim in the Claims panel shows that claim on the Claims page."""
    window = make_window(qtbot, tmp_path)
    assert window.open_sample()
    show_panels(window)
    panel = window.docks.lists["claims"]
    panel.table.setFocus()
    panel.table.setCurrentIndex(panel.model.index(1, 0))
    QTest.keyClick(panel.table, Qt.Key.Key_Return)
    settle()
    ident = panel.model.id_at(1)
    assert window.current_register() is window.register("claim")
    assert window.register("claim").selected_ids() == [ident]
    close(window)


def test_the_arrangement_is_remembered_and_can_be_reset(qtbot: Any, tmp_path: Path) -> None:
    """A panel moved to the left and one hidden stay so in the next window; Reset layout
    puts them back under the page, all shown."""
    window = make_window(qtbot, tmp_path)
    assert window.open_sample()
    show_panels(window)
    claims = window.docks.docks["claims"]
    window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, claims)
    _action(window, "People and organisations panel").trigger()  # hide it
    window.close()
    settle()
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    again = MainWindow(settings, tmp_path / "data" / "Sample case.casefile", write_sample)
    qtbot.addWidget(again)
    again.show()
    assert again.open_sample()
    settle()
    docks = again.docks.docks
    assert again.dockWidgetArea(docks["claims"]) == Qt.DockWidgetArea.LeftDockWidgetArea
    assert not docks["people"].isVisible() and docks["evidence"].isVisible()
    _action(again, "Reset &layout").trigger()
    settle()
    for dock in docks.values():
        assert again.dockWidgetArea(dock) == Qt.DockWidgetArea.BottomDockWidgetArea
    assert docks["evidence"].isVisible() and docks["claims"].isVisible()
    assert again.tabifiedDockWidgets(docks["claims"]) == [docks["people"]]
    close(again)


def test_panels_follow_changes_to_the_case(qtbot: Any, tmp_path: Path) -> None:
    """A claim added on the Claims page shows up in the Claims panel; Undo removes it."""
    window = make_window(qtbot, tmp_path)
    assert window.open_sample()
    panel = window.docks.lists["claims"]
    before = panel.model.rowCount()
    window.show_part(4)
    ident = window.register("claim").create_record()
    assert ident is not None and panel.model.row_of(ident) >= 0
    assert panel.model.rowCount() == before + 1
    window.undo_action.trigger()
    assert panel.model.rowCount() == before
    close(window)
