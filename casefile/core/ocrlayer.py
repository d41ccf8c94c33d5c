"""The words OCR read from an image or a scanned page, with their places: which text range
each word is, on which page, inside which box (pixels of the page image)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from casefile.core.errors import ValidationError

MAX_PAGES = 100_000  # pages of one layer (a PDF's typed pages have an entry too)
MAX_SIDE = 100_000  # pixels of a page image's side


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

    def to_package(self) -> dict[str, Any]:
        """The layer as a case package carries it (``ocr`` of a source)."""
        return {
            "engine": self.engine,
            "pages": [list(p) for p in self.pages],
            "words": [[w.start, w.end, w.page, *w.box] for w in self.words],
        }

    @classmethod
    def from_package(cls, value: Any, text: str | None, where: str) -> OcrLayer:
        """A layer read from a package, checked against the source's ``text``: every word a
        range of the text (rising, not overlapping) on a page that exists, its box inside
        that page. Anything else is refused (``ValidationError``) naming what is wrong."""
        if not isinstance(value, dict) or set(value) != {"engine", "pages", "words"}:
            raise ValidationError(f"{where}: 'ocr' must have exactly 'engine', 'pages', 'words'")
        engine, pages, words = value["engine"], value["pages"], value["words"]
        if not isinstance(engine, str) or not 0 < len(engine) <= 200:
            raise ValidationError(f"{where}: 'ocr.engine' must be a short text")
        if not isinstance(pages, list) or not 0 < len(pages) <= MAX_PAGES:
            raise ValidationError(f"{where}: 'ocr.pages' must list 1 to {MAX_PAGES:,} pages")
        sizes = tuple(_size(page, where) for page in pages)
        if not isinstance(words, list):
            raise ValidationError(f"{where}: 'ocr.words' must be a list")
        if text is None and words:
            raise ValidationError(f"{where}: 'ocr' has words but the source has no text")
        length = len(text or "")
        if len(words) > length:
            raise ValidationError(f"{where}: 'ocr.words' has more words than the text has letters")
        checked: list[Word] = []
        end = 0
        for number, raw in enumerate(words, start=1):
            word = _word(raw, f"{where}: word {number} of 'ocr.words'")
            if word.start < end or word.end > length:
                raise ValidationError(
                    f"{where}: word {number} of 'ocr.words' is not a range of the text after "
                    "the word before it"
                )
            if word.page > len(sizes):
                raise ValidationError(f"{where}: word {number} of 'ocr.words' is on no page")
            width, height = sizes[word.page - 1]
            left, top, right, bottom = word.box
            if not (left <= right <= width and top <= bottom <= height):
                raise ValidationError(
                    f"{where}: word {number} of 'ocr.words' lies outside its page"
                )
            end = word.end
            checked.append(word)
        return cls(engine, sizes, tuple(checked))

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


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _size(page: Any, where: str) -> tuple[int, int]:
    if (not isinstance(page, list) or len(page) != 2 or not all(map(_whole, page))
            or not all(0 <= side <= MAX_SIDE for side in page)):  # fmt: skip
        raise ValidationError(
            f"{where}: each of 'ocr.pages' must be [width, height] in pixels, 0 to {MAX_SIDE:,}"
        )
    return page[0], page[1]


def _word(raw: Any, where: str) -> Word:
    if not isinstance(raw, list) or len(raw) != 7 or not all(map(_whole, raw)):
        raise ValidationError(
            f"{where} must be [start, end, page, left, top, right, bottom] (whole numbers)"
        )
    start, end, page, left, top, right, bottom = raw
    if not (0 <= start < end and page >= 1 and min(left, top) >= 0):
        raise ValidationError(f"{where} has a range or page or box that cannot be")
    return Word(start, end, page, (left, top, right, bottom))


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
