"""Helpers for capture GUI tests: a window with capture installed, and real drop events."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gui_helpers import make_window, settle
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QWidget

from casefile.core.commands import Create
from casefile.core.model import Claim, Entity
from casefile.gui.capture import hooks as capture_window
from casefile.storage import create_case

ACTIONS = Qt.DropAction.CopyAction | Qt.DropAction.MoveAction


def capture_window_with_case(qtbot: Any, tmp_path: Path) -> tuple[Any, Any]:
    """A shown main window with capture installed and a fresh case with a claim and a person."""
    window = make_window(qtbot, tmp_path)
    controller = capture_window.install(window)
    window.install_case(create_case(tmp_path / "drop.casefile", "Drop test"))
    window.push(Create(Claim("claim-1", "The MV Aurora was held in Rotterdam.")))
    window.push(Create(Entity("person-1", "Ana Díaz")))
    window.session.stack.clear()
    controller.drops.choose_stance = lambda _w, _p: "refutes"
    return window, controller


def drag_over(widget: QWidget, mime: QMimeData, point: QPoint) -> QDragMoveEvent:
    """Send a real drag enter and move to ``widget`` at ``point``; return the move event."""
    enter = QDragEnterEvent(QPointF(point), ACTIONS, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)  # fmt: skip
    QApplication.sendEvent(widget, enter)
    move = QDragMoveEvent(QPointF(point), ACTIONS, mime, Qt.MouseButton.LeftButton,
                          Qt.KeyboardModifier.NoModifier)  # fmt: skip
    QApplication.sendEvent(widget, move)
    return move


def drop_on(widget: QWidget, mime: QMimeData, point: QPoint | None = None) -> QDropEvent:
    """A full drag enter, move and drop on ``widget`` (QPointF position); returns the drop."""
    point = point if point is not None else widget.rect().center()
    drag_over(widget, mime, point)
    drop = QDropEvent(QPointF(point), ACTIONS, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)  # fmt: skip
    QApplication.sendEvent(widget, drop)
    settle()
    return drop


def mime_of(data: dict[str, bytes]) -> QMimeData:
    """QMimeData carrying exactly these media types."""
    mime = QMimeData()
    for fmt, value in data.items():
        mime.setData(fmt, value)
    return mime


def row_point(view: Any, ident: str) -> QPoint:
    """The centre of a record's row in a register table's viewport."""
    row = view.model.row_of(ident)
    assert row >= 0
    return view.table.visualRect(view.model.index(row, 0)).center()
