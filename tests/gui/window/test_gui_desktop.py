"""The window and its dialogs carry casefile's icon, and the app names its desktop entry."""

from __future__ import annotations

from gui_helpers import close
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication, QMessageBox

from casefile import APP_ID, app


def test_window_and_dialogs_carry_the_icon(qtbot) -> None:
    """The main window and a dialog show casefile's icon, sharp from 16 to 512 pixels."""
    window = app.open_window(None, demo=False)
    qtbot.addWidget(window)
    assert QApplication.desktopFileName() == APP_ID
    sizes = {size.width() for size in window.windowIcon().availableSizes()}
    assert {16, 22, 24, 32, 48, 64, 128, 256, 512} <= sizes
    assert not window.windowIcon().pixmap(QSize(16, 16)).toImage().isNull()
    box = QMessageBox(window)
    box.setWindowTitle("Check")
    assert box.windowIcon().cacheKey() == QApplication.windowIcon().cacheKey()
    assert {s.width() for s in box.windowIcon().availableSizes()} == sizes
    box.deleteLater()
    close(window)
