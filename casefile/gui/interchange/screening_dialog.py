"""Tools → Screen against a list: review candidates, accept (source + snippet) or reject."""

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
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from casefile.core.errors import CaseError
from casefile.core.model import Entity
from casefile.gui.common.background import BackgroundOp, Outcome
from casefile.gui.common.text import one_line, tooltip

FILTER = "FollowTheMoney JSON lines (*.ftm.json *.json *.jsonl *.ijson);;All files (*)"
DECISION = 5


def start_screening(
    window: Any, path: Path, threshold: float | None = None
) -> BackgroundOp[list[Any]]:
    """Screen the open case against ``path`` in the background helper, with progress and
    Cancel; the review dialog opens when it is done (``window.screening_dialog``)."""
    from casefile.interchange.screening import DEFAULT_THRESHOLD

    size = max(1, path.stat().st_size) if path.exists() else 1
    case, limit = window.case, DEFAULT_THRESHOLD if threshold is None else threshold

    def work(op: BackgroundOp[list[Any]]) -> list[Any]:
        from casefile.interchange import ftm
        from casefile.interchange.screening import screen

        def progress(done: int) -> None:  # bytes of the list read
            op.report(min(999, done * 1000 // size), 1000)
            op.check()

        ftm.model()
        with case.lock:
            entities = [e for e in case.store.all("entity") if isinstance(e, Entity)]
        return screen(entities, path, limit, progress=progress)

    def finished(outcome: Outcome[list[Any]]) -> None:
        err = outcome.error
        if outcome.cancelled:
            return
        if isinstance(err, CaseError | OSError):
            window.show_error(str(getattr(err, "strerror", None) or err))
        elif err is not None:
            window.show_error(f"Screening stopped: {type(err).__name__}: {err}")
        else:
            dialog = ScreeningDialog(window, path, outcome.value or [])
            window.screening_dialog = dialog
            dialog.open()

    job: BackgroundOp[list[Any]] = BackgroundOp(
        window, f"Screening against {path.name}…", work, show_after_ms=500
    )
    window.screening_job = job
    job.start(finished)
    return job


class ScreeningDialog(QDialog):
    """The candidates, best first; the investigator accepts or rejects each one."""

    def __init__(self, window: Any, list_path: Path, candidates: list[Any],
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent or window)
        self.window_ = window
        self.list_path = list_path
        self.candidates = candidates
        self.setWindowTitle(f"Screening — {list_path.name}")
        layout = QVBoxLayout(self)
        count = len(candidates)
        summary = QLabel(
            f"{count} candidate{'s' if count != 1 else ''} from {list_path.name}. Accepting adds "
            "the list entry as a source with a snippet naming the person or organisation "
            "(undoable); nothing is merged. Rejecting only hides the candidate here."
        )
        summary.setTextFormat(Qt.TextFormat.PlainText)
        summary.setWordWrap(True)
        layout.addWidget(summary)
        self.tree = QTreeWidget()
        self.tree.setAccessibleName("Screening candidates")
        self.tree.setHeaderLabels(
            ["Score", "In this case", "On the list", "Schema", "What matched", "Decision"]
        )
        self.tree.setRootIsDecorated(False)
        for index, c in enumerate(candidates):
            cells = [f"{c.score:g}", one_line(c.entity_name, 50), one_line(c.caption, 50),
                     c.schema, one_line("; ".join(c.matched), 120), ""]  # fmt: skip
            item = QTreeWidgetItem(cells)
            item.setData(0, Qt.ItemDataRole.UserRole, index)
            item.setToolTip(4, tooltip("\n".join(c.matched)))
            self.tree.addTopLevelItem(item)
        for column in range(DECISION):
            self.tree.resizeColumnToContents(column)
        first = self.tree.topLevelItem(0)
        if first is not None:
            self.tree.setCurrentItem(first)
        layout.addWidget(self.tree)
        row = QHBoxLayout()
        self.accept_button = QPushButton("&Accept as evidence")
        self.reject_button = QPushButton("&Reject")
        self.show_button = QPushButton("&Show in case")
        self.accept_button.clicked.connect(self.accept_current)
        self.reject_button.clicked.connect(self.reject_current)
        self.show_button.clicked.connect(self.show_current)
        for button in (self.accept_button, self.reject_button, self.show_button):
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.resize(980, 480)

    def _current(self) -> tuple[QTreeWidgetItem, Any] | None:
        item = self.tree.currentItem()
        if item is None:
            return None
        return item, self.candidates[int(item.data(0, Qt.ItemDataRole.UserRole))]

    def accept_current(self) -> None:
        from casefile.interchange.screening_accept import AcceptMatch

        found = self._current()
        if found is None or found[0].text(DECISION):
            return
        item, candidate = found
        if self.window_.push(AcceptMatch(candidate, self.list_path.name)) is not None:
            item.setText(DECISION, "accepted")
            self._next()

    def reject_current(self) -> None:
        found = self._current()
        if found is not None and not found[0].text(DECISION):
            found[0].setText(DECISION, "rejected")
            for column in range(self.tree.columnCount()):
                found[0].setForeground(column, self.palette().placeholderText())
            self._next()

    def show_current(self) -> None:
        found = self._current()
        if found is not None:
            self.window_.navigate_to("entity", found[1].entity)

    def _next(self) -> None:
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            if item is not None and not item.text(DECISION):
                self.tree.setCurrentItem(item)
                return


def screening_action(window: Any) -> None:
    """The slot of Tools → Screen against a list…"""
    if window.case is None:
        window.show_error("Open a case first.")
        return
    name, _ = QFileDialog.getOpenFileName(window, "Screen against a list", str(Path.home()), FILTER)
    if not name:
        return
    start_screening(window, Path(name))
