"""The file formats read by their own modules: web archives, Outlook mail, spreadsheets.

``files.py`` merges this table into its own, keyed by file-name ending (``.warc.gz`` too).
"""

from __future__ import annotations

from collections.abc import Callable

from casefile.capture import ocr, outlook, sheets, webarchive
from casefile.capture.formats import FileText

Extractor = Callable[[bytes, str], FileText]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

FORMATS: dict[str, tuple[str, Extractor]] = {
    ".warc": ("application/warc", webarchive.warc_file),
    ".warc.gz": ("application/warc", webarchive.warc_file),
    ".wacz": ("application/wacz", webarchive.wacz_file),
    ".mhtml": ("multipart/related", webarchive.mhtml_file),
    ".mht": ("multipart/related", webarchive.mhtml_file),
    ".msg": ("application/vnd.ms-outlook", outlook.msg_file),
    ".xlsx": (XLSX, sheets.xlsx_file),
    ".xlsm": ("application/vnd.ms-excel.sheet.macroEnabled.12", sheets.xlsx_file),
    ".csv": ("text/csv", sheets.csv_file),
    ".tsv": ("text/tab-separated-values", sheets.csv_file),
    ".pdf": ("application/pdf", ocr.pdf_file),
    ".png": ("image/png", ocr.image_file),
    ".jpg": ("image/jpeg", ocr.image_file),
    ".jpeg": ("image/jpeg", ocr.image_file),
    ".tif": ("image/tiff", ocr.image_file),
    ".tiff": ("image/tiff", ocr.image_file),
    ".webp": ("image/webp", ocr.image_file),
    ".bmp": ("image/bmp", ocr.image_file),
    ".gif": ("image/gif", ocr.image_file),
}


def suffix_of(name: str) -> str:
    """The lower-case ending that picks a file's format: ``.pdf``, or ``.warc.gz``."""
    lowered = name.lower()
    for ending in FORMATS:
        if ending.count(".") > 1 and lowered.endswith(ending):
            return ending
    dot = lowered.rfind(".")
    return lowered[dot:] if dot > 0 and "/" not in lowered[dot:] else ""


__all__ = ["FORMATS", "suffix_of"]
