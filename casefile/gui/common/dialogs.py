"""Small dialogs: plain-word errors, delete confirmation, progress, and record pickers."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from casefile.core.commands import NOUNS
from casefile.core.errors import CaseError
from casefile.core.model import Kind
from casefile.gui.common.background import BackgroundOp
from casefile.gui.common.text import one_line, plain_label, tooltip

T = TypeVar("T")


def message_box(parent: QWidget | None, title: str, text: str) -> QMessageBox:
    box = QMessageBox(parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setWindowTitle(title)
    box.setText(text)
    return box


def show_error(parent: QWidget | None, message: str, title: str = "casefile") -> None:
    """Tell the user what went wrong, in plain words (the text is never markup)."""
    box = message_box(parent, title, message)
    box.setIcon(QMessageBox.Icon.Warning)
    box.exec()


def impact_text(noun: str, impact: dict[Kind, int]) -> str:
    parts = [f"{n} {NOUNS[k][0] if n == 1 else NOUNS[k][1]}" for k, n in impact.items() if n]
    quotes = impact.get("snippet", 0)
    if quotes and (noun == NOUNS["source"][0] or noun.endswith(" " + NOUNS["source"][1])):
        return _source_impact(noun, quotes, impact)
    return (
        f"Delete {noun}?\n\nThis also changes what refers to it: {', '.join(parts)}. "
        "The references are removed; you can undo this."
    )


def _source_impact(noun: str, quotes: int, impact: dict[Kind, int]) -> str:
    """A quote never loses its source: the snippets taken from it are deleted with it."""
    where = "it" if noun == NOUNS["source"][0] else "them"
    if quotes == 1:
        them = f"The snippet quoted from {where} is"
    else:
        them = f"The {quotes} snippets quoted from {where} are"
    others = [
        f"{n} {NOUNS[k][0] if n == 1 else NOUNS[k][1]}"
        for k, n in impact.items()
        if n and k != "snippet"
    ]
    links = f" They are taken out of the evidence of {', '.join(others)}." if others else ""
    return f"Delete {noun}?\n\n{them} deleted with {where}.{links} You can undo this."


def confirm_delete(parent: QWidget | None, noun: str, impact: dict[Kind, int]) -> bool:
    """Ask before deleting something others refer to; say what will be affected."""
    if not any(impact.values()):
        return True
    box = message_box(parent, "Delete", impact_text(noun, impact))
    box.setIcon(QMessageBox.Icon.Question)
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.button(QMessageBox.StandardButton.Yes).setText("&Delete")
    return bool(box.exec() == QMessageBox.StandardButton.Yes)


def run_with_progress(
    parent: QWidget | None,
    label: str,
    work: Callable[[], T],
    meanwhile: Callable[[], None] | None = None,
) -> T:
    """Run ``work`` off the GUI thread while a progress dialog keeps the window responsive.

    ``meanwhile`` runs on the GUI thread while the work goes on. Errors raised by ``work``
    are raised again here.
    """
    op = BackgroundOp(parent, label, lambda _op: work(), cancellable=False, show_after_ms=150)
    op.start()
    if meanwhile is not None:
        meanwhile()
    return op.value()


class PickerDialog(QDialog):
    """Choose records of one kind by typing part of their name, title or quote."""

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        search: Callable[[str], list[tuple[str, str]]],
        extra: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self._search = search
        layout = QVBoxLayout(self)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Type to find…")
        self.filter.setAccessibleName("Find")
        self.filter.setClearButtonEnabled(True)
        self.list = QListWidget(self)
        self.list.setAccessibleName("Choices")
        self.list.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        layout.addWidget(plain_label(title))
        layout.addWidget(self.filter)
        layout.addWidget(self.list)
        if extra is not None:
            layout.addWidget(extra)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.filter.textChanged.connect(self._refresh)
        self.list.itemActivated.connect(lambda _i: self.accept())
        self.resize(520, 420)
        self._refresh("")

    def _refresh(self, text: str) -> None:
        self.list.clear()
        for ident, label in self._search(text):
            item = QListWidgetItem(one_line(label, 140))
            item.setData(Qt.ItemDataRole.UserRole, ident)
            item.setToolTip(tooltip(label))
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)

    def chosen(self) -> list[str]:
        return [item.data(Qt.ItemDataRole.UserRole) for item in self.list.selectedItems()]


def wrap_errors(parent: QWidget | None, action: Callable[[], T]) -> T | None:
    """Run ``action``; show a ``CaseError`` in a dialog and return None instead of raising."""
    try:
        return action()
    except CaseError as err:
        show_error(parent, str(err))
        return None
