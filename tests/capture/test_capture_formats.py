"""Every file format capture reads: text encodings, HTML, PDF, e-mail, Word, images."""

from __future__ import annotations

import hashlib

import pytest
from capture_samples import PAGES, PNG, make_docx, make_eml, make_pdf

from casefile.capture import CaptureError, read_file
from casefile.capture.formats import NO_TEXT_LAYER, PASSWORD_NOTE


def test_utf8_text_file_keeps_words_and_original(write) -> None:
    """A UTF-8 .txt file becomes exactly its text; the original bytes and hash are kept."""
    data = "Witness: «Él dijo» — 稀土 line\r\nsecond\n".encode()
    item = read_file(write("note.txt", data))
    assert item.content.text == data.decode("utf-8")
    assert item.original.data == data
    assert item.sha256 == hashlib.sha256(data).hexdigest()
    assert item.original.media_type == "text/plain"
    assert item.size == len(data)


@pytest.mark.parametrize(
    ("name", "encoded", "words"),
    [
        ("bom16.txt", "Hello Zoë 稀土".encode("utf-16"), "Hello Zoë 稀土"),
        ("bom8.md", "\ufeff# Título".encode(), "# Título"),
        ("win.txt", "name,city\nJosé,Málaga café crème 5€\n".encode("cp1252"), None),
        ("ru.log", "Привет, как дела? Это тест файла журнала.".encode("cp1251"), None),
    ],
)
def test_text_encodings_are_detected(write, name: str, encoded: bytes, words: str | None) -> None:
    """UTF-16 with BOM, UTF-8 with BOM, Windows-1252 and Cyrillic files read as written."""
    item = read_file(write(name, encoded))
    expected = words
    if expected is None:
        expected = encoded.decode("cp1252" if name == "win.txt" else "cp1251")
    assert item.content.text == expected
    assert item.original.data == encoded


def test_binary_file_named_txt_is_refused(write) -> None:
    """A binary file named .txt is refused with a message naming it, not stored as gibberish."""
    with pytest.raises(CaptureError, match=r"photo\.txt .*binary"):
        read_file(write("photo.txt", PNG * 20))


def test_html_file_gives_text_title_and_canonical_url(write) -> None:
    """A saved page yields its readable text, title and canonical URL; scripts are dropped."""
    page = (
        "<html><head><title>Port &amp; Harbour News</title>"
        '<link rel="canonical" href="https://news.example/port"><style>p{color:red}</style>'
        "<script>alert('x')</script></head><body><h1>Ship seized</h1>"
        "<p>The <b>MV Aurora</b> was held&nbsp;on Monday.</p><p>Crew: 12 &lt;all safe&gt;</p>"
        "</body></html>"
    )
    item = read_file(write("page.html", page))
    assert item.content.title == "Port & Harbour News"
    assert item.content.url == "https://news.example/port"
    assert item.content.text == (
        "Ship seized\n\nThe MV Aurora was held\xa0on Monday.\n\nCrew: 12 <all safe>"
    )
    assert item.original.media_type == "text/html"


def test_pdf_text_per_page_with_page_offsets(write) -> None:
    """A PDF's text is kept page by page, with the offset where each page starts."""
    item = read_file(write("report.pdf", make_pdf(PAGES, title="Harbour report")))
    text = item.content.text
    assert text is not None
    assert item.content.title == "Harbour report"
    assert len(item.content.pages) == 3
    for start, words in zip(item.content.pages, PAGES, strict=True):
        assert text[start:].startswith(words)
    assert item.original.media_type == "application/pdf"


def test_pdf_without_text_layer_is_stored_and_says_so(write) -> None:
    """A scanned PDF (no text layer) is still taken, with a note saying it has no text."""
    item = read_file(write("scan.pdf", make_pdf(["", ""])))
    assert item.content.text is None
    assert (item.content.note or "").startswith(NO_TEXT_LAYER)  # then what OCR found, if on


def test_password_protected_pdf_is_stored_with_a_note(write) -> None:
    """A PDF that needs a password is kept as it is, with a note that its text is unread."""
    data = make_pdf(PAGES, encrypt="s3cret")
    item = read_file(write("locked.pdf", data))
    assert item.content.text is None and item.original.data == data
    assert item.content.note == PASSWORD_NOTE


def test_broken_pdf_is_refused_clearly(write) -> None:
    """A truncated or fake PDF gets a 'damaged' message, not a traceback."""
    truncated = make_pdf(PAGES)[:200]
    with pytest.raises(CaptureError, match=r"cut\.pdf is damaged"):
        read_file(write("cut.pdf", truncated))


def test_eml_headers_body_and_attachments(write) -> None:
    """An e-mail gives from/to/date/subject, its body, and lists its attachments."""
    item = read_file(write("mail.eml", make_eml()))
    text = item.content.text or ""
    assert "From: Ana Díaz <ana@example.org>" in text
    assert "To: desk@example.org" in text
    assert "Subject: Shipment from Rotterdam" in text
    assert "The shipment left Rotterdam on 14 April." in text
    assert "- manifest.pdf (application/pdf, 13 bytes)" in text
    assert item.content.title == "Shipment from Rotterdam"
    assert item.content.published == "2025-04-17"
    assert item.original.media_type == "message/rfc822"


def test_docx_paragraphs_and_tables(write) -> None:
    """A Word document's paragraphs and table cells become its text, in order."""
    item = read_file(write("minutes.docx", make_docx()))
    assert item.content.text == (
        "Minutes of the board meeting.\nMr Smith resigned as director.\nName\tRole"
    )
    assert item.content.title == "Board minutes"


def test_broken_docx_is_refused_clearly(write) -> None:
    """A file named .docx that is not a Word document gets a clear message."""
    with pytest.raises(CaptureError, match=r"fake\.docx is damaged"):
        read_file(write("fake.docx", b"PK\x03\x04 not really a zip"))


def test_image_is_an_attachment_without_text(write) -> None:
    """An image is kept as an attachment with its hash and media type, and no text."""
    item = read_file(write("pixel.png", PNG))
    assert item.content.text is None
    assert item.original.media_type == "image/png"
    assert item.sha256 == hashlib.sha256(PNG).hexdigest()


def test_unknown_file_is_an_attachment(write) -> None:
    """A file of unknown kind is kept as bytes with a generic media type."""
    item = read_file(write("blob.xyz123", b"\x01\x02\x03"))
    assert item.content.text is None
    assert item.original.media_type == "application/octet-stream"
