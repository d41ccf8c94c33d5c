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
from casefile.core.model import Entity, Relationship, new_id
from casefile.core.quick import name_and_aliases
from casefile.gui.common import dialogs
from casefile.gui.common.choices import set_choices
from casefile.gui.common.panels import read_chunks
from casefile.gui.common.text import plain_label

QUICK_ADD_SHORTCUT = "Ctrl+Shift+P"
RELATIONSHIP_SHORTCUT = "Ctrl+Shift+R"


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


class QuickRelationship(QDialog):
    """From – type in words – to; names found by any words of a name or alias. Enter adds."""

    def __init__(self, parent: QWidget | None, names: list[tuple[str, str]]) -> None:
        super().__init__(parent)
        self.setWindowTitle("Quick add a relationship")
        form = QFormLayout(self)
        self.names = names
        self.source = self._name_combo("From")
        self.type = QLineEdit(self)
        self.type.setAccessibleName("Relationship")
        self.type.setPlaceholderText("e.g. director of")
        self.target = self._name_combo("To")
        self.found = plain_label("", wrap=True)
        for label, widget in (("From", self.source), ("Is", self.type), ("To", self.target)):
            form.addRow(plain_label(label), widget)
        form.addRow(self.found)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.source.setFocus()

    def _name_combo(self, name: str) -> QComboBox:
        combo = QComboBox(self)
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        combo.setMinimumContentsLength(40)  # not the width of the longest of 20,000 names
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setAccessibleName(name)
        set_choices(combo, self.names)  # one model: an item each took 0.7 s at 20,000
        combo.setCurrentIndex(-1)
        combo.editTextChanged.connect(lambda _t: self._show())
        return combo

    def chosen(self, combo: QComboBox) -> str | None:
        """The entity whose name (or alias) holds the typed words, if one does."""
        typed = " ".join(combo.currentText().split()).casefold()
        if not typed:
            return None
        exact = [i for i, label in self.names if label.casefold() == typed]
        found = exact or [i for i, label in self.names if typed in label.casefold()]
        return found[0] if found else None

    def _show(self) -> None:
        labels = dict(self.names)
        ends = [labels.get(self.chosen(c) or "", "?") for c in (self.source, self.target)]
        self.found.setText(f"{ends[0]} → {self.type.text().strip() or '…'} → {ends[1]}")

    def relationship(self) -> Relationship:
        source, target = self.chosen(self.source), self.chosen(self.target)
        if source is None or target is None:
            raise ValidationError("Type words of a name or alias of a person or organisation "
                                  "in the case for both ends.")  # fmt: skip
        return Relationship(new_id(), source, target, " ".join(self.type.text().split()))


def entity_names(case: Any) -> list[tuple[str, str]]:
    """(id, "Name (alias, alias)") of every person and organisation, to find by any words
    (read a chunk at a time: the window may write between chunks)."""
    return [
        (e.id, f"{e.name} ({', '.join(e.aliases)})" if e.aliases else e.name)
        for chunk in read_chunks(case, "entity")
        for e in chunk
        if isinstance(e, Entity)
    ]


def quick_add_relationship(window: Any) -> str | None:
    """Ask from – type – to and add the relationship as one undo step; its id, or None."""
    case = window.case  # every name, read off the window's thread (0.7 s at 20,000 people)
    names = dialogs.run_with_progress(window, "Reading the people…", lambda: entity_names(case))
    dialog = QuickRelationship(window, names)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        try:
            relationship = dialog.relationship()
        except ValidationError as err:
            window.show_error(str(err))
            return None
        return relationship.id if window.push(Create(relationship)) is not None else None
    finally:
        dialog.deleteLater()


def install(window: Any) -> None:
    """Edit → Quick add person or organisation… (Ctrl+Shift+P), relationship… (Ctrl+Shift+R)."""
    window.add_action("edit", "&Quick add person or organisation…",
                      lambda: quick_add_entity(window), QUICK_ADD_SHORTCUT)  # fmt: skip
    window.add_action("edit", "Quick add relations&hip…",
                      lambda: quick_add_relationship(window), RELATIONSHIP_SHORTCUT)  # fmt: skip


__all__ = [
    "QUICK_ADD_SHORTCUT",
    "RELATIONSHIP_SHORTCUT",
    "QuickEntity",
    "QuickRelationship",
    "install",
    "quick_add_entity",
    "quick_add_relationship",
]
