"""The list of the case's parts; a drag that rests on an entry opens that page (spring-loaded,
as file managers open a folder a drag hovers over), so the drop can go on there."""

from __future__ import annotations

from PySide6.QtCore import QSize, QTimer
from PySide6.QtGui import QDragEnterEvent, QDragLeaveEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QListWidget, QWidget

SPRING_MS = 700


class Navigator(QListWidget):
    """Parts of the case; hovering a drag over an entry for ``SPRING_MS`` opens it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self._hovered = -1
        self._spring = QTimer(self)
        self._spring.setSingleShot(True)
        self._spring.setInterval(SPRING_MS)
        self._spring.timeout.connect(self._open_hovered)

    def minimumSizeHint(self) -> QSize:
        """Wide enough for every entry: a wide page beside it must not squeeze the names."""
        hint = super().minimumSizeHint()
        width = self.sizeHintForColumn(0) + 2 * (self.frameWidth() + self.spacing()) + 6
        return QSize(max(hint.width(), min(width, self.maximumWidth())), hint.height())

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        event.accept()  # to follow the drag; nothing is ever dropped on the list itself
        self._follow(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        self._follow(event)

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self._stop()
        event.accept()

    def dropEvent(self, event: QDropEvent) -> None:
        self._stop()
        event.ignore()

    def _follow(self, event: QDragMoveEvent) -> None:
        row = self.indexAt(event.position().toPoint()).row()
        if row != self._hovered:
            self._hovered = row
            self._spring.stop()
            if row >= 0 and row != self.currentRow():
                self._spring.start()
        event.ignore()  # nothing is dropped on the list itself

    def _stop(self) -> None:
        self._spring.stop()
        self._hovered = -1

    def _open_hovered(self) -> None:
        if 0 <= self._hovered < self.count():
            self.setCurrentRow(self._hovered)
