"""Every file format casefile reads, in one table: file-name ending, media type and reader.

``files.py`` builds its dispatcher from this table. An Outlook message is the one container
whose reader needs the dispatcher itself (its attachments are files of any kind): its
reader is bound in ``files.py`` and takes the dispatcher as an argument, so no module here
imports the dispatcher and the imports stay one-way.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Callable

from casefile.capture import formats, ocr, sheets, webarchive
from casefile.capture.filetext import FileText

Extractor = Callable[[bytes, str], FileText]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MSG = ".msg"
"""Outlook messages: read by ``outlook.msg_file`` with the dispatcher (bound in files.py)."""

_TABLE: tuple[tuple[str, str, Extractor | None], ...] = (
    (".txt", "text/plain", formats.plain_text),
    (".md", "text/markdown", formats.plain_text),
    (".log", "text/plain", formats.plain_text),
    (".html", "text/html", formats.html_file),
    (".htm", "text/html", formats.html_file),
    (".eml", "message/rfc822", formats.email_file),
    (".docx", DOCX, formats.docx_file),
    (".pdf", "application/pdf", ocr.pdf_file),
    (".warc", "application/warc", webarchive.warc_file),
    (".warc.gz", "application/warc", webarchive.warc_file),
    (".wacz", "application/wacz", webarchive.wacz_file),
    (".mhtml", "multipart/related", webarchive.mhtml_file),
    (".mht", "multipart/related", webarchive.mhtml_file),
    (MSG, "application/vnd.ms-outlook", None),
    (".xlsx", XLSX, sheets.xlsx_file),
    (".xlsm", "application/vnd.ms-excel.sheet.macroEnabled.12", sheets.xlsx_file),
    (".csv", "text/csv", sheets.csv_file),
    (".tsv", "text/tab-separated-values", sheets.csv_file),
    (".png", "image/png", ocr.image_file),
    (".jpg", "image/jpeg", ocr.image_file),
    (".jpeg", "image/jpeg", ocr.image_file),
    (".tif", "image/tiff", ocr.image_file),
    (".tiff", "image/tiff", ocr.image_file),
    (".webp", "image/webp", ocr.image_file),
    (".bmp", "image/bmp", ocr.image_file),
    (".gif", "image/gif", ocr.image_file),
)
MEDIA_TYPES: dict[str, str] = {suffix: media for suffix, media, _ in _TABLE}
READERS: dict[str, Extractor] = {suffix: read for suffix, _, read in _TABLE if read is not None}
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"%PDF-", "application/pdf"),
)


def suffix_of(name: str) -> str:
    """The lower-case ending that picks a file's format: ``.pdf``, or ``.warc.gz``."""
    lowered = name.lower()
    for ending in MEDIA_TYPES:
        if ending.count(".") > 1 and lowered.endswith(ending):
            return ending
    dot = lowered.rfind(".")
    return lowered[dot:] if dot > 0 and "/" not in lowered[dot:] else ""


def media_type_of(name: str, data: bytes) -> str:
    """The media type from the file name, or from the first bytes when the name says nothing."""
    suffix = suffix_of(name)
    if suffix in MEDIA_TYPES:
        return MEDIA_TYPES[suffix]
    guessed, _ = mimetypes.guess_type(name, strict=False)
    if guessed:
        return guessed
    for magic, media_type in _MAGIC:
        if data.startswith(magic):
            return media_type
    return "application/octet-stream"


__all__ = ["MEDIA_TYPES", "MSG", "READERS", "Extractor", "media_type_of", "suffix_of"]
