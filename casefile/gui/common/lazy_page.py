"""A navigator page that builds its view when first shown, and how to show one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget


def show_lazy_page(window: Any, page: LazyPage | None) -> QWidget | None:
    """Select an added page in the window's navigator and return its (built) view."""
    workspace = window.workspace
    if workspace is None or page is None:
        return None
    first = workspace.navigator.count() - len(workspace.extra_pages)
    workspace.navigator.setCurrentRow(first + workspace.extra_pages.index(page))
    return page.ensure_built()


class LazyPage(QWidget):
    """A navigator page that builds its view the first time it is shown (large cases)."""

    def __init__(self, build: Callable[[], QWidget]) -> None:
        super().__init__()
        self._build = build
        self.view: QWidget | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def showEvent(self, event: QShowEvent) -> None:
        self.ensure_built()
        super().showEvent(event)

    def ensure_built(self) -> QWidget:
        if self.view is None:
            self.view = self._build()
            self._layout.addWidget(self.view)
        return self.view
