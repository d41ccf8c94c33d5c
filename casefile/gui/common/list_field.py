"""A list of short texts (aliases in any script) edited in place, bound as one field."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from casefile.gui.common.fields import Field


class TextListEdit(QWidget):
    """Items edited in place (F2 or double-click); Add and Remove buttons."""

    def __init__(self, noun: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.noun = noun
        self.list = QListWidget(self)
        self.list.setAccessibleName(f"{noun.capitalize()}es" if noun.endswith("s") else noun)
        self.list.setMaximumHeight(110)
        self.add_button = QPushButton(f"Add {noun}", self)
        self.remove_button = QPushButton(f"Remove {noun}", self)
        self.add_button.setToolTip(f"Add a {noun}")
        self.remove_button.setToolTip(f"Remove the selected {noun}")
        self.buttons = QVBoxLayout()
        self.buttons.addWidget(self.add_button)
        self.buttons.addWidget(self.remove_button)
        self.buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list, 1)
        layout.addLayout(self.buttons)
        self.setFocusProxy(self.list)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.list.currentItemChanged.connect(lambda *_: self._update_actions())
        self._item_actions: list[QAction] = []

    def add_item_action(
        self, text: str, button_text: str, tip: str, slot: Callable[[str], object]
    ) -> QAction:
        """An action on the selected item: a context-menu entry and a button below the others.

        ``slot`` receives the item's text; the action is enabled only while one is selected.
        """
        action = QAction(text, self.list)
        action.setToolTip(tip)
        action.triggered.connect(lambda: self._run(slot))
        self.list.addAction(action)
        button = QPushButton(button_text, self)
        button.setToolTip(tip)
        button.clicked.connect(action.trigger)
        action.enabledChanged.connect(button.setEnabled)
        self.buttons.insertWidget(self.buttons.count() - 1, button)
        self._item_actions.append(action)
        self._update_actions()
        return action

    def _run(self, slot: Callable[[str], object]) -> None:
        item = self.list.currentItem()
        if item is not None and item.text().strip():
            slot(item.text().strip())

    def _update_actions(self) -> None:
        item = self.list.currentItem()
        for action in self._item_actions:
            action.setEnabled(item is not None and bool(item.text().strip()))

    def values(self) -> tuple[str, ...]:
        texts = (self.list.item(i).text().strip() for i in range(self.list.count()))
        return tuple(dict.fromkeys(t for t in texts if t))

    def set_values(self, values: tuple[str, ...]) -> None:
        if self.values() == tuple(values):
            return
        self.list.clear()
        for value in values:
            self.list.addItem(self._item(value))

    def _item(self, text: str) -> QListWidgetItem:
        item = QListWidgetItem(text)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        return item

    def add_new(self, text: str) -> QListWidgetItem:
        item = self._item(text)
        self.list.addItem(item)
        return item


def text_list_field(name: str, editor: TextListEdit) -> Field:
    def write(value: Any) -> None:
        editor.set_values(tuple(value or ()))

    field = Field(name, editor, editor.values, write, editor)

    def add() -> None:
        item = editor.add_new("")
        editor.list.setCurrentItem(item)
        editor.list.editItem(item)

    def remove() -> None:
        for item in editor.list.selectedItems():
            editor.list.takeItem(editor.list.row(item))
        field.chosen()

    editor.add_button.clicked.connect(add)
    editor.remove_button.clicked.connect(remove)
    editor.list.itemChanged.connect(lambda _item: field.chosen())
    return field
