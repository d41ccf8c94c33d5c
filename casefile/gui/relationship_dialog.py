"""The dialog that adds or edits a relationship between two people or organisations."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QWidget,
)

from casefile.core import dates
from casefile.core.errors import CaseError, ValidationError
from casefile.core.model import Relationship, new_id
from casefile.gui.fields import date_edit
from casefile.gui.text import one_line, plain_label


class RelationshipDialog(QDialog):
    """Other entity, direction, type in words, partial start/end dates and notes."""

    def __init__(
        self,
        parent: QWidget | None,
        entity: str,
        entity_name: str,
        others: list[tuple[str, str]],
        existing: Relationship | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit relationship" if existing else "Add relationship")
        self.entity = entity
        self.existing = existing
        form = QFormLayout(self)
        self.direction = QComboBox(self)
        self.direction.addItem(f"{one_line(entity_name, 40)} → other", "out")
        self.direction.addItem(f"other → {one_line(entity_name, 40)}", "in")
        self.other = QComboBox(self)
        for ident, name in others:
            if ident != entity:
                self.other.addItem(one_line(name, 80), ident)
        self.type = QLineEdit(self)
        self.type.setPlaceholderText("e.g. director of")
        self.start = date_edit(self)
        self.end = date_edit(self)
        self.notes = QLineEdit(self)
        for label, widget in (
            ("&Direction", self.direction),
            ("&Other", self.other),
            ("&Type", self.type),
            ("&Start", self.start),
            ("&End", self.end),
            ("&Notes", self.notes),
        ):
            caption = plain_label(label)
            caption.setBuddy(widget)
            widget.setAccessibleName(label.replace("&", ""))
            form.addRow(caption, widget)
        self.error = plain_label("", wrap=True)
        form.addRow(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        if existing is not None:
            self._show(existing)

    def _show(self, rel: Relationship) -> None:
        outgoing = rel.source == self.entity
        self.direction.setCurrentIndex(0 if outgoing else 1)
        other = rel.target if outgoing else rel.source
        self.other.setCurrentIndex(max(0, self.other.findData(other)))
        self.type.setText(rel.type)
        self.start.setText(rel.start or "")
        self.end.setText(rel.end or "")
        self.notes.setText(rel.notes or "")

    def relationship(self) -> Relationship:
        """The relationship as entered; raises ``ValidationError`` with a clear message."""
        other = self.other.currentData()
        if other is None:
            raise ValidationError("Choose the other person or organisation.")
        if not self.type.text().strip():
            raise ValidationError("Say what the relationship is, e.g. 'director of'.")
        outgoing = self.direction.currentData() == "out"
        source, target = (self.entity, other) if outgoing else (other, self.entity)
        base = self.existing or Relationship(new_id(), source, target, "")
        return Relationship(
            id=base.id,
            source=source,
            target=target,
            type=self.type.text().strip(),
            start=dates.normalise_partial(self.start.text()),
            end=dates.normalise_partial(self.end.text()),
            notes=self.notes.text().strip() or None,
            evidence=base.evidence,
        )

    def _accept(self) -> None:
        try:
            self.relationship()
        except CaseError as err:
            self.error.setText(str(err))
            return
        self.accept()
