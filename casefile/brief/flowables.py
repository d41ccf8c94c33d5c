"""Flowables and the canvas of the brief: safe paragraphs, RTL lines, contents, page totals."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph
from reportlab.platypus.paraparser import ParaFrag

from casefile.brief import fonts, pdftext
from casefile.brief import markup as mk
from casefile.brief.lines import (
    LONG_WORD,
    Lines,
    RichLines,
    Token,
    has_rtl,
    suits,
    tokens_of,
    width_of,
)
from casefile.brief.links import link as quick_link
from casefile.brief.rtl import RtlParagraph


class Para(Paragraph):  # type: ignore[misc]
    """A paragraph that remembers its line breaks for a width: tables and keep-together
    blocks wrap the same paragraph several times at the same width."""

    _wrapped_at: tuple[float, float, float] | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        cached = self._wrapped_at
        if cached is not None and cached[0] == availWidth and "blPara" in self.__dict__:
            _, self.width, self.height = cached
            return self.width, self.height
        width, height = super().wrap(availWidth, availHeight)
        self._wrapped_at = (availWidth, width, height)
        return float(width), float(height)


class Plain(Flowable):  # type: ignore[misc]
    """Our own short text (labels, dates, numbers) in the style's font: wrapped and drawn
    directly, much faster than a Paragraph. Never for user text (no font fallback)."""

    def __init__(self, text: str, style: ParagraphStyle) -> None:
        super().__init__()
        self.text, self.style = text, style
        self.lines: list[str] = []
        self.width: float = 0
        self.height: float = 0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if self.lines and self.width == availWidth:
            return self.width, self.height
        self.lines = [
            part for line in self.text.split("\n") for part in self._split(line, availWidth)
        ]
        self.width = availWidth
        self.height = len(self.lines) * self.style.leading
        return self.width, self.height

    def _split(self, line: str, width: float) -> list[str]:
        """``simpleSplit`` of one line; a line that plainly fits is not measured word by word."""
        st = self.style
        tidy = bool(line) and line == " ".join(line.split())
        if tidy and width_of(line, st.fontName, st.fontSize) <= width - 0.01:
            return [line]
        return list(simpleSplit(line, st.fontName, st.fontSize, width)) or [""]

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        st = self.style
        fill = pdftext.fill_op(st.textColor)
        if fill is None or not pdftext.usable(canvas, st.fontName):
            super().drawOn(canvas, x, y, _sW)
            return
        x = self._hAlignAdjust(x, _sW)
        top = y + self.height - st.fontSize
        if st.alignment not in (TA_CENTER, TA_RIGHT):
            code = pdftext.lines_code(canvas, st.fontName, st.fontSize, st.leading, (x, top),
                                      self.lines, fill)  # fmt: skip
        else:
            runs: list[pdftext.Run] = []
            for i, line in enumerate(self.lines):
                w = stringWidth(line, st.fontName, st.fontSize)
                at = (
                    x + self.width / 2 - 0.5 * w
                    if st.alignment == TA_CENTER
                    else x + self.width - w
                )
                runs.append((at, top - i * st.leading, st.fontName, fill, line))
            code = pdftext.runs_code(canvas, st.fontSize, runs)
        canvas._code.append(f"q {code} Q")

    def draw(self) -> None:
        st, canv = self.style, self.canv
        canv.setFont(st.fontName, st.fontSize)
        canv.setFillColor(st.textColor)
        y = self.height - st.fontSize
        for line in self.lines:
            if st.alignment == TA_CENTER:
                canv.drawCentredString(self.width / 2, y, line)
            elif st.alignment == TA_RIGHT:
                canv.drawRightString(self.width, y, line)
            else:
                canv.drawString(0, y, line)
            y -= st.leading


def para(text: str | None, style: ParagraphStyle, face: str = "regular") -> Flowable:
    """A paragraph of user text: escaped, font fallback, right-to-left lines wrapped right."""
    text = text or ""
    lines = mk.lines_of(text)
    if len(lines) > CHUNK_LINES:
        return Stack(_chunks(lines, style, face))
    if has_rtl(text):
        return RtlParagraph(text, style, face)
    if not text.strip():
        return Para("", style)
    if suits(text, style, face):
        return Lines(text, style)
    if style.alignment == TA_LEFT and _LONG_RUN.search(text):
        # reportlab's Paragraph breaks a long run without spaces (a pasted blob) in quadratic
        # time; our own lines cut it in one pass, one logical line at a time.
        parts = [_rich_lines([(line, face)], style) for line in lines]
        return parts[0] if len(parts) == 1 else Stack(_spaced(parts, style))
    return Para(text, style, frags=text_frags(text, style, face))


_LONG_RUN = re.compile(rf"[^\s]{{{LONG_WORD + 1}}}")


CHUNK_LINES = 24


def _chunks(lines: list[str], style: ParagraphStyle, face: str) -> list[Flowable]:
    """A text of many lines as consecutive paragraphs (reportlab splits one long paragraph
    across pages in quadratic time); the breaks fall where the text has line breaks."""
    groups = [lines[i : i + CHUNK_LINES] for i in range(0, len(lines), CHUNK_LINES)]
    inner = ParagraphStyle(f"{style.name}-part", parent=style, spaceBefore=0, spaceAfter=0)
    first = ParagraphStyle(f"{style.name}-first", parent=style, spaceAfter=0)
    last = ParagraphStyle(f"{style.name}-last", parent=style, spaceBefore=0)
    styles = [first, *[inner] * (len(groups) - 2), last]
    return [para("\n".join(g), st, face) for g, st in zip(groups, styles, strict=True)]


def _spaced(parts: list[Flowable], style: ParagraphStyle) -> list[Flowable]:
    """Consecutive parts of one text: the style's space before the first and after the last."""
    inner = ParagraphStyle(f"{style.name}-part", parent=style, spaceBefore=0, spaceAfter=0)
    for i, part in enumerate(parts):
        part.style = ParagraphStyle(
            f"{style.name}-{i}",
            parent=inner,
            spaceBefore=style.spaceBefore if i == 0 else 0,
            spaceAfter=style.spaceAfter if i == len(parts) - 1 else 0,
        )
    return parts


class Stack(Flowable):  # type: ignore[misc]
    """Flowables that stay together in a table cell but split apart in a frame."""

    def __init__(self, parts: list[Flowable]) -> None:
        super().__init__()
        self.parts = parts
        self.text = "".join(getattr(p, "text", "") for p in parts)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self.height = float(sum(p.wrap(availWidth, availHeight)[1] for p in self.parts))
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        first, rest = self.parts[0], self.parts[1:]
        if first.wrap(availWidth, availHeight)[1] <= availHeight:
            return list(self.parts)
        pieces = list(first.split(availWidth, availHeight))
        return [*pieces, *rest] if pieces else []

    def draw(self) -> None:
        y = self.height
        for part in self.parts:
            y -= part.height
            part.drawOn(self.canv, 0, y)

    def getSpaceBefore(self) -> float:
        return float(self.parts[0].getSpaceBefore())

    def getSpaceAfter(self) -> float:
        return float(self.parts[-1].getSpaceAfter())


def text_frags(text: str, style: ParagraphStyle, face: str) -> list[ParaFrag]:
    """Paragraph fragments for plain user text, built directly: nothing is parsed as markup,
    so nothing needs escaping, and no XML parser runs (the slowest part of a Paragraph)."""
    return _frags(text, style, face, style.textColor, [], style.fontName)


def _frags(
    text: str, style: ParagraphStyle, face: str, colour: Any, link: list[Any], main: str = ""
) -> list[ParaFrag]:
    primary = fonts.face(face).primary
    main = main or primary
    base = {"rise": 0, "greek": 0, "link": link, "bold": 0, "italic": 0, "us_lines": [],
            "fontSize": style.fontSize, "textColor": colour}  # fmt: skip
    frags = []
    for i, line in enumerate(mk.lines_of(text)):
        if i:
            frags.append(ParaFrag(**base, fontName=main, text="", lineBreak=True))
        for font, chunk in mk.runs(line, face):
            frags.append(ParaFrag(**base, fontName=main if font == primary else font, text=chunk))
    return frags


Segment = tuple[str, str] | tuple[str, str, str | None, Any]


def rich(segments: list[Segment], style: ParagraphStyle) -> Flowable:
    """A one-direction paragraph from (text, face[, link, colour]) pieces, built as fragments:
    our labels in bold next to the user's text, links to anchors, nothing parsed as markup."""
    text = "".join(seg[0] for seg in segments)
    if has_rtl(text) or len(mk.lines_of(text)) > CHUNK_LINES:
        return para(text, style)
    if style.alignment == TA_LEFT and not any(c in text for c in fonts.LINE_BREAKS):
        return _rich_lines(segments, style)
    frags: list[ParaFrag] = []
    for seg in segments:
        chunk, face = seg[0], seg[1]
        link = seg[2] if len(seg) > 2 else None
        colour = seg[3] if len(seg) > 3 and seg[3] is not None else style.textColor
        frags += _frags(chunk, style, face, colour, [(0, link)] if link else [])
    return Para(text, style, frags=frags) if frags else Para("", style)


def _rich_lines(segments: list[Segment], style: ParagraphStyle) -> Flowable:
    tokens: list[tuple[bool, Token]] = []
    spaced = False
    for seg in segments:
        chunk, face = seg[0], seg[1]
        link = seg[2] if len(seg) > 2 else None
        colour = seg[3] if len(seg) > 3 and seg[3] is not None else style.textColor
        primary = fonts.face(face).primary
        for font, run in mk.runs(chunk.replace("\t", " "), face):
            words, spaced = tokens_of(run, primary if font == primary else font, colour,
                                      link[1:] if link else None, spaced)  # fmt: skip
            tokens += words
    return RichLines(tokens, style)


def label_para(
    label: str, text: str | None, style: ParagraphStyle, face: str = "regular"
) -> Flowable:
    """``Label: value`` with a bold label of our own and the user's value escaped."""
    if text and has_rtl(text):
        return RtlParagraph(text, style, face, prefix=f"{label}: ")
    return rich([(f"{label}: ", "bold"), (text or "", face)], style)


class Anchor(Flowable):  # type: ignore[misc]
    """A zero-size mark: a section start (bookmark, outline, contents) or a link target."""

    def __init__(self, key: str, title: str = "", level: int = 0, outline: bool = True):
        super().__init__()
        self.key, self.title, self.level, self.outline = key, title, level, outline
        self.width = self.height = 0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        canv: Any = self.canv
        canv.bookmarkHorizontal(self.key, 0, 0)
        if self.outline and self.title:
            canv.addOutlineEntry(self.title, self.key, self.level, closed=self.level > 0)
        pages = getattr(canv, "anchor_pages", None)
        if pages is not None:
            pages[self.key] = canv.getPageNumber()
            canv.last_anchor = self


class ContentsLine(Flowable):  # type: ignore[misc]
    """One line of the contents: the heading, a dotted leader and the page number (at save)."""

    def __init__(self, key: str, title: str, style: ParagraphStyle, indent: float = 0):
        super().__init__()
        self.key, self.title, self.style, self.indent = key, title, style, indent
        self.para = para(title, style)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        _, h = self.para.wrap(availWidth - self.indent - 40, availHeight)
        self.height = h + 3
        return self.width, self.height

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        slots = getattr(canvas, "contents_slots", None)
        if slots is not None:
            slots.append(
                (canvas.getPageNumber(), x + self.width, y + 3, self.key, self.style.fontSize)
            )
        super().drawOn(canvas, x, y, _sW)

    def draw(self) -> None:
        self.para.drawOn(self.canv, self.indent, 3)
        widths = getattr(self.para, "getActualLineWidths0", lambda: [self.para.width])()
        end = self.indent + (widths[-1] if widths else 0)
        self.canv.saveState()
        self.canv.setDash(0.5, 2.5)
        self.canv.setStrokeColorRGB(0.6, 0.62, 0.66)
        self.canv.line(end + 6, 6, self.width - 22, 6)
        self.canv.restoreState()
        quick_link(self.canv, self.key, (self.indent, 0, self.width, self.height))


Decorator = Callable[[Canvas, int, int], None]


class BriefCanvas(Canvas):  # type: ignore[misc]
    """A canvas that holds pages until the end so each can say "Page X of Y".

    Pages are drawn during the build; at ``save`` the decorator draws the totals and the
    contents page numbers (known only then) on each held page, in one pass.
    """

    decorate: Decorator | None = None
    pages = 0
    """Pages written (known once saved)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.held: list[dict[str, Any]] = []
        self.anchor_pages: dict[str, int] = {}
        self.contents_slots: list[tuple[int, float, float, str]] = []
        self.last_anchor: Anchor | None = None

    def showPage(self) -> None:
        self.held.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self.held)
        for state in self.held:
            self.__dict__.update(state)
            if self.decorate is not None:
                self.decorate(self, self._pageNumber, total)
            Canvas.showPage(self)
        Canvas.save(self)
        self.pages = total
        self.let_go()

    def let_go(self) -> None:
        """Drop the held pages and the decorator (the renderer, and through it the model):
        the layout's objects refer to each other, and only the cycle collector frees such
        garbage, so nothing large may stay reachable from them."""
        self.held.clear()  # each held page's state holds the list itself: clear, not replace
        self.decorate = None


__all__ = ["TA_LEFT", "Anchor", "BriefCanvas", "ContentsLine", "RtlParagraph", "label_para", "para"]
