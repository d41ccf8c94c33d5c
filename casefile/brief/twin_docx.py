"""The brief as a Word document (python-docx): Heading 1–3 styles for the navigation pane, the
marking in every page's header and footer, page numbers as PAGE/NUMPAGES fields, quotes word
for word with numbered citations that link (internal hyperlinks to bookmarks) to the numbered
Sources section and are repeated as native footnotes (``twin_docx_notes``), tables, the drawings as pictures, and right-to-left and East Asian text marked
as such (w:rtl and w:bidi; w:eastAsia fonts and languages) so Word lays them out properly."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import IO, Any

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Pt, RGBColor
from lxml.etree import SubElement

from casefile.brief.model import BriefModel
from casefile.brief.render import issue_date_text
from casefile.brief.styles import MARGIN_BOTTOM, MARGIN_TOP, MARGIN_X, PAGE_SIZES
from casefile.brief.twin_blocks import (
    Block,
    Contents,
    Heading,
    PageBreak,
    Para,
    Picture,
    Quote,
    Span,
    Spans,
    Table,
)
from casefile.brief.twin_docx_notes import Footnotes, add_note_styles
from casefile.brief.twin_docx_runs import add_runs, bidi, complex_script
from casefile.brief.twin_script import Anchors, xml_safe

NAVY = RGBColor(0x1F, 0x2A, 0x44)
MUTED = RGBColor(0x5B, 0x66, 0x75)
FONT = "Noto Sans"
SIZES = {"body": 10.0, "small": 8.5, "label": 8.5, "title": 24.0}


def write_docx(model: BriefModel, blocks: list[Block], stream: IO[bytes],
               tick: Callable[[int, int], None] | None = None) -> None:  # fmt: skip
    """Write the Word document of the brief's blocks to ``stream``; ``tick(done, total)`` is
    called every hundred blocks (it may raise to stop)."""
    doc = Document()
    _page(doc, model)
    _styles(doc)
    _properties(doc, model)
    _furniture(doc, model)
    writer = _Writer(doc)
    writer.add_all(blocks, tick)
    writer.notes.finish()
    doc.save(stream)


# --- the document's frame -------------------------------------------------------------------


def _page(doc: Any, model: BriefModel) -> None:
    width, height = PAGE_SIZES[model.options.page_size]
    section = doc.sections[0]
    section.page_width, section.page_height = Pt(width), Pt(height)
    section.left_margin = section.right_margin = Pt(MARGIN_X)
    section.top_margin, section.bottom_margin = Pt(MARGIN_TOP), Pt(MARGIN_BOTTOM)
    section.header_distance, section.footer_distance = Pt(24), Pt(20)


def _styles(doc: Any) -> None:
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(SIZES["body"])
    _fonts(normal.element.get_or_add_rPr(), FONT)
    for level, size in ((1, 17), (2, 13), (3, 11), (4, 10.5)):
        head = styles[f"Heading {level}"]
        head.font.name, head.font.size, head.font.color.rgb = FONT, Pt(size), NAVY
        head.font.italic = False
        _fonts(head.element.get_or_add_rPr(), FONT)
    styles["Title"].font.color.rgb = NAVY
    styles["Title"].font.name = FONT
    for name in ("Brief Small", "Brief Label", "Brief Citation"):
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.font.size, style.font.color.rgb = Pt(SIZES["small"]), MUTED
    styles["Brief Label"].font.bold = True
    styles["Brief Citation"].paragraph_format.left_indent = Pt(18)
    styles["Brief Citation"].paragraph_format.space_after = Pt(8)
    quote = styles["Quote"]
    quote.paragraph_format.left_indent = Pt(18)
    quote.paragraph_format.space_after = Pt(2)
    for level in (1, 2):
        toc = styles.add_style(f"TOC {level}", WD_STYLE_TYPE.PARAGRAPH)
        toc.base_style = normal
        toc.paragraph_format.left_indent = Pt(12 * (level - 1))
        toc.paragraph_format.space_after = Pt(2)
    add_note_styles(doc)
    for style in styles:
        if style.type == WD_STYLE_TYPE.PARAGRAPH and style.element.rPr is not None:
            complex_script(style.element.rPr)


def _fonts(rpr: Any, name: str) -> None:
    """Set every script's font of a style (Latin, complex scripts, East Asian) to ``name``
    except East Asian, which takes the CJK family (each run's language picks the variant)."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), name)
    fonts.set(qn("w:eastAsia"), "Noto Sans CJK SC")


def _properties(doc: Any, model: BriefModel) -> None:
    """Title, author and dates of the brief only (the template's own are all replaced)."""
    props = doc.core_properties
    issued = dt.datetime.fromisoformat(model.options.issue_date).replace(tzinfo=dt.UTC)
    props.title = _property(model.info.title)
    props.author = props.last_modified_by = _property(model.options.author or "")
    props.subject = _property(f"Case brief {model.info.reference or ''}".strip())
    props.comments = props.keywords = ""
    props.category = _property(model.marking)
    props.created = props.modified = issued
    props.revision = 1
    package = doc.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):  # the template's picture of an empty page
            del package.rels[rid]


def _property(text: str) -> str:
    """A document property: one line, at most 255 characters (the format's limit)."""
    flat = " ".join(xml_safe(text).split())
    return flat if len(flat) <= 255 else flat[:254] + "…"


def _furniture(doc: Any, model: BriefModel) -> None:
    """The marking above and below every page, the reference and issue date, page numbers."""
    info = model.info
    section = doc.sections[0]
    right = section.page_width - section.left_margin - section.right_margin
    for name in ("Header", "Footer"):  # the template's stops are for US Letter margins
        stops = doc.styles[name].paragraph_format.tab_stops
        stops.clear_all()
        stops.add_tab_stop(right // 2, WD_TAB_ALIGNMENT.CENTER)
        stops.add_tab_stop(right, WD_TAB_ALIGNMENT.RIGHT)
    header = section.header
    top = header.paragraphs[0]
    _marking(top, model.marking)
    line = header.add_paragraph(style="Header")
    add_runs(line, (Span(f"Ref. {info.reference}" if info.reference else ""),), MUTED, 7.5)
    _tabs(line, 2)
    add_runs(line, (Span(f"Issued {issue_date_text(model.options.issue_date)}"),), MUTED, 7.5)
    footer = section.footer
    bottom = footer.paragraphs[0]
    add_runs(bottom, (Span(f"casefile brief · {info.reference or info.title}"),), MUTED, 7.5)
    _tabs(bottom, 2)
    add_runs(bottom, (Span("Page "),), MUTED, 7.5)
    _field(bottom, "PAGE", "1")
    add_runs(bottom, (Span(" of "),), MUTED, 7.5)
    _field(bottom, "NUMPAGES", "1")
    _marking(footer.add_paragraph(style="Footer"), model.marking)


def _tabs(paragraph: Any, count: int) -> None:
    run = paragraph.add_run()
    for _ in range(count):
        run.add_tab()


def _marking(paragraph: Any, marking: str) -> None:
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_runs(paragraph, (Span(marking, "bold"),), None, 9)


def _field(paragraph: Any, code: str, shown: str) -> None:
    """A field (PAGE, NUMPAGES…) the reader fills in; ``shown`` until it does."""
    for kind, text in (("begin", None), ("instr", f" {code} "), ("separate", None),
                       ("text", shown), ("end", None)):  # fmt: skip
        run = paragraph.add_run()
        run.font.size, run.font.color.rgb = Pt(7.5), MUTED
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        elif kind == "text":
            run.text = text
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)


class _Writer:
    """Adds blocks to the document body, bookmarking anchors and breaking pages."""

    def __init__(self, doc: Any) -> None:
        self.doc = doc
        self.anchors = Anchors()
        self.notes = Footnotes(doc, self.anchors)
        self.break_next = False
        section = doc.sections[0]
        self.width = section.page_width - section.left_margin - section.right_margin
        self.style_ids: dict[str, str] = {}
        self.end = doc.element.body.sectPr

    def new_paragraph(self, style: str) -> Any:
        """A paragraph in ``style`` at the end of the body (before its section properties:
        python-docx searches the whole body for them at each paragraph, which grows)."""
        from docx.text.paragraph import Paragraph

        from casefile.brief.twin_docx_runs import W

        p = OxmlElement("w:p")
        SubElement(SubElement(p, f"{W}pPr"), f"{W}pStyle", {f"{W}val": self.style_id(style)})
        self.end.addprevious(p)
        return Paragraph(p, self.doc._body)

    def style_id(self, name: str) -> str:
        """The id of a style named ``name`` (python-docx looks names up slowly, each time)."""
        if name not in self.style_ids:
            self.style_ids[name] = self.doc.styles[name].style_id
        return self.style_ids[name]

    def add_all(self, blocks: list[Block], tick: Callable[[int, int], None] | None) -> None:
        from casefile.brief.twin_docx_tables import add_contents, add_table

        for done, block in enumerate(blocks):
            if tick is not None and done % 100 == 0:
                tick(done, len(blocks) + 1)
            if isinstance(block, PageBreak):
                self.break_next = True
            elif isinstance(block, Heading):
                self.paragraph((Span(block.text),), f"Heading {block.level}", block.anchor)
            elif isinstance(block, Para):
                style = {"title": "Title", "small": "Brief Small", "label": "Brief Label"}
                spans = block.spans
                if block.kind == "item":  # the marker as text, indented by depth
                    spans = (Span("  " * (block.level - 1) + f"{block.marker} "), *spans)
                self.paragraph(spans, style.get(block.kind, "Normal"), block.anchor)
            elif isinstance(block, Quote):
                self.quote(block)
            elif isinstance(block, Table):
                self.pending_break()
                add_table(self, block)
            elif isinstance(block, Contents):
                add_contents(self, block)
            elif isinstance(block, Picture):
                self.picture(block)

    def quote(self, block: Quote) -> None:
        """The quotation, then its line with the footnote mark right after the citation."""
        self.paragraph((Span(block.text),), "Quote")
        if not block.note:
            self.paragraph(block.meta, "Brief Citation")
            return
        line = self.paragraph(block.meta[: block.note_at], "Brief Citation")
        self.notes.add(line, block.note)
        add_runs(line, block.meta[block.note_at :], anchors=self.anchors)

    def pending_break(self) -> None:
        """A table or picture after a page break: the break as its own paragraph."""
        if self.break_next:
            self.doc.add_page_break()
            self.break_next = False

    def paragraph(self, spans: Spans, style: str, anchor: str | None = None) -> Any:
        paragraph = self.new_paragraph(style)
        if self.break_next:
            paragraph.paragraph_format.page_break_before = True
            self.break_next = False
        if anchor is not None:
            self.anchors.bookmark(paragraph, anchor)
        add_runs(paragraph, spans, anchors=self.anchors)
        bidi(paragraph, "".join(s.text for s in spans))
        return paragraph

    def picture(self, picture: Picture) -> None:
        self.pending_break()
        width = min(Emu(int(Pt(picture.width))), self.width)
        self.doc.add_picture(io.BytesIO(picture.png), width=width)
        paragraph = self.doc.paragraphs[-1]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for prop in paragraph._p.iter(qn("wp:docPr")):
            prop.set("descr", picture.alt)
            prop.set("name", picture.alt)


__all__ = ["write_docx"]
