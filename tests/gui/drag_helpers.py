"""Real drags in offscreen tests: mouse press, moves and release drive a started ``QDrag``.

Qt's offscreen platform has no drag manager: ``QDrag.exec()`` returns at once and nothing is
delivered. ``PlatformDrag`` plays the part Qt's own ``QSimpleDrag`` plays on platforms without
native drag and drop: while a ``QDrag`` the application started runs, it watches the mouse
(an application event filter, as ``QBasicDrag`` does), sends drag enter/move/leave events to
the widget under the pointer that accepts drops, and on release drops the drag's own
``QMimeData`` there. So the application's real code runs at both ends: its mouse handling
starts the drag and fills it, its drag and drop handlers take it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from gui_helpers import settle
from PySide6.QtCore import QEvent, QEventLoop, QObject, QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import (
    QDrag,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QMouseEvent,
)
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

LEFT = Qt.MouseButton.LeftButton
NONE = Qt.KeyboardModifier.NoModifier


class PlatformDrag(QObject):
    """Delivers one running drag to the widgets under the mouse until the button is released."""

    def __init__(self, drag: QDrag, actions: Qt.DropAction) -> None:
        super().__init__()
        self.drag, self.actions = drag, actions
        self.loop = QEventLoop()
        self.over: QWidget | None = None
        self.accepted = False
        self.result = Qt.DropAction.IgnoreAction

    def run(self) -> Qt.DropAction:
        app = QApplication.instance()
        app.installEventFilter(self)
        try:
            self.loop.exec()
        finally:
            app.removeEventFilter(self)
        return self.result

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.MouseMove and isinstance(event, QMouseEvent):
            self._move(event.globalPosition().toPoint())
            return True
        if kind == QEvent.Type.MouseButtonRelease and isinstance(event, QMouseEvent):
            self._drop(event.globalPosition().toPoint())
            self.loop.quit()
            return True
        return False

    def _receiver(self, point: QPoint) -> QWidget | None:
        widget = QApplication.widgetAt(point)
        if widget is None:  # past the offscreen screen's 800x600 the window is still there
            for top in reversed(QApplication.topLevelWidgets()):
                if top.isVisible() and top.geometry().contains(point):
                    widget = top.childAt(top.mapFromGlobal(point)) or top
                    break
        while widget is not None and not widget.acceptDrops():
            widget = widget.parentWidget()
        return widget

    def _move(self, point: QPoint) -> None:
        widget = self._receiver(point)
        if widget is not self.over:
            self._leave()
            if widget is not None:
                local = QPointF(widget.mapFromGlobal(point))
                enter = QDragEnterEvent(local, self.actions, self.drag.mimeData(), LEFT, NONE)
                QApplication.sendEvent(widget, enter)
                self.over = widget
        if self.over is None:
            self.accepted = False
            return
        local = QPointF(self.over.mapFromGlobal(point))
        move = QDragMoveEvent(local, self.actions, self.drag.mimeData(), LEFT, NONE)
        QApplication.sendEvent(self.over, move)
        self.accepted = move.isAccepted()

    def _leave(self) -> None:
        if self.over is not None:
            QApplication.sendEvent(self.over, QDragLeaveEvent())
            self.over = None

    def _drop(self, point: QPoint) -> None:
        self._move(point)
        if self.over is None or not self.accepted:
            self._leave()
            return
        local = QPointF(self.over.mapFromGlobal(point))
        drop = QDropEvent(local, self.actions, self.drag.mimeData(), LEFT, NONE)
        QApplication.sendEvent(self.over, drop)
        if drop.isAccepted():
            self.result = drop.dropAction()
        self.over = None


def play_drags(monkeypatch: Any) -> list[QDrag]:
    """Let every ``QDrag.exec`` the application starts be delivered by ``PlatformDrag``;
    returns the list the started drags are appended to."""
    started: list[QDrag] = []

    def exec_(drag: QDrag, supported: Any = Qt.DropAction.MoveAction, *_default: Any) -> Any:
        started.append(drag)
        return PlatformDrag(drag, supported).run()

    monkeypatch.setattr(QDrag, "exec", exec_)
    return started


Waypoint = tuple[QWidget, QPoint, int]


def mouse_drag(source: QWidget, start: QPoint, path: Sequence[Waypoint]) -> None:
    """Press at ``start`` on ``source``, move out of it and then along ``path`` (widget, point,
    milliseconds to rest there), releasing at the last point — as a hand on a mouse does."""

    def along() -> None:
        for widget, point, rest in path:
            for step in range(1, 4):  # a few moves on the way in, as a real pointer gives
                QTest.mouseMove(widget, point + QPoint(3 - step, 0))
            if rest:
                QTest.qWait(rest)
        widget, point, _rest = path[-1]
        QTest.mouseRelease(widget, LEFT, NONE, point)

    QTest.mousePress(source, LEFT, NONE, start)
    QTimer.singleShot(0, along)  # runs inside the drag's own event loop
    distance = QApplication.startDragDistance() + 4
    QTest.mouseMove(source, start + QPoint(distance, 0))  # the drag starts here
    settle()


def answer_popup(key: Qt.Key, after: Callable[[], None] | None = None) -> None:
    """Press ``key`` in the next popup menu (the stance chooser) as soon as it shows."""

    def press() -> None:
        popup = QApplication.activePopupWidget()
        if popup is None:
            QTimer.singleShot(20, press)
            return
        QTest.keyClick(popup, key)
        if after is not None:
            after()

    QTimer.singleShot(20, press)
