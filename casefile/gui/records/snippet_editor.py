"""The editor of a snippet: grading, date, mentions, tags, and the quote in its source context."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTextEdit,
    QToolButton,
)

from casefile.core.commands import AddToList, RemoveFromList
from casefile.core.immutable import fixed_fields
from casefile.core.model import Snippet, Source, new_id
from casefile.core.ocrlayer import OcrLayer
from casefile.gui.common.dialogs import PickerDialog
from casefile.gui.common.fields import (
    choice_combo,
    combo_field,
    credibility_choices,
    date_edit,
    line_field,
    tags_field,
    text_field,
)
from casefile.gui.common.text import one_line, plain_label
from casefile.gui.records import pdf_page
from casefile.gui.records.editor_base import LinkList, RecordEditor, group, pairs, short_text
from casefile.gui.records.ocr_page import OcrPagePanel
from casefile.gui.records.pdf_quote import PdfQuotePanel
from casefile.storage import queries

CONTEXT_CHARS = 600
FIXED_TIP = (
    "A quote stays exactly as it was taken from its source. To correct it, quote the source "
    "again (and delete this snippet if it is wrong)."
)


class SnippetEditor(RecordEditor):
    """Edits a snippet; the quote is shown highlighted inside its source text."""

    kind = "snippet"
    related = ("snippet", "entity", "source", "claim")

    def build(self) -> None:
        self.quote_edit = short_text()
        self.quote = text_field("text", self.quote_edit)
        self.add_field("&Quote", self.quote)
        self.source_link = QToolButton()
        self.source_link.setAccessibleName("Go to the source")
        self.source_link.setToolTip("Go to the source")
        self.source_link.setAutoRaise(True)
        self.source_link.setCursor(Qt.CursorShape.PointingHandCursor)
        self.source_link.clicked.connect(self._go_to_source)
        self.form.addRow(plain_label("Source"), self.source_link)
        self.location_edit = QLineEdit()
        self.add_field("&Location", line_field("location", self.location_edit))
        self.add_field(
            "&Credibility", combo_field("credibility", choice_combo(credibility_choices()))
        )
        self.add_field("&Date reported", line_field("date", date_edit(), date=True))
        self.add_field("Ta&gs", tags_field("tags", QLineEdit()))
        self.add_field("N&otes", text_field("notes", short_text()))
        self.mentions = LinkList(self.session, "People and organisations mentioned")
        self.add_mention = QPushButton("Add &mention…")
        self.remove_mention = QPushButton("Remove mention")
        self.remove_mention.setToolTip("Remove the selected people or organisations")
        self.add_mention.clicked.connect(self.pick_mentions)
        self.remove_mention.clicked.connect(self._remove_mentions)
        row = QHBoxLayout()
        row.addWidget(self.add_mention)
        row.addWidget(self.remove_mention)
        row.addStretch(1)
        self.body.addWidget(group("Mentions", self.mentions, row))
        self.context = QTextEdit()
        self.context.setReadOnly(True)
        self.context.setAcceptRichText(False)
        self.context.setAccessibleName("The quote in its source")
        self.context.setMinimumHeight(140)
        self.body.addWidget(group("In context", self.context))
        self.page_panel = OcrPagePanel("On the page (text read by OCR)", selectable=False)
        self.body.addWidget(self.page_panel)
        self.pdf_quote = PdfQuotePanel()
        self.body.addWidget(self.pdf_quote)
        self.claims = LinkList(self.session, "Claims that cite this")
        self.body.addWidget(group("Cited by claims", self.claims))

    def title(self, record: Any) -> str:
        return one_line(record.text, 160)

    def load(self, record: Any) -> None:
        assert isinstance(record, Snippet)
        quoted = bool(fixed_fields(record))  # taken from a source: evidence, never edited
        self.quote_edit.setReadOnly(quoted)
        self.location_edit.setReadOnly(quoted and bool(record.location))
        tip = FIXED_TIP if quoted else ""
        self.quote_edit.setToolTip(tip)
        self.location_edit.setToolTip(tip if record.location else "")
        source = self.session.get("source", record.source) if record.source else None
        self.source_link.setText(one_line(source.title, 80) if source else "(no source)")
        self.source_link.setEnabled(source is not None)
        self.mentions.set_links("entity", pairs(self.session, "entity", list(record.entities)))
        self.claims.set_links(
            "claim",
            pairs(self.session, "claim", self.session.query(queries.claims_citing, record.id)),
        )
        self._show_context(record, source if isinstance(source, Source) else None)
        self._show_page(record, source if isinstance(source, Source) else None)

    def _show_page(self, record: Snippet, source: Source | None) -> None:
        """The quote on its page: an OCR quote's page image with its region marked, or a
        typed PDF page with the quoted words highlighted."""
        if source is None or not source.sha256 or record.offset is None:
            self.page_panel.show_source(None, None)
            self.pdf_quote.show_quote(None, None, None)
            return
        with self.session.case.lock:
            layer = self.session.case.store.ocr_layer(source.sha256)
        words = OcrLayer.from_json(layer) if layer else None
        if words is not None and words.words_in(*record.offset):
            with self.session.case.lock:
                original = self.session.case.store.original(source.sha256)
            self.page_panel.show_source(original, layer, record.offset)
            self.pdf_quote.show_quote(None, None, None)
            return
        self.page_panel.show_source(None, None)
        pdf = source.media_type == "application/pdf" and (source.size or 0) <= pdf_page.LARGE_PDF
        if pdf:
            with self.session.case.lock:
                original = self.session.case.store.original(source.sha256)
        self.pdf_quote.show_quote(source, original if pdf else None, record.offset)

    def _show_context(self, record: Snippet, source: Source | None) -> None:
        text = source.text if source and source.text else ""
        if record.offset is None or not text:
            self.context.setPlainText(record.text)
            return
        start, end = record.offset
        begin = max(0, start - CONTEXT_CHARS)
        finish = min(len(text), end + CONTEXT_CHARS)
        before = ("…" if begin else "") + text[begin:start]
        after = text[end:finish] + ("…" if finish < len(text) else "")
        self.context.setPlainText(before + text[start:end] + after)
        cursor = QTextCursor(self.context.document())
        cursor.setPosition(_utf16_len(before))
        cursor.setPosition(_utf16_len(before + text[start:end]), QTextCursor.MoveMode.KeepAnchor)
        fmt = QTextCharFormat()
        fmt.setBackground(self.palette().highlight())
        fmt.setForeground(self.palette().highlightedText())
        selection = QTextEdit.ExtraSelection()
        selection.cursor = cursor
        selection.format = fmt
        self.context.setExtraSelections([selection])
        self.context.setTextCursor(QTextCursor(cursor.block()))
        self.context.ensureCursorVisible()

    def _go_to_source(self) -> None:
        if self.record is not None and self.record.source:
            self.session.navigate.emit("source", self.record.source)

    def pick_mentions(self) -> None:
        if self.record is None:
            return
        dialog = PickerDialog(
            self,
            "Add people or organisations mentioned",
            lambda text: self.session.query(queries.pick, "entity", text),
        )
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.chosen():
            command = AddToList(
                "snippet", self.record.id, "entities", dialog.chosen(), "Add mention"
            )
            self.session.push(command)

    def _remove_mentions(self) -> None:
        chosen = self.mentions.selected_ids()
        if self.record is not None and chosen:
            command = RemoveFromList(
                "snippet", self.record.id, "entities", chosen, "Remove mention"
            )
            self.session.push(command)


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def new_snippet() -> Snippet:
    return Snippet(new_id(), "New quote")
