"""A PDF source's pages, drawn by QtPdf: select words on a page to quote them with their page
and exact offsets; on a scanned page (read by OCR) drag a rectangle to quote the words inside.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPolygonF,
    QResizeEvent,
    QShortcut,
)
from PySide6.QtPdf import QPdfDocument, QPdfSelection
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from casefile.capture.limits import human_size
from casefile.capture.pageselect import find_selection, page_range
from casefile.core.model import Original, Source
from casefile.core.ocrlayer import OcrLayer
from casefile.gui.records.ocr_page import Box, OcrPageView, page_image

LARGE_PDF = 32 * 1024 * 1024  # a PDF over this is read and drawn only when the user asks
MAX_SCALE = 2.0  # a page is drawn at most twice its size in points
SHORTCUT = "Ctrl+Shift+E"


class PdfTextView(QWidget):
    """One page drawn to the widget's width; dragging selects its words (PDFium's selection),
    shown highlighted. ``selected`` is emitted with the words when the mouse is released."""

    selected = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document: QPdfDocument | None = None
        self.page = 0
        self.selection: QPdfSelection | None = None
        self._image: QImage | None = None
        self._press: QPointF | None = None
        self.setAccessibleName("PDF page")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setCursor(Qt.CursorShape.IBeamCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def show_page(self, document: QPdfDocument | None, page: int) -> None:
        """Draw page ``page`` (0-based) of ``document``; any selection is cleared."""
        self.document, self.page = document, page
        self.selection, self._image, self._press = None, None, None
        self.updateGeometry()
        self.update()

    def _points(self) -> QSize:
        if self.document is None:
            return QSize(0, 0)
        return self.document.pagePointSize(self.page).toSize()

    def scale(self) -> float:
        """Widget pixels per PDF point."""
        width = self._points().width()
        return max(0.05, min(MAX_SCALE, self.width() / width)) if width > 0 else 1.0

    def sizeHint(self) -> QSize:
        """As tall as the page drawn at the current width (the editor scrolls, the page is
        never squeezed)."""
        points = self._points()
        if not points.width():
            return QSize(400, 120)
        return QSize(points.width(), self.heightForWidth(self.width()))

    def heightForWidth(self, width: int) -> int:
        points = self._points()
        if points.width() <= 0:
            return 120
        return int(points.height() * max(0.05, min(MAX_SCALE, width / points.width())))

    def resizeEvent(self, event: QResizeEvent) -> None:
        """A new width gives the page a new height: ask the layout for it."""
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()

    def to_page(self, point: QPointF) -> QPointF:
        """A widget position in the page's points."""
        scale = self.scale()
        return QPointF(point.x() / scale, point.y() / scale)

    def to_widget(self, point: QPointF) -> QPointF:
        """A position in the page's points in widget pixels."""
        scale = self.scale()
        return QPointF(point.x() * scale, point.y() * scale)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            if self.document is None:
                painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No page")
                return
            scale = self.scale()
            points = self._points()
            size = QSize(int(points.width() * scale), int(points.height() * scale))
            if self._image is None or self._image.size() != size:
                self._image = self.document.render(self.page, size)
            painter.fillRect(QRect(0, 0, size.width(), size.height()), Qt.GlobalColor.white)
            painter.drawImage(0, 0, self._image)
            painter.setPen(QColor(160, 160, 160))
            painter.drawRect(QRect(0, 0, size.width() - 1, size.height() - 1))
            if self.selection is not None and self.selection.isValid():
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(QColor(30, 110, 230, 80))
                for polygon in self.selection.bounds():
                    corners = [self.to_widget(polygon.at(i)) for i in range(polygon.size())]
                    painter.drawPolygon(QPolygonF(corners))
        finally:
            painter.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self.document is not None and event.button() == Qt.MouseButton.LeftButton:
            self._press = event.position()
            self.selection = None
            self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._press is not None:
            self._select(event.position())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._press is None or event.button() != Qt.MouseButton.LeftButton:
            return
        self._select(event.position())
        self._press = None
        if self.selection is not None and self.selection.isValid() and self.selection.text():
            self.selected.emit(self.selection.text())

    def _select(self, point: QPointF) -> None:
        assert self._press is not None and self.document is not None
        start, end = self.to_page(self._press), self.to_page(point)
        self.selection = self.document.getSelection(self.page, start, end)
        self.update()

    def where(self) -> float:
        """Where the selection starts in the page's own text, from 0 (top) to 1 (end)."""
        if self.document is None or self.selection is None:
            return 0.0
        total = len(self.document.getAllText(self.page).text()) or 1
        return self.selection.startIndex() / total


class PdfPagePanel(QGroupBox):
    """The pages of a PDF source. ``quote_chosen(start, end)`` gives a range of the source's
    text: words selected on a page with a text layer, or OCR words inside a rectangle drawn
    over a scanned page; (-1, -1) with a reason in ``problem`` when nothing matches."""

    quote_chosen = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Pages", parent)
        self.source: Source | None = None
        self.original: Original | None = None
        self.layer: OcrLayer | None = None
        self.document: QPdfDocument | None = None
        self.problem = ""
        self._buffer: QBuffer | None = None
        self._found: tuple[int, int] | None = None
        self.page = QSpinBox()
        self.page.setAccessibleName("Page")
        self.page.setMinimum(1)
        self.page.valueChanged.connect(lambda _: self._draw())
        self.count = QLabel("")
        self.hint = QLabel("")
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        self.hint.setWordWrap(True)
        self.quote_button = QPushButton("&Quote the selected words")
        self.quote_button.setToolTip(
            f"Make a snippet of the words selected on the page ({SHORTCUT})"
        )
        self.quote_button.setEnabled(False)
        self.quote_button.setAccessibleName("Quote the words selected on the page")
        self.quote_button.clicked.connect(self.quote_selection)
        self.text_view = PdfTextView()
        self.text_view.selected.connect(self._selected)
        self.scan_view = OcrPageView()
        self.scan_view.region_chosen.connect(self._region)
        self.load_button = QPushButton("Show the pages")
        self.load_button.setAccessibleName("Show the pages of this large PDF")
        self.load_button.setVisible(False)
        self.load_button.clicked.connect(self._load_deferred)
        self._deferred: tuple[Source, Callable[[], tuple[Original | None, bytes | None]]] | None
        self._deferred = None
        self.views = QStackedWidget()
        self.views.addWidget(self.text_view)
        self.views.addWidget(self.scan_view)
        row = QHBoxLayout()
        self.page_label = QLabel("Page")
        row.addWidget(self.page_label)
        row.addWidget(self.page)
        row.addWidget(self.count)
        row.addStretch(1)
        row.addWidget(self.quote_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.load_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addLayout(row)
        layout.addWidget(self.hint)
        layout.addWidget(self.views)
        shortcut = QShortcut(QKeySequence(SHORTCUT), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.quote_selection)
        self.setVisible(False)

    def wanted(self) -> bool:
        """True when the panel has pages to show (or a large file's pages to draw on request)."""
        return self.document is not None or self._deferred is not None

    def defer(self, source: Source, size: int,
              load: Callable[[], tuple[Original | None, bytes | None]]) -> None:  # fmt: skip
        """A large PDF: its file is read and drawn only when the user asks (a button)."""
        self._close()
        self.source, self._deferred = source, (source, load)
        self.load_button.setText(f"Show the pages ({human_size(size)})")
        self.load_button.setVisible(True)
        self._set_pages_visible(False)
        self.setVisible(True)

    def _load_deferred(self) -> None:
        if self._deferred is not None:
            source, load = self._deferred
            self.show_source(source, *load())

    def _set_pages_visible(self, visible: bool) -> None:
        for widget in (self.page_label, self.page, self.count, self.quote_button, self.hint,
                       self.views):  # fmt: skip
            widget.setVisible(visible)

    def show_source(self, source: Source, original: Original | None, layer: bytes | None) -> None:
        """Show the pages of a PDF source (hidden for any other source, or when QtPdf cannot
        open the stored file)."""
        self._close()
        self._deferred = None
        self.load_button.setVisible(False)
        self._set_pages_visible(True)
        self.source, self.original = source, original
        self.layer = OcrLayer.from_json(layer) if layer else None
        if original is None or original.media_type != "application/pdf":
            self.setVisible(False)
            return
        self._buffer = QBuffer()
        self._buffer.setData(QByteArray(original.data))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        document = QPdfDocument(self)
        document.load(self._buffer)
        if document.status() != QPdfDocument.Status.Ready or document.pageCount() < 1:
            document.deleteLater()
            self.setVisible(False)
            return
        self.document = document
        self.page.blockSignals(True)
        self.page.setMaximum(document.pageCount())
        self.page.setValue(1)
        self.page.blockSignals(False)
        self.count.setText(f"of {document.pageCount():,}")
        self.setVisible(True)
        self._draw()

    def scanned(self, number: int) -> bool:
        """Was page ``number`` (1-based) read by OCR (a scan without a text layer)?"""
        layer = self.layer
        return layer is not None and any(w.page == number for w in layer.words)

    def _draw(self) -> None:
        if self.document is None or self.original is None:
            return
        number = self.page.value()
        self._found = None
        self.quote_button.setEnabled(False)
        self.quote_button.setVisible(not self.scanned(number))
        if self.scanned(number) and self.layer is not None:
            size = self.layer.pages[number - 1] if number <= len(self.layer.pages) else (0, 0)
            self.scan_view.show_page(page_image(self.original, number, size))
            self.views.setCurrentWidget(self.scan_view)
            self.hint.setText("A scanned page: drag a rectangle to quote the words OCR read.")
        else:
            self.text_view.show_page(self.document, number - 1)
            self.views.setCurrentWidget(self.text_view)
            self.hint.setText("Select words on the page to quote them.")

    def _selected(self, words: str) -> None:
        """Words selected on a text page: find them in the page's stored text."""
        source = self.source
        if source is None or not source.text:
            return
        number = self.page.value()
        first, last = page_range(source.text, source.pages, number)
        found = find_selection(source.text[first:last], words, self.text_view.where())
        self._found = (first + found[0], first + found[1]) if found else None
        self.quote_button.setEnabled(found is not None)
        self.problem = "" if found else (
            "The selected words are not in the text casefile keeps for this page (the PDF "
            "draws them differently); select them in the text box above instead."
        )  # fmt: skip
        self.hint.setText(self.problem or f"Selected on p. {number}: ready to quote.")

    def quote_selection(self) -> None:
        """Quote the words selected on a text page (the button, or Ctrl+Shift+E)."""
        if self._found is not None:
            self.quote_chosen.emit(*self._found)
        elif self.problem:
            self.quote_chosen.emit(-1, -1)

    def _region(self, box: Box) -> None:
        if self.layer is None:
            return
        words = self.layer.words_inside(self.page.value(), box)
        if words:
            self.quote_chosen.emit(min(w.start for w in words), max(w.end for w in words))
        else:
            self.problem = "No words read by OCR lie inside that rectangle."
            self.quote_chosen.emit(-1, -1)

    def _close(self) -> None:
        self.text_view.show_page(None, 0)
        if self.document is not None:
            self.document.close()
            self.document.deleteLater()
            self.document = None
        if self._buffer is not None:
            self._buffer.close()
            self._buffer = None


__all__ = ["PdfPagePanel", "PdfTextView"]
