"""Asking which occurrence was quoted, when dropped words occur more than once in a source."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from casefile.capture.anchor import OccurrenceNeeded
from casefile.core.model import Source
from casefile.gui.common.text import plain_label

AROUND = 60  # characters of context shown on each side


def in_context(text: str, start: int, length: int) -> str:
    """One line: the words in »guillemets« with the text around them (plain text)."""
    before = " ".join(text[max(0, start - AROUND) : start].split())
    words = " ".join(text[start : start + length].split())
    after = " ".join(text[start + length : start + length + AROUND].split())
    lead = "…" if start > AROUND else ""
    tail = "…" if start + length + AROUND < len(text) else ""
    return f"{lead}{before} »{words}« {after}{tail}"


class OccurrencePicker(QDialog):
    """Lists each occurrence of the words in its context; the user picks the one quoted."""

    def __init__(self, parent: QWidget | None, source: Source, words: str,
                 starts: tuple[int, ...]) -> None:  # fmt: skip
        super().__init__(parent)
        self.setWindowTitle("Which occurrence did you quote?")
        self.starts = starts
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(
            f"These words occur {len(starts)} times in “{source.title}”. Choose the place "
            "you took them from, so the quote points at the right passage."
        ))  # fmt: skip
        self.list = QListWidget()
        self.list.setAccessibleName("Occurrences of the words in the source")
        self.list.setWordWrap(True)
        text = source.text or ""
        for number, start in enumerate(starts, 1):
            line = f"{number}. (character {start:,}) {in_context(text, start, len(words))}"
            self.list.addItem(QListWidgetItem(line))
        self.list.setCurrentRow(0)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        self.resize(640, 320)

    def chosen(self) -> int | None:
        row = self.list.currentRow()
        return self.starts[row] if 0 <= row < len(self.starts) else None


def pick_occurrence(parent: QWidget, case: Any, words: str, need: OccurrenceNeeded) -> int | None:
    """Ask where the words were taken; their start offset, or None when dismissed."""
    source = case.get("source", need.source_id)
    if not isinstance(source, Source):
        return None
    dialog = OccurrencePicker(parent, source, words, need.starts)
    try:
        return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()


__all__ = ["OccurrencePicker", "in_context", "pick_occurrence"]
