"""A fast flowable for text in one font: wrapped word by word and drawn as plain text lines.

Most of a brief is user text that one font prints entirely (quotes, statements, names).
reportlab's Paragraph handles mixed fonts, links and markup, at several times the cost; this
does only what such text needs, and splits across pages between lines.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.rl_accel import fp_str
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from casefile.brief import fonts, pdftext
from casefile.brief import markup as mk
from casefile.brief.links import link as quick_link

_NO_BREAKS = str.maketrans(dict.fromkeys(fonts.LINE_BREAKS + "\t", " "))


@lru_cache(maxsize=200_000)
def width_of(word: str, font: str, size: float) -> float:
    return float(stringWidth(word, font, size))


def has_rtl(text: str) -> bool:
    """``markup.has_rtl`` with a fast answer for ASCII text (most of a brief)."""
    return not text.isascii() and mk.has_rtl(text)


def suits(text: str, style: ParagraphStyle, face: str) -> bool:
    """True when this flowable prints ``text`` the way a Paragraph would."""
    if style.alignment not in (TA_LEFT, TA_CENTER, TA_RIGHT) or has_rtl(text):
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
        out += fill(
            (w for w in logical.split(" ") if w),
            width,
            space,
            lambda word: width_of(word, font, size) if len(word) <= LONG_WORD else -1.0,
            lambda word: cut_word(word, [width_of(c, font, size) for c in word], width),
        )
    return out


LONG_WORD = 200
"""Words longer than this are never measured whole (nor cached): a pasted blob is cut in one
pass instead of being measured again after every cut."""


def fill(
    words: Iterable[str],
    width: float,
    space: float,
    measure: Callable[[str], float],
    cut: Callable[[str], list[str]],
) -> list[str]:
    """Greedy filling of lines with ``words`` (one line at least); ``cut`` splits a word wider
    than a line into pieces that each fit, in one pass (``measure`` may answer -1 for "too
    long to measure": such a word is always cut). Shared by the one-font and the
    right-to-left layouts; linear in the length of the text."""
    lines: list[str] = []
    line, used = "", 0.0
    for word in words:
        w = measure(word)
        if w >= 0 and line and used + space + w <= width:
            line, used = f"{line} {word}", used + space + w
            continue
        if line:
            lines.append(line)
        if (w < 0 or w > width) and len(word) > 1:
            pieces = cut(word)
            lines += pieces[:-1]
            word = pieces[-1]
            w = measure(word) if len(word) <= LONG_WORD else width
        line, used = word, w
    lines.append(line)
    return lines


def cut_word(word: str, widths: list[float], width: float) -> list[str]:
    """``word`` cut into pieces no wider than ``width`` (at least one character each), given
    each character's width; one pass over the word."""
    pieces: list[str] = []
    start, total = 0, 0.0
    for i, w in enumerate(widths):
        if total + w > width and i > start:
            pieces.append(word[start:i])
            start, total = i, 0.0
        total += w
    pieces.append(word[start:])
    return pieces


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

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        code = self._code(canvas, self._hAlignAdjust(x, _sW), y)
        if code is None:
            super().drawOn(canvas, x, y, _sW)
        else:
            canvas._code.append(code)

    def _code(self, canv: Any, x: float, y: float) -> str | None:
        """The page operators that draw this text at (x, y); None where only reportlab can."""
        st = self.style
        fill = pdftext.fill_op(st.textColor)
        shade = pdftext.fill_op(st.backColor) if st.backColor is not None else ""
        if fill is None or shade is None or not pdftext.usable(canv, st.fontName):
            return None
        top, lines = y + self.height - st.fontSize, self.lines or []
        if st.alignment == TA_LEFT:
            origin = (x + st.leftIndent, top)
            text = pdftext.lines_code(canv, st.fontName, st.fontSize, st.leading, origin, lines,
                                      fill)  # fmt: skip
        else:
            text = pdftext.runs_code(canv, st.fontSize,
                                     self._aligned(x, top, fill, lines))  # fmt: skip
        if shade:
            left, bottom, width, height = self._shade_box()
            box = fp_str(x + left, y + bottom, width, height)
            return f"q {shade} n {box} re f* Q q {text} Q"
        return f"q {text} Q"

    def _aligned(self, x: float, top: float, fill: str, lines: list[str]) -> list[pdftext.Run]:
        st = self.style
        left, right = x + st.leftIndent, x + self.width - st.rightIndent
        runs: list[pdftext.Run] = []
        for i, line in enumerate(lines):
            w = float(stringWidth(line, st.fontName, st.fontSize))
            at = (left + right - w) / 2 if st.alignment == TA_CENTER else right - w
            runs.append((at, top - i * st.leading, st.fontName, fill, line))
        return runs

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

    def _shade_box(self) -> tuple[float, float, float, float]:
        """The shaded box (left, bottom, width, height) around the text, with its padding."""
        st = self.style
        pad = st.borderPadding
        top, right, bottom, left = (pad, pad, pad, pad) if isinstance(pad, int | float) else (
            tuple(pad) + tuple(pad)[:4 - len(tuple(pad))] if len(tuple(pad)) < 4 else tuple(pad)
        )  # fmt: skip
        return (st.leftIndent - left, -bottom, self._inner(self.width) + left + right,
                self.height + top + bottom)  # fmt: skip

    def _shade(self, st: ParagraphStyle, canv: Any) -> None:
        canv.saveState()
        canv.setFillColor(st.backColor)
        canv.rect(*self._shade_box(), stroke=0, fill=1)
        canv.restoreState()

    def getSpaceBefore(self) -> float:
        return float(self.style.spaceBefore)

    def getSpaceAfter(self) -> float:
        return float(self.style.spaceAfter)


Token = tuple[str, str, Any, str | None]  # text, font, colour, link target
Placed = tuple[int, float, str, str, Any, str | None, float]  # line, x, text, font, colour, link, w


def place(tokens: list[tuple[bool, Token]], size: float, width: float) -> tuple[list[Placed], int]:
    """Lay words (each with its font) out on lines of ``width``; return them and the line count."""
    out: list[Placed] = []
    line, x = 0, 0.0
    for spaced, (word, font, colour, link) in tokens:
        w = width_of(word, font, size) if len(word) <= LONG_WORD else width + 1
        gap = width_of(" ", font, size) if spaced and x > 0 else 0.0
        if x > 0 and x + gap + w > width:
            line, x, gap = line + 1, 0.0, 0.0
        if w > width and len(word) > 1:
            widths = [width_of(c, font, size) for c in word]
            pieces = cut_word(word, widths, width)
            at = 0
            for piece in pieces[:-1]:
                w = float(sum(widths[at : at + len(piece)]))
                out.append((line, 0.0, piece, font, colour, link, w))
                at, line = at + len(piece), line + 1
            word, w = pieces[-1], float(sum(widths[at:]))
        out.append((line, x + gap, word, font, colour, link, w))
        x += gap + w
    return out, line + 1


class RichLines(Flowable):  # type: ignore[misc]
    """One-direction text in several fonts and colours (bold labels, a link), drawn directly."""

    def __init__(self, tokens: list[tuple[bool, Token]], style: ParagraphStyle,
                 placed: list[Placed] | None = None, count: int = 0,
                 span: tuple[int, int, int] = (0, -1, 0)) -> None:  # fmt: skip
        super().__init__()
        self.tokens, self.style = tokens, style
        self.placed, self.count = placed, count
        # The part of ``placed`` this piece draws (a page's share after a split, without
        # copying the rest): first and end index, and the number of its first line.
        self.span = span
        self._at: float | None = None if placed is None else -1.0
        self.width: float = 0
        self.height: float = 0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        st = self.style
        if self._at != availWidth and self._at != -1.0:
            inner = availWidth - st.leftIndent - st.rightIndent
            self.placed, self.count = place(self.tokens, st.fontSize, inner)
            self.span = (0, len(self.placed), 0)
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
        placed, (lo, hi, first) = self.placed or [], self.span
        cut = bisect_left(placed, first + fit, lo, hi, key=lambda p: p[0])
        return [RichLines(self.tokens, self.style, placed, fit, (lo, cut, first)),
                RichLines(self.tokens, self.style, placed, self.count - fit,
                          (cut, hi, first + fit))]  # fmt: skip

    @property
    def text(self) -> str:
        """The whole text (of every piece after a split)."""
        return "".join(t[1][0] for t in self.tokens)

    def _own(self) -> list[Placed]:
        """This piece's words, with line numbers counted from its first line."""
        lo, hi, first = self.span
        own = (self.placed or [])[lo:hi]
        return [(p[0] - first, *p[1:]) for p in own] if first else own

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        x = self._hAlignAdjust(x, _sW)
        st = self.style
        runs: list[pdftext.Run] = []
        links = []
        top = y + self.height - st.fontSize
        for line, px, text, font, colour, link, w in merged(self._own(), st.fontSize):
            fill = pdftext.fill_op(colour)
            if fill is None or not pdftext.usable(canvas, font):
                super().drawOn(canvas, x, y, _sW)
                return
            at, base = x + st.leftIndent + px, top - line * st.leading
            runs.append((at, base, font, fill, text))
            if link:
                links.append((link, (at, base - 2, at + w, base + st.fontSize)))
        if runs:
            canvas._code.append(f"q {pdftext.runs_code(canvas, st.fontSize, runs)} Q")
        for link, rect in links:
            quick_link(canvas, link, rect)

    def draw(self) -> None:
        st, canv = self.style, self.canv
        top = self.height - st.fontSize
        for line, x, text, font, colour, link, w in merged(self._own(), st.fontSize):
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
    words = text.split()
    trailing = bool(text) and text[-1].isspace()
    if not words:
        return [], spaced or trailing
    out: list[tuple[bool, Token]] = [(True, (word, font, colour, link)) for word in words]
    if not (spaced or text[0].isspace()):
        out[0] = (False, out[0][1])
    return out, trailing
