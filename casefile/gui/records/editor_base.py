"""Shared shape of the detail editors: a form of bound fields for the selected record."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGroupBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from casefile.core.commands import Change, Edit
from casefile.core.model import Kind
from casefile.gui.common.fields import Field, is_invalid
from casefile.gui.common.session import Session
from casefile.gui.common.text import one_line, plain_label, tooltip
from casefile.storage import queries

LINK_ROLE = Qt.ItemDataRole.UserRole
REQUIRED = frozenset({"name", "title", "statement", "text"})


class RecordEditor(QScrollArea):
    """Edits one record of ``kind``; every edit is pushed as a command, typing coalesces.

    Subclasses build their fields in ``build`` (using ``add_field``) and fill their lists in
    ``load``; ``related`` names the kinds whose changes should reload the lists.
    """

    kind: Kind = "entity"
    related: tuple[Kind, ...] = ()
    record_shown = Signal(object)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.ident: str | None = None
        self.record: Any = None
        self.fields: dict[str, Field] = {}
        self._typing = 0
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        self.body = QVBoxLayout(body)
        self.heading = plain_label("", wrap=True)
        self.heading.setObjectName("editorHeading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.heading.setFont(font)
        self.body.addWidget(self.heading)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.body.addLayout(self.form)
        self.build()
        self.body.addStretch(1)
        self.setWidget(body)
        self.placeholder = plain_label("Nothing selected.")
        self.body.insertWidget(0, self.placeholder)
        session.changed.connect(self._on_change)
        self.show_record(None)

    # --- for subclasses ---------------------------------------------------------------

    def build(self) -> None:
        """Create the fields and sections."""

    def load(self, record: Any) -> None:
        """Fill lists and read-only parts from ``record``."""

    def add_field(self, label: str, field: Field, accessible: str = "") -> Field:
        """Add a row with a mnemonic label (``&Name``) bound to a record field."""
        caption = QLabel(label)
        caption.setTextFormat(Qt.TextFormat.PlainText)
        caption.setBuddy(field.widget)
        field.widget.setAccessibleName(accessible or label.replace("&", ""))
        self.form.addRow(caption, field.widget)
        self.fields[field.name] = field
        field.edited.connect(self._commit)
        return field

    # --- showing ----------------------------------------------------------------------

    def flush(self) -> None:
        """Commit whatever is still being typed (before switching records)."""
        for field in self.fields.values():
            if field.pending:
                field.flush(True)

    def show_record(self, ident: str | None) -> None:
        if ident != self.ident:
            self.flush()
        self.ident = ident
        self.record = self.session.get(self.kind, ident) if ident else None
        present = self.record is not None
        self.placeholder.setVisible(not present)
        for i in range(self.body.count()):
            item = self.body.itemAt(i)
            widget = item.widget() if item else None
            if widget is not None and widget is not self.placeholder:
                widget.setVisible(present)
        self._set_form_visible(present)
        if present:
            self._fill()
        self.record_shown.emit(self.record)

    def _set_form_visible(self, visible: bool) -> None:
        for row in range(self.form.rowCount()):
            for role in (QFormLayout.ItemRole.LabelRole, QFormLayout.ItemRole.FieldRole):
                item = self.form.itemAt(row, role)
                widget = item.widget() if item is not None else None
                if widget is not None:
                    widget.setVisible(visible)

    def _fill(self) -> None:
        self.heading.setText(self.title(self.record))
        for name, field in self.fields.items():
            field.load(getattr(self.record, name))
        self.load(self.record)

    def title(self, record: Any) -> str:
        return one_line(getattr(record, "name", None) or getattr(record, "title", ""), 200)

    def _on_change(self, change: Change) -> None:
        if self.ident is None:
            return
        mine = self.ident in change.ids(self.kind)
        bulk = change.bulk_kinds() & {self.kind, *self.related}  # an import's, not listed
        if mine or bulk or any(rc.kind in self.related for rc in change.records):
            self.show_record(self.ident)

    # --- committing -------------------------------------------------------------------

    def _commit(self, name: str, value: Any, final: bool) -> None:
        if self.ident is None or self.record is None:
            return
        if is_invalid(value):
            self.session.show_error(f"{value.reason} The field was put back as it was.")
            self.fields[name].load(getattr(self.record, name))
            return
        if name in REQUIRED and not (value or "").strip():
            if final:  # leaving a required field empty: say so and put the value back
                self.session.show_error(f"The {name} cannot be empty.")
                self.fields[name].load(getattr(self.record, name))
            return
        if value != getattr(self.record, name):
            caption = name.replace("_", " ")
            command = Edit(self.kind, self.ident, {name: value}, name=f"Change {caption}")
            key = (self.kind, self.ident, name, self._typing)
            if self.session.push(command, merge_key=key) is None:
                self.fields[name].load(getattr(self.record, name))
        if final:
            self._typing += 1


class LinkList(QListWidget):
    """A list of records; Enter or double-click goes to the record."""

    def __init__(self, session: Session, accessible: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.setAccessibleName(accessible)
        self.setMaximumHeight(150)
        self.itemActivated.connect(self._go)

    def set_links(self, kind: Kind, pairs: list[tuple[str, str]]) -> None:
        self.clear()
        for ident, text in pairs:
            item = QListWidgetItem(one_line(text, 160))
            item.setData(LINK_ROLE, (kind, ident))
            item.setToolTip(tooltip(text))
            self.addItem(item)

    def _go(self, item: QListWidgetItem) -> None:
        kind, ident = item.data(LINK_ROLE)
        self.session.navigate.emit(kind, ident)

    def selected_ids(self) -> list[str]:
        return [item.data(LINK_ROLE)[1] for item in self.selectedItems()]


def pairs(session: Any, kind: Any, ids: list[str]) -> list[tuple[str, str]]:
    """(id, label) of each record in ``ids``, in that order, for a link list."""
    labels = session.query(queries.labels, kind, ids)
    return [(i, labels.get(i, "")) for i in ids]


def short_text() -> QPlainTextEdit:
    """A few lines of plain text in a form; Tab moves on instead of typing a tab."""
    edit = QPlainTextEdit()
    edit.setTabChangesFocus(True)
    edit.setMaximumHeight(90)
    return edit


def group(title: str, widget: Any, extra: Any = None) -> QGroupBox:
    """A titled box around ``widget`` with an optional row of buttons (a layout) below."""
    box = QGroupBox(title)
    layout = QVBoxLayout(box)
    layout.addWidget(widget)
    if extra is not None:
        layout.addLayout(extra)
    return box
