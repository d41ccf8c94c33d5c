""" "Where else?" in a person's or organisation's detail: the other cases they appear in."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from casefile.core.errors import CaseError
from casefile.core.model import Entity
from casefile.gui.common import dialogs
from casefile.gui.common.text import one_line, tooltip

HIT_ROLE = Qt.ItemDataRole.UserRole


def find_elsewhere(case_path: Path | None, entity: Entity) -> tuple[list[Any], list[Any], bool]:
    """Hits in the library's other cases, its unreadable cases, whether it has folders."""
    from casefile.storage.library import Library

    with Library() as library:
        statuses = library.update(skip=[case_path] if case_path is not None else [])
        hits = library.others([entity.name, *entity.aliases], case_path)
        has_folders = bool(library.folders())
    return hits, [s for s in statuses if s.status != "ok"], has_folders


class WhereElse(QWidget):
    """A button that searches the library, and the list of other cases it found."""

    def __init__(self, session: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.entity: Entity | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.button = QPushButton("&Where else?")
        self.button.setToolTip(
            "Look for this person or organisation in the other cases of the library"
        )
        self.button.clicked.connect(self.search)
        row.addWidget(self.button)
        self.status = QLabel("")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        row.addWidget(self.status, 1)
        layout.addLayout(row)
        self.hits = QTreeWidget()
        self.hits.setAccessibleName("Other cases")
        self.hits.setHeaderLabels(["Case", "Name there", "Why", "Score"])
        self.hits.setRootIsDecorated(False)
        self.hits.setMaximumHeight(140)
        self.hits.itemActivated.connect(self.open_hit)
        self.hits.hide()
        layout.addWidget(self.hits)

    def set_entity(self, entity: Entity | None) -> None:
        """Show the button for another entity (earlier results are cleared)."""
        if entity is not None and self.entity is not None and entity.id == self.entity.id:
            self.entity = entity
            return
        self.entity = entity
        self.hits.clear()
        self.hits.hide()
        self.status.setText("")

    def search(self) -> None:
        if self.entity is None:
            return
        path = Path(self.session.case.path) if self.session.case.path else None
        entity = self.entity
        try:
            hits, unreadable, has_folders = dialogs.run_with_progress(
                self, "Searching the other cases…", lambda: find_elsewhere(path, entity)
            )
        except CaseError as err:
            self.session.show_error(str(err))
            return
        self.show_hits(hits, unreadable, has_folders)

    def show_hits(self, hits: list[Any], unreadable: list[Any], has_folders: bool = True) -> None:
        self.hits.clear()
        for hit in hits:
            if hit.entity_id is None:
                continue
            cells = [one_line(hit.case_title or Path(hit.case_path).name, 50),
                     one_line(hit.entity_name or "", 50), one_line(hit.why, 80),
                     f"{hit.score:.0f}"]  # fmt: skip
            item = QTreeWidgetItem(cells)
            item.setData(0, HIT_ROLE, (hit.case_path, hit.entity_id))
            item.setToolTip(0, tooltip(hit.case_path))
            self.hits.addTopLevelItem(item)
        for column in range(self.hits.columnCount()):
            self.hits.resizeColumnToContents(column)
        count = self.hits.topLevelItemCount()
        text = (
            f"In {count} other case{'s' if count != 1 else ''}."
            if count
            else "In no other case of the library."
        )
        if not has_folders:
            text = "The library has no folders yet: add them under Tools → Case library…"
        if unreadable:
            names = ", ".join(Path(s.path).name for s in unreadable)
            text += f" Could not read: {names}."
        self.status.setText(text)
        self.hits.setVisible(count > 0)

    def open_hit(self, item: QTreeWidgetItem) -> None:
        """Open the other case (closing this one, which is saved) at that person."""
        case_path, entity_id = item.data(0, HIT_ROLE)
        window: Any = self.window()
        if not hasattr(window, "open_path"):
            return
        if window.open_path(Path(case_path)):
            window.navigate_to("entity", entity_id)
