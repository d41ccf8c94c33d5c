"""Editable fields bound to one record field; typing coalesces into one undoable edit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QKeySequence, QValidator
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget

from casefile.core import dates, grading
from casefile.core.errors import CaseError
from casefile.gui.common.choices import set_choices

TYPING_PAUSE_MS = 400


class PartialDateValidator(QValidator):
    """Accepts what can still become ``2025``, ``2025-04`` or ``2025-04-17`` as you type."""

    def validate(self, text: str, pos: int) -> Any:
        if not dates.is_partial_prefix(text):
            return (QValidator.State.Invalid, text, pos)
        try:
            dates.normalise_partial(text)
        except CaseError:
            return (QValidator.State.Intermediate, text, pos)
        return (QValidator.State.Acceptable, text, pos)


def date_edit(parent: QWidget | None = None) -> QLineEdit:
    """A line edit for a partial date that refuses impossible characters as you type."""
    edit = QLineEdit(parent)
    edit.setValidator(PartialDateValidator(edit))
    edit.setPlaceholderText("YYYY, YYYY-MM or YYYY-MM-DD")
    edit.setMaxLength(10)
    return edit


def choice_combo(choices: list[tuple[Any, str]], parent: QWidget | None = None) -> QComboBox:
    """A combo of (value, text) pairs; each item's tooltip repeats its meaning."""
    combo = QComboBox(parent)
    for value, text in choices:
        combo.addItem(text, value)
        combo.setItemData(combo.count() - 1, text, 3)  # ToolTipRole: our own plain words
    return combo


def refill_choices(combo: QComboBox, anything: str, choices: list[tuple[Any, str]]) -> None:
    """Replace a filter's (value, text) choices after ``anything`` (value None), keeping the
    current choice when it is still offered; no change signal is emitted."""
    current = combo.currentData()
    combo.blockSignals(True)
    set_choices(combo, [(None, anything), *choices])
    combo.setCurrentIndex(max(combo.findData(current), 0) if current is not None else 0)
    combo.blockSignals(False)


def reliability_choices() -> list[tuple[Any, str]]:
    return [(None, "— not graded —")] + [(k, f"{k} – {v}") for k, v in grading.RELIABILITY.items()]


def credibility_choices() -> list[tuple[Any, str]]:
    return [(None, "— not graded —")] + [(k, f"{k} – {v}") for k, v in grading.CREDIBILITY.items()]


def likelihood_choices() -> list[tuple[Any, str]]:
    return [(None, "— not assessed —")] + [
        (word, f"{word} ({grading.likelihood_band(word)})") for word in grading.LIKELIHOOD
    ]


def status_choices() -> list[tuple[Any, str]]:
    meanings = {
        "unverified": "not yet weighed against evidence",
        "supported": "the evidence bears it out",
        "disputed": "evidence points both ways",
        "refuted": "the evidence contradicts it",
    }
    return [(s, f"{s} – {meanings[s]}") for s in grading.STATUSES]


class Field(QObject):
    """Binds a widget to a record field. ``edited`` carries (field, value, final) to commit.

    ``final`` is True when the user leaves the field: the next typing starts a new undo step.
    """

    edited = Signal(str, object, bool)

    def __init__(
        self,
        name: str,
        widget: QWidget,
        read: Callable[[], Any],
        write: Callable[[Any], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.name, self.widget, self._read, self._write = name, widget, read, write
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(TYPING_PAUSE_MS)
        self._timer.timeout.connect(lambda: self.flush(False))
        self._loading = False

    def typed(self) -> None:
        if not self._loading:
            self._timer.start()

    def chosen(self) -> None:
        if not self._loading:
            self.flush(True)

    def flush(self, final: bool) -> None:
        """Commit what the user typed now (``final`` ends the typing session)."""
        self._timer.stop()
        if self._loading:
            return
        try:
            value = self._read()
        except CaseError as err:
            if final:
                self.edited.emit(self.name, Invalid(str(err)), True)
            return
        self.edited.emit(self.name, value, final)

    @property
    def pending(self) -> bool:
        return self._timer.isActive()

    def load(self, value: Any) -> None:
        """Show the stored value, unless the user is in the middle of typing in this field."""
        if self.pending:
            return
        self._loading = True
        try:
            self._write(value)
        finally:
            self._loading = False


class Invalid:
    """A value the user left in an invalid state, with the reason (the field is reset)."""

    def __init__(self, reason: str) -> None:
        self.reason = reason


def is_invalid(value: Any) -> bool:
    return isinstance(value, Invalid)


def line_field(name: str, edit: QLineEdit, required: bool = False, date: bool = False) -> Field:
    def read() -> Any:
        text = edit.text()
        if date:
            return dates.normalise_partial(text)
        if required:
            return text
        return text if text.strip() else None

    def write(value: Any) -> None:
        text = "" if value is None else str(value)
        if edit.text() != text:
            edit.setText(text)

    field = Field(name, edit, read, write, edit)
    edit.textEdited.connect(field.typed)
    commit_line(edit, field)
    if date:  # an unfinished date ends no editing (the validator holds it back): catch leaving
        _on_focus_out(edit, lambda: field.flush(True))
    return field


def text_field(name: str, edit: QPlainTextEdit) -> Field:
    def read() -> Any:
        text = edit.toPlainText()
        return text if text.strip() else None

    def write(value: Any) -> None:
        text = "" if value is None else str(value)
        if edit.toPlainText() != text:
            edit.setPlainText(text)

    field = Field(name, edit, read, write, edit)
    edit.textChanged.connect(field.typed)
    _on_focus_out(edit, lambda: field.flush(True))
    return field


def combo_field(name: str, combo: QComboBox) -> Field:
    def write(value: Any) -> None:
        index = combo.findData(value)
        combo.setCurrentIndex(max(0, index))

    field = Field(name, combo, combo.currentData, write, combo)
    combo.activated.connect(lambda _i: field.chosen())
    return field


def tags_field(name: str, edit: QLineEdit) -> Field:
    """Comma-separated words edited as a tuple of tags."""

    def read() -> Any:
        return tuple(dict.fromkeys(t.strip() for t in edit.text().split(",") if t.strip()))

    def write(value: Any) -> None:
        text = ", ".join(value or ())
        if edit.text() != text:
            edit.setText(text)

    field = Field(name, edit, read, write, edit)
    edit.textEdited.connect(field.typed)
    commit_line(edit, field)
    return field


def commit_line(edit: QLineEdit, field: Field) -> None:
    """Enter (or leaving) commits the line as one case step; after that Ctrl+Z and Ctrl+Shift+Z
    undo and redo case steps, not the line's own typing (which would save it as a new change)."""

    def commit() -> None:
        field.flush(True)
        position = edit.cursorPosition()
        edit.setText(edit.text())  # forgets the line's own undo history: it is in the case now
        edit.setCursorPosition(position)

    edit.editingFinished.connect(commit)
    edit.installEventFilter(_CaseUndo(edit))


class _CaseUndo(QObject):
    """Lets Undo/Redo through to the window when the line has nothing of its own to undo."""

    def __init__(self, edit: QLineEdit) -> None:
        super().__init__(edit)
        self._edit = edit

    def eventFilter(self, watched: QObject, event: Any) -> bool:
        if event.type() == event.Type.ShortcutOverride:
            if event.matches(QKeySequence.StandardKey.Undo):
                return not self._edit.isUndoAvailable()
            if event.matches(QKeySequence.StandardKey.Redo):
                return not self._edit.isRedoAvailable()
        return False


class _FocusOut(QObject):
    def __init__(self, target: QWidget, callback: Callable[[], None]) -> None:
        super().__init__(target)
        self._callback = callback

    def eventFilter(self, watched: QObject, event: Any) -> bool:
        if event.type() == event.Type.FocusOut:
            self._callback()
        return False


def _on_focus_out(widget: QWidget, callback: Callable[[], None]) -> None:
    widget.installEventFilter(_FocusOut(widget, callback))
