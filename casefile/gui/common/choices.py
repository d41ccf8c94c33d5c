"""A combo box's choices as one list model: (value, text) rows without an item per row.

Filling a combo with ``addItem`` a row at a time took 0.8 s for the 40,000 people and claims
of a 200,000-quote case; a model hands the list over at once and the popup draws only the
rows it shows."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QComboBox

Index = QModelIndex | QPersistentModelIndex


class ChoiceModel(QAbstractListModel):
    """Rows of (value, text): the text shown and edited, the value as ``UserRole``."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[Any, str]] = []

    def replace(self, rows: list[tuple[Any, str]]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        value, text = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return text
        if role == Qt.ItemDataRole.UserRole:
            return value
        return None


def set_choices(combo: QComboBox, rows: list[tuple[Any, str]]) -> None:
    """Give ``combo`` these (value, text) rows through its ``ChoiceModel`` (made once)."""
    model = combo.model()
    if not isinstance(model, ChoiceModel):
        model = ChoiceModel(combo)
        combo.setModel(model)
    model.replace(rows)


__all__ = ["ChoiceModel", "set_choices"]
