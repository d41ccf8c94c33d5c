"""The people and organisations a brief may redact: a row each, ticked or not, read off the
window's thread (a list item per entity took 0.5 s to build at 20,000, 2.5 s at 100,000)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from shiboken6 import isValid

from casefile.gui.common.background import BackgroundOp, Outcome

Index = QModelIndex | QPersistentModelIndex


class PeopleModel(QAbstractListModel):
    """(id, name) rows sorted by name; ``ticked`` holds the ids ticked for redaction."""

    ticked_changed = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[str, str]] = []
        self.ticked: set[str] = set()
        self.loading: BackgroundOp[list[tuple[str, str]]] | None = None

    def load(self, case: Any) -> None:
        """Read the names in the background (the brief's redaction modules load there too,
        so the first tick does not wait for them); the list fills when they are read."""

        def work(_op: BackgroundOp[list[tuple[str, str]]]) -> list[tuple[str, str]]:
            import casefile.brief.model
            import casefile.brief.redact  # noqa: F401

            with case.lock:
                names = case.store.values("entity", "name")
            rows = [(ident, str(name or "")) for ident, name in names.items()]
            rows.sort(key=lambda row: row[1].casefold())
            return rows

        op: BackgroundOp[list[tuple[str, str]]] = BackgroundOp(
            None, "Reading the people…", work, show_after_ms=None
        )
        self.loading = op
        op.start(self._loaded)

    def _loaded(self, outcome: Outcome[list[tuple[str, str]]]) -> None:
        if not isValid(self):  # the dialog went without closing (it was deleted)
            return
        self.loading = None
        if outcome.value is not None:
            self.beginResetModel()
            self.rows = outcome.value
            self.endResetModel()

    def stop(self) -> None:
        """The dialog is closing: a read in progress ends unseen."""
        op, self.loading = self.loading, None
        if op is not None and op.running:
            op.abandon()

    def chosen(self) -> list[str]:
        """The ticked ids, in the order shown."""
        return [ident for ident, _ in self.rows if ident in self.ticked] if self.ticked else []

    # --- the model --------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        ident, name = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return name
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if ident in self.ticked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.UserRole:
            return ident
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsUserCheckable
        )

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid():
            return False
        if not 0 <= index.row() < len(self.rows):
            return False
        ident = self.rows[index.row()][0]
        checked = Qt.CheckState(value) == Qt.CheckState.Checked
        if checked == (ident in self.ticked):
            return True
        if checked:
            self.ticked.add(ident)
        else:
            self.ticked.discard(ident)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.ticked_changed.emit()
        return True


def name_filter(model: PeopleModel, parent: Any) -> QSortFilterProxyModel:
    """The rows whose name holds the typed text (any case)."""
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    return proxy


__all__ = ["PeopleModel", "name_filter"]
