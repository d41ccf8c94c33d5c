"""Text in vector drawings: user text as plain strings, one per font run (fallback, RTL order)."""

from __future__ import annotations

from reportlab.graphics.shapes import Drawing, Group, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from casefile.brief import fonts
from casefile.brief import markup as mk

Box = tuple[float, float, float, float]  # x0, y0, x1, y1


def drawing(width: float, height: float) -> Drawing:
    """An empty drawing that starts on a shipped font: reportlab's renderer would otherwise
    select its default Helvetica, an unembedded font, before drawing anything."""
    out = Drawing(width, height)
    out.initialFontName = fonts.face("regular").primary
    return out


def one_line(text: str, limit: int) -> str:
    """The text on one line, cut to ``limit`` characters with an ellipsis."""
    flat = " ".join(mk.lines_of(text)).split()
    line = " ".join(flat)
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def runs_of(text: str, face: str = "regular") -> list[tuple[str, str]]:
    """(font, text) runs of one line in display order (right-to-left parts shaped, reversed)."""
    return mk.runs(mk.visual(text), face)


def width_of(text: str, size: float, face: str = "regular") -> float:
    """The printed width of one line of user text."""
    return float(sum(stringWidth(chunk, font, size) for font, chunk in runs_of(text, face)))


def text_group(
    x: float,
    y: float,
    text: str,
    size: float,
    colour: colors.Color,
    anchor: str = "start",
    face: str = "regular",
) -> Group:
    """The text as strings drawn from ``x`` (start), around it (middle) or up to it (end).

    Strings in a drawing are never parsed as markup, so user text needs no escaping; each
    run is in the first shipped font that has its characters.
    """
    parts = runs_of(text, face)
    total = sum(stringWidth(chunk, font, size) for font, chunk in parts)
    left = x - total / 2 if anchor == "middle" else x - total if anchor == "end" else x
    group = Group()
    for font, chunk in parts:
        group.add(String(left, y, chunk, fontName=font, fontSize=size, fillColor=colour))
        left += stringWidth(chunk, font, size)
    return group


def overlaps(box: Box, others: list[Box], pad: float = 1.0) -> bool:
    """Whether ``box`` comes within ``pad`` of any of ``others``."""
    x0, y0, x1, y1 = box
    return any(
        x0 < b[2] + pad and b[0] < x1 + pad and y0 < b[3] + pad and b[1] < y1 + pad for b in others
    )
