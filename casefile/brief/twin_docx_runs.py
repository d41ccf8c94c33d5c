"""Runs of the Word twin: faces, internal links, and the scripts marked (right-to-left runs and
paragraphs for Arabic and Hebrew, East Asian fonts and languages for Chinese, Japanese, Korean).
"""

from __future__ import annotations

from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from casefile.brief.twin_blocks import Spans
from casefile.brief.twin_script import Anchors, runs_of, xml_safe

LINK = RGBColor(0x1F, 0x4E, 0x9A)
MONO = "Noto Sans Mono"


def add_runs(paragraph: Any, spans: Spans, colour: RGBColor | None = None,
           size: float | None = None, anchors: Anchors | None = None) -> None:  # fmt: skip
    """Add the spans as runs: bold/italic/mono, right-to-left and East Asian runs marked, and
    spans with a link as internal hyperlinks (to a bookmark) when ``anchors`` is given."""
    for span in spans:
        parent = paragraph._p
        if span.link is not None and anchors is not None:
            parent = OxmlElement("w:hyperlink")
            parent.set(qn("w:anchor"), anchors.name(span.link))
            parent.set(qn("w:history"), "1")
            paragraph._p.append(parent)
        for text, script in runs_of(span.text):
            run = paragraph.add_run()
            run.text = xml_safe(text)
            if parent is not paragraph._p:
                parent.append(run._r)
                run.font.color.rgb, run.font.underline = LINK, True
            elif colour is not None:
                run.font.color.rgb = colour
            run.font.bold = "bold" in span.face or None
            run.font.italic = "italic" in span.face or None
            if size is not None:
                run.font.size = Pt(size)
            if span.face == "mono":
                run.font.name = MONO
            complex_script(run._r.get_or_add_rPr())
            mark_script(run, script)


def complex_script(rpr: Any) -> None:
    """Complex-script text (Arabic, Hebrew) takes its own size, bold and italic (w:szCs,
    w:bCs, w:iCs): the same as the run's, or Word sets it in another size."""
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


def mark_script(run: Any, script: str) -> None:
    """Mark a run's script: w:rtl and a complex-script font for Arabic and Hebrew, the East
    Asian font and language (w:eastAsia) for Chinese, Japanese and Korean."""
    if script not in SCRIPTS:
        return
    font, language = SCRIPTS[script]
    rpr = run._r.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    lang = OxmlElement("w:lang")
    if script in ("arabic", "hebrew"):
        fonts.set(qn("w:cs"), font)
        rpr.append(OxmlElement("w:rtl"))
        lang.set(qn("w:bidi"), language)
    else:
        fonts.set(qn("w:eastAsia"), font)
        fonts.set(qn("w:hint"), "eastAsia")
        lang.set(qn("w:eastAsia"), language)
    rpr.append(lang)
    # python-docx appends; the schema wants rtl before lang, both late in the sequence
    order(rpr)


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
