"""The gap checks panel: where the evidence is thin or inconsistent, live, each row opens its item."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QShowEvent
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
from casefile.gui.analysis.gaps_model import ID_ROLE, KIND_ROLE, KIND_WORDS, GapsModel
from casefile.gui.analysis.gaps_records import GapResult, compute_gaps, touches_gaps
from casefile.gui.common.background import BackgroundOp, Outcome
from casefile.gui.common.panels import Navigate, SessionLike

__all__ = ["GapsModel", "GapsPanel", "compute_gaps"]


class GapsPanel(QWidget):
    """Lists the case's gaps, refreshes shortly after every change; Enter or double-click opens.

    On large cases the checks run in a background thread: at first each check's rows show
    as soon as it is counted; after an edit the list changes once every check is counted.
    Rows are read a page at a time as the list is scrolled (``GapsModel``).
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
        self._streaming: GapResult | None = None  # the first read, listed as it comes
        self._listed: tuple[object, ...] = ()  # the counts the checks box shows
        self._dirty = False
        self._was_shown = False
        self._behind = False  # hidden when the case changed: read again once shown
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

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._was_shown = True
        if self._behind:
            self._behind = False
            self.refresh_soon()

    def _on_change(self, change: Change) -> None:
        if touches_gaps(change) or change.bulk_kinds():  # (an import's, not listed)
            self._timer.start()

    def refresh(self) -> None:
        """Recompute every check now, on this thread."""
        self._timer.stop()
        self._show(compute_gaps(self.session.case, self.model.shown()))

    def refresh_soon(self) -> None:
        """Recompute on the spot for small cases, in the background for large ones.

        The first read shows each check as soon as it is counted; a later one keeps the
        list as it is until every check is counted again. Once the panel has been shown,
        changes made while it is hidden are read when it shows again.
        """
        if self._was_shown and not self.isVisible():
            self._behind = True  # another page is showing: no checks of a million records
            return
        if self.session.case.count("snippet") < self.BACKGROUND_FROM:
            self.refresh()
            return
        if self.busy():
            self._dirty = True
            return
        case, shown = self.session.case, self.model.shown()
        result = GapResult(case)
        self._streaming = None
        if self.model.result is None:  # nothing listed yet: list each check as it comes
            self._streaming = result
            self.model.set_gaps(result)
            self._fill_checks()
        self.summary.setText("Checking the case for gaps…")
        self._job = BackgroundOp(self, "Checking the case for gaps…",
                                 lambda op: compute_gaps(case, shown, result,
                                                         lambda n: op.report(n, len(gaps.CHECKS))),
                                 show_after_ms=None)  # fmt: skip
        self._job.start(self._job_done, self._progress)

    def _progress(self, done: int, checks: int, _label: str) -> None:
        """The first read: list the checks counted since the last look."""
        if self._streaming is None or self._streaming is not self.model.result or not done:
            return
        self.model.arrived()
        self._fill_checks()
        self.summary.setText(
            f"Checking the case for gaps… {self.model.total():,} found so far "
            f"({done} of {checks} checks)."
        )

    def _job_done(self, outcome: Outcome[GapResult]) -> None:
        found = outcome.value  # None: the case closed meanwhile, nothing to show
        if found is None:
            self.summary.setText("The gap checks could not finish; they run again after an edit.")
            return
        self._show(found)

    def busy(self) -> bool:
        return self._job is not None and self._job.running

    def _show(self, found: GapResult) -> None:
        if found is self.model.result:  # the first read, already listed as it came
            self.model.arrived()
        else:
            current = self.table.currentIndex()
            keep = (current.data(KIND_ROLE), current.data(ID_ROLE), current.row(), current.column())
            self.model.set_gaps(found)
            self._restore(*keep)
        self._streaming = None
        if self._dirty:
            self._dirty = False
            self._timer.start()
        self._fill_checks()
        total = self.model.total()
        self.summary.setText(
            "No gaps found."
            if total == 0
            else f"{total:,} gap{'s' if total != 1 else ''} found. "
            "Double-click a row or press Enter to open the item."
        )

    def _restore(self, kind: str | None, ident: str | None, row: int, column: int) -> None:
        """Keep the user's place: the same item if it is still listed, else the same row."""
        if row < 0 or self.model.rowCount() == 0:
            return
        found = self.model.row_of(kind, ident) if kind and ident else -1
        target = found if found >= 0 else min(row, self.model.rowCount() - 1)
        self.table.setCurrentIndex(self.model.index(target, max(column, 0)))

    def _fill_checks(self) -> None:
        counts = self.model.counts()
        if self._listed == (*counts.values(), self.model.check):
            return  # unchanged: leave the box alone (it may be open)
        self._listed = (*counts.values(), self.model.check)
        chosen = self.checks.currentData()
        self.checks.blockSignals(True)
        self.checks.clear()
        pending = None in counts.values()
        total = f"{self.model.total():,}{'…' if pending else ''}"
        self.checks.addItem(f"All checks ({total})", None)
        for check, count in counts.items():
            self.checks.addItem(
                f"{gaps.CHECKS[check]} ({'…' if count is None else f'{count:,}'})", check
            )
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
