"""The words OCR read from an image or a scanned page, with their places: which text range
each word is, on which page, inside which box (pixels of the page image)."""

from __future__ import annotations

import json
from dataclasses import dataclass


@dataclass(frozen=True)
class Word:
    """One word: ``text[start:end]`` of the source, on ``page`` (1-based), in its box."""

    start: int
    end: int
    page: int
    box: tuple[int, int, int, int]  # left, top, right, bottom


@dataclass(frozen=True)
class OcrLayer:
    """Everything OCR read from one original: the engine, the page sizes and the words."""

    engine: str
    pages: tuple[tuple[int, int], ...]  # width, height of each page image
    words: tuple[Word, ...]

    def to_json(self) -> bytes:
        data = {
            "engine": self.engine,
            "pages": [list(p) for p in self.pages],
            "words": [[w.start, w.end, w.page, *w.box] for w in self.words],
        }
        return json.dumps(data, separators=(",", ":"), sort_keys=True).encode()

    @classmethod
    def from_json(cls, raw: bytes) -> OcrLayer | None:
        """The layer, or None when the stored bytes are not one (never raises)."""
        try:
            data = json.loads(raw)
            pages = tuple((int(w), int(h)) for w, h in data["pages"])
            words = tuple(
                Word(int(s), int(e), int(p), (int(x0), int(y0), int(x1), int(y1)))
                for s, e, p, x0, y0, x1, y1 in data["words"]
            )
            return cls(str(data["engine"]), pages, words)
        except (ValueError, KeyError, TypeError):
            return None

    def words_in(self, start: int, end: int) -> tuple[Word, ...]:
        """The words a text range ``[start, end)`` touches."""
        return tuple(w for w in self.words if w.start < end and w.end > start)

    def words_inside(self, page: int, box: tuple[int, int, int, int]) -> tuple[Word, ...]:
        """The words on ``page`` whose box's centre lies inside ``box`` (a rectangle drawn
        over a scanned page), in reading order."""
        left, top, right, bottom = box
        return tuple(
            w
            for w in self.words
            if w.page == page
            and left <= (w.box[0] + w.box[2]) / 2 <= right
            and top <= (w.box[1] + w.box[3]) / 2 <= bottom
        )


def region(words: tuple[Word, ...]) -> tuple[int, tuple[int, int, int, int]] | None:
    """(page, box around them) of words on one page; None when none or on several pages."""
    pages = {w.page for w in words}
    if len(pages) != 1:
        return None
    return pages.pop(), (
        min(w.box[0] for w in words),
        min(w.box[1] for w in words),
        max(w.box[2] for w in words),
        max(w.box[3] for w in words),
    )


def ocr_location(layer: OcrLayer, start: int, end: int) -> str | None:
    """``p. 2, OCR region 120,340–560,380`` for a quote of OCR text (pixels of the page image:
    left,top–right,bottom); across pages ``pp. 2–3, OCR``; None when it touches no word."""
    words = layer.words_in(start, end)
    if not words:
        return None
    found = region(words)
    if found is None:
        pages = sorted({w.page for w in words})
        return f"pp. {pages[0]}–{pages[-1]}, OCR"
    page, (left, top, right, bottom) = found
    return f"p. {page}, OCR region {left},{top}–{right},{bottom}"


def is_ocr_location(location: str | None) -> bool:
    """Does a snippet's location say its words were read by OCR?"""
    return bool(location) and ", OCR" in (location or "")


__all__ = ["OcrLayer", "Word", "is_ocr_location", "ocr_location", "region"]
