"""The dialog that adds or edits a relationship between two people or organisations."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QWidget,
)

from casefile.core import dates
from casefile.core.errors import CaseError, ValidationError
from casefile.core.model import Relationship, new_id
from casefile.gui.common.fields import date_edit
from casefile.gui.common.text import one_line, plain_label, tooltip


class RelationshipDialog(QDialog):
    """Other entity, direction, type in words, partial start/end dates and notes."""

    def __init__(
        self,
        parent: QWidget | None,
        entity: str,
        entity_name: str,
        others: list[tuple[str, str]],
        existing: Relationship | None = None,
        find_snippets: Callable[[str], list[tuple[str, str]]] | None = None,
        snippet_labels: dict[str, str] | None = None,
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
        self.other.setEditable(True)  # type part of a name to find it
        self.other.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        completer = self.other.completer()
        if completer is not None:
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCompletionMode(completer.CompletionMode.PopupCompletion)
        self.type = QLineEdit(self)
        self.type.setPlaceholderText("e.g. director of")
        self.start = date_edit(self)
        self.end = date_edit(self)
        self.notes = QLineEdit(self)
        self._find_snippets = find_snippets or (lambda _text: [])
        self.evidence = QListWidget(self)
        self.evidence.setMaximumHeight(110)
        self.evidence.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        for ident in existing.evidence if existing else ():
            self._add_evidence(ident, (snippet_labels or {}).get(ident, ident))
        evidence_row = QHBoxLayout()
        add = QPushButton("Add e&vidence…", self)
        remove = QPushButton("Remove evidence", self)
        add.clicked.connect(self.pick_evidence)
        remove.clicked.connect(self._remove_evidence)
        evidence_row.addWidget(add)
        evidence_row.addWidget(remove)
        evidence_row.addStretch(1)
        for label, widget in (
            ("&Direction", self.direction),
            ("&Other", self.other),
            ("&Type", self.type),
            ("&Start", self.start),
            ("&End", self.end),
            ("&Notes", self.notes),
            ("Evidence", self.evidence),
        ):
            caption = plain_label(label)
            caption.setBuddy(widget)
            widget.setAccessibleName(label.replace("&", ""))
            form.addRow(caption, widget)
        form.addRow(evidence_row)
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
        index, typed = self.other.currentIndex(), self.other.currentText()
        if index < 0 or self.other.itemText(index) != typed:  # typed rather than chosen
            index = self.other.findText(typed)
        other = self.other.itemData(index) if index >= 0 else None
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
            evidence=self.evidence_ids(),
        )

    def evidence_ids(self) -> tuple[str, ...]:
        items = (self.evidence.item(i) for i in range(self.evidence.count()))
        return tuple(dict.fromkeys(item.data(Qt.ItemDataRole.UserRole) for item in items))

    def _add_evidence(self, ident: str, label: str) -> None:
        if ident in self.evidence_ids():
            return
        item = QListWidgetItem(one_line(label, 100))
        item.setData(Qt.ItemDataRole.UserRole, ident)
        item.setToolTip(tooltip(label))
        self.evidence.addItem(item)

    def pick_evidence(self) -> None:
        """Choose snippets that show this relationship."""
        from casefile.gui.common.dialogs import PickerDialog

        dialog = PickerDialog(self, "Evidence for this relationship", self._find_snippets)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            labels = dict(self._find_snippets(dialog.filter.text()))
            for ident in dialog.chosen():
                self._add_evidence(ident, labels.get(ident, ident))

    def _remove_evidence(self) -> None:
        for item in self.evidence.selectedItems():
            self.evidence.takeItem(self.evidence.row(item))

    def _accept(self) -> None:
        try:
            self.relationship()
        except CaseError as err:
            self.error.setText(str(err))
            return
        self.accept()
