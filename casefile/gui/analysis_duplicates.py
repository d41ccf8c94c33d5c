"""Possible duplicate people and organisations: review the suggestions, merge in one step."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from casefile.core import duplicates
from casefile.core.commands import Change
from casefile.core.merge import MergeEntities
from casefile.core.model import Entity
from casefile.gui.analysis_common import Navigate, SessionLike, one_line, read_all, tooltip

Index = QModelIndex | QPersistentModelIndex
Runner = Callable[[str, Callable[[], Any]], Any]
HEADERS = ("Name", "Possible duplicate", "Why", "Score")


def _run_here(_label: str, work: Callable[[], Any]) -> Any:
    return work()


def find_duplicates(case: Any) -> tuple[list[duplicates.Suggestion], dict[str, str], float]:
    """Suggestions for the whole case, each entity's name, and the seconds it took."""
    started = time.perf_counter()
    entities = [e for e in read_all(case, "entity") if isinstance(e, Entity)]
    found = duplicates.suggest(entities)
    return found, {e.id: e.name for e in entities}, time.perf_counter() - started


class DuplicatesModel(QAbstractTableModel):
    """One row per suggested pair: both names, the reason and the score."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.suggestions: list[duplicates.Suggestion] = []
        self.names: dict[str, str] = {}

    def set_suggestions(self, found: list[duplicates.Suggestion], names: dict[str, str]) -> None:
        self.beginResetModel()
        self.suggestions, self.names = list(found), dict(names)
        self.endResetModel()

    def drop_entities(self, gone: set[str]) -> None:
        """Remove the rows of entities no longer in the case (after a merge or delete)."""
        for row in reversed(range(len(self.suggestions))):
            s = self.suggestions[row]
            if s.first in gone or s.second in gone:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self.suggestions[row]
                self.endRemoveRows()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.suggestions)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section] if 0 <= section < len(HEADERS) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.suggestions):
            return None
        s = self.suggestions[index.row()]
        if role == Qt.ItemDataRole.UserRole:
            return (s.first, s.second)
        values = (
            self.names.get(s.first, s.first_name),
            self.names.get(s.second, s.second_name),
            s.reason,
            f"{s.score:.0f}",
        )
        if role == Qt.ItemDataRole.DisplayRole:
            return one_line(values[index.column()], 160)
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(values[index.column()])
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class DuplicatesDialog(QDialog):
    """Lists likely duplicates; merging the selected rows keeps the chosen name."""

    def __init__(
        self,
        session: SessionLike,
        navigate: Navigate,
        run: Runner = _run_here,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Possible duplicates")
        self.session, self.navigate, self.run = session, navigate, run
        self.model = DuplicatesModel(self)
        self.table = QTableView(self)
        self.summary = QLabel(self)
        self.keep = QComboBox(self)
        self.merge_button = QPushButton("&Merge", self)
        self.check_button = QPushButton("Check &again", self)
        self._build()
        session.changed.connect(self._on_change)
        self.check_again()

    def _build(self) -> None:
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        for column, mode in enumerate(
            ("Interactive", "Interactive", "Stretch", "ResizeToContents")
        ):
            header.setSectionResizeMode(column, getattr(QHeaderView.ResizeMode, mode))
        self.table.setColumnWidth(0, 200)
        self.table.setColumnWidth(1, 200)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._fill_keep())
        self.table.activated.connect(self._open)
        self.keep.setAccessibleName("Name to keep")
        self.keep.setMinimumContentsLength(24)
        self.merge_button.clicked.connect(self.merge_selected)
        self.check_button.clicked.connect(self.check_again)
        close = QPushButton("Close", self)
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(QLabel("Keep", self))
        buttons.addWidget(self.keep, 1)
        buttons.addWidget(self.merge_button)
        buttons.addStretch(1)
        buttons.addWidget(self.check_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.resize(980, 520)
        self._fill_keep()

    def check_again(self) -> None:
        """Look for duplicates across the whole case (in the background on large cases)."""
        case = self.session.case
        found, names, seconds = self.run("Looking for duplicates…", lambda: find_duplicates(case))
        self.model.set_suggestions(found, names)
        self.summary.setText(
            f"{len(found)} possible duplicate pairs among {len(names)} people and organisations "
            f"(checked in {seconds:.1f} s). Select rows, choose the name to keep and merge: the "
            "other names become aliases and their links move over. Undo reverses a merge."
        )
        self._fill_keep()

    def selected_ids(self) -> list[str]:
        """Entity ids of the selected rows, in row order, without repeats."""
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        ids: list[str] = []
        for row in rows:
            ids += list(self.model.index(row, 0).data(Qt.ItemDataRole.UserRole))
        return list(dict.fromkeys(ids))

    def _fill_keep(self) -> None:
        self.keep.clear()
        for ident in self.selected_ids():
            self.keep.addItem(self.model.names.get(ident, ident), ident)
        self.merge_button.setEnabled(self.keep.count() > 1)

    def merge_selected(self) -> Change | None:
        """Merge every entity of the selected rows into the one chosen to keep."""
        ids = self.selected_ids()
        survivor = self.keep.currentData()
        if survivor is None or len(ids) < 2:
            return None
        return self.session.push(MergeEntities(survivor, [i for i in ids if i != survivor]))

    def _on_change(self, change: Change) -> None:
        gone = {rc.ident for rc in change.records if rc.kind == "entity" and rc.after is None}
        if gone:
            self.model.drop_entities(gone)
            self._fill_keep()

    def _open(self, index: QModelIndex) -> None:
        first, second = index.data(Qt.ItemDataRole.UserRole)
        self.navigate("entity", second if index.column() == 1 else first)
