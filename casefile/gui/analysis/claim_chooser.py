"""Choose the claims an evidence matrix compares: the chosen ones first, then matches of a filter."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from casefile.core.commands import Change
from casefile.core.model import Claim
from casefile.gui.common.text import one_line, tooltip

LIST_LIMIT = 300  # unchosen claims listed at once; typing narrows the rest
DEFAULT_CLAIMS = 8


class ClaimChooser(QWidget):
    """A checkable list of claims with a filter field; emits ``changed`` with the chosen ids."""

    changed = Signal(list)

    def __init__(self, case: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.case = case
        self.statements: dict[str, str] = {}
        self.chosen: list[str] = []
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Find claims…")
        self.filter.setAccessibleName("Find claims to compare")
        self.filter.setClearButtonEnabled(True)
        self.list = QListWidget(self)
        self.list.setAccessibleName("Claims to compare")
        self.list.setWordWrap(True)
        self.list.setSpacing(2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("Claims to compare", self))
        layout.addWidget(self.filter)
        layout.addWidget(self.list, 1)
        self.filter.textChanged.connect(lambda _text: self.fill())
        self.list.itemChanged.connect(self._on_item)
        self.reload()
        self.chosen = list(self.statements)[:DEFAULT_CLAIMS]
        self.fill()

    def reload(self) -> None:
        """Read every claim's statement again (after claims were added or removed)."""
        with self.case.lock:  # the statements only: whole claims took 2.4 s at 20,000
            statements = self.case.store.values("claim", "statement")
        self.statements = {ident: str(text or "") for ident, text in statements.items()}

    def fill(self) -> None:
        """List the chosen claims, then up to ``LIST_LIMIT`` others matching the filter."""
        needle = self.filter.text().casefold().strip()
        others = [
            ident
            for ident, text in self.statements.items()
            if ident not in set(self.chosen) and needle in text.casefold()
        ][:LIST_LIMIT]
        self.list.blockSignals(True)
        self.list.clear()
        for ident in [*self.chosen, *others]:
            text = self.statements.get(ident, "")
            item = QListWidgetItem(one_line(text, 200))
            item.setData(Qt.ItemDataRole.UserRole, ident)
            item.setToolTip(tooltip(text))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            on = ident in self.chosen
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.blockSignals(False)

    def choose(self, ids: list[str]) -> None:
        """Compare exactly these claims."""
        self.chosen = [i for i in dict.fromkeys(ids) if i in self.statements]
        self.fill()
        self.changed.emit(list(self.chosen))

    def _on_item(self, item: QListWidgetItem) -> None:
        ident = item.data(Qt.ItemDataRole.UserRole)
        on = item.checkState() == Qt.CheckState.Checked
        if on and ident not in self.chosen:
            self.chosen.append(ident)
        elif not on and ident in self.chosen:
            self.chosen.remove(ident)
        self.changed.emit(list(self.chosen))

    def on_change(self, change: Change) -> bool:
        """Follow added, removed or reworded claims; True when the chosen set changed."""
        records = [rc for rc in change.records if rc.kind == "claim"]
        if not records:
            return False
        for rc in records:
            if isinstance(rc.after, Claim):
                self.statements[rc.ident] = rc.after.statement
            else:
                self.statements.pop(rc.ident, None)
        kept = [i for i in self.chosen if i in self.statements]
        dropped = kept != self.chosen
        self.chosen = kept
        if any(_reworded(rc.before, rc.after) for rc in records):
            self.fill()
        return dropped


def _reworded(before: Any, after: Any) -> bool:
    """Whether a claim came, went or changed its statement (what the list shows)."""
    if before is None or after is None:
        return True
    return bool(before.statement != after.statement)
