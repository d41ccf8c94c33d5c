"""Quotes made in the source viewer cite their cell (sheets) or page and region (OCR)."""

from __future__ import annotations

from pathlib import Path

from gui_helpers import close, make_window
from PySide6.QtGui import QTextCursor

from casefile.core.commands import Create
from casefile.core.model import Source, new_id

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_selected_cell_words_become_a_snippet_citing_the_cell(qtbot, tmp_path: Path) -> None:
    """Selecting words of cell B12 of a sheet source makes a snippet located 'Sheet1!B12'."""
    window = make_window(qtbot, tmp_path)
    assert window.open_sample()
    window.show_part(2)
    view = window.register("source")
    text = "Sheet1!A12\tHarbour Holdings\nSheet1!B12\tJana Kovářová, director"
    source = Source(new_id(), "register.xlsx — Sheet1", text=text, media_type=XLSX)
    window.push(Create(source))
    view.select(source.id)
    viewer = view.editor.viewer
    start = text.index("Jana")
    cursor = viewer.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(start + len("Jana Kovářová"), QTextCursor.MoveMode.KeepAnchor)
    viewer.setTextCursor(cursor)
    view.editor.make_snippet.click()
    snippet = window.case.get("snippet", window.case.store.ids("snippet")[-1])
    assert snippet.text == "Jana Kovářová"
    assert snippet.location == "Sheet1!B12"
    close(window)


def test_selected_ocr_words_become_a_snippet_with_page_and_region(qtbot, tmp_path: Path) -> None:
    """Selecting words of an image's OCR text makes a snippet citing its page and region."""
    from casefile.core.model import OCR_LAYER, Original
    from casefile.core.ocrlayer import OcrLayer, Word

    window = make_window(qtbot, tmp_path)
    assert window.open_sample()
    window.show_part(2)
    view = window.register("source")
    text = "Director: Jana Kovářová"
    image = Original("ab" * 32, "image/png", b"\x89PNG fake bytes")
    words = (Word(0, 9, 1, (10, 10, 90, 30)), Word(10, 14, 1, (100, 10, 150, 30)),
             Word(15, 23, 1, (160, 12, 260, 31)))  # fmt: skip
    layer = Original(image.sha256, OCR_LAYER, OcrLayer("Tesseract", ((400, 50),), words).to_json())
    source = Source(new_id(), "scan.png", text=text, sha256=image.sha256, media_type="image/png")
    window.push(Create(source, originals=[image, layer]))
    view.select(source.id)
    cursor = view.editor.viewer.textCursor()
    cursor.setPosition(10)
    cursor.setPosition(23, QTextCursor.MoveMode.KeepAnchor)
    view.editor.viewer.setTextCursor(cursor)
    view.editor.make_snippet.click()
    snippet = window.case.get("snippet", window.case.store.ids("snippet")[-1])
    assert snippet.text == "Jana Kovářová"
    assert snippet.location == "p. 1, OCR region 100,10–260,31"
    close(window)


def test_rectangle_on_a_scanned_page_quotes_the_words_inside(qtbot, tmp_path: Path) -> None:
    """Dragging a rectangle over the page image quotes the OCR words inside it, with page and
    region; the snippet's editor then shows that page with the region marked."""
    import io

    from PIL import Image
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    from casefile.core.model import OCR_LAYER, Original
    from casefile.core.ocrlayer import OcrLayer, Word

    out = io.BytesIO()
    Image.new("L", (400, 50), 255).save(out, "PNG")
    image = Original("cd" * 32, "image/png", out.getvalue())
    text = "Director: Jana Kovářová"
    words = (Word(0, 9, 1, (10, 10, 90, 30)), Word(10, 14, 1, (100, 10, 150, 30)),
             Word(15, 23, 1, (160, 12, 260, 31)))  # fmt: skip
    layer = Original(image.sha256, OCR_LAYER, OcrLayer("Tesseract", ((400, 50),), words).to_json())
    window = make_window(qtbot, tmp_path)
    assert window.open_sample()
    window.show_part(2)
    view = window.register("source")
    source = Source(new_id(), "scan.png", text=text, sha256=image.sha256, media_type="image/png")
    window.push(Create(source, originals=[image, layer]))
    view.select(source.id)
    panel = view.editor.page_panel
    assert panel.isVisibleTo(view.editor)
    page = panel.view
    assert page.image is not None and page.image.width() == 400
    scale = page._scale()

    def at(x: int, y: int) -> QPoint:
        return QPoint(int(x * scale), int(y * scale))

    QTest.mousePress(page, Qt.MouseButton.LeftButton, pos=at(95, 5))
    QTest.mouseMove(page, at(270, 40))
    QTest.mouseRelease(page, Qt.MouseButton.LeftButton, pos=at(270, 40))
    snippet = window.case.get("snippet", window.case.store.ids("snippet")[-1])
    assert snippet.text == "Jana Kovářová"
    assert snippet.offset == (10, 23)
    assert snippet.location == "p. 1, OCR region 100,10–260,31"
    snippets = window.register("snippet")
    snippets.select(snippet.id)
    shown = snippets.editor.page_panel
    assert shown.isVisibleTo(snippets.editor)
    assert shown.view.marked == (100, 10, 260, 31)
    close(window)


def test_scanned_pdf_page_is_drawn_at_the_size_ocr_read_it(qtbot) -> None:
    """A PDF page is drawn (QtPdf) at the pixel size its OCR words refer to."""
    import io

    from reportlab.pdfgen import canvas

    from casefile.core.model import Original
    from casefile.gui.records.ocr_page import page_image

    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(400, 200))
    pdf.rect(20, 20, 100, 50, fill=1)
    pdf.showPage()
    pdf.save()
    image = page_image(Original("ef" * 32, "application/pdf", out.getvalue()), 1, (2000, 1000))
    assert image is not None and (image.width(), image.height()) == (2000, 1000)
    assert page_image(Original("ef" * 32, "application/pdf", b"%PDF-broken"), 1, (10, 10)) is None


def test_image_without_text_says_how_to_turn_on_ocr(qtbot, tmp_path: Path, monkeypatch) -> None:
    """Without Tesseract, an image source's empty text box says how to enable OCR."""
    from casefile.capture import ocr

    monkeypatch.setattr(ocr, "available", lambda: False)
    window = make_window(qtbot, tmp_path)
    assert window.open_sample()
    window.show_part(2)
    view = window.register("source")
    source = Source(new_id(), "photo.jpg", media_type="image/jpeg")
    window.push(Create(source))
    view.select(source.id)
    hint = view.editor.viewer.placeholderText()
    assert "install the system's tesseract-ocr packages" in hint
    close(window)
