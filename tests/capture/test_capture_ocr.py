"""OCR of images and scans: words found by search, quotes keep page and region, originals kept."""

from __future__ import annotations

import hashlib
import io
import os
import struct
import zlib

import pytest
from budget import assert_refused, capture_in_child
from ocr_samples import LINES, line_image

from casefile.capture import capture_files, ocr, snippet_from_selection
from casefile.core.ocrlayer import OcrLayer

if not ocr.available() and not os.environ.get("CI"):
    pytest.skip(
        "Tesseract OCR is not installed (apt install tesseract-ocr tesseract-ocr-script-latn "
        "tesseract-ocr-chi-sim tesseract-ocr-chi-tra tesseract-ocr-rus tesseract-ocr-ara)",
        allow_module_level=True,
    )


def _squash(text: str | None) -> str:
    return "".join((text or "").split())


SEARCHED = {
    "Latin": "Holdings",
    "Chinese (simplified)": "稀土",
    "Chinese (traditional)": "董事長",
    "Russian": "подписал",
    "Arabic": "الشركة",
}


@pytest.mark.parametrize("script", sorted(LINES))
def test_words_in_each_script_are_read_and_found(write, case, script: str) -> None:
    """A line drawn in Latin, Chinese (both), Russian or Arabic is read back as written and
    its words are found by search."""
    path = write("line.png", line_image(script))
    case.execute(capture_files([path], case).command)
    (source,) = case.store.all("source")
    assert _squash(source.text) == _squash(LINES[script][1])
    assert source.media_type == "image/png"
    assert [h.kind for h in case.search(SEARCHED[script])] == ["source"]


def test_screenshot_is_searchable_and_quote_keeps_page_and_region(write, case) -> None:
    """An image's words are found by search; its original and hash are unchanged; a quote of
    one word cites page 1 and the region of the image it covers."""
    data = line_image("Latin")
    capture = capture_files([write("screenshot.png", data)], case)
    case.execute(capture.command)
    (source,) = case.store.all("source")
    assert source.sha256 == hashlib.sha256(data).hexdigest()
    assert case.store.original(source.sha256).data == data
    assert "OCR" in (source.notes or "")
    assert [h.kind for h in case.search("Harbour")] == ["source"]
    raw = case.store.ocr_layer(source.sha256)
    layer = OcrLayer.from_json(raw)
    assert layer is not None and layer.pages == ((900, 100),)
    text = source.text or ""
    start = text.index("Holdings")
    quote = snippet_from_selection(source, start, start + len("Holdings"), ocr_layer=raw)
    case.execute(quote.command)
    snippet = case.get("snippet", quote.snippets[0])
    assert snippet.text == "Holdings"
    assert snippet.location is not None and snippet.location.startswith("p. 1, OCR region ")
    left, top, right, bottom = layer.words_in(start, start + 8)[0].box
    assert 100 < left < right < 450 and 10 < top < bottom < 90  # the second word of the line


def test_multipage_tiff_keeps_pages(write, case) -> None:
    """A two-page TIFF gives both pages' words; a quote from page 2 says p. 2."""
    from PIL import Image

    first = Image.open(io.BytesIO(line_image("Latin")))
    second = Image.open(io.BytesIO(line_image("Russian")))
    out = io.BytesIO()
    first.save(out, "TIFF", save_all=True, append_images=[second])
    case.execute(capture_files([write("scan.tiff", out.getvalue())], case).command)
    (source,) = case.store.all("source")
    assert len(source.pages) == 2
    text = source.text or ""
    start = text.index("Директор")
    quote = snippet_from_selection(
        source, start, start + 8, ocr_layer=case.store.ocr_layer(source.sha256)
    )
    assert case.get(
        "snippet", case.execute(quote.command) and quote.snippets[0]
    ).location.startswith("p. 2, OCR region")


def test_scanned_pdf_is_read_page_by_page(write, case) -> None:
    """A PDF made only of a scanned image has its words read by OCR, on page 1."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=(450, 80))
    page.drawImage(ImageReader(io.BytesIO(line_image("Latin"))), 0, 0, 450, 50)
    page.showPage()
    page.save()
    data = out.getvalue()
    case.execute(capture_files([write("scan.pdf", data)], case).command)
    (source,) = case.store.all("source")
    assert "Harbour Holdings" in (source.text or "")
    assert source.sha256 == hashlib.sha256(data).hexdigest()
    assert case.store.ocr_layer(source.sha256) is not None


def test_without_ocr_images_stay_attachments_and_say_how(write, case, monkeypatch) -> None:
    """Without Tesseract an image is stored without text, with a note on enabling OCR."""
    monkeypatch.setattr(ocr, "available", lambda: False)
    capture = capture_files([write("photo.jpg", line_image("Latin", "JPEG"))], case)
    case.execute(capture.command)
    (source,) = case.store.all("source")
    assert source.text is None
    assert "tesseract-ocr-script-latn" in (source.notes or "")
    assert any("Tesseract" in m for m in capture.messages)


def _png_header(width: int, height: int) -> bytes:
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    chunk = b"IHDR" + header
    ihdr = struct.pack(">I", len(header)) + chunk + struct.pack(">I", zlib.crc32(chunk))
    idat = zlib.compress(b"\0" * 1000)
    body = b"IDAT" + idat
    chunk_idat = struct.pack(">I", len(idat)) + body + struct.pack(">I", zlib.crc32(body))
    return b"\x89PNG\r\n\x1a\n" + ihdr + chunk_idat + b"\0\0\0\0IEND\xaeB`\x82"


def test_pixel_bomb_is_refused(write) -> None:
    """A small PNG claiming 100,000 × 100,000 pixels is refused before it is decoded."""
    outcome = capture_in_child(write("bomb.png", _png_header(100_000, 100_000)))
    assert_refused(outcome, r"bomb\.png claims to be larger than .* bomb")


def test_large_real_image_is_kept_without_text(write, case) -> None:
    """A 60-megapixel image is stored as an attachment, saying it is too large for OCR."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("1", (10_000, 6_000), 1).save(out, "PNG")
    capture = capture_files([write("huge.png", out.getvalue())], case)
    case.execute(capture.command)
    (source,) = case.store.all("source")
    assert source.text is None
    assert "10,000 × 6,000 pixels" in (source.notes or "")


def test_tiff_with_too_many_pages_is_kept_without_text(write, case) -> None:
    """A TIFF of 150 pages is stored with its original, without text, naming the OCR limit."""
    from PIL import Image

    pages = [Image.new("L", (20, 20), 255) for _ in range(150)]
    out = io.BytesIO()
    pages[0].save(out, "TIFF", save_all=True, append_images=pages[1:])
    case.execute(capture_files([write("many.tif", out.getvalue())], case).command)
    (source,) = case.store.all("source")
    assert source.text is None and source.sha256 == hashlib.sha256(out.getvalue()).hexdigest()
    assert case.store.original(source.sha256).data == out.getvalue()  # type: ignore[union-attr]
    assert "it has 150 pages, and casefile reads up to 100 pages with OCR" in (source.notes or "")


def test_scan_of_more_pages_than_ocr_reads_is_kept_without_text(write, case) -> None:
    """A scanned PDF of 101 pages is stored (original and note), not refused, and not read."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=(450, 80))
    drawn = ImageReader(io.BytesIO(line_image("Latin")))
    for _ in range(101):
        page.drawImage(drawn, 0, 0, 450, 50)
        page.showPage()
    page.save()
    capture = capture_files([write("court.pdf", out.getvalue())], case)
    case.execute(capture.command)
    (source,) = case.store.all("source")
    assert source.text is None and source.sha256 == hashlib.sha256(out.getvalue()).hexdigest()
    assert case.store.original(source.sha256).data == out.getvalue()  # type: ignore[union-attr]
    assert "a scan of 101 pages, and casefile reads up to 100 pages" in (source.notes or "")
    assert case.store.ocr_layer(source.sha256) is None
