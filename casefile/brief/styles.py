"""Named paragraph styles, colours and page geometry of the brief."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from casefile.brief.fonts import face

INK = colors.HexColor("#1B1F24")
NAVY = colors.HexColor("#1F3556")
MUTED = colors.HexColor("#5B6470")
RULE = colors.HexColor("#C9CED6")
SHADE = colors.HexColor("#F2F4F7")
QUOTE_BG = colors.HexColor("#F6F7F9")
MARKING = colors.HexColor("#8B1A1A")
LINK = colors.HexColor("#1F4E8C")

STATUS_COLOURS = {
    "supported": colors.HexColor("#DDEFE3"),
    "refuted": colors.HexColor("#E4E6EA"),
    "disputed": colors.HexColor("#F9DCD8"),
    "unverified": colors.HexColor("#FCEFCF"),
}
STATUS_INK = {
    "supported": colors.HexColor("#1E5631"),
    "refuted": colors.HexColor("#3A3F47"),
    "disputed": colors.HexColor("#8B1A1A"),
    "unverified": colors.HexColor("#7A5200"),
}
STANCE_TITLES = {
    "supports": "Supporting evidence",
    "refutes": "Refuting evidence",
    "context": "Context",
}

PAGE_SIZES = {"a4": A4, "letter": LETTER}
MARGIN_X = 20 * mm
MARGIN_TOP = 24 * mm
MARGIN_BOTTOM = 22 * mm


@dataclass(frozen=True)
class Styles:
    """The brief's named styles (built once per renderer)."""

    body: ParagraphStyle
    small: ParagraphStyle
    meta: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_head: ParagraphStyle
    cell_center: ParagraphStyle
    cell_small: ParagraphStyle
    cell_quote: ParagraphStyle
    alias: ParagraphStyle
    quote: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    cover_label: ParagraphStyle
    cover_value: ParagraphStyle
    marking: ParagraphStyle
    header: ParagraphStyle
    header_right: ParagraphStyle
    toc: ParagraphStyle
    toc_sub: ParagraphStyle
    flag: ParagraphStyle
    mono: ParagraphStyle


def make_styles() -> Styles:
    """Create the named styles; every font is a shipped TTF registered by ``fonts``."""
    regular = face("regular").primary
    bold = face("bold").primary
    italic = face("italic").primary
    mono = face("mono").primary
    base = ParagraphStyle("body", fontName=regular, fontSize=9.5, leading=13.2, textColor=INK,
                          spaceAfter=4)  # fmt: skip

    def derive(name: str, **kw: object) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **kw)

    return Styles(
        body=base,
        small=derive("small", fontSize=8, leading=10.5, textColor=MUTED),
        meta=derive("meta", fontSize=8, leading=10.5, textColor=MUTED, spaceAfter=8, leftIndent=12),
        cell=derive("cell", fontSize=8.5, leading=11, spaceAfter=0),
        cell_bold=derive("cell_bold", fontName=bold, fontSize=8.5, leading=11, spaceAfter=0),
        cell_center=derive("cell_center", fontSize=8.5, leading=11, spaceAfter=0,
                           alignment=TA_CENTER),
        cell_small=derive("cell_small", fontSize=7.5, leading=9.5, spaceAfter=0,
                          textColor=MUTED),
        cell_quote=derive("cell_quote", fontName=italic, fontSize=8.5, leading=11, spaceAfter=0),
        alias=derive("alias", fontSize=9.5, leading=12.5, leftIndent=10, spaceAfter=1),
        cell_head=derive("cell_head", fontName=bold, fontSize=8, leading=10, spaceAfter=0,
                         textColor=colors.white),
        quote=derive("quote", fontName=italic, fontSize=9.5, leading=13.5, leftIndent=12,
                     rightIndent=8, spaceBefore=2, spaceAfter=2, borderPadding=(4, 6, 4, 8),
                     backColor=QUOTE_BG),
        h1=derive("h1", fontName=bold, fontSize=16, leading=20, textColor=NAVY, spaceBefore=0,
                  spaceAfter=10),
        h2=derive("h2", fontName=bold, fontSize=11.5, leading=15, textColor=NAVY, spaceBefore=10,
                  spaceAfter=4),
        h3=derive("h3", fontName=bold, fontSize=9.5, leading=13, textColor=MUTED, spaceBefore=6,
                  spaceAfter=3),
        title=derive("title", fontName=bold, fontSize=24, leading=30, textColor=NAVY,
                     spaceAfter=8),
        subtitle=derive("subtitle", fontSize=12, leading=16, textColor=MUTED, spaceAfter=24),
        cover_label=derive("cover_label", fontName=bold, fontSize=8, leading=11, textColor=MUTED,
                           spaceAfter=0),
        cover_value=derive("cover_value", fontSize=10, leading=13, spaceAfter=0),
        marking=derive("marking", fontName=bold, fontSize=9, leading=11, textColor=MARKING,
                       alignment=TA_CENTER, spaceAfter=0),
        header=derive("header", fontSize=7.5, leading=9.5, textColor=MUTED, alignment=TA_LEFT,
                      spaceAfter=0),
        header_right=derive("header_right", fontSize=7.5, leading=9.5, textColor=MUTED,
                            alignment=TA_RIGHT, spaceAfter=0),
        toc=derive("toc", fontSize=10.5, leading=14, spaceAfter=0),
        toc_sub=derive("toc_sub", fontSize=8.5, leading=11, spaceAfter=0, textColor=MUTED),
        flag=derive("flag", fontName=bold, fontSize=7.5, leading=9.5, spaceAfter=0),
        mono=derive("mono", fontName=mono, fontSize=7.5, leading=10, spaceAfter=0),
    )  # fmt: skip
