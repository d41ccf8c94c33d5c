"""Where a quote sits in its source, in the words a citation uses: ``p. 4``, ``Sheet1!B12``."""

from __future__ import annotations

import re

from casefile.core.model import Source
from casefile.core.ocrlayer import OcrLayer, ocr_location

SHEET_TYPES = frozenset(
    {
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.ms-excel.sheet.macroEnabled.12",
        "text/csv",
        "text/tab-separated-values",
    }
)
_CELL_LINE = re.compile(r"((?:'(?:[^'\n]|'')+'|[A-Za-z_][A-Za-z0-9_.]*)!)?([A-Z]{1,3}[0-9]{1,7})\t")


def location_of(source: Source, start: int, end: int, ocr_layer: bytes | None = None) -> str | None:
    """The location of ``[start, end)`` in ``source``: the page and region of OCR words
    (``ocr_layer``: the layer stored beside the source's original), its cells, or its pages."""
    layer = OcrLayer.from_json(ocr_layer) if ocr_layer else None
    if layer is not None:
        found = ocr_location(layer, start, end)
        if found is not None:
            return found
    if source.media_type in SHEET_TYPES and source.text:
        cells = cell_label(source.text, start, end)
        if cells is not None:
            return cells
    return page_label(source, start, end)


def page_label(source: Source, start: int, end: int | None = None) -> str | None:
    """The location of a range in a paged source: ``p. 4``, or ``pp. 4–5`` across pages."""
    if not source.pages:
        return None
    first = max(1, sum(1 for page in source.pages if page <= start))
    last = max(first, sum(1 for page in source.pages if page < end)) if end else first
    return f"p. {first}" if last == first else f"pp. {first}–{last}"


def cell_label(text: str, start: int, end: int) -> str | None:
    """``Sheet1!B12`` for a quote inside one cell's line, ``Sheet1!B12:D14`` across cells
    (the first and last cell it touches); None when the text does not keep cell addresses."""
    first = _cell_at(text, start)
    last = _cell_at(text, max(start, end - 1))
    if first is None or last is None:
        return None
    if first == last:
        return first[0] + first[1]
    return f"{first[0]}{first[1]}:{last[1]}"


def _cell_at(text: str, position: int) -> tuple[str, str] | None:
    """(sheet prefix, address) of the cell whose line holds ``position``: the nearest line at
    or before it that does not start with a tab (tab-led lines continue a cell)."""
    position = min(position, len(text))
    while True:
        line_start = text.rfind("\n", 0, position) + 1
        if line_start < len(text) and text[line_start] not in "\t\n":
            match = _CELL_LINE.match(text, line_start)
            return (match.group(1) or "", match.group(2)) if match else None
        if line_start == 0:
            return None
        position = line_start - 1


__all__ = ["SHEET_TYPES", "cell_label", "location_of", "page_label"]
