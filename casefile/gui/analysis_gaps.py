"""The gap checks panel: where the evidence is thin or inconsistent, live, each row opens its item."""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
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
from casefile.core.model import Claim, Entity, Kind, Record, Relationship, Snippet, Source, label
from casefile.gui.analysis_common import Navigate, SessionLike, one_line, read_all, tooltip

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
GAP_KINDS: tuple[Kind, ...] = ("entity", "relationship", "source", "snippet", "claim")


def compute_gaps(case: Any) -> list[tuple[gaps.Gap, str]]:
    """Every gap in the case with a one-line label of the record it is about."""
    records = {kind: read_all(case, kind) for kind in GAP_KINDS}
    by_id: dict[tuple[str, str], Record] = {
        (r.KIND, r.id): r for rows in records.values() for r in rows
    }
    found = gaps.find_gaps(
        [r for r in records["entity"] if isinstance(r, Entity)],
        [r for r in records["relationship"] if isinstance(r, Relationship)],
        [r for r in records["source"] if isinstance(r, Source)],
        [r for r in records["snippet"] if isinstance(r, Snippet)],
        [r for r in records["claim"] if isinstance(r, Claim)],
    )
    return [(gap, _label(by_id, gap)) for gap in found]


def _label(by_id: dict[tuple[str, str], Record], gap: gaps.Gap) -> str:
    record = by_id[(gap.kind, gap.ident)]
    if isinstance(record, Relationship):
        source, target = by_id.get(("entity", record.source)), by_id.get(("entity", record.target))
        ends = [label(e) if e else "?" for e in (source, target)]
        return f"{ends[0]} — {record.type} — {ends[1]}"
    return one_line(label(record), 200)


class GapsModel(QAbstractTableModel):
    """Rows of gaps (check, item, kind), optionally restricted to one check."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._all: list[tuple[gaps.Gap, str]] = []
        self._rows: list[tuple[gaps.Gap, str]] = []
        self._check: str | None = None

    def set_gaps(self, found: list[tuple[gaps.Gap, str]]) -> None:
        self._all = found
        self._apply()

    def set_check(self, check: str | None) -> None:
        self._check = check
        self._apply()

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(gaps.CHECKS, 0)
        for gap, _text in self._all:
            out[gap.check] += 1
        return out

    def total(self) -> int:
        return len(self._all)

    def row_of(self, kind: str, ident: str) -> int:
        """The first row about this record, or -1."""
        return next(
            (r for r, (gap, _t) in enumerate(self._rows) if (gap.kind, gap.ident) == (kind, ident)),
            -1,
        )

    def _apply(self) -> None:
        self.beginResetModel()
        self._rows = [row for row in self._all if self._check in (None, row[0].check)]
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
        gap, text = self._rows[index.row()]
        if role == KIND_ROLE:
            return gap.kind
        if role == ID_ROLE:
            return gap.ident
        values = (gap.title, text, KIND_WORDS.get(gap.kind, gap.kind))
        if role == Qt.ItemDataRole.DisplayRole:
            return values[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 1:
            return tooltip(text)
        return None

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
    computed = Signal(object)

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
        self._build()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(self.DELAY_MS)
        self._timer.timeout.connect(self.refresh_soon)
        self._worker: threading.Thread | None = None
        self._dirty = False
        self.computed.connect(self._show, Qt.ConnectionType.QueuedConnection)
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

    def _on_change(self, _change: Change) -> None:
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
        if self._worker is not None and self._worker.is_alive():
            self._dirty = True
            return
        self.summary.setText("Checking the case for gaps…")
        case = self.session.case
        self._worker = threading.Thread(
            target=self._work, args=(case,), name="casefile-gaps", daemon=True
        )
        self._worker.start()

    def _work(self, case: Any) -> None:
        try:
            found = compute_gaps(case)
            self.computed.emit(found)
        except Exception:  # the case was closed or the panel deleted meanwhile: drop it
            return

    def busy(self) -> bool:
        return self._worker is not None and self._worker.is_alive()

    def _show(self, found: list[tuple[gaps.Gap, str]]) -> None:
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
        self.model.set_check(self.checks.currentData())

    def _on_check_chosen(self, _row: int) -> None:
        self.model.set_check(self.checks.currentData())

    def open_row(self, index: QModelIndex) -> None:
        """Show the record behind a row in its register."""
        kind, ident = index.data(KIND_ROLE), index.data(ID_ROLE)
        if kind and ident:
            self.navigate(kind, ident)
