"""Confirming the details a captured file proposed about itself (title, author, date…).

After a drop the new source holds what its file proposed; this dialog shows each proposal
marked as such, with where it was found, for the user to check. Enter keeps them (with any
correction), Esc discards them: the source is then known by its file name only. Either answer
joins the capture's own undo step, so one Undo still takes the whole drop back.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from casefile.capture.plan import Proposed
from casefile.capture.proposals import FIELDS
from casefile.core import grading
from casefile.core.commands import Command, Composite, Edit
from casefile.core.model import Source
from casefile.gui.common.text import one_line, plain_label

LABELS = {"title": "&Title", "kind": "&Kind", "author": "&Author", "publisher": "&Publisher",
          "published": "Pu&blished", "url": "&URL"}  # fmt: skip
SHOWN = 20  # files shown in one dialog; the others keep their proposals (status message)
Editor = QLineEdit | QComboBox


class ProposedDetails(QDialog):
    """The proposals of the files of one drop, editable; Enter keeps, Esc discards."""

    def __init__(self, parent: QWidget | None, items: Sequence[tuple[Proposed, Source]]):
        super().__init__(parent)
        self.setWindowTitle("Details found in the file" if len(items) == 1 else
                            "Details found in the files")  # fmt: skip
        self.items = list(items)[:SHOWN]
        self.editors: list[dict[str, Editor]] = []
        layout = QVBoxLayout(self)
        layout.addWidget(
            plain_label(
                "These details were read from the file and are only proposed: check them. "
                "Enter keeps them (as corrected here); Esc discards them.",
                wrap=True,
            )
        )
        box = QWidget()
        inner = QVBoxLayout(box)
        for proposed, source in self.items:
            inner.addWidget(self._group(proposed, source))
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(box)
        layout.addWidget(scroll)
        buttons = QDialogButtonBox(self)
        self.keep = buttons.addButton("&Use these details", QDialogButtonBox.ButtonRole.AcceptRole)
        self.discard = buttons.addButton("&Discard them", QDialogButtonBox.ButtonRole.RejectRole)
        self.keep.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(620, min(720, 220 + 230 * len(self.items)))

    def _group(self, proposed: Proposed, source: Source) -> QGroupBox:
        group = QGroupBox(one_line(proposed.file_name, 80))
        form = QFormLayout(group)
        editors: dict[str, Editor] = {}
        for name, value in proposed.proposal.values().items():
            editor = _editor(name, str(getattr(source, name) or value))
            editor.setAccessibleName(f"Proposed {name}")
            label = plain_label(LABELS[name].replace("&", "") + " (proposed)")
            label.setBuddy(editor)
            form.addRow(label, editor)
            form.addRow("", plain_label(f"from {proposed.proposal.origin(name)}", wrap=True))
            editors[name] = editor
        self.editors.append(editors)
        return group

    def focus_first(self) -> None:
        """Bring the dialog forward with the first proposal in focus (Enter keeps them all)."""
        self.activateWindow()
        first = next(iter(self.editors[0].values()), None) if self.editors else None
        (first or self.keep).setFocus()

    def kept(self) -> list[Command]:
        """The edits that keep the proposals as corrected here (none when nothing changed)."""
        commands: list[Command] = []
        for (_proposed, source), editors in zip(self.items, self.editors, strict=True):
            changes = {
                name: value
                for name, editor in editors.items()
                if (value := _value(editor)) != getattr(source, name)
            }
            if changes:
                commands.append(Edit("source", source.id, changes, name="Correct proposed details"))
        return commands

    def discarded(self) -> list[Command]:
        """The edits that take every proposal back: the source keeps its file name only."""
        commands: list[Command] = []
        for proposed, source in self.items:
            bare: dict[str, Any] = {}
            for name in proposed.proposal.values():
                bare[name] = {"title": proposed.file_name, "kind": "file"}.get(name)
            changes = {n: v for n, v in bare.items() if v != getattr(source, n)}
            if changes:
                commands.append(Edit("source", source.id, changes, name="Discard proposed details"))
        return commands


def _editor(name: str, value: str) -> Editor:
    if name == "kind":
        combo = QComboBox()
        combo.addItems(list(grading.SOURCE_KINDS))
        combo.setCurrentText(value)
        return combo
    edit = QLineEdit(value)
    edit.setCursorPosition(0)
    return edit


def _value(editor: Editor) -> str | None:
    text = editor.currentText() if isinstance(editor, QComboBox) else editor.text()
    return " ".join(text.split()) or None


def confirm_proposals(
    parent: QWidget,
    items: Sequence[tuple[Proposed, Source]],
    push: Callable[[Command], Any],
) -> ProposedDetails:
    """Open the dialog (window-modal, not blocking); its answer is pushed with ``push``."""
    dialog = ProposedDetails(parent, items)

    def answered(result: int) -> None:
        accepted = result == QDialog.DialogCode.Accepted
        commands = dialog.kept() if accepted else dialog.discarded()
        if commands:
            name = "Keep proposed details" if accepted else "Discard proposed details"
            push(commands[0] if len(commands) == 1 else Composite(name, commands))
        dialog.deleteLater()

    dialog.finished.connect(answered)
    dialog.open()
    dialog.focus_first()
    return dialog


__all__ = ["FIELDS", "ProposedDetails", "confirm_proposals"]
