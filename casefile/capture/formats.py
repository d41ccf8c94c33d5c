"""Text extraction per file format: PDF (pypdf), e-mail (stdlib), Word (python-docx), HTML."""

from __future__ import annotations

import datetime as dt
import email.utils
import io
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage, Message
from typing import TYPE_CHECKING

from casefile.capture.htmltext import html_to_text
from casefile.capture.limits import CaptureError, human_size
from casefile.capture.textdecode import decode_text, decode_text_lenient
from casefile.core.inert import inert

if TYPE_CHECKING:
    from casefile.capture.parts import Part


@dataclass(frozen=True)
class FileText:
    """What a file says: its text (None when it has none) and metadata found inside it."""

    text: str | None
    title: str | None = None
    author: str | None = None
    published: str | None = None
    url: str | None = None
    pages: tuple[int, ...] = ()
    note: str | None = None
    retrieved: str | None = None  # when it was captured, if the file says (a web archive)
    parts: tuple[Part, ...] = ()  # sources inside it (archived pages, sheets, attachments)


NO_TEXT_LAYER = "This PDF has no text layer (a scan?): it is stored, but it has no text to quote."


def plain_text(data: bytes, name: str) -> FileText:
    """A text file (.txt, .md, .csv, .log) in whatever common encoding it was saved."""
    decoded = decode_text_lenient(data)
    if decoded is None:
        raise CaptureError(f"{name} is named as a text file but holds binary data, not text.")
    text, encoding, replaced = decoded
    return FileText(text, note=replaced_note(replaced, encoding))


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
    return FileText(page.text, title=page.title, url=page.canonical)


def pdf_file(data: bytes, name: str) -> FileText:
    """A PDF: the text of each page, with the offset where each page starts."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise CaptureError(
                f"{name} is protected by a password. Open it, save a copy without the "
                "password, and add that copy."
            )
        page_texts = [page.extract_text() or "" for page in reader.pages]
        meta = reader.metadata
        title = _meta(meta.title if meta else None)
        author = _meta(meta.author if meta else None)
    except CaptureError:
        raise
    except Exception as err:  # pypdf raises many kinds of error on a damaged file
        raise CaptureError(f"{name} is damaged or not really a PDF ({short_error(err)}).") from None
    if not any(t.strip() for t in page_texts):
        return FileText(None, title=title, author=author, note=NO_TEXT_LAYER)
    text, pages = _join_pages(page_texts)
    return FileText(text, title=title, author=author, pages=pages)


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


def email_file(data: bytes, name: str) -> FileText:
    """An e-mail (.eml): from, to, date and subject, the text body, and its attachments."""
    msg = email.message_from_bytes(data, policy=policy.default)
    if not isinstance(msg, EmailMessage) or not (msg.keys() or msg.get_payload()):
        raise CaptureError(f"{name} is empty or not an e-mail message.")
    header_lines = [
        f"{label}: {value}"
        for label, value in (
            ("From", msg.get("From")),
            ("To", msg.get("To")),
            ("Cc", msg.get("Cc")),
            ("Date", msg.get("Date")),
            ("Subject", msg.get("Subject")),
        )
        if value
    ]
    body = _email_body(msg)
    attachments = [_attachment_line(part) for part in msg.iter_attachments()]
    sections = ["\n".join(header_lines), body]
    if attachments:
        sections.append("Attachments:\n" + "\n".join(attachments))
    text = "\n\n".join(s for s in sections if s)
    subject = str(msg.get("Subject") or "").strip() or None
    sender = str(msg.get("From") or "").strip() or None
    return FileText(text, title=subject, author=sender, published=_email_date(msg))


def _email_body(msg: EmailMessage) -> str:
    part = msg.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        content = part.get_content()
    except (LookupError, ValueError, AssertionError):
        raw = part.get_payload(decode=True)
        decoded = decode_text(raw) if isinstance(raw, bytes) else None
        content = decoded[0] if decoded else ""
    if isinstance(content, bytes):
        decoded = decode_text(content)
        content = decoded[0] if decoded else ""
    if not isinstance(content, str):
        return ""
    if part.get_content_subtype() == "html":
        return html_to_text(content).text
    return content


def _attachment_line(part: Message) -> str:
    payload = part.get_payload(decode=True)
    size = human_size(len(payload)) if isinstance(payload, bytes) else "unknown size"
    filename = part.get_filename() or "(unnamed)"
    return f"- {filename} ({part.get_content_type()}, {size})"


def _email_date(msg: EmailMessage) -> str | None:
    value = msg.get("Date")
    if not value:
        return None
    try:
        when = email.utils.parsedate_to_datetime(str(value))
    except (TypeError, ValueError):
        return None
    if when.tzinfo is not None:
        when = when.astimezone(dt.UTC)
    return when.date().isoformat()


def docx_file(data: bytes, name: str) -> FileText:
    """A Word document: the text of its paragraphs and tables, in order."""
    import docx
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(data))
        lines: list[str] = []
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                lines.extend(_table_lines(block))
            else:
                lines.append(block.text)
        props = document.core_properties
        title, author = (props.title or "").strip(), (props.author or "").strip()
    except Exception as err:  # a damaged zip or XML raises many kinds of error
        message = f"{name} is damaged or not really a Word document ({short_error(err)})."
        raise CaptureError(message) from None
    return FileText("\n".join(lines), title=title or None, author=author or None)


def _table_lines(table: object) -> list[str]:
    from docx.table import Table

    assert isinstance(table, Table)
    return ["\t".join(cell.text for cell in row.cells) for row in table.rows]


def short_error(err: BaseException) -> str:
    """An exception in one short line: its message, or its kind when it has none."""
    text = " ".join(str(err).split()) or type(err).__name__
    return inert(text if len(text) <= 120 else text[:119] + "…")


__all__ = [
    "NO_TEXT_LAYER",
    "FileText",
    "docx_file",
    "email_file",
    "html_file",
    "pdf_file",
    "plain_text",
]
