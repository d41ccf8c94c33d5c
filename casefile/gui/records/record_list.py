"""A compact register for a side panel: a filter and the lazy table, to drag from and drop on
while another page (a source's text, another register) is shown next to it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, QRect, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from casefile.core.model import Kind
from casefile.gui.common.drop_spots import DropSpot
from casefile.gui.common.session import Session
from casefile.gui.common.text import plain_label
from casefile.gui.records.register_view import FILTER_PAUSE_MS
from casefile.gui.records.table_model import RegisterModel

SHOWN_COLUMNS: dict[str, tuple[str, ...]] = {
    "snippet": ("Quote", "Grade", "Source"),
    "claim": ("Statement", "Status"),
    "entity": ("Name", "Kind", "Aliases"),
    "source": ("Title", "Reliability"),
}


class RecordTable(QTableView):
    """The table of a record list; its rows are drop spots for the records they show."""

    def __init__(self, owner: RecordList) -> None:
        super().__init__(owner)
        self.owner = owner

    def drop_spot(self, point: QPoint) -> DropSpot | None:
        index = self.indexAt(point)
        if not index.isValid():
            return None
        cell = self.visualRect(index)
        area = QRect(0, cell.top(), self.viewport().width(), cell.height())
        return DropSpot(self.owner.kind, self.owner.model.id_at(index.row()), area)


class RecordList(QWidget):
    """Rows of one kind with a filter; double-click (or Enter) opens a row in its register."""

    def __init__(
        self, session: Session, kind: Kind, title: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session, self.kind, self.title = session, kind, title
        self.model = RegisterModel(session, kind, self)
        self.table = self._make_table()
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText(f"Filter {title.lower()}…")
        self.filter.setAccessibleName(f"Filter {title.lower()} (side panel)")
        self.filter.setClearButtonEnabled(True)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(FILTER_PAUSE_MS)
        self._timer.timeout.connect(self.apply_filter)
        self.filter.textChanged.connect(lambda _t: self._timer.start())
        self.filter.returnPressed.connect(self.apply_filter)
        self.count = plain_label("")
        for signal in (self.model.rowsInserted, self.model.rowsRemoved, self.model.modelReset):
            signal.connect(self._update_count)
        bar = QHBoxLayout()
        bar.addWidget(self.filter, 1)
        bar.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(self.table)
        self._update_count()
        # Rows are read when the panel is built and after each reset, while nothing else
        # uses the case: a panel painted first while a worker stores (a file capture)
        # would otherwise wait for its commit.
        self.model.preload()
        self.model.modelReset.connect(self.model.preload)

    def _make_table(self) -> RecordTable:
        table = RecordTable(self)
        table.setModel(self.model)
        table.setAccessibleName(f"{self.title} (side panel)")
        table.setSortingEnabled(True)
        table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.setTabKeyNavigation(False)
        table.verticalHeader().setVisible(False)
        rows = table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(table.fontMetrics().height() + 8)
        header = table.horizontalHeader()
        header.setStretchLastSection(False)
        shown = SHOWN_COLUMNS.get(self.kind, ())
        for number, column in enumerate(self.model.register.columns):
            table.setColumnHidden(number, column.header not in shown)
            header.resizeSection(number, table.fontMetrics().horizontalAdvance(column.header) + 40)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        table.activated.connect(self._open)
        table.doubleClicked.connect(self._open)
        return table

    def selected_ids(self) -> list[str]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.model.id_at(row) for row in rows]

    def select(self, ident: str) -> bool:
        """Select a record's row (clearing a filter that hides it)."""
        row = self.model.row_of(ident)
        if row < 0 and self.filter.text():
            self.filter.clear()
            self.apply_filter()
            row = self.model.row_of(ident)
        if row < 0:
            return False
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(index, flags)
        self.table.scrollTo(index)
        return True

    def apply_filter(self) -> None:
        self._timer.stop()
        self.model.set_filter(self.filter.text())
        self._update_count()

    def _update_count(self, *_args: Any) -> None:
        self.count.setText(f"{self.model.rowCount():,}")
        self.count.setToolTip(f"{self.model.rowCount():,} shown")

    def _open(self, index: QModelIndex) -> None:
        if index.isValid():
            self.session.navigate.emit(self.kind, self.model.id_at(index.row()))


__all__ = ["RecordList", "RecordTable"]
