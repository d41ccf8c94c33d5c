"""Runs of the Word twin: faces, internal links, and the scripts marked (right-to-left runs and
paragraphs for Arabic and Hebrew, East Asian fonts and languages for Chinese, Japanese, Korean).
"""

from __future__ import annotations

from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import RGBColor
from lxml.etree import SubElement

from casefile.brief.twin_blocks import Spans
from casefile.brief.twin_script import Anchors, runs_of, xml_safe

LINK = RGBColor(0x1F, 0x4E, 0x9A)
MONO = "Noto Sans Mono"


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def add_runs(paragraph: Any, spans: Spans, colour: RGBColor | None = None,
             size: float | None = None, anchors: Anchors | None = None) -> None:  # fmt: skip
    """Add the spans as runs: bold/italic/mono, right-to-left and East Asian runs marked, and
    spans with a link as internal hyperlinks (to a bookmark) when ``anchors`` is given.

    The runs are built as XML directly, their properties in the schema's order (python-docx's
    property setters search the run for each one: far too slow for a long brief)."""
    p = paragraph._p
    for span in spans:
        parent, ink = p, colour
        if span.link is not None and anchors is not None:
            parent = SubElement(p, f"{W}hyperlink")
            parent.set(f"{W}anchor", anchors.name(span.link))
            parent.set(f"{W}history", "1")
            ink = LINK
        for text, script in runs_of(span.text):
            run = SubElement(parent, f"{W}r")
            _properties(run, span.face, ink, size, parent is not p, script)
            _text(run, xml_safe(text))


def _properties(run: Any, face: str, colour: RGBColor | None, size: float | None,
                underline: bool, script: str) -> None:  # fmt: skip
    """The run's w:rPr: fonts, bold, italic, colour, size, underline, rtl, language."""
    props: list[tuple[str, dict[str, str]]] = []
    fonts: dict[str, str] = {}
    if face == "mono":
        fonts.update({f"{W}ascii": MONO, f"{W}hAnsi": MONO})
    found = SCRIPTS.get(script)
    if found is not None:
        rtl = script in ("arabic", "hebrew")
        fonts.update({f"{W}cs": found[0]} if rtl else
                     {f"{W}eastAsia": found[0], f"{W}hint": "eastAsia"})  # fmt: skip
    if fonts:
        props.append(("rFonts", fonts))
    if "bold" in face:
        props += [("b", {}), ("bCs", {})]
    if "italic" in face:
        props += [("i", {}), ("iCs", {})]
    if colour is not None:
        props.append(("color", {f"{W}val": str(colour)}))
    if size is not None:
        half = str(round(size * 2))
        props += [("sz", {f"{W}val": half}), ("szCs", {f"{W}val": half})]
    if underline:
        props.append(("u", {f"{W}val": "single"}))
    if found is not None:
        if script in ("arabic", "hebrew"):
            props += [("rtl", {}), ("lang", {f"{W}bidi": found[1]})]
        else:
            props.append(("lang", {f"{W}eastAsia": found[1]}))
    if not props:
        return
    rpr = SubElement(run, f"{W}rPr")
    for tag, attrs in props:
        SubElement(rpr, f"{W}{tag}", attrs)


def _text(run: Any, text: str) -> None:
    """The text as w:t pieces with a w:br at each line break."""
    for i, line in enumerate(text.split("\n")):
        if i:
            SubElement(run, f"{W}br")
        if line:
            t = SubElement(run, f"{W}t")
            t.text = line
            t.set(XML_SPACE, "preserve")


def complex_script(rpr: Any) -> None:
    """Complex-script text (Arabic, Hebrew) takes its own size, bold and italic (w:szCs,
    w:bCs, w:iCs): the same as the style's, or Word sets it in another size."""
    for plain_tag, cs_tag in (("w:sz", "w:szCs"), ("w:b", "w:bCs"), ("w:i", "w:iCs")):
        found = rpr.find(qn(plain_tag))
        if found is not None and rpr.find(qn(cs_tag)) is None:
            twin = OxmlElement(cs_tag)
            for key, value in found.attrib.items():
                twin.set(key, value)
            rpr.append(twin)
    order(rpr)


SCRIPTS = {
    "arabic": ("Noto Sans Arabic", "ar-SA"),
    "hebrew": ("Noto Sans Hebrew", "he-IL"),
    "zh": ("Noto Sans CJK SC", "zh-CN"),
    "ja": ("Noto Sans CJK JP", "ja-JP"),
    "ko": ("Noto Sans CJK KR", "ko-KR"),
}
"""The font and language of each script's runs (complex script or East Asian)."""

_RPR_ORDER = ["rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike",
              "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish",
              "webHidden", "color", "spacing", "w", "kern", "position", "sz", "szCs", "highlight",
              "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang",
              "eastAsianLayout", "specVanish", "oMath"]  # fmt: skip


def order(rpr: Any) -> None:
    """Children of w:rPr in the order the schema requires (Word refuses other orders)."""
    rank = {qn(f"w:{name}"): i for i, name in enumerate(_RPR_ORDER)}
    children = sorted(rpr, key=lambda el: rank.get(el.tag, len(rank)))
    for child in children:
        rpr.append(child)


def bidi(paragraph: Any, text: str) -> None:
    """A paragraph whose first strong letter is right-to-left is laid out right to left."""
    from casefile.brief.bidi import base_rtl

    if text and base_rtl(text):
        ppr = paragraph._p.get_or_add_pPr()
        ppr.insert_element_before(OxmlElement("w:bidi"), "w:adjustRightInd", "w:snapToGrid",
                                  "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
                                  "w:suppressOverlap", "w:jc", "w:textDirection",
                                  "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl",
                                  "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")  # fmt: skip
