"""Shared set-up for the window tests: a main window with its own settings file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from casefile.gui.window.main_window import MainWindow
from casefile.storage.sample import write_sample


def make_window(qtbot: Any, tmp_path: Path) -> MainWindow:
    """A shown main window whose settings and sample copy live under ``tmp_path``."""
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings, tmp_path / "data" / "Sample case.casefile", write_sample)
    qtbot.addWidget(window)
    window.show()
    activate(qtbot, window)
    return window


def activate(qtbot: Any, window: Any) -> None:
    """Make ``window`` the active one (shortcuts only reach the active window)."""
    window.windowHandle().requestActivate()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)


def settle(rounds: int = 3) -> None:
    """Let queued events (deferred deletes, timers at zero) run."""
    for _ in range(rounds):
        QApplication.processEvents()


def close(window: MainWindow) -> None:
    """Close the case so the file is released (and vouched for) before the folder goes."""
    window.close_case()
    window.closings.finish()
    settle()


def drag_node(panel: Any, ident: str, by: QPoint) -> None:
    """Press on a chart node, move in steps and release, through the view's viewport."""
    viewport = panel.view.viewport()
    start = panel.view.mapFromScene(panel.scene.nodes[ident].scenePos())
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for step in range(1, 6):
        QTest.mouseMove(viewport, start + by * step / 5)
    QTest.mouseRelease(
        viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start + by
    )
    settle()


def every_row(conn: Any) -> dict[str, list[str]]:
    """Every row of every table of the file (the full-text index's own tables included)."""
    tables = [
        str(name)
        for name, sql in conn.execute("SELECT name, sql FROM sqlite_master WHERE type='table'")
        if not str(sql).upper().startswith("CREATE VIRTUAL")
    ]
    return {t: sorted(repr(tuple(r)) for r in conn.execute(f'SELECT * FROM "{t}"')) for t in tables}
