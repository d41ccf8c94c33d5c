"""The plain-text editor of a narrative section: citation drops, ``[E`` completion, case undo.

Dropping records dragged from a register (snippets, claims, people, sources) inserts their
citation tokens where they fall; typing ``[E``, ``[C``, ``[P`` or ``[S`` offers the records
of that kind. The text is plain (no rich text is ever read from a drop or a paste). Once the
text is committed to the case, Ctrl+Z and Ctrl+Shift+Z undo and redo case steps, as in
every other field; before that they take back the typing, as any text field does.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QEvent, QMimeData, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import (
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QFocusEvent,
    QKeyEvent,
    QKeySequence,
    QStandardItem,
    QStandardItemModel,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QCompleter, QPlainTextEdit, QWidget

from casefile.core.citations import KINDS_OF, LETTERS, TOKEN
from casefile.gui.brief.narrative_preview import BROKEN_COLOUR, CITE_COLOUR
from casefile.gui.common.palette import Theme
from casefile.gui.common.record_mime import IDS_TYPE, InternalIds, internal_ids

TYPED = re.compile(r"\[([ECPS])([^\[\]\n]{0,40})$")
IDENT_ROLE = Qt.ItemDataRole.UserRole + 1

Tokens = Callable[[str, Sequence[str]], str]
"""Turns dragged records (kind, ids) into the text of their citation tokens."""
Choices = Callable[[str], list[tuple[str, str]]]
"""The records of a kind offered by completion: (id, what the list shows)."""


class CitationEdit(QPlainTextEdit):
    """A section's text: drops become citations, ``[E`` completes, leaving it commits."""

    left = Signal()

    def __init__(self, case: Callable[[], Any], tokens: Tokens, choices: Choices,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self._case, self._tokens, self._choices = case, tokens, choices
        self.setAcceptDrops(True)
        self.setTabChangesFocus(True)
        self.setAccessibleName("Assessment text")
        self.setPlaceholderText(
            "Write here. Drag evidence, claims, people or sources in to cite them, or type "
            "[E to pick evidence. Markup: # heading, - list item, *emphasis*, **strong**."
        )
        self.completions = QStandardItemModel(self)
        self.completer = QCompleter(self.completions, self)
        self.completer.setWidget(self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.completer.activated[QModelIndex].connect(self._complete)  # type: ignore[index]
        self._typed_kind = ""
        self.installEventFilter(_CaseUndo(self))
        self.marks = TokenMarks(self.document(), Theme.of(self.palette()))

    # --- drops ------------------------------------------------------------------------------

    def _ours(self, mime: QMimeData) -> InternalIds | None:
        case = self._case()
        if case is None or not mime.hasFormat(IDS_TYPE):
            return None
        found = internal_ids({IDS_TYPE: bytes(mime.data(IDS_TYPE).data())}, case)
        return found if found is not None and found.kind in LETTERS else None

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._ours(event.mimeData()) is not None:
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
            return
        super().dragEnterEvent(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self._ours(event.mimeData()) is not None:
            self.setTextCursor(self.cursorForPosition(event.position().toPoint()))
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
            return
        super().dragMoveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        ids = self._ours(event.mimeData())
        if ids is None:
            super().dropEvent(event)
            return
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        cursor = self.cursorForPosition(event.position().toPoint())
        self.insert_citations(cursor, ids.kind, ids.ids)
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def insertFromMimeData(self, source: QMimeData) -> None:
        ids = self._ours(source)
        if ids is not None:  # records copied or pasted inside casefile cite them too
            self.insert_citations(self.textCursor(), ids.kind, ids.ids)
            return
        if source.hasText():
            self.textCursor().insertText(source.text())  # never rich text

    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        return source.hasText() or self._ours(source) is not None

    def insert_citations(self, cursor: QTextCursor, kind: str, ids: Sequence[str]) -> None:
        """Insert the tokens of these records at ``cursor`` (spaced from the words around)."""
        text = self._tokens(kind, ids)
        if not text:
            return
        before = self.document().characterAt(cursor.position() - 1)
        after = self.document().characterAt(cursor.position())
        if cursor.position() > 0 and before not in (" ", "\u2029", "\n", "(", "\t"):
            text = " " + text
        if after and after.isalnum():
            text += " "
        cursor.insertText(text)
        self.setTextCursor(cursor)

    # --- completion -----------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self._popup_shown() and event.key() in (
            Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape, Qt.Key.Key_Tab,
        ):  # fmt: skip
            event.ignore()  # the completer takes these
            return
        super().keyPressEvent(event)
        self._offer()

    def _offer(self) -> None:
        """Show the records of the kind typed after ``[`` (``[E``, ``[C``, ``[P``, ``[S``)."""
        cursor = self.textCursor()
        block = cursor.block().text()[: cursor.positionInBlock()]
        match = TYPED.search(block)
        if match is None:
            popup = self.completer.popup()
            if popup is not None:
                popup.hide()
            return
        letter, typed = match.group(1), match.group(2)
        if letter != self._typed_kind:
            self._fill(letter)
        self.completer.setCompletionPrefix(typed.strip())
        rect = self.cursorRect()
        rect.setWidth(min(520, self.viewport().width()))
        self.completer.complete(rect)

    def _fill(self, letter: str) -> None:
        self._typed_kind = letter
        self.completions.clear()
        for ident, shown in self._choices(KINDS_OF[letter]):
            item = QStandardItem(shown)
            item.setData(ident, IDENT_ROLE)
            item.setEditable(False)
            self.completions.appendRow(item)

    def _complete(self, index: QModelIndex) -> None:
        ident = index.data(IDENT_ROLE)
        if not ident:
            return
        cursor = self.textCursor()
        block = cursor.block().text()[: cursor.positionInBlock()]
        match = TYPED.search(block)
        if match is not None:
            cursor.movePosition(QTextCursor.MoveOperation.Left,
                                QTextCursor.MoveMode.KeepAnchor, len(match.group(0)))  # fmt: skip
        self.insert_citations(cursor, KINDS_OF[self._typed_kind], [str(ident)])

    # --- committing -----------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:  # light and dark switched
            self.marks.set_theme(Theme.of(self.palette()))

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        if not self._popup_shown():
            self.left.emit()

    def _popup_shown(self) -> bool:
        popup = self.completer.popup()
        return popup is not None and popup.isVisible()

    def forget_typing(self) -> None:
        """The text is in the case now: Ctrl+Z is the case's from here on."""
        self.document().clearUndoRedoStacks()


class TokenMarks(QSyntaxHighlighter):
    """Citation tokens in the text: blue, or red and bold when they are a gap."""

    def __init__(self, document: QTextDocument, theme: Theme) -> None:
        super().__init__(document)
        self.broken: frozenset[str] = frozenset()
        self.good = QTextCharFormat()
        self.bad = QTextCharFormat()
        self.bad.setFontWeight(700)
        self.set_theme(theme)

    def set_theme(self, theme: Theme) -> None:
        """Colours readable on the editor's palette (a dark one mirrors their lightness)."""
        self.good.setForeground(theme.colour(CITE_COLOUR))
        self.bad.setForeground(theme.colour(BROKEN_COLOUR))
        self.rehighlight()

    def show_broken(self, keys: frozenset[str]) -> None:
        if keys != self.broken:
            self.broken = keys
            self.rehighlight()

    def highlightBlock(self, text: str) -> None:
        for match in TOKEN.finditer(text):
            key = match.group(1) + match.group(2)
            style = self.bad if key in self.broken else self.good
            self.setFormat(match.start(), match.end() - match.start(), style)


class _CaseUndo(QObject):
    """Lets Undo/Redo through to the window when the editor has nothing of its own to undo."""

    def __init__(self, edit: CitationEdit) -> None:
        super().__init__(edit)
        self._edit = edit

    def eventFilter(self, watched: QObject, event: Any) -> bool:
        if event.type() == event.Type.ShortcutOverride:
            document = self._edit.document()
            if event.matches(QKeySequence.StandardKey.Undo):
                return not document.isUndoAvailable()
            if event.matches(QKeySequence.StandardKey.Redo):
                return not document.isRedoAvailable()
        return False
