"""Tools → Case library: the folders of cases, which cannot be read, and a search across all."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from casefile.core.errors import CaseError
from casefile.gui.common import dialogs
from casefile.gui.common.text import one_line, tooltip

HIT_ROLE = Qt.ItemDataRole.UserRole


class LibraryDialog(QDialog):
    """Folders and cases of the library (readable or not) and a search across them."""

    def __init__(self, window: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent or window)
        self.window_ = window
        self.setWindowTitle("Case library")
        layout = QVBoxLayout(self)
        intro = QLabel(
            "casefile indexes the case files in these folders (names, aliases, identifiers "
            "and snippet text) in your user data folder; the cases are only read."
        )
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        row = QHBoxLayout()
        self.add_button = QPushButton("&Add folder…")
        self.update_button = QPushButton("&Update index")
        self.add_button.clicked.connect(self.choose_folder)
        self.update_button.clicked.connect(lambda: self.run(lambda lib: lib.update(self._open())))
        row.addWidget(self.add_button)
        row.addWidget(self.update_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.cases = QTreeWidget()
        self.cases.setAccessibleName("Cases in the library")
        self.cases.setHeaderLabels(["Case", "Status", "File"])
        self.cases.setRootIsDecorated(False)
        layout.addWidget(self.cases)
        self.query = QLineEdit()
        self.query.setPlaceholderText("Search names, aliases, identifiers and text in every case")
        self.query.setAccessibleName("Library search")
        self.query.returnPressed.connect(self.search)
        layout.addWidget(self.query)
        self.hits = QTreeWidget()
        self.hits.setAccessibleName("Library results")
        self.hits.setHeaderLabels(["Case", "Person or organisation", "Why", "Score"])
        self.hits.setRootIsDecorated(False)
        self.hits.itemActivated.connect(self.open_hit)
        layout.addWidget(self.hits)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.resize(900, 560)
        self.run(lambda lib: lib.cases())

    def _open(self) -> list[Path]:
        case = self.window_.case
        return [Path(case.path)] if case is not None and case.path else []

    def run(self, work: Any) -> Any:
        """Run ``work(library)`` off the GUI thread; refresh the case list afterwards."""
        from casefile.storage.library import Library

        def job() -> tuple[Any, list[Any]]:
            with Library() as library:
                result = work(library)
                return result, library.cases()

        try:
            result, statuses = dialogs.run_with_progress(self, "Updating the library…", job)
        except CaseError as err:
            self.window_.show_error(str(err))
            return None
        self.show_cases(statuses)
        return result

    def choose_folder(self) -> None:
        name = QFileDialog.getExistingDirectory(self, "Add a folder of cases", str(Path.home()))
        if name:
            self.add_folder(Path(name))

    def add_folder(self, folder: Path) -> None:
        self.run(lambda lib: lib.add_folders([folder]))

    def show_cases(self, statuses: list[Any]) -> None:
        self.cases.clear()
        labels = {
            "ok": "indexed",
            "stale": "unreadable now (earlier index kept)",
            "unreadable": "unreadable",
        }
        for s in statuses:
            status = labels.get(s.status, s.status)
            if s.problem:
                status += f": {s.problem}"
            item = QTreeWidgetItem(
                [one_line(s.title or Path(s.path).name, 50), one_line(status, 90), s.path]
            )
            item.setToolTip(1, tooltip(status))
            self.cases.addTopLevelItem(item)
        for column in range(self.cases.columnCount()):
            self.cases.resizeColumnToContents(column)

    def search(self) -> None:
        text = self.query.text().strip()
        if not text:
            return
        hits = self.run(lambda lib: (lib.update(self._open()), lib.search(text))[1])
        self.hits.clear()
        for hit in hits or []:
            cells = [one_line(hit.case_title or Path(hit.case_path).name, 50),
                     one_line(hit.entity_name or "(snippets)", 50), one_line(hit.why, 80),
                     f"{hit.score:.0f}"]  # fmt: skip
            item = QTreeWidgetItem(cells)
            item.setData(0, HIT_ROLE, (hit.case_path, hit.entity_id))
            self.hits.addTopLevelItem(item)
        for column in range(self.hits.columnCount()):
            self.hits.resizeColumnToContents(column)

    def open_hit(self, item: QTreeWidgetItem) -> None:
        case_path, entity_id = item.data(0, HIT_ROLE)
        if self.window_.open_path(Path(case_path)) and entity_id:
            self.window_.navigate_to("entity", entity_id)


def library_action(window: Any) -> LibraryDialog:
    dialog = LibraryDialog(window)
    window.library_dialog = dialog
    dialog.open()
    return dialog
