"""The start page: new case, open case, the sample case and the recent cases."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from casefile.gui.common.text import plain_label, tooltip
from casefile.gui.window.recent import RecentCases

PATH_ROLE = Qt.ItemDataRole.UserRole


class StartPage(QWidget):
    """What the window shows with no case open."""

    new_requested = Signal()
    open_requested = Signal()
    sample_requested = Signal()
    recent_chosen = Signal(Path)

    def __init__(self, recent: RecentCases, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.recent = recent
        title = plain_label("casefile")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 2.2)
        font.setBold(True)
        title.setFont(font)
        subtitle = plain_label(
            "An offline case file for investigations: people and organisations, sources, "
            "evidence and claims, in one file on this computer.",
            wrap=True,
        )
        self.new_button = QPushButton("&New case…")
        self.open_button = QPushButton("&Open case…")
        self.sample_button = QPushButton("Open &sample case")
        self.new_button.clicked.connect(self.new_requested)
        self.open_button.clicked.connect(self.open_requested)
        self.sample_button.clicked.connect(self.sample_requested)
        self.list = QListWidget()
        self.list.setAccessibleName("Recent cases")
        self.list.setMaximumHeight(420)
        self.empty = plain_label(
            "No recent cases yet: create one, or open the sample case to look around.", wrap=True
        )
        self.list.itemActivated.connect(self._chosen)
        self.remove_button = QPushButton("&Remove from list")
        self.remove_button.setToolTip("Forget the selected recent case (the file is not touched)")
        self.remove_button.clicked.connect(self.remove_selected)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.open_button, self.sample_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        recent_bar = QHBoxLayout()
        recent_bar.addWidget(plain_label("Recent cases"))
        recent_bar.addStretch(1)
        recent_bar.addWidget(self.remove_button)
        column = QVBoxLayout()
        column.addSpacing(40)
        column.addWidget(title)
        column.addWidget(subtitle)
        column.addSpacing(12)
        column.addLayout(buttons)
        column.addSpacing(18)
        column.addLayout(recent_bar)
        column.addWidget(self.list)
        column.addWidget(self.empty)
        column.addStretch(1)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(column, 4)
        outer.addStretch(1)
        self.refresh()

    def refresh(self) -> None:
        """Show the recent cases; files that are gone are marked missing."""
        self.list.clear()
        for path in self.recent.paths():
            missing = not path.exists()
            text = f"{path.stem}  —  {path.parent}" + ("  (missing)" if missing else "")
            item = QListWidgetItem(text)
            item.setData(PATH_ROLE, str(path))
            item.setToolTip(tooltip(str(path)))
            if missing:
                item.setForeground(self.palette().placeholderText())
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        self.remove_button.setEnabled(self.list.count() > 0)
        self.list.setVisible(self.list.count() > 0)
        self.empty.setVisible(self.list.count() == 0)

    def remove_selected(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.recent.remove(Path(item.data(PATH_ROLE)))
            self.refresh()

    def _chosen(self, item: QListWidgetItem) -> None:
        self.recent_chosen.emit(Path(item.data(PATH_ROLE)))
