"""The Assessment dock: the narrative editor beside the registers, so rows drag straight in."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget

from casefile.gui.brief.narrative_panel import NarrativePanel


class NarrativeDock:
    """Builds the dock's panel for each opened case and commits its typing before closing."""

    def __init__(self, window: Any) -> None:
        self.window = window
        self.dock = QDockWidget("Assessment", window)
        self.dock.setObjectName("assessment-dock")
        self.dock.setAccessibleName("Assessment")
        self.dock.setAllowedAreas(
            Qt.DockWidgetArea.RightDockWidgetArea | Qt.DockWidgetArea.LeftDockWidgetArea
            | Qt.DockWidgetArea.BottomDockWidgetArea
        )  # fmt: skip
        self.dock.hide()
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.panel: NarrativePanel | None = None
        window.case_opened.connect(lambda _case: self._opened())
        window.case_closed.connect(self._closed)
        edit = window.menus.get("edit")
        if edit is not None:
            edit.aboutToShow.connect(self.flush)
        action = window.add_action("view", "&Assessment", self.toggle, "Ctrl+Shift+A")
        action.setToolTip("Write the assessment of the brief, citing the evidence")
        self.action = action

    def _opened(self) -> None:
        self.panel = NarrativePanel(self.window.session)
        self.dock.setWidget(self.panel)

    def _closed(self) -> None:
        self.flush()
        self.dock.hide()
        if self.panel is not None:
            self.panel.deleteLater()
        self.panel = None

    def flush(self) -> None:
        """Commit what is being typed in the assessment."""
        if self.panel is not None:
            self.panel.flush()

    def toggle(self) -> NarrativePanel | None:
        """Show the dock (or hide it when it is shown); returns the panel when shown."""
        if self.dock.isVisible():
            self.flush()
            self.dock.hide()
            return None
        self.dock.show()
        if self.window.tabifiedDockWidgets(self.dock):
            self.dock.raise_()  # in front of the docks it shares a place with
        if self.panel is not None:
            self.panel.editor.setFocus()
        return self.panel


def install_dock(window: Any) -> NarrativeDock:
    """Add the Assessment dock and its View menu item (called by the brief hooks)."""
    dock = NarrativeDock(window)
    window.narrative = dock
    return dock
