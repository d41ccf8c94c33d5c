"""A fast flowable for text in one font: wrapped word by word and drawn as plain text lines.

Most of a brief is user text that one font prints entirely (quotes, statements, names).
reportlab's Paragraph handles mixed fonts, links and markup, at several times the cost; this
does only what such text needs, and splits across pages between lines.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from casefile.brief import fonts
from casefile.brief import markup as mk

_NO_BREAKS = str.maketrans(dict.fromkeys(fonts.LINE_BREAKS + "\t", " "))


@lru_cache(maxsize=200_000)
def width_of(word: str, font: str, size: float) -> float:
    return float(stringWidth(word, font, size))


def suits(text: str, style: ParagraphStyle, face: str) -> bool:
    """True when this flowable prints ``text`` the way a Paragraph would."""
    if style.alignment not in (TA_LEFT, TA_CENTER, TA_RIGHT) or mk.has_rtl(text):
        return False
    chain = fonts.face(face)
    return style.fontName == chain.primary and chain.covers[0].issuperset(
        text.translate(_NO_BREAKS)
    )


def wrap_words(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy line breaking at spaces and line breaks; a word wider than a line is cut."""
    out: list[str] = []
    space = width_of(" ", font, size)
    for logical in mk.lines_of(text):
        line, used = "", 0.0
        for word in logical.split(" "):
            if not word:
                continue
            w = width_of(word, font, size)
            if line and used + space + w <= width:
                line, used = f"{line} {word}", used + space + w
                continue
            if line:
                out.append(line)
            while w > width and len(word) > 1:
                cut = _fit(word, font, size, width)
                out.append(word[:cut])
                word = word[cut:]
                w = width_of(word, font, size)
            line, used = word, w
        out.append(line)
    return out


def _fit(word: str, font: str, size: float, width: float) -> int:
    total, cut = 0.0, 0
    for i, char in enumerate(word):
        total += width_of(char, font, size)
        if total > width:
            return max(i, 1)
        cut = i + 1
    return cut


class Lines(Flowable):  # type: ignore[misc]
    """Left-aligned text in the style's font, with the style's indents, spacing and shading."""

    def __init__(self, text: str, style: ParagraphStyle, lines: list[str] | None = None):
        super().__init__()
        self.text, self.style = text, style
        self.lines = lines
        self._at: float | None = None if lines is None else -1.0
        self.width: float = 0
        self.height: float = 0

    def _inner(self, width: float) -> float:
        return float(width - self.style.leftIndent - self.style.rightIndent)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        st = self.style
        if self._at != availWidth and self._at != -1.0:
            self.lines = wrap_words(self.text, st.fontName, st.fontSize, self._inner(availWidth))
            self._at = availWidth
        self.width = availWidth
        self.height = len(self.lines or [""]) * st.leading
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        self.wrap(availWidth, availHeight)
        lines = self.lines or [""]
        fit = int(availHeight // self.style.leading)
        if fit <= 0:
            return []
        if fit >= len(lines):
            return [self]
        return [
            Lines(self.text, self.style, lines[:fit]),
            Lines(self.text, self.style, lines[fit:]),
        ]

    def draw(self) -> None:
        st, canv = self.style, self.canv
        if st.backColor is not None:
            self._shade(st, canv)
        if st.alignment != TA_LEFT:
            self._draw_aligned(st, canv)
            return
        text = canv.beginText(st.leftIndent, self.height - st.fontSize)
        text.setFont(st.fontName, st.fontSize, st.leading)
        text.setFillColor(st.textColor)
        for line in self.lines or []:
            text.textLine(line)
        canv.drawText(text)

    def _draw_aligned(self, st: ParagraphStyle, canv: Any) -> None:
        canv.setFont(st.fontName, st.fontSize, st.leading)
        canv.setFillColor(st.textColor)
        left, right = st.leftIndent, self.width - st.rightIndent
        y = self.height - st.fontSize
        for line in self.lines or []:
            if st.alignment == TA_CENTER:
                canv.drawCentredString((left + right) / 2, y, line)
            else:
                canv.drawRightString(right, y, line)
            y -= st.leading

    def _shade(self, st: ParagraphStyle, canv: Any) -> None:
        pad = st.borderPadding
        top, right, bottom, left = (pad, pad, pad, pad) if isinstance(pad, int | float) else (
            tuple(pad) + tuple(pad)[:4 - len(tuple(pad))] if len(tuple(pad)) < 4 else tuple(pad)
        )  # fmt: skip
        canv.saveState()
        canv.setFillColor(st.backColor)
        canv.rect(st.leftIndent - left, -bottom, self._inner(self.width) + left + right,
                  self.height + top + bottom, stroke=0, fill=1)  # fmt: skip
        canv.restoreState()

    def getSpaceBefore(self) -> float:
        return float(self.style.spaceBefore)

    def getSpaceAfter(self) -> float:
        return float(self.style.spaceAfter)


Token = tuple[str, str, Any, str | None]  # text, font, colour, link target
Placed = tuple[int, float, str, str, Any, str | None, float]  # line, x, text, font, colour, link, w

_WORDS = re.compile(r"(\s*)(\S+)")


def place(tokens: list[tuple[bool, Token]], size: float, width: float) -> tuple[list[Placed], int]:
    """Lay words (each with its font) out on lines of ``width``; return them and the line count."""
    out: list[Placed] = []
    line, x = 0, 0.0
    for spaced, (word, font, colour, link) in tokens:
        w = width_of(word, font, size)
        gap = width_of(" ", font, size) if spaced and x > 0 else 0.0
        if x > 0 and x + gap + w > width:
            line, x, gap = line + 1, 0.0, 0.0
        while w > width and len(word) > 1:
            cut = _fit(word, font, size, width)
            out.append(
                (line, 0.0, word[:cut], font, colour, link, width_of(word[:cut], font, size))
            )
            word, line = word[cut:], line + 1
            w = width_of(word, font, size)
        out.append((line, x + gap, word, font, colour, link, w))
        x += gap + w
    return out, line + 1


class RichLines(Flowable):  # type: ignore[misc]
    """One-direction text in several fonts and colours (bold labels, a link), drawn directly."""

    def __init__(self, tokens: list[tuple[bool, Token]], style: ParagraphStyle,
                 placed: list[Placed] | None = None, count: int = 0) -> None:  # fmt: skip
        super().__init__()
        self.tokens, self.style = tokens, style
        self.text = "".join(t[1][0] for t in tokens)
        self.placed, self.count = placed, count
        self._at: float | None = None if placed is None else -1.0
        self.width: float = 0
        self.height: float = 0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        st = self.style
        if self._at != availWidth and self._at != -1.0:
            inner = availWidth - st.leftIndent - st.rightIndent
            self.placed, self.count = place(self.tokens, st.fontSize, inner)
            self._at = availWidth
        self.width, self.height = availWidth, self.count * st.leading
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        self.wrap(availWidth, availHeight)
        fit = int(availHeight // self.style.leading)
        if fit <= 0:
            return []
        if fit >= self.count:
            return [self]
        head = [p for p in self.placed or [] if p[0] < fit]
        tail = [(p[0] - fit, *p[1:]) for p in self.placed or [] if p[0] >= fit]
        return [RichLines(self.tokens, self.style, head, fit),
                RichLines(self.tokens, self.style, tail, self.count - fit)]  # fmt: skip

    def draw(self) -> None:
        st, canv = self.style, self.canv
        top = self.height - st.fontSize
        for line, x, text, font, colour, link, w in merged(self.placed or [], st.fontSize):
            y = top - line * st.leading
            canv.setFont(font, st.fontSize)
            canv.setFillColor(colour)
            canv.drawString(st.leftIndent + x, y, text)
            if link:
                rect = (st.leftIndent + x, y - 2, st.leftIndent + x + w, y + st.fontSize)
                canv.linkRect("", link, rect, relative=1)

    def getSpaceBefore(self) -> float:
        return float(self.style.spaceBefore)

    def getSpaceAfter(self) -> float:
        return float(self.style.spaceAfter)


def merged(placed: list[Placed], size: float) -> list[Placed]:
    """Neighbouring words of one line in the same font, colour and link as one string."""
    out: list[Placed] = []
    for item in placed:
        if out:
            line, x, text, font, colour, link, w = out[-1]
            space = width_of(" ", font, size)
            same = (line, font, colour, link) == (item[0], item[3], item[4], item[5])
            if same and abs(x + w + space - item[1]) < 0.01:
                out[-1] = (line, x, f"{text} {item[2]}", font, colour, link, item[1] + item[6] - x)
                continue
        out.append(item)
    return out


def tokens_of(
    text: str, font: str, colour: Any, link: str | None, spaced: bool
) -> tuple[list[tuple[bool, Token]], bool]:
    """Words of one run with whether a space comes before each; and whether it ends in one."""
    out: list[tuple[bool, Token]] = []
    for match in _WORDS.finditer(text):
        out.append((spaced or bool(match.group(1)), (match.group(2), font, colour, link)))
        spaced = False
    trailing = bool(text) and text[-1].isspace()
    return out, (spaced or trailing) if not out else trailing
