"""Small, quick-to-dismiss questions a drop may ask: the stance, and the source of words."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QMenu,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from casefile.capture import Dropped, SourceChoice
from casefile.core.model import Source
from casefile.gui.common.text import one_line, plain_label

STANCES = (("supports", "&Supports the claim"), ("refutes", "&Refutes the claim"),
           ("context", "&Context only"))  # fmt: skip
RECENT_SOURCES = 300


@dataclass
class DropMemory:
    """The last answers while a case is open: offered as the default of the next question."""

    stance: str | None = None
    source: str | None = None


def stance_menu(parent: QWidget, global_pos: QPoint, default: str | None = None) -> str | None:
    """Ask at the drop point how the evidence weighs on the claim; None when dismissed.
    The ``default`` stance (the last answer) is highlighted: Enter takes it."""
    menu = stance_choices(parent, default)
    chosen = menu.exec(global_pos, menu.activeAction())
    menu.deleteLater()
    return str(chosen.data()) if chosen is not None else None


def stance_choices(parent: QWidget, default: str | None = None) -> QMenu:
    """The stance menu, with ``default`` as its active (highlighted) item."""
    menu = QMenu(parent)
    menu.setToolTipsVisible(False)
    menu.setAccessibleName("Stance")
    for stance, text in STANCES:
        action = menu.addAction(text)
        action.setData(stance)
        if stance == default:
            menu.setActiveAction(action)
    return menu


class SourcePicker(QDialog):
    """Which source do these words come from? An existing one, or a new one with a title."""

    def __init__(
        self,
        parent: QWidget | None,
        sources: list[tuple[str, str]],
        words: str,
        default: str | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle("Where are these words from?")
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(f"“{one_line(words, 160)}”", wrap=True))
        self.new_button = QRadioButton("A &new source titled:")
        self.title = QLineEdit(self)
        self.title.setAccessibleName("Title of the new source")
        self.title.setPlaceholderText("e.g. Phone call with the harbour master")
        self.existing_button = QRadioButton("An &existing source:")
        self.sources = QComboBox(self)
        self.sources.setAccessibleName("Existing source")
        for ident, title in sources:
            self.sources.addItem(one_line(title, 100), ident)
        group = QButtonGroup(self)
        group.addButton(self.new_button)
        group.addButton(self.existing_button)
        self.new_button.setChecked(True)
        self.existing_button.setEnabled(bool(sources))
        self.sources.setEnabled(bool(sources))
        self.sources.activated.connect(lambda _i: self.existing_button.setChecked(True))
        self.title.textEdited.connect(lambda _t: self.new_button.setChecked(True))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        for widget in (self.new_button, self.title, self.existing_button, self.sources, buttons):
            layout.addWidget(widget)
        self.title.setFocus(Qt.FocusReason.OtherFocusReason)
        last = self.sources.findData(default) if default else -1
        if last >= 0:  # the last answer is offered: Enter takes it
            self.sources.setCurrentIndex(last)
            self.existing_button.setChecked(True)
            self.sources.setFocus(Qt.FocusReason.OtherFocusReason)

    def choice(self) -> SourceChoice:
        if self.existing_button.isChecked() and self.sources.currentIndex() >= 0:
            return SourceChoice(existing=str(self.sources.currentData()))
        return SourceChoice(new_title=self.title.text().strip() or None)


def pick_source(
    parent: QWidget, case: Any, dropped: Dropped, default: str | None = None
) -> SourceChoice | None:
    """Ask where words with no page address come from; None when the user dismisses it.
    The ``default`` source (the last answer) is chosen already: Enter takes it."""
    dialog = SourcePicker(parent, recent_sources(case), dropped.text or "", default)
    try:
        return dialog.choice() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()


def recent_sources(case: Any, limit: int = RECENT_SOURCES) -> list[tuple[str, str]]:
    """The most recently added sources, newest first, as (id, title)."""
    with case.lock:
        ids = case.store.ids("source")[-limit:][::-1]
        found = case.store.get_many("source", ids)
    return [(i, found[i].title) for i in ids if isinstance(found.get(i), Source)]


__all__ = [
    "STANCES",
    "DropMemory",
    "SourcePicker",
    "pick_source",
    "recent_sources",
    "stance_choices",
    "stance_menu",
]
