"""The open case: a navigator of the case's parts next to the page of the chosen part."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QSplitter, QStackedWidget, QWidget

from casefile.core.model import Kind, Record
from casefile.gui.common.session import Session
from casefile.gui.records.claim_editor import ClaimEditor, new_claim
from casefile.gui.records.editor_base import RecordEditor
from casefile.gui.records.entity_editor import EntityEditor, new_entity
from casefile.gui.records.overview import OverviewPage
from casefile.gui.records.register_view import RegisterView
from casefile.gui.records.snippet_editor import SnippetEditor, new_snippet
from casefile.gui.records.source_editor import SourceEditor, new_source
from casefile.gui.window.navigator import Navigator

PARTS: tuple[tuple[str, Kind | None], ...] = (
    ("Overview", None),
    ("People & organisations", "entity"),
    ("Sources", "source"),
    ("Evidence", "snippet"),
    ("Claims", "claim"),
)


class Workspace(QSplitter):
    """Navigator on the left, the Overview or a register on the right."""

    def __init__(
        self, session: Session, settings: QSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setObjectName("workspace")
        self.session = session
        self.settings = settings
        self.navigator = Navigator(self)
        self.navigator.setAccessibleName("Parts of the case")
        self.navigator.addItems([title for title, _ in PARTS])
        self.navigator.setMaximumWidth(260)
        self.navigator.setSpacing(2)
        self.pages = QStackedWidget(self)
        self.overview = OverviewPage(session)
        self.pages.addWidget(self.overview)
        self.registers: dict[Kind, RegisterView] = {}
        makers: dict[Kind, tuple[type[RecordEditor], Callable[[], Record]]] = {
            "entity": (EntityEditor, new_entity),
            "source": (SourceEditor, new_source),
            "snippet": (SnippetEditor, new_snippet),
            "claim": (ClaimEditor, new_claim),
        }
        self.extra_pages: list[QWidget] = []
        self._makers = makers
        self.addWidget(self.navigator)
        self.addWidget(self.pages)
        self.setStretchFactor(1, 1)
        self.setChildrenCollapsible(False)
        self.navigator.currentRowChanged.connect(self.show_part)
        session.navigate.connect(self.navigate_to)
        self.overview.start()
        self.navigator.setCurrentRow(0)

    def register(self, kind: Kind) -> RegisterView:
        """The register view of a kind (built the first time it is needed)."""
        view = self.registers.get(kind)
        if view is None:
            editor_class, make_new = self._makers[kind]
            title = next(t for t, k in PARTS if k == kind)
            view = RegisterView(self.session, kind, title, editor_class(self.session), make_new)
            self.registers[kind] = view
            self.pages.addWidget(view)
            restore_register(view, self.settings)
        return view

    def add_page(self, title: str, widget: QWidget) -> None:
        """An extra page in the navigator (after the registers)."""
        self.extra_pages.append(widget)
        self.pages.addWidget(widget)
        self.navigator.addItem(title)

    def show_part(self, row: int) -> None:
        if row >= len(PARTS):
            self.pages.setCurrentWidget(self.extra_pages[row - len(PARTS)])
            return
        kind = PARTS[row][1] if 0 <= row < len(PARTS) else None
        if kind is None:
            self.pages.setCurrentWidget(self.overview)
            return
        view = self.register(kind)
        self.pages.setCurrentWidget(view)

    def current_kind(self) -> Kind | None:
        row = self.navigator.currentRow()
        return PARTS[row][1] if 0 <= row < len(PARTS) else None

    def current_register(self) -> RegisterView | None:
        kind = self.current_kind()
        return self.registers.get(kind) if kind else None

    def navigate_to(self, kind: str, ident: str) -> bool:
        """Show a record in its register and select it (relationships show their entity)."""
        if kind == "case":
            self.navigator.setCurrentRow(0)
            return True
        if kind == "relationship":
            rel = self.session.get("relationship", ident)
            if rel is None:
                return False
            kind, ident = "entity", rel.source
        row = next((i for i, (_, k) in enumerate(PARTS) if k == kind), -1)
        if row < 0:
            return False
        self.navigator.setCurrentRow(row)
        return self.register(kind).select(ident)  # type: ignore[arg-type]

    def flush(self) -> None:
        """Commit anything still being typed in any editor."""
        self.overview.flush()
        for view in self.registers.values():
            view.editor.flush()

    def save_state(self, settings: QSettings) -> None:
        settings.setValue("workspace/splitter", self.saveState())
        for view in self.registers.values():
            settings.setValue(f"register/{view.kind}/splitter", view.splitter.saveState())
            settings.setValue(
                f"register/{view.kind}/columns", view.table.horizontalHeader().saveState()
            )

    def restore_state(self, settings: QSettings) -> None:
        state = settings.value("workspace/splitter")
        if state is not None:
            self.restoreState(state)
        else:
            self.setSizes([200, 1000])


def restore_register(view: RegisterView, settings: QSettings) -> None:
    splitter = settings.value(f"register/{view.kind}/splitter")
    if splitter is not None:
        view.splitter.restoreState(splitter)
    columns = settings.value(f"register/{view.kind}/columns")
    if columns is not None:
        view.table.horizontalHeader().restoreState(columns)
        view.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
