"""Hooks the analysis views into the main window: matrix and gap pages, duplicates, split alias."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QWidget

from casefile.core.merge import MergeEntities, SplitAlias
from casefile.core.model import Entity
from casefile.gui.analysis.duplicates import DuplicatesDialog
from casefile.gui.analysis.gaps import GapsPanel
from casefile.gui.analysis.matrix import MatrixPanel
from casefile.gui.common.lazy_page import LazyPage, show_lazy_page

MATRIX, GAPS = "Evidence matrix", "Gap checks"


class AnalysisHooks:
    """Adds the pages on each opened case and the Tools menu items."""

    def __init__(self, window: Any) -> None:
        self.window = window
        self.pages: dict[str, LazyPage] = {}
        self.duplicates: DuplicatesDialog | None = None
        self.dismissed: set[frozenset[str]] = set()  # "not duplicates", until the case closes
        window.case_opened.connect(lambda _case: self._add_pages())
        window.case_closed.connect(self._forget_case)
        window.add_action(
            "tools", "Evidence &matrix", lambda: self.show_page(MATRIX), "Ctrl+Shift+M"
        )
        window.add_action("tools", "&Gap checks", lambda: self.show_page(GAPS), "Ctrl+Shift+G")
        window.add_action("tools", "Possible &duplicates…", self.show_duplicates)
        window.add_action("tools", "&Merge selected people or organisations…", self.merge_selected)
        window.add_action("tools", "&Split alias into its own entry…", self.split_alias)

    def _add_pages(self) -> None:
        window = self.window
        session = window.session
        self.pages = {
            MATRIX: LazyPage(lambda: MatrixPanel(session, window.navigate_to)),
            GAPS: LazyPage(lambda: GapsPanel(session, window.navigate_to)),
        }
        for title, page in self.pages.items():
            window.add_page(title, page)

    def show_page(self, title: str) -> QWidget | None:
        return show_lazy_page(self.window, self.pages.get(title))

    def show_duplicates(self) -> DuplicatesDialog | None:
        """Open the duplicates dialog (one per window; a second call brings it forward)."""
        window = self.window
        if window.session is None:
            return None
        if self.duplicates is not None and self.duplicates.session is window.session:
            self.duplicates.show()
            self.duplicates.raise_()
            self.duplicates.activateWindow()
            return self.duplicates
        dialog = DuplicatesDialog(
            window.session,
            window.navigate_to,
            window,
            self.dismissed,
            run=window.run_with_progress,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda *_: setattr(self, "duplicates", None))
        self.duplicates = dialog
        dialog.show()
        return dialog

    def _forget_case(self) -> None:
        self.pages.clear()
        self.dismissed = set()
        if self.duplicates is not None:
            self.duplicates.close()

    def merge_selected(self, choose: Callable[[list[Entity]], str | None] | None = None) -> None:
        """Merge the people or organisations selected in the register into the one chosen."""
        kind, ids = self.window.selected()
        found = [self.window.case.get("entity", i) for i in ids] if kind == "entity" else []
        entities = [e for e in found if isinstance(e, Entity)]
        if len(entities) < 2:
            self.window.show_error("Select two or more people or organisations to merge first.")
            return
        survivor = (choose or self._ask_survivor)(entities)
        if survivor:
            self.window.push(MergeEntities(survivor, [e.id for e in entities if e.id != survivor]))

    def _ask_survivor(self, entities: list[Entity]) -> str | None:
        labels = [f"{e.name} ({e.kind})" for e in entities]
        label, ok = QInputDialog.getItem(
            self.window,
            "Merge",
            "Keep this entry; the others become its aliases:",
            labels,
            0,
            False,
        )
        return entities[labels.index(label)].id if ok and label in labels else None

    def split_alias(self, choose: Callable[[Entity], str | None] | None = None) -> None:
        """Split one alias of the selected person or organisation into its own entry."""
        kind, ids = self.window.selected()
        entity = self.window.case.get("entity", ids[0]) if kind == "entity" and ids else None
        if not isinstance(entity, Entity) or not entity.aliases:
            self.window.show_error("Select a person or organisation that has aliases first.")
            return
        alias = (choose or self._ask_alias)(entity)
        if alias:
            self.window.push(SplitAlias(entity.id, alias))

    def _ask_alias(self, entity: Entity) -> str | None:
        alias, ok = QInputDialog.getItem(
            self.window,
            "Split alias",
            "Alias to make its own entry:",
            list(entity.aliases),
            0,
            False,
        )
        return alias if ok else None


def install(window: Any) -> AnalysisHooks:
    """Called by ``casefile.app`` for every main window."""
    hooks = AnalysisHooks(window)
    window.analysis = hooks
    return hooks
