"""The editor of a source: metadata, the read-only extracted text and making snippets from it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from casefile.capture import ocr
from casefile.capture.locations import location_of
from casefile.core import dates, grading
from casefile.core.commands import Create
from casefile.core.model import Original, Snippet, Source, new_id
from casefile.gui.common.fields import (
    Field,
    choice_combo,
    combo_field,
    commit_line,
    line_field,
    reliability_choices,
    text_field,
)
from casefile.gui.common.text import one_line, plain_label, tooltip
from casefile.gui.records import pdf_page
from casefile.gui.records.editor_base import LinkList, RecordEditor, group, pairs, short_text
from casefile.gui.records.ocr_page import OcrPagePanel
from casefile.gui.records.pdf_page import PdfPagePanel
from casefile.gui.records.quick_grade import GradeMemory, QuickGrade, grade_in_place
from casefile.gui.records.source_original import OriginalActions
from casefile.storage import queries

SNIPPET_SHORTCUT = "Ctrl+E"


class SourceEditor(RecordEditor):
    """Edits a source's metadata; selected text in the viewer becomes a snippet."""

    kind = "source"
    related = ("snippet", "source")

    def build(self) -> None:
        self.add_field("T&itle", line_field("title", QLineEdit(), required=True))
        kinds = [(k, k) for k in grading.SOURCE_KINDS]
        self.add_field("&Kind", combo_field("kind", choice_combo(kinds)))
        self.add_field("&URL", line_field("url", QLineEdit()))
        self.add_field("&Author", line_field("author", QLineEdit()))
        self.add_field("&Publisher", line_field("publisher", QLineEdit()))
        self.add_field("Pu&blished", line_field("published", _date(), date=True))
        self.add_field("&Retrieved (UTC)", _timestamp_field("retrieved", QLineEdit()))
        self.add_field(
            "Re&liability", combo_field("reliability", choice_combo(reliability_choices()))
        )
        self.add_field("N&otes", text_field("notes", short_text()))
        self.file_info = plain_label("", wrap=True)
        self.file_info.setAccessibleName("Captured file")
        self.originals = OriginalActions(self, self.session)
        self.save_original = QPushButton("&Save a copy…")
        self.save_original.setToolTip("Save a copy of the captured file")
        self.save_original.clicked.connect(lambda: self._with_source(self.originals.save))
        self.open_original = QPushButton("Open a cop&y…")
        self.open_original.setToolTip(
            "Open a read-only copy of the captured file with its usual program"
        )
        self.open_original.clicked.connect(lambda: self._with_source(self.originals.open))
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_original)
        buttons.addWidget(self.open_original)
        buttons.addStretch(1)
        file_box = QVBoxLayout()
        file_box.addWidget(self.file_info)
        file_box.addLayout(buttons)
        self.form.addRow(plain_label("Captured file"), file_box)
        self.viewer = QPlainTextEdit()
        self.viewer.setReadOnly(True)
        self.viewer.setTextInteractionFlags(  # a caret: select the words with Shift+arrows too
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.viewer.setAccessibleName("Source text")
        self.viewer.setMinimumHeight(220)
        self.make_snippet = QPushButton("&Make snippet from selection")
        self.make_snippet.setToolTip(f"Turn the selected text into a snippet ({SNIPPET_SHORTCUT})")
        self.make_snippet.clicked.connect(lambda: self.snippet_from_selection(grade=True))
        shortcut = QShortcut(QKeySequence(SNIPPET_SHORTCUT), self.viewer)
        shortcut.activated.connect(lambda: self.snippet_from_selection(grade=True))
        self.grade_memory = GradeMemory()
        self.grading: QuickGrade | None = None  # the last in-place grading panel
        self.viewer.selectionChanged.connect(self._update_button)
        row = QHBoxLayout()
        row.addWidget(self.make_snippet)
        row.addStretch(1)
        self.body.addWidget(group("Text", self.viewer, row))
        self.page_panel = OcrPagePanel("Page images (text read by OCR)", selectable=True)
        self.page_panel.words_chosen.connect(self._quote_words)
        self.body.addWidget(self.page_panel)
        self.pdf_panel = PdfPagePanel()
        self.pdf_panel.quote_chosen.connect(self._quote_page)
        self.body.addWidget(self.pdf_panel)
        self.snippets = LinkList(self.session, "Snippets from this source")
        self.body.addWidget(group("Snippets from this source", self.snippets))

    def title(self, record: Any) -> str:
        return str(record.title)

    def load(self, record: Any) -> None:
        assert isinstance(record, Source)
        parts = [p for p in (record.file_name, record.media_type) if p]
        if record.size is not None:
            parts.append(f"{record.size:,} bytes")
        if record.sha256:
            parts.append(f"SHA-256 {record.sha256[:16]}…")
        self.file_info.setText(" · ".join(parts) or "none (metadata only)")
        self.file_info.setToolTip(tooltip(f"SHA-256 {record.sha256}") if record.sha256 else "")
        for button in (self.save_original, self.open_original):
            button.setEnabled(bool(record.sha256))
        text = record.text or ""
        if getattr(self, "_shown", None) != (record.id, text):
            self.viewer.setPlainText(text)
            self.viewer.setPlaceholderText(_no_text(record))
            self._shown = (record.id, text)
        ids = self.session.query(queries.snippets_of_source, record.id)
        self.snippets.set_links("snippet", pairs(self.session, "snippet", ids))
        self._update_button()
        self.pdf_panel.source = record
        if getattr(self, "_paged", None) != (record.id, record.sha256):
            self._paged = (record.id, record.sha256)
            self._show_pages(record)
        self.page_panel.setVisible(self.page_panel.has_pages())  # shown again with the record
        self.pdf_panel.setVisible(self.pdf_panel.wanted())

    def _show_pages(self, record: Source) -> None:
        """The page view that fits: a PDF's pages, an OCR'd image's pages, or none."""
        if _large_pdf(record):  # read (and drawn) when asked, not on every selection
            self.page_panel.show_source(None, None)
            self.pdf_panel.defer(record, record.size or 0, lambda: self._original_and_layer(record))
            return
        original, layer = self._original_and_layer(record)
        if original is not None and original.media_type == "application/pdf":
            self.page_panel.show_source(None, None)
            self.pdf_panel.show_source(record, original, layer)
        else:
            self.pdf_panel.show_source(record, None, None)
            self.page_panel.show_source(original if layer else None, layer)

    def _original_and_layer(self, record: Source) -> tuple[Original | None, bytes | None]:
        """The stored original of a PDF or an OCR'd image, and its OCR layer (if any)."""
        layer = self._ocr_layer()
        pdf = record.media_type == "application/pdf"
        if not record.sha256 or (layer is None and not pdf):
            return None, None
        with self.session.case.lock:
            original: Original | None = self.session.case.store.original(record.sha256)
        return original, layer

    def _quote_page(self, start: int, end: int) -> None:
        """Words chosen on a drawn PDF page (selected, or inside a rectangle on a scan)."""
        if start < 0:
            self.session.show_error(self.pdf_panel.problem)
            return
        self._push_snippet(start, end)

    def _quote_words(self, start: int, end: int) -> None:
        """A rectangle drawn over a scanned page: quote the OCR words inside it."""
        if start < 0:
            self.session.show_error("No words read by OCR lie inside that rectangle.")
            return
        self._push_snippet(start, end)

    def _with_source(self, action: Any) -> None:
        if isinstance(self.record, Source):
            action(self.record)

    def _update_button(self) -> None:
        self.make_snippet.setEnabled(self.viewer.textCursor().hasSelection())

    def selection_offsets(self) -> tuple[int, int] | None:
        """The selection as [start, end) character offsets into the source's text."""
        if not isinstance(self.record, Source) or not self.record.text:
            return None
        cursor = self.viewer.textCursor()
        if not cursor.hasSelection():
            return None
        return to_offsets(self.record.text, self.viewer.toPlainText(), cursor)

    def snippet_from_selection(self, grade: bool = False) -> Snippet | None:
        """Create a snippet of the selected text that keeps its exact offsets; with ``grade``
        (Ctrl+E, the button) say so and open the in-place grading beside the words."""
        offsets = self.selection_offsets()
        if offsets is None or not isinstance(self.record, Source):
            return None
        snippet = self._push_snippet(*offsets)
        if snippet is not None and grade:
            self._grade(snippet)
        return snippet

    def _grade(self, snippet: Snippet) -> None:
        """Tell what was made and open the grading panel beside the selection; what it keeps
        joins the snippet's own undo step (the user stays on the source)."""
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(made_message(snippet), 15_000)
        corner = self.viewer.cursorRect().bottomRight() + QPoint(12, 12)
        self.grading = grade_in_place(
            self, snippet, self.session.case, self.grade_memory,
            lambda command: self.session.push(command, ("snippet", snippet.id)),
            self.viewer.viewport().mapToGlobal(corner),
        )  # fmt: skip

    def _push_snippet(self, start: int, end: int) -> Snippet | None:
        if not isinstance(self.record, Source):
            return None
        text = self.record.text or ""
        snippet = Snippet(
            id=new_id(),
            text=text[start:end],
            source=self.record.id,
            location=location_of(self.record, start, end, self._ocr_layer()),
            offset=(start, end),
            captured=dates.utc_now(),
        )
        if self.session.push(Create(snippet), ("snippet", snippet.id)) is None:
            return None
        return snippet

    def _ocr_layer(self) -> bytes | None:
        """The OCR words kept beside this source's original (None for other sources)."""
        if not isinstance(self.record, Source) or not self.record.sha256:
            return None
        with self.session.case.lock:
            layer: bytes | None = self.session.case.store.ocr_layer(self.record.sha256)
        return layer


def made_message(snippet: Snippet) -> str:
    """The status line after Ctrl+E: what was made, and where to grade it."""
    where = f" ({snippet.location})" if snippet.location else ""
    return (
        f"Snippet made: “{one_line(snippet.text, 60)}”{one_line(where, 40)}. Grade it in the "
        "panel: Enter keeps, Esc leaves it ungraded; Ctrl+Z takes it back."
    )


def _large_pdf(record: Source) -> bool:
    return record.media_type == "application/pdf" and (record.size or 0) > pdf_page.LARGE_PDF


def _no_text(source: Source) -> str:
    """What the empty text box says: for an image or a scan, how to get its words."""
    if source.text is not None:
        return ""
    scan = (source.media_type or "").startswith("image/") or source.media_type == "application/pdf"
    if not scan:
        return "This source has no text to quote."
    if ocr.available():
        return (
            "No words were read from this file (OCR found none, or it was added before OCR was on)."
        )
    return f"No text: {ocr.ENABLE_OCR}"


def to_offsets(text: str, shown: str, cursor: Any) -> tuple[int, int] | None:
    """Map a Qt selection (UTF-16 positions in the shown text) to offsets in ``text``."""
    start = _code_points(shown, cursor.selectionStart())
    end = _code_points(shown, cursor.selectionEnd())
    if shown == text and start < end:
        return start, end
    wanted = cursor.selectedText().replace("\u2029", "\n").replace("\u2028", "\n")
    candidates = []
    at = text.find(wanted)
    while at != -1 and wanted:
        candidates.append(at)
        at = text.find(wanted, at + 1)
    if not candidates:
        return None
    best = min(candidates, key=lambda c: abs(c - start))
    return best, best + len(wanted)


def _code_points(text: str, utf16_position: int) -> int:
    encoded = text.encode("utf-16-le", "surrogatepass")[: 2 * utf16_position]
    return len(encoded.decode("utf-16-le", "ignore"))


def _date() -> QLineEdit:
    from casefile.gui.common.fields import date_edit

    return date_edit()


def _timestamp_field(name: str, edit: QLineEdit) -> Field:
    edit.setPlaceholderText("2025-04-17T09:30:00Z")

    def read() -> Any:
        return dates.normalise_timestamp(edit.text())

    def write(value: Any) -> None:
        if edit.text() != (value or ""):
            edit.setText(value or "")

    field = Field(name, edit, read, write, edit)
    commit_line(edit, field)
    return field


__all__ = ["SourceEditor", "new_source"]


def new_source() -> Source:
    return Source(new_id(), "New source")
