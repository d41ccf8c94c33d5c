"""PDFs mixing pages with a text layer and scanned pages: only the scans are read by OCR."""

from __future__ import annotations

import io
import os

import pytest
from ocr_samples import line_image

from casefile.capture import capture_files, ocr, snippet_from_selection
from casefile.capture.pageselect import page_range
from casefile.core.ocrlayer import OcrLayer

if not ocr.available() and not os.environ.get("CI"):
    pytest.skip(
        "Tesseract OCR is not installed (apt install tesseract-ocr tesseract-ocr-script-latn "
        "tesseract-ocr-chi-sim tesseract-ocr-chi-tra tesseract-ocr-rus tesseract-ocr-ara)",
        allow_module_level=True,
    )


def mixed_pdf() -> bytes:
    """Page 1 and 3 typed (text layer), page 2 a scanned image of the Latin sample line."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(450, 120))
    pdf.drawString(20, 80, "Cover letter from the registry, page one.")
    pdf.showPage()
    pdf.drawImage(ImageReader(io.BytesIO(line_image("Latin"))), 0, 30, 450, 50)
    pdf.showPage()
    pdf.drawString(20, 80, "Closing page: certified copy.")
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def test_only_the_scanned_page_is_read_and_pages_stay_right(write, case) -> None:
    """Page 2 (a scan) is read by OCR and its words sit on page 2; pages 1 and 3 keep their
    own text; an OCR quote cites p. 2 with its region, a typed quote cites its page."""
    capture = capture_files([write("extract.pdf", mixed_pdf())], case)
    case.execute(capture.command)
    (source,) = case.store.all("source")
    text = source.text or ""
    assert len(source.pages) == 3
    one, two, three = (text[slice(*page_range(text, source.pages, n))] for n in (1, 2, 3))
    assert "Cover letter from the registry" in one
    assert "Harbour Holdings" in two
    assert "Closing page: certified copy." in three
    layer = OcrLayer.from_json(case.store.ocr_layer(source.sha256) or b"")
    assert layer is not None and {w.page for w in layer.words} == {2}
    assert layer.pages[0] == (0, 0) and layer.pages[2] == (0, 0) and layer.pages[1][0] > 0
    for word in layer.words:  # every box's word is the stored text at its offsets
        assert source.pages[1] <= word.start < word.end <= source.pages[2]
        assert text[word.start : word.end].strip() == text[word.start : word.end]
    assert "Page 2 read by OCR" in (source.notes or "")
    start = text.index("Harbour")
    quote = snippet_from_selection(
        source, start, start + len("Harbour"), ocr_layer=case.store.ocr_layer(source.sha256)
    )
    snippet = quote.parts[0].record
    assert snippet.location.startswith("p. 2, OCR region ")
    start = text.index("Closing")
    typed = snippet_from_selection(
        source, start, start + 7, ocr_layer=case.store.ocr_layer(source.sha256)
    )
    assert typed.parts[0].record.location == "p. 3"
    assert case.search("Holdings") and case.search("certified")


def test_without_ocr_the_scanned_page_is_named(write, case, monkeypatch) -> None:
    """Without Tesseract, the typed pages are kept and the note names the scanned page."""
    monkeypatch.setattr(ocr, "available", lambda: False)
    case.execute(capture_files([write("extract.pdf", mixed_pdf())], case).command)
    (source,) = case.store.all("source")
    assert "Closing page" in (source.text or "")
    assert "Page 2 without text (scanned?)" in (source.notes or "")
    assert case.store.ocr_layer(source.sha256) is None
