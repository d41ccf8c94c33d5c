"""The gap checks panel: where the evidence is thin or inconsistent, live, each row opens its item."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from casefile.core import gaps
from casefile.core.commands import Change
from casefile.gui.analysis.gaps_records import GapResult, compute_gaps, touches_gaps
from casefile.gui.common.background import BackgroundOp, Outcome
from casefile.gui.common.panels import Navigate, SessionLike
from casefile.gui.common.text import tooltip

Index = QModelIndex | QPersistentModelIndex
KIND_ROLE = Qt.ItemDataRole.UserRole
ID_ROLE = Qt.ItemDataRole.UserRole + 1
HEADERS = ("Check", "Item", "Kind")
KIND_WORDS = {
    "claim": "Claim",
    "source": "Source",
    "snippet": "Evidence",
    "entity": "Person or organisation",
    "relationship": "Relationship",
}


class GapsModel(QAbstractTableModel):
    """Rows of gaps (check, item, kind), optionally restricted to one check."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.result: GapResult | None = None
        self._all: list[gaps.Gap] = []
        self._rows: list[gaps.Gap] = []
        self.check: str | None = None

    def set_gaps(self, result: GapResult) -> None:
        self.result = result
        self._all = result.gaps
        self._apply()

    def set_check(self, check: str | None) -> None:
        self.check = check
        self._apply()

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(gaps.CHECKS, 0)
        for gap in self._all:
            out[gap.check] += 1
        return out

    def total(self) -> int:
        return len(self._all)

    def gap_at(self, row: int) -> gaps.Gap:
        return self._rows[row]

    def row_of(self, kind: str, ident: str) -> int:
        """The first row about this record, or -1."""
        return next(
            (r for r, gap in enumerate(self._rows) if (gap.kind, gap.ident) == (kind, ident)), -1
        )

    def _apply(self) -> None:
        self.beginResetModel()
        check = self.check
        self._rows = self._all if check is None else [g for g in self._all if g.check == check]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section] if 0 <= section < len(HEADERS) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        gap = self._rows[index.row()]
        if role == KIND_ROLE:
            return gap.kind
        if role == ID_ROLE:
            return gap.ident
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        text = self.result.label(gap) if self.result is not None and index.column() == 1 else ""
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(text) if index.column() == 1 else None
        return (gap.title, text, KIND_WORDS.get(gap.kind, gap.kind))[index.column()]

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class GapsPanel(QWidget):
    """Lists the case's gaps, refreshes shortly after every change; Enter or double-click opens.

    On large cases the checks run in a background thread; the list updates when they finish.
    """

    DELAY_MS = 250
    BACKGROUND_FROM = 5000  # snippets; smaller cases are checked on the spot

    def __init__(self, session: SessionLike, navigate: Navigate, parent: Any = None) -> None:
        super().__init__(parent)
        self.session = session
        self.navigate = navigate
        self.model = GapsModel(self)
        self.summary = QLabel(self)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.checks = QComboBox(self)
        self.checks.setAccessibleName("Show gaps of")
        self.table = QTableView(self)
        self.table.setAccessibleName("Gaps")
        self._build()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(self.DELAY_MS)
        self._timer.timeout.connect(self.refresh_soon)
        self._job: BackgroundOp[GapResult] | None = None
        self._dirty = False
        session.changed.connect(self._on_change)
        self.refresh_soon()

    def _build(self) -> None:
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        # Fixed widths from the words they can hold: sizing to contents would measure every row.
        metrics = self.table.fontMetrics()
        widest = max(metrics.horizontalAdvance(title) for title in gaps.CHECKS.values())
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, widest + 16)
        header.resizeSection(2, max(map(metrics.horizontalAdvance, KIND_WORDS.values())) + 16)
        self.table.verticalHeader().setDefaultSectionSize(metrics.height() + 8)
        self.table.activated.connect(self.open_row)
        self.checks.currentIndexChanged.connect(self._on_check_chosen)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.checks)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table)

    def _on_change(self, change: Change) -> None:
        if touches_gaps(change) or change.bulk_kinds():  # (an import's, not listed)
            self._timer.start()

    def refresh(self) -> None:
        """Recompute every check now, on this thread."""
        self._timer.stop()
        self._show(compute_gaps(self.session.case))

    def refresh_soon(self) -> None:
        """Recompute on the spot for small cases, in the background for large ones."""
        if self.session.case.count("snippet") < self.BACKGROUND_FROM:
            self.refresh()
            return
        if self.busy():
            self._dirty = True
            return
        self.summary.setText("Checking the case for gaps…")
        case = self.session.case
        self._job = BackgroundOp(self, "Checking the case for gaps…",
                                 lambda _op: compute_gaps(case), show_after_ms=None)  # fmt: skip
        self._job.start(self._job_done)

    def _job_done(self, outcome: Outcome[GapResult]) -> None:
        found = outcome.value  # None: the case closed meanwhile, nothing to show
        if found is None:
            self.summary.setText("The gap checks could not finish; they run again after an edit.")
            return
        self._show(found)

    def busy(self) -> bool:
        return self._job is not None and self._job.running

    def _show(self, found: GapResult) -> None:
        current = self.table.currentIndex()
        keep = (current.data(KIND_ROLE), current.data(ID_ROLE), current.row(), current.column())
        self.model.set_gaps(found)
        if self._dirty:
            self._dirty = False
            self._timer.start()
        self._fill_checks()
        total = self.model.total()
        self.summary.setText(
            "No gaps found."
            if total == 0
            else f"{total} gap{'s' if total != 1 else ''} found. "
            "Double-click a row or press Enter to open the item."
        )
        self._restore(*keep)

    def _restore(self, kind: str | None, ident: str | None, row: int, column: int) -> None:
        """Keep the user's place: the same item if it is still listed, else the same row."""
        if row < 0 or self.model.rowCount() == 0:
            return
        found = self.model.row_of(kind, ident) if kind and ident else -1
        target = found if found >= 0 else min(row, self.model.rowCount() - 1)
        self.table.setCurrentIndex(self.model.index(target, max(column, 0)))

    def _fill_checks(self) -> None:
        chosen = self.checks.currentData()
        self.checks.blockSignals(True)
        self.checks.clear()
        self.checks.addItem(f"All checks ({self.model.total()})", None)
        for check, count in self.model.counts().items():
            self.checks.addItem(f"{gaps.CHECKS[check]} ({count})", check)
        found = self.checks.findData(chosen) if chosen else 0
        self.checks.setCurrentIndex(max(found, 0))
        self.checks.blockSignals(False)
        if self.checks.currentData() != self.model.check:
            self.model.set_check(self.checks.currentData())

    def _on_check_chosen(self, _row: int) -> None:
        self.model.set_check(self.checks.currentData())

    def open_row(self, index: QModelIndex) -> None:
        """Show the record behind a row in its register."""
        kind, ident = index.data(KIND_ROLE), index.data(ID_ROLE)
        if kind and ident:
            self.navigate(kind, ident)
