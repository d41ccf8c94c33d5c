"""Native Word footnotes of the DOCX twin: each quote's source citation again as a footnote at
the foot of its page (``[2] title, p. 4 · Grade B2``), numbered by Word.

python-docx has no footnote API, so the part is made here: ``/word/footnotes.xml`` related to
the document with the two separator footnotes Word writes (ids -1 and 0, also named in the
settings' w:footnotePr), then one w:footnote per cited quote, ids 1, 2, 3… in document order.
Every text goes in as element text or through ``add_runs`` (escaped by lxml, right-to-left
and East Asian runs marked as in the body), never as XML written by hand.

Where the mark goes: in the quote's line, right after the source citation it documents
(``… Source [2] title, p. 4¹ · Note …``), not after the quotation itself. The quotation stays
word for word with nothing added to it, and the note sits where Word users expect a citation's
note. The line's numbered link to the Sources list stays: the footnote is in addition to it,
so a reader sees the source on the same page and can still follow the link.
"""

from __future__ import annotations

from typing import Any

from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement
from docx.shared import Pt
from lxml.etree import SubElement

from casefile.brief.twin_blocks import Spans
from casefile.brief.twin_docx_runs import XML_SPACE, W, add_runs, bidi
from casefile.brief.twin_script import Anchors

TEXT_STYLE, MARK_STYLE = "FootnoteText", "FootnoteReference"

_AFTER_FOOTNOTE_PR = ("w:endnotePr", "w:compat", "w:docVars", "w:rsids", "m:mathPr",
                      "w:attachedSchema", "w:themeFontLang", "w:clrSchemeMapping",
                      "w:doNotIncludeSubdocsInStats", "w:doNotAutoCompressPictures",
                      "w:forceUpgrade", "w:captions", "w:readModeInkLockDown", "w:smartTagType",
                      "sl:schemaLibrary", "w:shapeDefaults", "w:doNotEmbedSmartTags",
                      "w:decimalSymbol", "w:listSeparator")  # fmt: skip
"""What follows w:footnotePr in w:settings (the schema's order)."""


def add_note_styles(doc: Any) -> None:
    """Word's built-in "footnote text" (small, no space after) and "footnote reference"
    (superscript) styles, unless the template has them."""
    styles = doc.styles
    if styles.element.get_by_id(TEXT_STYLE) is None:
        text = styles.add_style("footnote text", WD_STYLE_TYPE.PARAGRAPH, builtin=True)
        text.style_id = TEXT_STYLE
        text.base_style = styles["Normal"]
        text.font.size = Pt(8)
        text.paragraph_format.space_after = Pt(0)
    if styles.element.get_by_id(MARK_STYLE) is None:
        mark = styles.add_style("footnote reference", WD_STYLE_TYPE.CHARACTER, builtin=True)
        mark.style_id = MARK_STYLE
        mark.base_style = styles["Default Paragraph Font"]
        mark.font.superscript = True


class Footnotes:
    """The document's footnotes: ``add`` marks a paragraph and writes the note; ``finish``
    puts the part into the package (only when there is a note)."""

    def __init__(self, doc: Any, anchors: Anchors) -> None:
        self.doc = doc
        self.anchors = anchors
        self.root = OxmlElement("w:footnotes")
        self.count = 0
        for ident, kind in (("-1", "separator"), ("0", "continuationSeparator")):
            note = SubElement(self.root, f"{W}footnote", {f"{W}type": kind, f"{W}id": ident})
            p = SubElement(note, f"{W}p")
            SubElement(SubElement(p, f"{W}pPr"), f"{W}spacing",
                       {f"{W}after": "0", f"{W}line": "240", f"{W}lineRule": "auto"})  # fmt: skip
            SubElement(SubElement(p, f"{W}r"), f"{W}{kind}")

    def add(self, paragraph: Any, spans: Spans) -> None:
        """A footnote holding ``spans``, its mark at the end of ``paragraph`` so far."""
        self.count += 1
        ident = str(self.count)
        _mark(paragraph._p, "footnoteReference", {f"{W}id": ident})
        note = SubElement(self.root, f"{W}footnote", {f"{W}id": ident})
        p = SubElement(note, f"{W}p")
        SubElement(SubElement(p, f"{W}pPr"), f"{W}pStyle", {f"{W}val": TEXT_STYLE})
        _mark(p, "footnoteRef", {})
        space = SubElement(SubElement(p, f"{W}r"), f"{W}t")
        space.text = " "
        space.set(XML_SPACE, "preserve")
        holder = _Para(p)
        add_runs(holder, spans, anchors=self.anchors)
        bidi(holder, "".join(s.text for s in spans))

    def finish(self) -> None:
        """The footnotes part, related to the document, and the separators in the settings."""
        if not self.count:
            return
        part = XmlPart(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, self.root,
                       self.doc.part.package)  # fmt: skip
        self.doc.part.relate_to(part, RT.FOOTNOTES)
        settings = self.doc.settings.element
        if settings.find(f"{W}footnotePr") is None:
            pr = OxmlElement("w:footnotePr")
            for ident in ("-1", "0"):
                SubElement(pr, f"{W}footnote", {f"{W}id": ident})
            settings.insert_element_before(pr, *_AFTER_FOOTNOTE_PR)


def _mark(p: Any, tag: str, attrs: dict[str, str]) -> None:
    """A run in the footnote reference style holding ``tag`` (the mark or the note's number)."""
    run = SubElement(p, f"{W}r")
    SubElement(SubElement(run, f"{W}rPr"), f"{W}rStyle", {f"{W}val": MARK_STYLE})
    SubElement(run, f"{W}{tag}", attrs)


class _Para:
    """What ``add_runs`` and ``bidi`` need of a paragraph: its w:p element."""

    def __init__(self, p: Any) -> None:
        self._p = p


__all__ = ["Footnotes", "add_note_styles"]
