"""Side panels next to the page: evidence, claims and people as docks the user arranges.

With a source's text on the page, its quotes in the Evidence panel and the claims in the
Claims panel (both under the page at first), a quote can be dragged onto a claim (or a person, a relationship, a matrix
cell) with both ends on screen. Where the panels sit, their sizes and which are shown are
remembered (``QMainWindow.saveState`` in the settings); View → Reset layout puts them back.
"""

from __future__ import annotations

from PySide6.QtCore import QChildEvent, QEvent, QObject, QSettings, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QTabBar

from casefile.core.model import Kind
from casefile.gui.common.session import Session
from casefile.gui.records.record_list import RecordList

STATE_KEY = "window/panels"
STATE_VERSION = 1
PANEL_HEIGHT = 230
PANELS: tuple[tuple[str, str, Kind], ...] = (
    ("evidence", "Evidence", "snippet"),
    ("claims", "Claims", "claim"),
    ("people", "People and organisations", "entity"),  # "&" would be a tab's Alt letter
)


class CaseDocks(QObject):
    """The side panels of one main window; filled while a case is open, hidden otherwise."""

    def __init__(self, window: QMainWindow, settings: QSettings, view_menu: QMenu) -> None:
        super().__init__(window)
        self.window, self.settings = window, settings
        self.docks: dict[str, QDockWidget] = {}
        self.lists: dict[str, RecordList] = {}
        for key, title, _kind in PANELS:
            dock = QDockWidget(title, window)
            dock.setObjectName(f"panel-{key}")
            dock.setAccessibleName(f"{title} panel")
            dock.setAllowedAreas(Qt.DockWidgetArea.AllDockWidgetAreas)
            dock.toggleViewAction().setText(f"{title} panel")
            self.docks[key] = dock
        self._default_layout()
        self.actions: list[QAction] = []
        view_menu.addSeparator()
        for dock in self.docks.values():
            view_menu.addAction(dock.toggleViewAction())
            self.actions.append(dock.toggleViewAction())
        self.reset_action = view_menu.addAction("Reset &layout")
        self.reset_action.setToolTip("Put the side panels back where they start")
        self.reset_action.triggered.connect(lambda _checked=False: self.reset_layout())
        self.actions.append(self.reset_action)
        self._hide_all()
        self.set_enabled(False)
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Name the tab bars Qt makes when panels share a place (screen readers say it)."""
        if event.type() == QEvent.Type.ChildPolished and isinstance(event, QChildEvent):
            child = event.child()
            if isinstance(child, QTabBar) and not child.accessibleName():
                child.setAccessibleName("Side panels sharing this place")
        return False

    def _default_layout(self) -> None:
        """Evidence and Claims side by side under the page, People as a tab beside Claims.
        Below, not beside: a source's lines and an editor's fields keep the page's width."""
        bottom = Qt.DockWidgetArea.BottomDockWidgetArea
        evidence, claims, people = (self.docks[k] for k, _t, _kind in PANELS)
        for dock in (evidence, claims, people):
            dock.setFloating(False)
            self.window.addDockWidget(bottom, dock)
            dock.show()
        self.window.splitDockWidget(evidence, claims, Qt.Orientation.Horizontal)
        self.window.tabifyDockWidget(claims, people)
        claims.raise_()

    def _hide_all(self) -> None:
        for dock in self.docks.values():
            dock.hide()

    def set_enabled(self, enabled: bool) -> None:
        for action in self.actions:
            action.setEnabled(enabled)

    # --- with a case ----------------------------------------------------------------------

    def open(self, session: Session) -> None:
        """Fill the panels for the open case and put them where the user left them."""
        for key, title, kind in PANELS:
            panel = RecordList(session, kind, title)
            panel.setObjectName(f"panel-list-{key}")
            self.lists[key] = panel
            self.docks[key].setWidget(panel)
        state = self.settings.value(STATE_KEY)
        if state is None or not self.window.restoreState(state, STATE_VERSION):
            self.reset_layout()  # in place, hidden until asked for: the page keeps its room
            self._hide_all()
        self.set_enabled(True)

    def close(self) -> None:
        """Remember the layout, then empty and hide the panels (no case, nothing to show)."""
        if not self.lists:
            return
        self.settings.setValue(STATE_KEY, self.window.saveState(STATE_VERSION))
        self._hide_all()
        for key, dock in self.docks.items():
            panel = self.lists.pop(key, None)
            dock.setWidget(None)  # type: ignore[arg-type]  # Qt takes None: no widget
            if panel is not None:
                panel.deleteLater()
        self.set_enabled(False)

    def reset_layout(self) -> None:
        """The panels as they start: Evidence and Claims (People as a tab) under the page."""
        self._default_layout()
        docks = list(self.docks.values())
        self.window.resizeDocks(docks, [PANEL_HEIGHT] * len(docks), Qt.Orientation.Vertical)

    def record_lists(self) -> list[RecordList]:
        return list(self.lists.values())
