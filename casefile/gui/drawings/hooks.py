"""Adds the Chronology and Link chart pages to the navigator and the Tools menu of a window."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from casefile.gui.common.lazy_page import LazyPage, show_lazy_page
from casefile.gui.drawings.chart_panel import ChartPanel
from casefile.gui.drawings.timeline_panel import TimelinePanel

CHRONOLOGY, LINK_CHART = "Chronology", "Link chart"


class ChartPages:
    """Builds both pages lazily for each opened case (large cases read only when shown)."""

    def __init__(self, window: Any) -> None:
        self.window = window
        self.pages: dict[str, LazyPage] = {}
        window.case_opened.connect(lambda _case: self._add_pages())
        window.case_closed.connect(lambda: self.pages.clear())
        window.add_action(
            "tools", "C&hronology", lambda: self.show_page(CHRONOLOGY), "Ctrl+Shift+T"
        )
        window.add_action(
            "tools", "&Link chart", lambda: self.show_page(LINK_CHART), "Ctrl+Shift+L"
        )

    def _add_pages(self) -> None:
        window = self.window
        session, navigate, run = window.session, window.navigate_to, window.run_with_progress
        self.pages = {
            CHRONOLOGY: LazyPage(lambda: TimelinePanel(session, navigate, run)),
            LINK_CHART: LazyPage(lambda: ChartPanel(session, navigate, run)),
        }
        for title, page in self.pages.items():
            window.add_page(title, page)

    def show_page(self, title: str) -> QWidget | None:
        """Show a page in the navigator and return its (built) panel."""
        return show_lazy_page(self.window, self.pages.get(title))


def install(window: Any) -> ChartPages:
    """Called by ``casefile.app`` for every main window (after the analysis hooks)."""
    pages = ChartPages(window)
    window.charts = pages
    return pages
