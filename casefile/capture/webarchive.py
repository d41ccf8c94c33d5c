"""Web archives: WARC and WACZ (warcio) and single-file saved pages (MHTML, stdlib email).

Each archived HTML page (a WARC response record) becomes a source with its address, the
record's capture date as "retrieved", its text, and the SHA-256 of its payload in the notes;
the archive file itself is the stored original of every page.
"""

from __future__ import annotations

import email
import gzip
import hashlib
import io
import itertools
import re
import zlib
from collections.abc import Iterator
from email import policy
from email.message import Message
from typing import IO, Any

from casefile.capture.formats import FileText
from casefile.capture.htmltext import html_to_text
from casefile.capture.limits import MB, CaptureError
from casefile.capture.parts import (
    CappedReader,
    PageChoice,
    Part,
    TextBudget,
    open_zip,
    page_choice,
    unpack_limit,
    zip_members,
)
from casefile.capture.textdecode import decode_text
from casefile.core.dates import normalise_timestamp
from casefile.core.errors import ValidationError

MAX_PAGE_BYTES = 50 * MB  # one archived page's HTML
MAX_RECORDS = 50_000  # records of every kind read from one archive
_HTML_TYPES = ("text/html", "application/xhtml+xml")
MAX_MULTIPARTS = 200  # a saved page is one multipart/related; nesting is a warning sign
_MULTIPART = re.compile(rb"(?i)content-type:\s*multipart/")
_NO_PAGES = "The archive holds no HTML pages: it is stored, but it has no text to quote."


def warc_file(data: bytes, name: str) -> FileText:
    """A .warc or .warc.gz file: one part per archived HTML page (those chosen, if picked)."""
    choice = _checked_choice(data, name)
    budget = TextBudget(name)
    pages = []
    for index, record in page_records(io.BytesIO(data), name, len(data), name, itertools.count()):
        if choice is None or choice.wants(index, record_url(record)):
            pages.append(_page(record, name, name, budget))
    return _archive(tuple(pages), choice, name)


def wacz_file(data: bytes, name: str) -> FileText:
    """A .wacz file (a zip holding WARCs and an index): the pages of every WARC inside."""
    choice = _checked_choice(data, name)
    budget = TextBudget(name)
    pages: list[Part] = []
    for where, index, record in wacz_records(data, name):
        if choice is None or choice.wants(index, record_url(record)):
            pages.append(_page(record, where, name, budget))
    return _archive(tuple(pages), choice, name)


def wacz_records(data: bytes, name: str) -> Iterator[tuple[str, int, Any]]:
    """(where, page index, record) of every archived HTML page in a WACZ, in stored order."""
    archive = open_zip(data, name, "a WACZ web archive")
    warcs = list(zip_members(archive, (".warc", ".warc.gz")))
    if not warcs:
        raise CaptureError(f"{name} holds no WARC files; it is not a usable WACZ web archive.")
    counter = itertools.count()
    for entry in warcs:
        try:
            with archive.open(entry) as member:
                where = f"{name} ({entry.filename})"
                for index, record in page_records(member, where, entry.compress_size, name,
                                                  counter):  # fmt: skip
                    yield where, index, record
        except CaptureError:
            raise
        except Exception:  # zipfile raises several kinds of error on a damaged entry
            raise CaptureError(f"{name} is damaged: {entry.filename} cannot be read.") from None


def _checked_choice(data: bytes, name: str) -> PageChoice | None:
    choice = page_choice()
    if choice is not None:
        choice.check(data, name)
    return choice


def _archive(pages: tuple[Part, ...], choice: PageChoice | None, name: str) -> FileText:
    if not pages and choice is not None:
        raise CaptureError(f"None of the pages of {name} were chosen; nothing was added from it.")
    if not pages:
        return FileText(None, note=_NO_PAGES)
    return FileText(None, parts=pages)


def page_records(
    stream: IO[bytes], where: str, packed: int, name: str, counter: Iterator[int]
) -> Iterator[tuple[int, Any]]:
    """(page index, record) of each archived HTML page (2xx response or resource) in a WARC
    stream, numbered by ``counter``; every other record is skipped unread."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    reader = CappedReader(_unpacked(stream), unpack_limit(packed), name)
    count = 0
    try:
        for record in ArchiveIterator(io.BufferedReader(reader, 256 * 1024)):
            count += 1
            if count > MAX_RECORDS:
                raise CaptureError(
                    f"{name} holds more than {MAX_RECORDS:,} records; casefile reads archives "
                    f"of up to {MAX_RECORDS:,} records. Split it and add the pieces."
                )
            if _is_page(record):
                yield next(counter), record
    except CaptureError:
        raise
    except (ArchiveLoadFailed, ValueError, OSError, EOFError, zlib.error, LookupError) as err:
        raise CaptureError(
            f"{where} is damaged or not a WARC web archive ({_short(err)})."
        ) from None


def _unpacked(stream: Any) -> Any:
    """The WARC records as plain bytes: a gzip file (one member per record) is unpacked here,
    through the caller's byte cap, rather than inside warcio."""
    buffered = stream if hasattr(stream, "peek") else io.BufferedReader(stream)
    if buffered.peek(2)[:2] == b"\x1f\x8b":
        return gzip.GzipFile(fileobj=buffered)
    return buffered


def _is_page(record: Any) -> bool:
    """True for an archived HTML page: a 2xx response (or a resource) of HTML."""
    headers = record.http_headers
    if record.rec_type not in ("response", "resource"):
        return False
    content_type = _header(headers if headers else record.rec_headers, "Content-Type")
    if content_type.split(";")[0].strip().lower() not in _HTML_TYPES:
        return False
    status = headers.get_statuscode() if headers else "200"
    return str(status).startswith("2")


def record_url(record: Any) -> str:
    """The archived page's address (WARC-Target-URI)."""
    return _header(record.rec_headers, "WARC-Target-URI").strip("<> ")


def _page(record: Any, where: str, name: str, budget: TextBudget) -> Part:
    """An archived HTML page as a part (its text counted against the file's budget)."""
    try:
        return _read_page(record, where, name, budget)
    except CaptureError:
        raise
    except (ValueError, OSError, EOFError, zlib.error, LookupError) as err:
        raise CaptureError(
            f"{where} is damaged or not a WARC web archive ({_short(err)})."
        ) from None


def _read_page(record: Any, where: str, name: str, budget: TextBudget) -> Part:
    headers = record.http_headers
    content_type = _header(headers if headers else record.rec_headers, "Content-Type")
    raw = record.raw_stream.read(MAX_PAGE_BYTES + 1)
    if len(raw) > MAX_PAGE_BYTES:
        raise CaptureError(f"{where} holds a page over 50 MB; it was not added.")
    body = _decoded(headers, raw)
    warc = record.rec_headers
    url = record_url(record) or None
    page = html_to_text(_with_charset(body, content_type))
    record_id = _header(warc, "WARC-Record-ID").strip("<> ")
    note = (
        f"Archived page from {name}"
        + (f", record {record_id}" if record_id else "")
        + f". SHA-256 of the archived payload: {hashlib.sha256(raw).hexdigest()}."
    )
    captured = record_date(record)
    content = FileText(page.text, title=page.title or url, url=url, note=note, retrieved=captured)
    budget.take(content.text)
    return Part(label=url or page.title or "archived page", content=content)


def _decoded(headers: Any, raw: bytes) -> bytes:
    """The payload with chunking and gzip/deflate/brotli undone, capped like the archive."""
    from warcio.bufferedreaders import BufferedReader, ChunkedDataReader

    if headers is None:
        return raw
    encoding = (_header(headers, "Content-Encoding") or "").lower() or None
    if encoding not in BufferedReader.get_supported_decompressors():
        encoding = None
    if _header(headers, "Transfer-Encoding").lower() == "chunked":
        stream: Any = ChunkedDataReader(io.BytesIO(raw), decomp_type=encoding)
    elif encoding:
        stream = BufferedReader(io.BytesIO(raw), decomp_type=encoding)
    else:
        return raw
    body: bytes = stream.read(MAX_PAGE_BYTES + 1)
    if len(body) > MAX_PAGE_BYTES:
        raise CaptureError("An archived page unpacks to over 50 MB; it was not added.")
    return body


def _with_charset(body: bytes, content_type: str) -> str | bytes:
    """Decode with the charset the server named; otherwise let the page's meta tag decide."""
    for param in content_type.split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            try:
                return body.decode(value.strip().strip("\"'"))
            except (LookupError, UnicodeDecodeError):
                break
    return body


def _header(headers: Any, name: str) -> str:
    value = headers.get_header(name) if headers is not None else None
    return str(value or "")


def record_date(record: Any) -> str | None:
    """When the record was captured (WARC-Date), normalised; None when missing or odd."""
    return _timestamp(_header(record.rec_headers, "WARC-Date"))


def _timestamp(value: str) -> str | None:
    try:
        return normalise_timestamp(value) if value else None
    except ValidationError:
        return None


def mhtml_file(data: bytes, name: str) -> FileText:
    """A page saved as one file (.mhtml/.mht): the page's HTML text, address and save date."""
    if len(_MULTIPART.findall(data, 0, 50 * MB)) > MAX_MULTIPARTS:
        raise CaptureError(f"{name} is nested too deeply to read; it was not added.")
    try:
        message = email.message_from_bytes(data, policy=policy.default)
        root = _root_html(message)
    except RecursionError:
        raise CaptureError(f"{name} is nested too deeply to read; it was not added.") from None
    if root is None:
        raise CaptureError(f"{name} holds no web page; it is not a usable MHTML file.")
    html = _part_html(root)
    page = html_to_text(html)
    url = str(root.get("Content-Location") or message.get("Snapshot-Content-Location") or "")
    subject = str(message.get("Subject") or "").strip()
    saved = _mail_date(message.get("Date"))
    return FileText(
        page.text,
        title=page.title or subject or url or None,
        url=url.strip() or page.canonical,
        retrieved=saved,
    )


def _root_html(message: Message) -> Message | None:
    """The page itself: the part named by ``start``, else the first HTML part."""
    if not message.is_multipart():
        return message if message.get_content_type() in _HTML_TYPES else None
    start = str(message.get_param("start") or "").strip("<>")
    first: Message | None = None
    for count, part in enumerate(message.walk()):
        if count > 100_000:
            raise CaptureError("The MHTML file holds too many parts to read.")
        if part.is_multipart():
            continue
        if start and str(part.get("Content-ID") or "").strip("<>") == start:
            return part
        if first is None and part.get_content_type() in _HTML_TYPES:
            first = part
    return first


def _part_html(part: Message) -> str | bytes:
    raw = part.get_payload(decode=True)
    if not isinstance(raw, bytes):
        return ""
    charset = part.get_content_charset()
    if charset:
        try:
            return raw.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    decoded = decode_text(raw)
    return decoded[0] if decoded else raw


def _mail_date(value: object) -> str | None:
    import email.utils

    if not value:
        return None
    try:
        when = email.utils.parsedate_to_datetime(str(value))
    except (TypeError, ValueError):
        return None
    return _timestamp(when.isoformat())


def _short(err: Exception) -> str:
    text = " ".join(str(err).split()) or type(err).__name__
    return text if len(text) <= 120 else text[:119] + "…"


__all__ = [
    "mhtml_file",
    "page_records",
    "record_date",
    "record_url",
    "wacz_file",
    "wacz_records",
    "warc_file",
]
