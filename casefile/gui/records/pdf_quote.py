"""A quote from a PDF page with a text layer, shown on its page (QtPdf) with its words marked."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QGroupBox, QVBoxLayout, QWidget

from casefile.capture.pageselect import find_selection, page_range
from casefile.core.model import Original, Source
from casefile.gui.common.text import plain_label
from casefile.gui.records.pdf_page import PdfTextView


class PdfQuotePanel(QGroupBox):
    """The page a quote was taken from, its words highlighted (found again in the page as
    QtPdf reads it, nearest to where the quote sits in the page's stored text)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("On the page", parent)
        self.document: QPdfDocument | None = None
        self._buffer: QBuffer | None = None
        self.caption = plain_label("")
        self.view = PdfTextView()
        self.view.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.view.setCursor(Qt.CursorShape.ArrowCursor)
        layout = QVBoxLayout(self)
        layout.addWidget(self.caption)
        layout.addWidget(self.view)
        self.setVisible(False)

    def show_quote(self, source: Source | None, original: Original | None,
                   offset: tuple[int, int] | None) -> bool:  # fmt: skip
        """Show the quote ``offset`` of ``source`` on its page; False (hidden) when it is not
        a PDF quote that can be drawn."""
        self._close()
        text = source.text if source is not None else None
        if (source is None or original is None or offset is None or not text
                or original.media_type != "application/pdf"):  # fmt: skip
            self.setVisible(False)
            return False
        self._buffer = QBuffer()
        self._buffer.setData(QByteArray(original.data))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        document = QPdfDocument(self)
        document.load(self._buffer)
        number = max(1, sum(1 for start in source.pages if start <= offset[0]))
        if document.status() != QPdfDocument.Status.Ready or number > document.pageCount():
            document.deleteLater()
            self.setVisible(False)
            return False
        self.document = document
        first, last = page_range(text, source.pages, number)
        near = (offset[0] - first) / max(1, last - first)
        drawn = document.getAllText(number - 1).text()
        found = find_selection(drawn, text[offset[0] : offset[1]], near)
        self.view.show_page(document, number - 1)
        if found is not None:
            self.view.selection = document.getSelectionAtIndex(number - 1, found[0],
                                                                found[1] - found[0])  # fmt: skip
        self.caption.setText(f"p. {number}" + ("" if found else " (the words are not marked: "
                             "the page draws them differently)"))  # fmt: skip
        self.setVisible(True)
        return True

    def _close(self) -> None:
        self.view.show_page(None, 0)
        if self.document is not None:
            self.document.close()
            self.document.deleteLater()
            self.document = None
        if self._buffer is not None:
            self._buffer.close()
            self._buffer = None


__all__ = ["PdfQuotePanel"]
