"""A flowable for user text with right-to-left parts: wrapped in stored order, drawn in display
order, written to the page in stored order so that copied and extracted text matches the case."""

from __future__ import annotations

import math
from functools import cache
from typing import Any

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable

from casefile.brief import bidi

Placed = tuple[bidi.Line, int]  # a laid-out line and its alignment


class RtlParagraph(Flowable):  # type: ignore[misc]
    """User text with right-to-left parts (Arabic, Hebrew) and an optional bold ``prefix`` line.

    Lines are broken in logical order (so a long paragraph reads from its first line on), then
    each line is reordered for display; a paragraph with only right-to-left letters is set
    flush right. The base direction of every line is left to right: the brief is in English —
    except with ``natural``, for the analyst's own sentences: a paragraph whose first strong
    letter is right-to-left (an Arabic sentence ending with a citation) is then laid out right
    to left and set flush right, as its writer reads it.
    """

    def __init__(self, text: str, style: ParagraphStyle, face: str = "regular", prefix: str = "",
                 lines: list[Placed] | None = None, natural: bool = False) -> None:  # fmt: skip
        super().__init__()
        self.text, self.style, self.face, self.prefix = text, style, face, prefix
        self.natural = natural
        self.lines = lines
        self._at: float | None = None if lines is None else -1.0
        self.width: float = 0
        self.height: float = 0

    def _inner(self, width: float) -> float:
        return float(max(width - self.style.leftIndent - self.style.rightIndent, 10))

    def _layout(self, width: float) -> list[Placed]:
        st = self.style
        size = st.fontSize
        out: list[Placed] = []
        if self.prefix:
            for line, _ in bidi.wrap(self.prefix, "bold", size, width):
                out.append((bidi.layout(line, "bold", size, False), st.alignment))
        base = self.natural and bidi.base_rtl(self.text)
        for line, flush_right in bidi.wrap(self.text, self.face, size, width):
            right = (flush_right or base) and st.alignment != TA_CENTER
            align = TA_RIGHT if right else st.alignment
            out.append((bidi.layout(line, self.face, size, base), align))
        return out

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if self._at != availWidth and self._at != -1.0:
            self.lines = self._layout(self._inner(availWidth))
            self._at = availWidth
        self.width = availWidth
        self.height = len(self.lines or [None]) * self.style.leading
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        self.wrap(availWidth, availHeight)
        lines = self.lines or []
        fit = int(availHeight // self.style.leading)
        if fit <= 0:
            return []
        if fit >= len(lines):
            return [self]
        head = RtlParagraph(
            self.text, self.style, self.face, self.prefix, lines[:fit], self.natural
        )
        tail = RtlParagraph(
            self.text, self.style, self.face, self.prefix, lines[fit:], self.natural
        )
        return [head, tail]

    def draw(self) -> None:
        st, canv = self.style, self.canv
        if st.backColor is not None:
            self._shade(st, canv)
        text = canv.beginText()
        text.setFillColor(st.textColor)
        size = st.fontSize
        inner = self._inner(self.width)
        y = self.height - size
        for line, align in self.lines or []:
            x = st.leftIndent
            if align == TA_RIGHT:
                x += inner - line.width
            elif align == TA_CENTER:
                x += (inner - line.width) / 2
            draw_line(text, line, x, y, size)
            y -= st.leading
        canv.drawText(text)

    def _shade(self, st: ParagraphStyle, canv: Any) -> None:
        pad = st.borderPadding
        pads = (pad,) * 4 if isinstance(pad, int | float) else tuple(pad)
        top, right, bottom, left = (pads * 4)[:4] if len(pads) < 4 else pads[:4]
        canv.saveState()
        canv.setFillColor(st.backColor)
        canv.rect(st.leftIndent - left, -bottom, self._inner(self.width) + left + right,
                  self.height + top + bottom, stroke=0, fill=1)  # fmt: skip
        canv.restoreState()

    def getActualLineWidths0(self) -> list[float]:
        """Where each line's text ends, from the left indent (the contents' dotted leaders)."""
        inner = self._inner(self.width)
        return [_end(line.width, inner, align) for line, align in self.lines or []]

    def getSpaceBefore(self) -> float:
        return float(self.style.spaceBefore)

    def getSpaceAfter(self) -> float:
        return float(self.style.spaceAfter)


@cache
def _slant(font: str) -> float:
    """How far the font's glyphs lean forward per unit of height (0 for upright fonts)."""
    return math.tan(math.radians(-float(pdfmetrics.getFont(font).face.italicAngle or 0)))


def _end(width: float, inner: float, align: int) -> float:
    if align == TA_RIGHT:
        return inner
    return (inner + width) / 2 if align == TA_CENTER else width


def draw_line(text: Any, line: bidi.Line, x: float, y: float, size: float) -> None:
    """Write one laid-out line into a text object: each piece in its font, at its place."""
    for piece in line.pieces:
        cuts = _subset_cuts(text, piece) if piece.rtl else set()
        if cuts:
            _draw_cut(text, piece, cuts, x, y, size)
            continue
        text.setFont(piece.font, size)
        if piece.flip:
            shear = 2 * _slant(piece.font)  # a reflected italic glyph would lean backwards
            text.setTextTransform(-1, 0, shear, 1, x + piece.x + piece.width, y)
        else:
            text.setTextOrigin(x + piece.x, y)
        _show(text, piece.text, piece.tail)


def _show(text: Any, chars: str, tail: float) -> None:
    """Show ``chars``; the last glyph advances ``tail`` further (no ink, see bidi._tails)."""
    if not tail:
        text.textOut(chars)
        return
    if len(chars) > 1:
        text.textOut(chars[:-1])
    text.setCharSpace(tail)
    text.textOut(chars[-1])
    text.setCharSpace(0)


def _subset_cuts(text: Any, piece: bidi.Piece) -> set[int]:
    """Where reportlab will switch font subset inside a piece (a subset holds 256 glyphs)."""
    parts = pdfmetrics.getFont(piece.font).splitString(piece.text, text._canvas._doc)
    cuts, at = set(), 0
    for _, data in parts[:-1]:
        at += len(data)
        cuts.add(at)
    return cuts


def _draw_cut(
    text: Any, piece: bidi.Piece, cuts: set[int], x: float, y: float, size: float
) -> None:
    """A right-to-left piece whose glyphs lie in several subsets: written as smaller pieces,
    last first, the last one advancing to where the whole piece ends."""
    offsets = [0.0]
    for char in piece.text:
        offsets.append(offsets[-1] + bidi.char_width(char, piece.font, size))
    parts = bidi.rtl_parts(piece.text, cuts)
    for n, (a, b) in enumerate(parts):
        text.setFont(piece.font, size)
        text.setTextOrigin(x + piece.x + offsets[a], y)
        tail = piece.width + piece.tail - offsets[b] if n == len(parts) - 1 else 0.0
        _show(text, piece.text[a:b], tail)
