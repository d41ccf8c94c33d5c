"""Grading a snippet where it was made: credibility, tags and a claim it weighs on, in place.

Ctrl+E on a source's selected words makes the snippet and opens this small panel beside the
words: the user stays on the source. Enter keeps what was chosen, in the same undo step as
the snippet itself; Esc leaves the snippet as made (ungraded, untagged, not linked). The last
claim and stance chosen are offered again while the case is open (one Enter to repeat them).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from casefile.core.commands import Command, Composite, Edit, LinkEvidence
from casefile.core.model import Claim, Snippet
from casefile.gui.common.fields import choice_combo, credibility_choices
from casefile.gui.common.text import one_line, plain_label

STANCE_CHOICES = [("supports", "supports"), ("refutes", "refutes"), ("context", "context only")]
NO_CLAIM = "— no claim —"
MAX_CLAIMS = 2_000  # claims offered in the list (the completer finds words in any of them)


@dataclass
class GradeMemory:
    """What the user chose last while this case is open: offered again as the default."""

    credibility: int | None = None
    claim: str | None = None
    stance: str = "supports"


class QuickGrade(QDialog):
    """The new snippet, with credibility, tags, and a claim with a stance; Enter keeps them."""

    def __init__(
        self,
        parent: QWidget,
        snippet: Snippet,
        claims: list[tuple[str, str]],
        memory: GradeMemory,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Grade the new snippet")
        self.snippet = snippet
        self.memory = memory
        layout = QVBoxLayout(self)
        where = f" ({snippet.location})" if snippet.location else ""
        self.quote = plain_label(f"“{one_line(snippet.text, 200)}”{one_line(where, 60)}", wrap=True)
        self.quote.setAccessibleName("The new snippet")
        layout.addWidget(self.quote)
        form = QFormLayout()
        self.credibility = choice_combo(credibility_choices(), self)
        self.credibility.setAccessibleName("Credibility")
        self.credibility.setCurrentIndex(max(self.credibility.findData(memory.credibility), 0))
        self.tags = QLineEdit(self)
        self.tags.setAccessibleName("Tags")
        self.tags.setPlaceholderText("comma-separated, e.g. appointment, 2025")
        self.claim = _claim_combo(self, claims, memory.claim)
        self.stance = choice_combo(STANCE_CHOICES, self)
        self.stance.setAccessibleName("Stance")
        self.stance.setCurrentIndex(max(self.stance.findData(memory.stance), 0))
        form.addRow(_label("&Credibility", self.credibility), self.credibility)
        form.addRow(_label("&Tags", self.tags), self.tags)
        form.addRow(_label("C&laim", self.claim), self.claim)
        self.match = plain_label("", wrap=True)
        self.match.setAccessibleName("Claim found")
        form.addRow("", self.match)
        self.claim.editTextChanged.connect(self._show_match)
        form.addRow(_label("&Stance", self.stance), self.stance)
        layout.addLayout(form)
        layout.addWidget(plain_label("Enter keeps these; Esc leaves the snippet as it is."))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Keep")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Leave &ungraded")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _show_match(self, _text: str) -> None:
        """Typed words find a claim anywhere in its statement: say which one it is."""
        claim = self.chosen_claim()
        index = self.claim.findData(claim) if claim else -1
        typed = self.claim.currentText().strip()
        if index >= 0:
            self.match.setText(f"→ {self.claim.itemText(index)}")
        else:
            self.match.setText("no claim has these words" if typed and typed != NO_CLAIM else "")

    def chosen_claim(self) -> str | None:
        """The claim chosen in the list, or by typing (part of) its statement."""
        text = self.claim.currentText().strip()
        if not text or text == NO_CLAIM:
            return None
        index = self.claim.findText(text, Qt.MatchFlag.MatchFixedString)
        if index < 0:
            index = self.claim.findText(text, Qt.MatchFlag.MatchContains)
        data = self.claim.itemData(index) if index >= 0 else None
        return str(data) if data else None

    def command(self) -> Command | None:
        """What Enter keeps (None when nothing was chosen); remembers the choices."""
        parts: list[Command] = []
        changes: dict[str, Any] = {}
        credibility = self.credibility.currentData()
        if credibility is not None:
            changes["credibility"] = credibility
        tags = tuple(dict.fromkeys(t.strip() for t in self.tags.text().split(",") if t.strip()))
        if tags:
            changes["tags"] = tags
        if changes:
            parts.append(Edit("snippet", self.snippet.id, changes, name="Grade snippet"))
        claim = self.chosen_claim()
        stance = str(self.stance.currentData())
        if claim is not None:
            parts.append(LinkEvidence(claim, self.snippet.id, stance))
        self.memory.credibility = credibility
        self.memory.claim, self.memory.stance = claim, stance
        return Composite("Grade snippet", parts) if parts else None


def _label(text: str, buddy: QWidget) -> Any:
    label = plain_label(text.replace("&", ""))
    label.setText(text)
    label.setBuddy(buddy)
    return label


def _claim_combo(parent: QWidget, claims: list[tuple[str, str]], current: str | None) -> QComboBox:
    combo = QComboBox(parent)
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    combo.setAccessibleName("Claim the snippet weighs on")
    combo.addItem(NO_CLAIM, None)
    for ident, statement in claims[:MAX_CLAIMS]:
        combo.addItem(one_line(statement, 120), ident)
    completer = QCompleter(combo.model(), combo)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setCompletionMode(QCompleter.CompletionMode.InlineCompletion)
    combo.setCompleter(completer)
    combo.setCurrentIndex(max(combo.findData(current), 0) if current else 0)
    return combo


def claims_of(case: Any) -> list[tuple[str, str]]:
    """(id, statement) of the case's claims, newest first."""
    with case.lock:
        ids = case.store.ids("claim")[-MAX_CLAIMS:][::-1]
        found = case.store.get_many("claim", ids)
    return [(i, found[i].statement) for i in ids if isinstance(found.get(i), Claim)]


def grade_in_place(
    parent: QWidget,
    snippet: Snippet,
    case: Any,
    memory: GradeMemory,
    push: Callable[[Command], Any],
    at: QPoint | None = None,
) -> QuickGrade:
    """Open the panel beside ``at`` (window-modal, not blocking); Enter pushes the grading."""
    dialog = QuickGrade(parent, snippet, claims_of(case), memory)

    def answered(result: int) -> None:
        if result == QDialog.DialogCode.Accepted:
            command = dialog.command()
            if command is not None:
                push(command)
        dialog.deleteLater()

    dialog.finished.connect(answered)
    if at is not None:
        dialog.move(at)
    dialog.open()
    dialog.activateWindow()
    dialog.credibility.setFocus()
    return dialog


__all__ = ["GradeMemory", "QuickGrade", "claims_of", "grade_in_place"]
