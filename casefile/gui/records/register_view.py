"""One register page: a filter box, the lazy table and the detail editor side by side."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from casefile.core.commands import NOUNS, Create, DeleteRecords, deletion_impact
from casefile.core.model import Kind, Record
from casefile.gui.common.dialogs import confirm_delete
from casefile.gui.common.session import Session
from casefile.gui.common.text import plain_label
from casefile.gui.records.editor_base import RecordEditor
from casefile.gui.records.table_model import RegisterModel

FILTER_PAUSE_MS = 250
LONG_DELETE = 500
COLUMN_WIDTHS = {
    "Grade": 60,
    "Kind": 100,
    "Date": 100,
    "Published": 100,
    "Retrieved": 160,
    "Reliability": 90,
    "Status": 100,
    "Likelihood": 140,
    "Source": 170,
}


class RegisterView(QWidget):
    """The table of one kind with its editor; create, delete and select go through here."""

    def __init__(
        self,
        session: Session,
        kind: Kind,
        title: str,
        editor: RecordEditor,
        make_new: Callable[[], Record],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session, self.kind, self.title = session, kind, title
        self.editor, self.make_new = editor, make_new
        self.model = RegisterModel(session, kind, self)
        self.table = self._make_table()
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText(f"Filter {title.lower()}…")
        self.filter.setAccessibleName(f"Filter {title.lower()}")
        self.filter.setClearButtonEnabled(True)
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(FILTER_PAUSE_MS)
        self._filter_timer.timeout.connect(self.apply_filter)
        self.filter.textChanged.connect(lambda _t: self._filter_timer.start())
        self.filter.returnPressed.connect(self.apply_filter)
        self.count = plain_label("")
        self.new_button = QPushButton(f"&New {NOUNS[kind][0]}")
        self.new_button.setToolTip(f"Add a new {NOUNS[kind][0]}")
        self.new_button.clicked.connect(self.create_record)
        self.delete_button = QPushButton("Delete")
        self.delete_button.setToolTip("Delete the selected rows (Del)")
        self.delete_button.clicked.connect(self.delete_selected)
        self._layout()
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        for signal in (self.model.rowsInserted, self.model.rowsRemoved, self.model.modelReset):
            signal.connect(self._update_count)
        self._kept: str | None = None
        self.model.modelAboutToBeReset.connect(self._keep_current)
        self.model.modelReset.connect(self._restore_current)
        self._update_count()
        self._selection_changed()

    def _make_table(self) -> QTableView:
        table = QTableView(self)
        table.setModel(self.model)
        table.setAccessibleName(self.title)
        table.setSortingEnabled(True)
        table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.setTabKeyNavigation(False)
        table.verticalHeader().setVisible(False)
        rows = table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(table.fontMetrics().height() + 8)
        header = table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionsMovable(True)
        metrics = table.fontMetrics()
        for number, column in enumerate(self.model.register.columns):
            header_width = metrics.horizontalAdvance(column.header) + 28
            width = 340 if number == 0 else COLUMN_WIDTHS.get(column.header, 130)
            width = header_width if column.numeric else width
            header.resizeSection(number, max(width, header_width))
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        delete = QAction("Delete", table)
        delete.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        delete.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        delete.triggered.connect(self.delete_selected)
        table.addAction(delete)
        return table

    def _layout(self) -> None:
        bar = QHBoxLayout()
        bar.addWidget(self.filter, 1)
        bar.addWidget(self.count)
        bar.addWidget(self.new_button)
        bar.addWidget(self.delete_button)
        left = QWidget(self)
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(bar)
        column.addWidget(self.table)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName(f"splitter-{self.kind}")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.editor)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([700, 480])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.splitter)

    # --- selection ----------------------------------------------------------------------

    def selected_ids(self) -> list[str]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.model.id_at(row) for row in rows]

    def current_id(self) -> str | None:
        index = self.table.currentIndex()
        return self.model.id_at(index.row()) if index.isValid() else None

    def select(self, ident: str) -> bool:
        """Select and show a record (clearing the filter if it hides it)."""
        row = self.model.row_of(ident)
        if row < 0 and self.filter.text():
            self.filter.clear()
            self.apply_filter()
            row = self.model.row_of(ident)
        if row < 0:
            return False
        index = self.model.index(row, 0)
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.selectionModel().setCurrentIndex(index, flags)
        self.table.scrollTo(index)
        return True

    def _selection_changed(self, *_args: Any) -> None:
        ids = self.selected_ids()
        self.delete_button.setEnabled(bool(ids))
        self.editor.show_record(ids[0] if len(ids) == 1 else self.current_id() if ids else None)

    def _keep_current(self) -> None:
        self._kept = self.current_id()

    def _restore_current(self) -> None:
        kept, self._kept = self._kept, None
        if kept is not None and self.model.row_of(kept) >= 0:
            self.select(kept)

    def apply_filter(self) -> None:
        self._filter_timer.stop()
        self.model.set_filter(self.filter.text())
        self._update_count()

    def _update_count(self, *_args: Any) -> None:
        total = self.model.rowCount()
        self.count.setText(f"{total:,} shown")

    # --- create and delete --------------------------------------------------------------

    def create_record(self) -> str | None:
        """Add a new record and select it, ready to edit its first field."""
        record = self.make_new()
        if self.filter.text():
            self.filter.clear()
            self.apply_filter()
        if self.session.push(Create(record)) is None:
            return None
        self.select(record.id)
        first = next(iter(self.editor.fields.values()), None)
        if first is not None:
            first.widget.setFocus()
            select_all = getattr(first.widget, "selectAll", None)
            if select_all is not None:
                select_all()
        return record.id

    def delete_selected(self) -> None:
        """Delete the selected records; say what else is affected and ask first."""
        ids = self.selected_ids()
        if not ids:
            return
        noun = NOUNS[self.kind][0] if len(ids) == 1 else f"{len(ids)} {NOUNS[self.kind][1]}"
        with self.session.case.lock:
            impact = deletion_impact(self.session.case.store, self.kind, ids)
        if not confirm_delete(self, noun, impact):
            return
        row = min(self.model.row_of(i) for i in ids)
        command = DeleteRecords(self.kind, ids)
        if len(ids) >= LONG_DELETE:
            label = f"Deleting {len(ids):,} {NOUNS[self.kind][1]}…"
            self.session.push_long(command, label)
        else:
            self.session.push(command)
        if self.model.rowCount():
            self.select(self.model.id_at(min(row, self.model.rowCount() - 1)))
