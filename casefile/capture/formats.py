"""Text extraction per file format: PDF (pypdf), e-mail (stdlib), Word (python-docx), HTML."""

from __future__ import annotations

import io
from typing import Any

from casefile.capture.filetext import FileText, short_error
from casefile.capture.htmltext import html_to_text
from casefile.capture.limits import CaptureError, checkpoint
from casefile.capture.mail import email_file
from casefile.capture.notices import notice_line, pdf_notices
from casefile.capture.proposals import from_html, from_pdf, from_text
from casefile.capture.textdecode import decode_text, decode_text_lenient
from casefile.capture.wordfile import docx_file

NO_TEXT_LAYER = "This PDF has no text layer (a scan?): it is stored, but it has no text to quote."


def plain_text(data: bytes, name: str) -> FileText:
    """A text file (.txt, .md, .csv, .log) in whatever common encoding it was saved."""
    decoded = decode_text_lenient(data)
    if decoded is None:
        raise CaptureError(f"{name} is named as a text file but holds binary data, not text.")
    text, encoding, replaced = decoded
    titled = name.lower().endswith(_TITLED_TEXT)  # a table or a log has no title line
    proposal = from_text(text) if titled else None
    return FileText(text, note=replaced_note(replaced, encoding), proposal=proposal)


_TITLED_TEXT = (".txt", ".md", ".text", ".markdown")


def replaced_note(replaced: int, encoding: str) -> str | None:
    """What to tell the user when some bytes of a text could not be decoded."""
    if not replaced:
        return None
    what = "One byte sequence" if replaced == 1 else f"{replaced:,} byte sequences"
    shown = {"utf-8": "UTF-8", "utf-16-le": "UTF-16", "utf-16-be": "UTF-16"}.get(encoding, encoding)
    return (
        f"{what} could not be read as {shown} and "
        f"{'is' if replaced == 1 else 'are'} shown as \ufffd in the text; "
        "the original bytes are kept unchanged."
    )


def html_file(data: bytes, name: str) -> FileText:
    """A saved web page: its readable text, title and canonical URL."""
    if b"\x00" in data and decode_text(data) is None:
        raise CaptureError(f"{name} is named as a web page but holds binary data.")
    page = html_to_text(data)
    proposal = from_html(page.title, page.canonical, page.meta)
    return FileText(page.text, title=page.title, url=page.canonical, proposal=proposal)


PASSWORD_NOTE = (
    "This PDF needs a password to be opened: it is stored as it is, but its text could not "
    "be read. To quote from it, open it, save a copy without the password and add that copy."
)


def pdf_file(data: bytes, name: str) -> FileText:
    """A PDF: the text of each page, with the offset where each page starts.

    An encrypted PDF that opens without a password (the usual AES "owner password only"
    kind) is read; one that needs a password is kept without text and with a note. What pypdf
    reports about flaws it worked around becomes one line of the note, never raw stderr.
    """
    from pypdf import PdfReader

    with pdf_notices() as heard:
        try:
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):
                return FileText(None, note=PASSWORD_NOTE)
            page_texts = []
            for page in reader.pages:
                checkpoint()
                page_texts.append(page.extract_text() or "")
            meta = reader.metadata
            title = _meta(meta.title if meta else None)
            author = _meta(meta.author if meta else None)
            proposal = from_pdf(_pdf_info(reader, title, author))
        except CaptureError:
            raise
        except Exception as err:  # pypdf raises many kinds of error on a damaged file
            raise CaptureError(
                f"{name} is damaged or not really a PDF ({short_error(err)})."
            ) from None
    notes = [notice_line(heard)] if heard else []
    if not any(t.strip() for t in page_texts):
        note = " ".join([NO_TEXT_LAYER, *notes])
        return FileText(None, title=title, author=author, note=note, proposal=proposal)
    text, pages = _join_pages(page_texts)
    return FileText(text, title=title, author=author, pages=pages,
                    note=" ".join(notes) or None, proposal=proposal)  # fmt: skip


def _pdf_info(reader: Any, title: str | None, author: str | None) -> dict[str, object]:
    """Title, author, creation date and publisher from the document information, else XMP
    (a damaged XMP packet proposes nothing; the document is read all the same)."""
    meta = reader.metadata
    info: dict[str, object] = {"title": title, "author": author}
    info["created"] = _meta(meta.get("/CreationDate")) if meta else None
    try:
        xmp = reader.xmp_metadata
        if xmp is not None:
            info["title"] = info["title"] or _meta(_xmp_text(xmp.dc_title))
            info["author"] = info["author"] or _meta(_xmp_text(xmp.dc_creator))
            info["publisher"] = _meta(_xmp_text(xmp.dc_publisher))
            info["created"] = info["created"] or xmp.xmp_create_date
    except Exception:  # XMP is optional and often malformed: it proposes nothing then
        pass
    return info


def _xmp_text(value: object) -> str | None:
    """An XMP value (a language map, a list of names, or text) as one string."""
    if isinstance(value, dict):
        value = value.get("x-default") or next(iter(value.values()), None)
    if isinstance(value, list | tuple):
        value = "; ".join(str(v) for v in value if v)
    return str(value) if value else None


def _meta(value: object) -> str | None:
    """A PDF metadata value, without the placeholders PDF writers fill in."""
    text = str(value).strip() if value else ""
    return None if text.lower() in _PLACEHOLDERS else text


_PLACEHOLDERS = {"", "untitled", "anonymous", "unknown", "unspecified"}


def _join_pages(page_texts: list[str]) -> tuple[str, tuple[int, ...]]:
    starts: list[int] = []
    parts: list[str] = []
    position = 0
    for index, page in enumerate(page_texts):
        if index:
            gap = "\n" if parts[-1].endswith("\n") else "\n\n"
            parts.append(gap)
            position += len(gap)
        starts.append(position)
        parts.append(page)
        position += len(page)
    return "".join(parts), tuple(starts)


__all__ = [
    "NO_TEXT_LAYER",
    "PASSWORD_NOTE",
    "FileText",
    "docx_file",
    "email_file",
    "html_file",
    "pdf_file",
    "plain_text",
    "short_error",
]
