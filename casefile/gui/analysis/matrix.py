"""The evidence matrix view (analysis of competing hypotheses): choose claims, weigh evidence."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QPoint, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from casefile.core import ach
from casefile.core.commands import Change, Command, LinkEvidence, UnlinkEvidence
from casefile.gui.analysis.claim_chooser import ClaimChooser
from casefile.gui.analysis.matrix_model import (
    CLAIM_ROLE,
    FIXED,
    NON_DIAGNOSTIC,
    SNIPPET_ROLE,
    STANCE_ROLE,
    MatrixModel,
)
from casefile.gui.common.drop_spots import DropSpot
from casefile.gui.common.fields import refill_choices
from casefile.gui.common.palette import Theme
from casefile.gui.common.panels import Navigate, SessionLike
from casefile.gui.common.text import one_line

KEYS = {Qt.Key.Key_S: "supports", Qt.Key.Key_R: "refutes", Qt.Key.Key_C: "context"}
CLEAR_KEYS = (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
ORDERS = {
    "chosen": "Claims as chosen",
    "least": "Least inconsistent first",
    "most": "Most inconsistent first",
}


class MatrixTable(QTableView):
    """The grid: a click on a cell cycles its stance; S, R, C and Delete set it."""

    def __init__(self, panel: MatrixPanel) -> None:
        super().__init__(panel)
        self.panel = panel
        self._saved: tuple[str | None, str | None] = (None, None)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        index = self.currentIndex()
        key = Qt.Key(event.key())
        plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if index.isValid() and index.column() >= FIXED and plain:
            if key in KEYS:
                self.panel.set_stance(index, KEYS[key])
                return
            if key in CLEAR_KEYS:
                self.panel.set_stance(index, None)
                return
            if key == Qt.Key.Key_Space:
                self.panel.cycle(index)
                return
        if (
            index.isValid()
            and index.column() < FIXED
            and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self.panel.open_evidence(index)
            return
        super().keyPressEvent(event)

    def drop_spot(self, point: QPoint) -> DropSpot | None:
        """A claim's cell takes dropped evidence for that claim."""
        index = self.indexAt(point)
        claim = index.data(CLAIM_ROLE) if index.isValid() else None
        return DropSpot("claim", str(claim), self.visualRect(index)) if claim else None

    def remember_current(self) -> None:
        index = self.currentIndex()
        claim = self.model().headerData(index.column(), Qt.Orientation.Horizontal, CLAIM_ROLE)
        self._saved = (index.data(SNIPPET_ROLE), claim) if index.isValid() else (None, None)

    def restore_current(self) -> None:
        snippet, claim = self._saved
        model = self.model()
        if snippet is None or not isinstance(model, MatrixModel) or snippet not in model.rows:
            return
        row = model.rows.index(snippet)
        while row >= model.rowCount() and model.canFetchMore(QModelIndex()):
            model.fetchMore(QModelIndex())
        ids = [c.id for c in model.columns]
        column = FIXED + ids.index(claim) if claim in ids else 0
        self.setCurrentIndex(model.index(row, column))


class MatrixPanel(QWidget):
    """Claims to compare on the left; filters, the matrix and its legend on the right."""

    def __init__(self, session: SessionLike, navigate: Navigate, parent: Any = None) -> None:
        super().__init__(parent)
        self.session = session
        self.navigate = navigate
        self.model = MatrixModel(session.case, self)
        self.chooser = ClaimChooser(session.case, self)
        self.table = MatrixTable(self)
        self.table.setAccessibleName("Evidence matrix: evidence by claim")
        self.tag = QComboBox(self)
        self.source = QComboBox(self)
        self.grade = QComboBox(self)
        self.order = QComboBox(self)
        self.hide_box = QCheckBox("Hide non-diagnostic", self)
        self.summary = QLabel(self)
        self._build()
        self._apply_claims()
        self.model.set_theme(Theme.of(self.palette()))
        session.changed.connect(self._on_change)

    def changeEvent(self, event: QEvent) -> None:
        """Stance colours follow the palette: pale tints on light, deep ones on dark."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.model.set_theme(Theme.of(self.palette()))

    # --- layout -----------------------------------------------------------------------

    def _build(self) -> None:
        self.chooser.changed.connect(lambda _ids: self._apply_claims())
        self.table.setModel(self.model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(False)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionsClickable(True)
        header.sectionClicked.connect(self._sort_rows)
        header.sectionDoubleClicked.connect(self._open_claim)
        self.table.clicked.connect(self.cycle)
        self.table.doubleClicked.connect(self.open_evidence)
        self.model.modelAboutToBeReset.connect(self.table.remember_current)
        self.model.modelReset.connect(self._after_reset)
        for combo, name in ((self.tag, "Tag"), (self.source, "Source"), (self.grade, "Grade")):
            combo.setAccessibleName(f"Filter evidence by {name.lower()}")
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(14)
        self.grade.addItems(list(ach.GRADE_FILTERS))
        for key, text in ORDERS.items():
            self.order.addItem(text, key)
        self.order.setAccessibleName("Order of claims")
        for combo in (self.tag, self.source, self.grade):
            combo.currentIndexChanged.connect(lambda _i: self._apply_filter())
        self.order.currentIndexChanged.connect(
            lambda _i: self.model.set_order(self.order.currentData())
        )
        self.hide_box.toggled.connect(self.model.set_hide_non_diagnostic)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self._lay_out()

    def _lay_out(self) -> None:
        filters = QHBoxLayout()
        for text, widget in (("Tag", self.tag), ("Source", self.source), ("Grade", self.grade)):
            filters.addWidget(QLabel(text, self))
            filters.addWidget(widget)
        filters.addStretch(1)
        filters.addWidget(self.order)
        filters.addWidget(self.hide_box)
        right = QWidget(self)
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(filters)
        column.addWidget(self.table, 1)
        column.addWidget(self.summary)
        splitter = QSplitter(self)
        splitter.addWidget(self.chooser)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([240, 860])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    # --- claims and filters -------------------------------------------------------------

    def chosen_claims(self) -> list[str]:
        return list(self.chooser.chosen)

    def choose_claims(self, ids: list[str]) -> None:
        """Compare exactly these claims."""
        self.chooser.choose(ids)

    def _apply_claims(self) -> None:
        self.model.set_claims(self.chooser.chosen)
        self._fill_filters()

    def _fill_filters(self) -> None:
        rows = self.model.universe()
        tags = sorted({t for r in rows for t in r.tags}, key=str.casefold)
        sources = sorted({(r.source_title, r.source) for r in rows if r.source})
        refill_choices(self.tag, "Any tag", [(t, t) for t in tags])
        refill_choices(self.source, "Any source", [(s, one_line(t, 40)) for t, s in sources])

    def _apply_filter(self) -> None:
        self.model.set_filter(
            ach.EvidenceFilter(
                self.tag.currentData(), self.source.currentData(), self.grade.currentText()
            )
        )

    def _on_change(self, change: Change) -> None:
        if "claim" in change.bulk_kinds():  # an import's new claims, not listed one by one
            self.chooser.reload()
            self.chooser.fill()
        if self.chooser.on_change(change):
            self._apply_claims()
            self._update_summary()
            return
        self.model.on_change(change)
        self._fill_filters()
        self._update_summary()

    def _after_reset(self) -> None:
        self.table.restore_current()
        self.table.resizeColumnToContents(1)
        for column in range(FIXED, self.model.columnCount()):
            self.table.setColumnWidth(column, 170)
        self.table.setColumnWidth(0, max(300, self.table.columnWidth(0)))
        self._update_summary()

    def _update_summary(self) -> None:
        shown, hidden = len(self.model.rows), len(self.model.non_diagnostic)
        self.summary.setText(
            f"{shown} evidence rows, {len(self.model.columns)} claims. {NON_DIAGNOSTIC} marks "
            f"non-diagnostic evidence ({hidden}): it bears the same way on every chosen claim. "
            "Click a cell to cycle its stance, or press S, R, C, Delete. The score adds up "
            "refuting evidence weighted by its grade: lower is less contradicted."
        )

    # --- editing and opening ------------------------------------------------------------

    def set_stance(self, index: QModelIndex, stance: str | None) -> None:
        """Link, relink or unlink the evidence of a cell, as one undoable step."""
        claim, snippet = index.data(CLAIM_ROLE), index.data(SNIPPET_ROLE)
        if claim is None or snippet is None or index.data(STANCE_ROLE) == stance:
            return
        command: Command = (
            UnlinkEvidence(claim, snippet)
            if stance is None
            else LinkEvidence(claim, snippet, stance)
        )
        self.session.push(command)

    def cycle(self, index: QModelIndex) -> None:
        if index.isValid() and index.column() >= FIXED:
            self.set_stance(index, ach.next_stance(index.data(STANCE_ROLE)))

    def open_evidence(self, index: QModelIndex) -> None:
        if index.isValid() and index.column() < FIXED:
            self.navigate("snippet", index.data(SNIPPET_ROLE))

    def _open_claim(self, section: int) -> None:
        claim = self.model.claim_at(section)
        if claim is not None:
            self.navigate("claim", claim.id)

    def _sort_rows(self, section: int) -> None:
        if self.model.claim_at(section) is None and section >= FIXED:
            return
        header = self.table.horizontalHeader()
        descending = header.sortIndicatorSection() == section and (
            header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
        )
        order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        header.setSortIndicatorShown(True)
        header.setSortIndicator(section, order)
        self.model.sort(section, order)
