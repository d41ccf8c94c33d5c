"""The Assessment: the analyst's sections, written with live citations, previewed, with gaps.

Every change is a core command pushed through the session (one undo step per editing
burst: the text is committed when the analyst pauses, leaves the editor, or switches
section). Broken citations and claims re-graded since they were cited are listed under the
editor as they appear — a deleted snippet's citation shows up at once, and undoing the
deletion takes it off the list again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from casefile.core import citations, narrative
from casefile.core.citations import CitationGap, citation_gaps, known_citations
from casefile.core.commands import Command, Composite, DeleteRecords, describe
from casefile.core.model import Citation, Kind, Record, Section, new_id
from casefile.gui.brief.narrative_editor import CitationEdit
from casefile.gui.brief.narrative_preview import Mark, to_html
from casefile.gui.common.palette import Theme
from casefile.gui.common.session import Session
from casefile.gui.common.text import tooltip

IDLE_MS = 2000
"""A pause in typing this long ends an editing burst (one undo step)."""
OFFERED = 300
"""Records of a kind offered by completion besides those already cited (the newest)."""
PREVIEW_MS = 250
"""The preview and the gaps list follow the typing this much later (typing stays smooth)."""
GAP_ROLE = Qt.ItemDataRole.UserRole + 1
WATCHED: frozenset[str] = frozenset({"section", "snippet", "claim", "entity", "source"})

AskText = Callable[[str, str], str | None]


class NarrativePanel(QWidget):
    """Sections, the editor of the chosen one, its preview and the citation gaps."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.ask_title: AskText = self._ask_title
        self.sections: list[Section] = []
        self.unsaved: list[Section] = narrative.defaults()
        self.current = ""
        self.pending: dict[str, Citation] = {}
        self.dirty = False
        self._quiet = False
        self._stale = True
        self._shown_text = ""
        self._build()
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(IDLE_MS)
        self.timer.timeout.connect(self.flush)
        self.later = QTimer(self)  # the preview and gaps follow typing a moment later
        self.later.setSingleShot(True)
        self.later.setInterval(PREVIEW_MS)
        self.later.timeout.connect(self.refresh)
        session.changed.connect(self._on_change)
        self.reload()

    # --- layout ----------------------------------------------------------------------------

    def _build(self) -> None:
        self.chooser = QComboBox(self)
        self.chooser.setAccessibleName("Section of the assessment")
        self.chooser.activated.connect(lambda row: self.show_section(self._ids()[row]))
        buttons = QHBoxLayout()
        buttons.addWidget(self.chooser, 1)
        for text, tip, slot in (
            ("Add", "Add a section at the end", self.add_section),
            ("Rename", "Rename this section", self.rename_section),
            ("Delete", "Delete this section (Undo brings it back)", self.delete_section),
            ("↑", "Move this section up", lambda: self.move_section(-1)),
            ("↓", "Move this section down", lambda: self.move_section(1)),
        ):
            button = QPushButton(text, self)
            button.setToolTip(tip)
            button.setAccessibleName(tip)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        self.editor = CitationEdit(lambda: self.session.case, self.tokens, self.choices, self)
        self.editor.textChanged.connect(self._typed)
        self.editor.left.connect(self.flush)
        self.preview = QTextBrowser(self)
        self.preview.setOpenLinks(False)
        self.preview.setOpenExternalLinks(False)
        self.preview.setAccessibleName("Preview of the section")
        self.gaps = QListWidget(self)
        self.gaps.setAccessibleName("Citation gaps")
        self.gaps.setWordWrap(True)
        self.gaps.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.gaps.itemDoubleClicked.connect(self._show_gap)
        self.gaps.currentItemChanged.connect(lambda *_: self._gap_chosen())
        self.review = QPushButton("Mark as reviewed", self)
        self.review.setToolTip("The sentence was checked against the claim's new status")
        self.review.setEnabled(False)
        self.review.clicked.connect(self.review_gap)
        self.gap_title = QLabel("Citation gaps", self)
        lower = QWidget(self)
        box = QVBoxLayout(lower)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.gap_title)
        box.addWidget(self.gaps)
        box.addWidget(self.review, 0, Qt.AlignmentFlag.AlignRight)
        split = QSplitter(Qt.Orientation.Vertical, self)
        for part in (self.editor, self.preview, lower):
            split.addWidget(part)
        split.setSizes([320, 200, 120])
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(split, 1)

    # --- reading the case --------------------------------------------------------------------

    def _all(self) -> list[Section]:
        return self.sections or self.unsaved

    def _ids(self) -> list[str]:
        return [s.id for s in self._all()]

    def section(self, ident: str | None = None) -> Section | None:
        wanted = ident or self.current
        return next((s for s in self._all() if s.id == wanted), None)

    def reload(self) -> None:
        """Read the sections again and show the current one (or the first)."""
        case = self.session.case
        with case.lock:
            stored = [r for r in case.store.all("section") if isinstance(r, Section)]
        self.sections = narrative.ordered(stored)
        if self.sections:
            self.unsaved = []
        elif not self.unsaved:
            self.unsaved = narrative.defaults()
        self._quiet = True
        self.chooser.clear()
        self.chooser.addItems([s.title for s in self._all()])
        self._quiet = False
        if self.section() is None:
            self.current = self._all()[0].id
        self.chooser.setCurrentIndex(self._ids().index(self.current))
        if not self.dirty:
            self._show_text(self.section())
        self.refresh()

    def _show_text(self, section: Section | None) -> None:
        body = section.body if section is not None else ""
        self._shown_text = body
        if self.editor.toPlainText() == body:
            return
        cursor = self.editor.textCursor().position()
        self._quiet = True
        self.editor.setPlainText(body)
        self._quiet = False
        moved = self.editor.textCursor()
        moved.setPosition(min(cursor, len(body)))
        self.editor.setTextCursor(moved)
        self.editor.forget_typing()

    def show_section(self, ident: str) -> None:
        """Commit what is typed and edit another section."""
        self.flush()
        self.current = ident
        self.chooser.setCurrentIndex(self._ids().index(ident))
        self._show_text(self.section())
        self.refresh()

    def _on_change(self, change: Any) -> None:
        kinds = {rc.kind for rc in change.records} | change.bulk_kinds()
        if not WATCHED & kinds:
            return
        if "section" in kinds:
            self.reload()
        else:
            self.refresh()

    # --- writing -------------------------------------------------------------------------------

    def _typed(self) -> None:
        if self._quiet or self.editor.toPlainText() == self._shown_text:
            return  # not typing: the highlighter or a reload touched the document
        self.dirty = True
        self.timer.start()
        self.later.start()

    def written(self) -> Section | None:
        """The current section as the editor holds it (its citations included)."""
        section = self.section()
        if section is None:
            return None
        known = {**known_citations(self._all()), **self.pending}
        return citations.with_body(section, self.editor.toPlainText(), known)

    def flush(self) -> None:
        """Commit the text being typed as one undoable step."""
        self.timer.stop()
        if not self.dirty:
            return
        self.dirty = False
        section = self.section()
        written = self.written()
        if section is None or (self.sections and written == section):
            return  # typed and taken back: nothing to store
        known = {**known_citations(self._all()), **self.pending}
        body = self.editor.toPlainText()
        command: Command = narrative.WriteSection(section.id, body, known)
        if not self.sections:
            command = Composite(f"Write {section.title}", [self._start(), command])
        if self.session.push(command) is not None:
            self.pending.clear()
            self._shown_text = body
            self.editor.forget_typing()

    def _start(self) -> Command:
        """The command that stores the sections a new assessment starts with."""
        return narrative.AddSection(self.unsaved)

    def tokens(self, kind: str, ids: Sequence[str]) -> str:
        """Citation tokens for dragged or chosen records (new keys kept until committed)."""
        out = []
        for ident in ids:
            record = self.session.get(kind, ident)  # type: ignore[arg-type]
            if record is None:
                continue
            known = {**known_citations(self._all()), **self.pending}
            cited = citations.cite(record, known)
            self.pending.setdefault(cited.key, cited)
            out.append(citations.token(cited.key))
        return " ".join(out)

    def choices(self, kind: str) -> list[tuple[str, str]]:
        """What completion offers for a kind: cited records first, then the newest others."""
        case = self.session.case
        known = {**known_citations(self._all()), **self.pending}
        keys = {c.target: key for key, c in known.items() if c.kind == kind}
        with case.lock:
            ids = case.store.ids(kind)
            wanted = list(keys) + [i for i in reversed(ids[-OFFERED:]) if i not in keys]
            found = case.store.get_many(kind, wanted)
        letter = citations.LETTERS[kind]  # type: ignore[index]
        return [
            (ident, f"{keys.get(ident, letter + ' new')}  {describe(found[ident], 90)}")
            for ident in wanted
            if ident in found
        ]

    # --- sections --------------------------------------------------------------------------------

    def _push(self, command: Command) -> None:
        self.flush()
        if not self.sections:
            command = Composite(command.name, [self._start(), command])
        self.session.push(command)

    def add_section(self) -> None:
        title = self.ask_title("Add section", "New section")
        if title:
            position = max((s.position for s in self._all()), default=-1) + 1
            added = Section(new_id(), title, "", position)
            self._push(narrative.AddSection([added]))
            self.show_section(added.id)

    def rename_section(self) -> None:
        section = self.section()
        title = self.ask_title("Rename section", section.title) if section else None
        if section is not None and title:
            self._push(narrative.RenameSection(section.id, title))

    def delete_section(self) -> None:
        self.flush()
        if self.sections and self.section() is not None:
            self.session.push(DeleteRecords("section", [self.current]))

    def move_section(self, offset: int) -> None:
        order = narrative.moved(self._all(), self.current, offset)
        if order is not None:
            self._push(narrative.ReorderSections(order))

    def _ask_title(self, caption: str, current: str) -> str | None:
        text, ok = QInputDialog.getText(self, caption, "Title of the section:", text=current)
        return text.strip() if ok and text.strip() else None

    # --- gaps and preview ----------------------------------------------------------------------

    def current_gaps(self) -> list[CitationGap]:
        """Every broken or out-of-date citation, the current section as it is typed."""
        written = self.written()
        sections = [written if s.id == self.current and written else s for s in self._all()]
        return citation_gaps(sections, self._lookup)

    def _lookup(self, kind: Kind, ident: str) -> Record | None:
        found: Record | None = self.session.get(kind, ident)
        return found

    def showEvent(self, event: QShowEvent) -> None:
        if self._stale:
            self.refresh()
        super().showEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "preview"):
            self.refresh()  # the preview's colours follow light and dark

    def refresh(self) -> None:
        """Recompute the gaps list and the preview (when next shown, if hidden now)."""
        self._stale = not self.isVisible()
        if self._stale:
            return
        found = self.current_gaps()
        self.gaps.clear()
        for gap in found:
            item = QListWidgetItem(gap.message)
            item.setToolTip(tooltip(gap.message))  # escaped: Qt reads tooltips as rich text
            item.setData(GAP_ROLE, (gap.section, gap.key, gap.problem))
            self.gaps.addItem(item)
        self.gap_title.setText(f"Citation gaps ({len(found)})" if found else "No citation gaps")
        self._gap_chosen()
        mine = {g.key: g for g in found if g.section == self.current}
        self.editor.marks.show_broken(frozenset(mine))
        marks = {}
        for key in citations.keys_in(self.editor.toPlainText()):
            found_gap = mine.get(key)
            words = {"missing": "deleted", "unknown": "unknown", "status": "re-graded"}
            extra = f": {words[found_gap.problem]}" if found_gap is not None else ""
            marks[key] = Mark(f"[{key}{extra}]", found_gap is not None)
        theme = Theme.of(self.palette())  # the preview's own is set after this changes
        self.preview.setHtml(to_html(self.editor.toPlainText(), marks, theme))

    def gap_lines(self) -> list[str]:
        """The gaps as listed (for tests and screen readers)."""
        return [self.gaps.item(i).text() for i in range(self.gaps.count())]

    def _gap_chosen(self) -> None:
        item = self.gaps.currentItem()
        data = item.data(GAP_ROLE) if item is not None else None
        self.review.setEnabled(bool(data) and data[2] == "status")

    def review_gap(self) -> None:
        item = self.gaps.currentItem()
        if item is not None:
            section, key, _problem = item.data(GAP_ROLE)
            self._push(narrative.ReviewCitation(section, key))

    def _show_gap(self, item: QListWidgetItem) -> None:
        section, key, _problem = item.data(GAP_ROLE)
        if section != self.current:
            self.show_section(section)
        found = self.editor.document().find(citations.token(key))
        if not found.isNull():
            self.editor.setTextCursor(found)
        self.editor.setFocus()


__all__ = ["NarrativePanel"]
