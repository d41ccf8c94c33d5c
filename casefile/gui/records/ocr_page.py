"""A scanned page (an image, or a PDF page) with the region of an OCR quote marked on it;
dragging a rectangle over the page chooses the words inside it."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QImageReader, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from casefile.core.model import Original
from casefile.core.ocrlayer import OcrLayer, region

Box = tuple[int, int, int, int]


def page_image(original: Original, page: int, size: tuple[int, int]) -> QImage | None:
    """Page ``page`` (1-based) of a captured image or PDF, drawn at the size OCR read it."""
    data = QByteArray(original.data)
    if original.media_type == "application/pdf":
        from PySide6.QtPdf import QPdfDocument

        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        document = QPdfDocument()
        document.load(buffer)
        if document.status() != QPdfDocument.Status.Ready or page > document.pageCount():
            return None
        image = document.render(page - 1, QSize(*size))
        document.close()
        return image if not image.isNull() else None
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    if page > 1 and not reader.jumpToImage(page - 1):
        return None
    image = reader.read()
    return image if not image.isNull() else None


class OcrPageView(QWidget):
    """Shows one page image scaled to the widget's width, with a marked region; a rectangle
    dragged over it is reported in the image's own pixels."""

    region_chosen = Signal(object)  # Box in image pixels

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.image: QImage | None = None
        self.marked: Box | None = None
        self._drag: tuple[QPoint, QPoint] | None = None
        self.setAccessibleName("Page image")
        self.setMinimumHeight(120)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setCursor(Qt.CursorShape.CrossCursor)

    def show_page(self, image: QImage | None, marked: Box | None = None) -> None:
        self.image = image
        self.marked = marked
        self._drag = None
        self.updateGeometry()
        self.update()

    def _scale(self) -> float:
        if self.image is None or self.image.width() == 0:
            return 1.0
        return max(0.05, min(1.0, self.width() / self.image.width()))

    def sizeHint(self) -> QSize:
        if self.image is None:
            return QSize(400, 120)
        return QSize(self.image.width(), int(self.image.height() * self._scale()))

    def hasHeightForWidth(self) -> bool:
        return self.image is not None

    def heightForWidth(self, width: int) -> int:
        if self.image is None or self.image.width() == 0:
            return 120
        return int(self.image.height() * min(1.0, width / self.image.width()))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            if self.image is None:
                painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No page image")
                return
            scale = self._scale()
            target = QRect(0, 0, int(self.image.width() * scale), int(self.image.height() * scale))
            painter.drawImage(target, self.image)
            if self.marked is not None:
                left, top, right, bottom = (int(v * scale) for v in self.marked)
                painter.setPen(QPen(QColor(200, 30, 30), 2))
                painter.fillRect(QRect(QPoint(left, top), QPoint(right, bottom)),
                                 QColor(255, 220, 0, 90))  # fmt: skip
                painter.drawRect(QRect(QPoint(left, top), QPoint(right, bottom)))
            if self._drag is not None:
                painter.setPen(QPen(QColor(30, 90, 200), 1, Qt.PenStyle.DashLine))
                painter.drawRect(QRect(*self._drag).normalized())
        finally:
            painter.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self.image is not None and event.button() == Qt.MouseButton.LeftButton:
            point = event.position().toPoint()
            self._drag = (point, point)
            self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag is not None:
            self._drag = (self._drag[0], event.position().toPoint())
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._drag is None or event.button() != Qt.MouseButton.LeftButton:
            return
        rect = QRect(self._drag[0], event.position().toPoint()).normalized()
        self._drag = None
        self.update()
        if rect.width() < 3 or rect.height() < 3:
            return
        scale = self._scale()
        box = (int(rect.left() / scale), int(rect.top() / scale),
               int(rect.right() / scale), int(rect.bottom() / scale))  # fmt: skip
        self.region_chosen.emit(box)


class OcrPagePanel(QGroupBox):
    """The page images of a source whose text was read by OCR: pick a page, see the region of
    a quote, drag a rectangle to choose words (``words_chosen`` gives their text range)."""

    words_chosen = Signal(int, int)  # start, end in the source's text

    def __init__(self, title: str, selectable: bool, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.layer: OcrLayer | None = None
        self.original: Original | None = None
        self.page = QSpinBox()
        self.page.setAccessibleName("Page")
        self.page.setMinimum(1)
        self.page.valueChanged.connect(lambda _: self._draw(None))
        self.view = OcrPageView()
        self.hint = QLabel("Drag a rectangle over the page to quote the words inside it."
                           if selectable else "")  # fmt: skip
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        row = QHBoxLayout()
        row.addWidget(QLabel("Page"))
        row.addWidget(self.page)
        row.addWidget(self.hint, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.view)
        if selectable:
            self.view.region_chosen.connect(self._chosen)
        else:
            self.view.setCursor(Qt.CursorShape.ArrowCursor)
            self.view.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setVisible(False)

    def show_source(
        self, original: Original | None, layer: bytes | None, quote: tuple[int, int] | None = None
    ) -> None:
        """Show the page images of ``original`` (hidden when it has no OCR layer); with
        ``quote``, the page of that text range with its region marked."""
        self.original = original
        self.layer = OcrLayer.from_json(layer) if layer else None
        if self.layer is None or original is None or not self.layer.pages:
            self.setVisible(False)
            return
        self.setVisible(True)
        found = region(self.layer.words_in(*quote)) if quote else None
        self.page.blockSignals(True)
        self.page.setMaximum(len(self.layer.pages))
        self.page.setValue(found[0] if found else 1)
        self.page.blockSignals(False)
        self._draw(found[1] if found else None)

    def has_pages(self) -> bool:
        """True when there are page images to show (an OCR'd image or scan)."""
        return self.layer is not None and self.original is not None and bool(self.layer.pages)

    def _draw(self, marked: Box | None) -> None:
        if self.layer is None or self.original is None:
            return
        number = self.page.value()
        image = page_image(self.original, number, self.layer.pages[number - 1])
        self.view.show_page(image, marked)

    def _chosen(self, box: Box) -> None:
        if self.layer is None:
            return
        words = self.layer.words_inside(self.page.value(), box)
        if words:
            self.words_chosen.emit(min(w.start for w in words), max(w.end for w in words))
        else:
            self.words_chosen.emit(-1, -1)


__all__ = ["Box", "OcrPagePanel", "OcrPageView", "page_image"]
