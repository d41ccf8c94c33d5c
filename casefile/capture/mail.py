"""E-mail (.eml) text in bounded time and memory: headers read by the standard ``email``
package, the MIME tree walked in place over the file's bytes.

The standard parser holds every part as text (a 110 MB attachment became 1.3 GB of memory),
parses every address of a header (100,000 recipients took 51 s) and recurses once per
nested part (1,000 nested messages overflowed the stack). Here parts are found by their
boundaries without copying, only the chosen body is decoded, an attachment's size is counted
from its encoded form, nesting and the number of parts read are bounded, and each header is
shown as written (with its encoded words decoded), never parsed address by address.
"""

from __future__ import annotations

import binascii
import contextlib
import datetime as dt
import email.utils
from dataclasses import dataclass
from email.header import decode_header, make_header
from email.message import Message
from email.parser import BytesHeaderParser
from email.policy import compat32

from casefile.capture.filetext import FileText
from casefile.capture.htmltext import html_to_text
from casefile.capture.limits import MB, CaptureError, checkpoint, human_size
from casefile.capture.textdecode import decode_text_lenient
from casefile.core.inert import inert

MAX_DEPTH = 50  # nested multiparts; deeper parts are not read (the original keeps them)
MAX_PARTS = 10_000  # parts whose headers are read; beyond, parts are only counted
MAX_LISTED = 1_000  # attachments listed by name in the text
MAX_HEADER = 4_000_000  # characters of one header shown in the text (100,000 addresses fit)
_SHOWN = ("From", "To", "Cc", "Date", "Subject")
_BLANK = (b"\r\n\r\n", b"\n\n")


@dataclass
class _Part:
    """One MIME part: its headers and where its body lies in the file's bytes."""

    headers: Message
    start: int
    end: int
    depth: int

    @property
    def content_type(self) -> str:
        return self.headers.get_content_type()

    @property
    def is_attachment(self) -> bool:
        disposition = str(self.headers.get("Content-Disposition", "")).split(";")[0]
        return disposition.strip().lower() == "attachment"


class _Walk:
    """The parts of one message, in order, with what was left unread."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.leaves: list[_Part] = []
        self.read = 0
        self.uncounted = 0
        self.too_deep = False

    def run(self, top: _Part) -> None:
        stack = [top]
        while stack:
            part = stack.pop()
            self.read += 1
            if self.read % 1_000 == 0:
                checkpoint()
            if part.headers.get_content_maintype() != "multipart":
                self.leaves.append(part)
                continue
            if part.depth >= MAX_DEPTH:
                self.too_deep = True
                continue
            boundary = part.headers.get_param("boundary")
            if not isinstance(boundary, str) or not boundary:
                self.leaves.append(part)
                continue
            spans = _split(self.data, part.start, part.end, boundary.encode("latin-1", "replace"))
            children: list[_Part] = []
            for start, end in spans:
                if self.read + len(stack) + len(children) >= MAX_PARTS:
                    self.uncounted += 1
                    continue
                children.append(_read_part(self.data, start, end, part.depth + 1))
            stack.extend(reversed(children))


def email_file(data: bytes, name: str) -> FileText:
    """An e-mail (.eml): from, to, date and subject, the text body, and its attachments."""
    if not data or data.isspace():  # (strip() would copy a 150 MB message)
        raise CaptureError(f"{name} is empty or not an e-mail message.")
    top = _read_part(data, 0, len(data), 0)
    if not top.headers.keys():  # no headers: the whole file is read as the text
        top = _Part(Message(), 0, len(data), 0)
    notes: list[str] = []
    header_lines = []
    for label in _SHOWN:
        value = _header(top.headers, label)
        if value:
            if len(value) > MAX_HEADER:
                value = value[:MAX_HEADER] + "…"
                notes.append(f"The {label} header is cut at {MAX_HEADER:,} characters here.")
            header_lines.append(f"{label}: {value}")
    walk = _Walk(data)
    walk.run(top)
    body_part = _body(walk.leaves)
    body = _decode_body(data, body_part) if body_part is not None else ""
    attachments = [p for p in walk.leaves if p is not body_part and p.end > p.start]
    sections = ["\n".join(header_lines), body]
    if attachments or walk.uncounted:
        sections.append("Attachments:\n" + "\n".join(_attachment_lines(data, attachments, walk)))
    if walk.too_deep:
        notes.append(f"Parts nested more than {MAX_DEPTH} levels deep were not read.")
    if walk.uncounted:
        notes.append(f"Only the first {MAX_PARTS:,} parts were read; the original keeps all.")
    text = "\n\n".join(s for s in sections if s)
    subject = _header(top.headers, "Subject")[:1000].strip() or None
    sender = _header(top.headers, "From")[:1000].strip() or None
    note = " ".join(notes) or None
    return FileText(text, title=subject, author=sender, published=_date(top.headers), note=note)


def _read_part(data: bytes, start: int, end: int, depth: int) -> _Part:
    """A part's headers (parsed from their bytes alone) and the span of its body."""
    if data.startswith(b"\r\n", start):
        return _Part(Message(), start + 2, end, depth)
    if data.startswith(b"\n", start):
        return _Part(Message(), start + 1, end, depth)
    ends = [(at, len(blank)) for blank in _BLANK if (at := data.find(blank, start, end)) >= 0]
    head_end, gap = min(ends) if ends else (end, 0)
    headers = BytesHeaderParser(policy=compat32).parsebytes(data[start:head_end])
    return _Part(headers, min(head_end + gap, end), end, depth)


def _split(data: bytes, start: int, end: int, boundary: bytes) -> list[tuple[int, int]]:
    """Spans of the parts between ``--boundary`` lines (found in one pass, nothing copied)."""
    marker = b"--" + boundary
    spans: list[tuple[int, int]] = []
    at = _delimiter(data, marker, start, end, first=True)
    while at >= 0:
        after = at + len(marker)
        if data.startswith(b"--", after):
            break
        line_end = data.find(b"\n", after, end)
        part_start = end if line_end < 0 else line_end + 1
        following = _delimiter(data, marker, part_start, end)
        if following < 0:
            spans.append((part_start, end))
            break
        part_end = following - 1  # the line break before a delimiter belongs to it
        if part_end > part_start and data[part_end - 1 : part_end] == b"\r":
            part_end -= 1
        spans.append((part_start, max(part_start, part_end)))
        at = following
    return spans


def _delimiter(data: bytes, marker: bytes, start: int, end: int, first: bool = False) -> int:
    """Where the next delimiter line starts (-1 if none): ``marker`` at a line start, then
    ``--``, white space or the line's end (so ``--XX`` does not match ``--XXY``)."""
    if first and data.startswith(marker, start) and _ends_marker(data, start + len(marker), end):
        return start
    search = start - 1 if start > 0 and data[start - 1 : start] == b"\n" else start
    while (found := data.find(b"\n" + marker, search, end)) >= 0:
        if _ends_marker(data, found + 1 + len(marker), end):
            return found + 1
        search = found + 1
    return -1


def _ends_marker(data: bytes, at: int, end: int) -> bool:
    return at >= end or data[at : at + 1] in (b"-", b"\r", b"\n", b" ", b"\t")


def _body(leaves: list[_Part]) -> _Part | None:
    """The text body: the first plain-text part not sent as an attachment, else HTML."""
    for wanted in ("text/plain", "text/html"):
        for part in leaves:
            if part.content_type == wanted and not part.is_attachment:
                return part
    return None


def _payload(data: bytes, part: _Part) -> bytes:
    raw = data[part.start : part.end]
    encoding = str(part.headers.get("Content-Transfer-Encoding", "")).strip().lower()
    try:
        if encoding == "base64":
            return binascii.a2b_base64(_base64_padded(raw))
        if encoding == "quoted-printable":
            return binascii.a2b_qp(raw)
    except (binascii.Error, ValueError):
        return raw
    return raw


def _base64_padded(raw: bytes) -> bytes:
    clean = b"".join(raw.split())
    return clean + b"=" * (-len(clean) % 4)


def _decode_body(data: bytes, part: _Part) -> str:
    payload = _payload(data, part)
    charset = part.headers.get_content_charset()
    text: str | None = None
    if charset:
        try:
            text = payload.decode(charset, "replace")
        except LookupError:  # a charset Python does not know
            text = None
    if text is None:
        decoded = decode_text_lenient(payload)
        text = decoded[0] if decoded else payload.decode("utf-8", "replace")
    if part.content_type == "text/html":
        return html_to_text(text).text
    return text


def _attachment_lines(data: bytes, parts: list[_Part], walk: _Walk) -> list[str]:
    lines = []
    for part in parts[:MAX_LISTED]:
        filename = part.headers.get_filename() or "(unnamed)"
        shown = inert(_decoded(str(filename)))
        lines.append(f"- {shown} ({part.content_type}, {human_size(_size(data, part))})")
    more = len(parts) - MAX_LISTED + walk.uncounted
    if more > 0:
        lines.append(f"… and {more:,} more attachments (kept in the original).")
    return lines


def _size(data: bytes, part: _Part) -> int:
    """The decoded size of a part, counted from its encoded form (nothing is decoded)."""
    encoding = str(part.headers.get("Content-Transfer-Encoding", "")).strip().lower()
    if encoding == "quoted-printable" and part.end - part.start <= 16 * MB:
        return len(_payload(data, part))
    if encoding != "base64":
        return part.end - part.start
    letters = padding = 0
    for at in range(part.start, part.end, MB):
        chunk = data[at : min(at + MB, part.end)]
        letters += len(chunk) - sum(chunk.count(space) for space in (b" ", b"\t", b"\r", b"\n"))
        padding += chunk.count(b"=")
        checkpoint()
    return max(0, letters * 3 // 4 - padding)


def _header(headers: Message, label: str) -> str:
    value = headers.get(label)
    return _decoded(str(value)) if value is not None else ""


def _decoded(value: str) -> str:
    """A header as written: lines unfolded, encoded words decoded, stray bytes read."""
    if any("\udc80" <= ch <= "\udcff" for ch in value[:100_000]) or not value.isascii():
        raw = value.encode("utf-8", "surrogateescape")
        decoded = decode_text_lenient(raw)
        value = decoded[0] if decoded else raw.decode("utf-8", "replace")
    value = " ".join(value.split())
    if "=?" in value:
        with contextlib.suppress(LookupError, ValueError, UnicodeError, binascii.Error):
            value = str(make_header(decode_header(value)))
    return value


def _date(headers: Message) -> str | None:
    value = headers.get("Date")
    if not value:
        return None
    try:
        when = email.utils.parsedate_to_datetime(str(value)[:200])
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is not None:
        when = when.astimezone(dt.UTC)
    return when.date().isoformat()


__all__ = ["MAX_DEPTH", "MAX_LISTED", "MAX_PARTS", "email_file"]
