"""Quick add from the keyboard: a person or organisation with aliases in one line."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QWidget,
)

from casefile.core.commands import Create
from casefile.core.errors import ValidationError
from casefile.core.model import Entity, new_id
from casefile.core.quick import name_and_aliases
from casefile.gui.common.text import plain_label

QUICK_ADD_SHORTCUT = "Ctrl+Shift+P"


class QuickEntity(QDialog):
    """One line "Name; alias; alias" and the kind; Enter adds, Esc cancels."""

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Quick add a person or organisation")
        form = QFormLayout(self)
        self.line = QLineEdit(self)
        self.line.setAccessibleName("Name; alias; alias")
        self.line.setPlaceholderText("Zhang Wei; 张伟; Chang Wei")
        self.kind = QComboBox(self)
        self.kind.setAccessibleName("Kind")
        self.kind.addItems(["person", "organisation", "other"])
        form.addRow(plain_label("Name; aliases"), self.line)
        form.addRow(plain_label("Kind"), self.kind)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.line.setFocus()

    def entity(self) -> Entity:
        """The entity the line describes (raises ``ValidationError`` on an empty name)."""
        name, aliases = name_and_aliases(self.line.text())
        return Entity(new_id(), name, kind=self.kind.currentText(), aliases=aliases)


def quick_add_entity(window: Any) -> str | None:
    """Ask for the line and add the entity as one undo step; its id, or None."""
    dialog = QuickEntity(window)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        try:
            entity = dialog.entity()
        except ValidationError as err:
            window.show_error(str(err))
            return None
        if window.push(Create(entity)) is None:
            return None
        window.statusBar().showMessage(
            f"Added {entity.kind} with {len(entity.aliases)} aliases.", 10_000
        )
        return entity.id
    finally:
        dialog.deleteLater()


def install(window: Any) -> None:
    """Edit → Quick add person or organisation… (Ctrl+Shift+P)."""
    window.add_action("edit", "&Quick add person or organisation…",
                      lambda: quick_add_entity(window), QUICK_ADD_SHORTCUT)  # fmt: skip


__all__ = ["QUICK_ADD_SHORTCUT", "QuickEntity", "install", "quick_add_entity"]
