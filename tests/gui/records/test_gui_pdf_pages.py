"""A PDF source shows its pages (QtPdf); words selected on a page become a quote with the page
number and exact offsets into the source's stored text."""

from __future__ import annotations

import io
import re
from pathlib import Path

from gui_helpers import close, make_window
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest

from casefile.capture import capture_files

SHOTS = Path("/tmp/casefile-shots")
PAGE_TWO = ("Minutes of the board, 3 May 2024.", "The MV Aurora was sold to Harbour Holdings.",
            "Signed: Jana Kovarova, director.")  # fmt: skip


def two_page_pdf() -> bytes:
    """A PDF with a text layer on each of its two pages (page 2 says the MV Aurora line)."""
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(420, 300))
    pdf.setFont("Helvetica", 12)
    pdf.drawString(40, 250, "Registry extract, page one.")
    pdf.drawString(40, 230, "The MV Aurora was registered in Panama.")
    pdf.showPage()
    pdf.setFont("Helvetica", 12)
    for number, line in enumerate(PAGE_TWO):
        pdf.drawString(40, 250 - 20 * number, line)
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def _pdf_source(window, tmp_path: Path):
    path = tmp_path / "board-minutes.pdf"
    path.write_bytes(two_page_pdf())
    capture = capture_files([path], window.case)
    window.push(capture.command)
    return window.case.get("source", capture.sources[0])


def _drag_over(view, phrase: str) -> None:
    """Press at the first letter of ``phrase`` on the drawn page, drag to its last, release."""
    document = view.document
    text = document.getAllText(view.page).text()  # PDFium's own page text (\r\n lines)
    found = re.search(r"\s+".join(map(re.escape, phrase.split())), text)
    assert found is not None, text
    first = document.getSelectionAtIndex(view.page, found.start(), 1).boundingRectangle()
    last = document.getSelectionAtIndex(view.page, found.end() - 1, 1).boundingRectangle()
    start = view.to_widget(QPointF(first.left() + 0.5, first.center().y())).toPoint()
    end = view.to_widget(QPointF(last.right() - 0.5, last.center().y())).toPoint()
    QTest.mousePress(view, Qt.MouseButton.LeftButton, pos=start)
    QTest.mouseMove(view, QPoint((start.x() + end.x()) // 2, end.y()))
    QTest.mouseMove(view, end)
    QTest.mouseRelease(view, Qt.MouseButton.LeftButton, pos=end)


def test_words_selected_on_page_two_become_an_exact_quote(qtbot, tmp_path: Path) -> None:
    """Selecting "MV Aurora was sold" on page 2 quotes exactly the stored text at those
    offsets, located "p. 2"; one undo removes the snippet."""
    window = make_window(qtbot, tmp_path)
    assert window.open_sample()
    window.show_part(2)
    view = window.register("source")
    source = _pdf_source(window, tmp_path)
    view.select(source.id)
    panel = view.editor.pdf_panel
    assert panel.isVisibleTo(view.editor) and panel.page.maximum() == 2
    assert not view.editor.page_panel.isVisibleTo(view.editor)
    panel.page.setValue(2)
    page = panel.text_view
    assert page.document is not None and page.page == 1
    before = window.session.stack.count()
    _drag_over(page, "MV Aurora was sold")
    assert page.selection is not None and page.selection.text().split() == [
        "MV",
        "Aurora",
        "was",
        "sold",
    ]
    assert panel.quote_button.isEnabled()
    SHOTS.mkdir(exist_ok=True)
    window.resize(1300, 1000)
    qtbot.wait(100)  # the editors lay out again at the new size
    view.editor.ensureWidgetVisible(panel, 0, 50)
    window.grab().save(str(SHOTS / "pdf_page_selection.png"))
    panel.quote_button.click()
    snippet = window.case.get("snippet", window.case.store.ids("snippet")[-1])
    start, end = snippet.offset
    assert source.text[start:end] == snippet.text
    assert snippet.text.split() == ["MV", "Aurora", "was", "sold"]
    assert start >= source.pages[1] and snippet.location == "p. 2"
    assert window.session.stack.count() == before + 1
    window.navigate_to("snippet", snippet.id)
    snippets = window.register("snippet")
    qtbot.waitUntil(lambda: snippets.editor.record is not None)
    shown = snippets.editor.pdf_quote
    assert shown.isVisibleTo(snippets.editor) and shown.caption.text() == "p. 2"
    assert shown.view.selection is not None
    assert shown.view.selection.text().split() == snippet.text.split()
    assert not snippets.editor.page_panel.isVisibleTo(snippets.editor)
    window.resize(1300, 1000)
    qtbot.wait(100)  # the editors lay out again at the new size
    snippets.editor.ensureWidgetVisible(shown, 0, 50)
    window.grab().save(str(SHOTS / "pdf_quote_on_page.png"))
    window.undo_action.trigger()
    assert snippet.id not in window.case.store.ids("snippet")
    close(window)


def test_selection_across_lines_and_repeated_words_picks_the_right_place(qtbot, tmp_path) -> None:
    """A selection over a line break maps to the stored text; "The MV Aurora" on page 1 is
    quoted from page 1 (the same words are on page 2)."""
    window = make_window(qtbot, tmp_path)
    assert window.open_sample()
    window.show_part(2)
    view = window.register("source")
    source = _pdf_source(window, tmp_path)
    view.select(source.id)
    panel = view.editor.pdf_panel
    _drag_over(panel.text_view, "MV Aurora")
    QTest.keyClick(panel.text_view, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)  # fmt: skip
    first = window.case.get("snippet", window.case.store.ids("snippet")[-1])
    assert first.text == "MV Aurora" and first.location == "p. 1"
    assert first.offset[1] <= source.pages[1]
    panel.page.setValue(2)
    _drag_over(panel.text_view, "Holdings.\nSigned: Jana")
    panel.quote_button.click()
    second = window.case.get("snippet", window.case.store.ids("snippet")[-1])
    assert second.text.split() == ["Holdings.", "Signed:", "Jana"]
    assert source.text[second.offset[0] : second.offset[1]] == second.text
    assert second.location == "p. 2"
    close(window)


def test_find_selection_tolerates_spacing_and_picks_the_nearest() -> None:
    """The mapping ignores whitespace differences and joined words, and takes the nearest
    occurrence; words that are not there give None."""
    from casefile.capture.pageselect import find_selection

    page = "Aurora sold.\nThe MV  Aurora\nwas sold. MV Aurora again"
    assert find_selection(page, "MV Aurora\r\nwas", 0.3) == (17, 31)
    assert page[slice(*find_selection(page, "MV Aurora", 0.95))] == "MV Aurora"
    assert find_selection(page, "MVAurora", 0.0) == (17, 27)
    assert find_selection(page, "Rotterdam", 0.5) is None
    assert find_selection(page, "   ", 0.5) is None


def test_rectangle_on_the_scanned_page_of_a_mixed_pdf_quotes_ocr_words(qtbot, tmp_path) -> None:
    """In a PDF whose page 2 is a scan, page 2 shows the scan: a rectangle around it quotes
    the OCR words, citing p. 2 and the region; page 1 still selects typed words."""
    import sys

    import pytest

    from casefile.capture import ocr

    if not ocr.available():
        pytest.skip("Tesseract OCR is not installed (apt install tesseract-ocr)")
    sys.path.insert(0, str(Path(__file__).parents[2] / "capture"))
    from test_capture_ocr_mixed import mixed_pdf

    window = make_window(qtbot, tmp_path)
    assert window.open_sample()
    window.show_part(2)
    view = window.register("source")
    path = tmp_path / "extract.pdf"
    path.write_bytes(mixed_pdf())
    capture = capture_files([path], window.case)
    window.push(capture.command)
    view.select(capture.sources[0])
    panel = view.editor.pdf_panel
    assert panel.views.currentWidget() is panel.text_view
    panel.page.setValue(2)
    assert panel.views.currentWidget() is panel.scan_view
    scan = panel.scan_view
    assert scan.image is not None
    scale = scan._scale()
    QTest.mousePress(scan, Qt.MouseButton.LeftButton, pos=QPoint(2, 2))
    QTest.mouseMove(
        scan, QPoint(int(scan.image.width() * scale) - 2, int(scan.image.height() * scale) - 2)
    )
    QTest.mouseRelease(
        scan,
        Qt.MouseButton.LeftButton,
        pos=QPoint(int(scan.image.width() * scale) - 2, int(scan.image.height() * scale) - 2),
    )
    snippet = window.case.get("snippet", window.case.store.ids("snippet")[-1])
    source = window.case.get("source", capture.sources[0])
    assert not view.editor.page_panel.isVisibleTo(view.editor)  # one page view, not two
    assert "Harbour Holdings" in snippet.text
    assert source.text[snippet.offset[0] : snippet.offset[1]] == snippet.text
    assert snippet.location.startswith("p. 2, OCR region ")
    window.resize(1300, 1000)
    qtbot.wait(100)  # the editors lay out again at the new size
    view.editor.ensureWidgetVisible(panel, 0, 50)
    window.grab().save(str(SHOTS / "pdf_scanned_page.png"))
    close(window)


def test_a_damaged_pdf_shows_no_pages_and_no_error(qtbot, tmp_path: Path) -> None:
    """A PDF source whose stored file QtPdf cannot open shows its text, without a page view."""
    import hashlib

    from casefile.core.commands import Create
    from casefile.core.model import Original, Source, new_id

    window = make_window(qtbot, tmp_path)
    assert window.open_sample()
    window.show_part(2)
    view = window.register("source")
    data = b"%PDF-1.7 broken beyond repair"
    original = Original(hashlib.sha256(data).hexdigest(), "application/pdf", data)
    source = Source(new_id(), "broken.pdf", text="Some text", sha256=original.sha256,
                    media_type="application/pdf")  # fmt: skip
    window.push(Create(source, originals=[original]))
    view.select(source.id)
    assert not view.editor.pdf_panel.isVisibleTo(view.editor)
    assert view.editor.viewer.toPlainText() == "Some text"
    close(window)


def test_a_large_pdf_is_drawn_only_when_asked(qtbot, tmp_path: Path, monkeypatch) -> None:
    """A PDF over the size limit is not read when its source is selected: a button shows
    its pages on request, and then they can be quoted as usual."""
    from casefile.gui.records import pdf_page

    monkeypatch.setattr(pdf_page, "LARGE_PDF", 100)
    window = make_window(qtbot, tmp_path)
    assert window.open_sample()
    window.show_part(2)
    view = window.register("source")
    source = _pdf_source(window, tmp_path)
    view.select(source.id)
    panel = view.editor.pdf_panel
    assert panel.isVisibleTo(view.editor) and panel.document is None
    assert panel.load_button.isVisibleTo(panel) and not panel.views.isVisibleTo(panel)
    assert panel.load_button.text().startswith("Show the pages (")
    panel.load_button.click()
    assert panel.document is not None and panel.views.isVisibleTo(panel)
    assert not panel.load_button.isVisibleTo(panel)
    _drag_over(panel.text_view, "MV Aurora")
    panel.quote_button.click()
    snippet = window.case.get("snippet", window.case.store.ids("snippet")[-1])
    assert snippet.text == "MV Aurora" and snippet.location == "p. 1"
    close(window)
