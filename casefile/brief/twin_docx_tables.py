"""Tables and the contents of the Word twin: header rows repeated on each page and shaded,
column widths as the PDF's, the contents as a TOC field whose entries already link."""

from __future__ import annotations

from typing import Any

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.table import CT_Tbl
from docx.shared import Emu, RGBColor
from docx.table import Table as DocxTable
from lxml.etree import SubElement

from casefile.brief.twin_blocks import Contents, Span, Table
from casefile.brief.twin_docx_runs import W, add_runs, bidi

HEAD_FILL = "1F2A44"
WHITE = RGBColor(0xFF, 0xFF, 0xFF)


EMU_PER_MM = 36000


def widths(table: Table, total: int) -> list[int]:
    """Column widths in EMU: the PDF's widths in millimetres, the 0s sharing what is left
    (at least 25 mm each; everything scaled down when that would not fit)."""
    cols = len(table.header) if table.header is not None else len(table.rows[0])
    given = [w * EMU_PER_MM for w in list(table.widths) + [0.0] * (cols - len(table.widths))]
    free = sum(1 for w in given if not w)
    rest = max(total - sum(given), 25 * EMU_PER_MM * free)
    sizes = [w or rest / free for w in given]
    scale = min(1.0, total / sum(sizes)) if sum(sizes) else 1.0
    return [int(w * scale) for w in sizes]


def add_table(writer: Any, block: Table) -> None:
    """The table with a shaded header row that repeats on every page it runs over (built as
    XML directly: python-docx's cell access walks the table again for every cell)."""
    if not block.rows and block.header is None:
        return
    sizes = [size // 635 for size in widths(block, int(writer.width))]  # EMU to twips
    tbl = CT_Tbl.new_tbl(0, len(sizes), Emu(sum(sizes) * 635))
    writer.end.addprevious(tbl)  # python-docx's add_table searches the body for its end
    table = DocxTable(tbl, writer.doc._body)
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    tbl.tblPr.style = writer.style_id("Table Grid")
    for col, size in zip(tbl.tblGrid.iterchildren(f"{W}gridCol"), sizes, strict=True):
        col.set(f"{W}w", str(size))
    small = writer.style_id("Brief Small")
    if block.header is not None:
        tr = SubElement(tbl, f"{W}tr")
        SubElement(SubElement(tr, f"{W}trPr"), f"{W}tblHeader", {f"{W}val": "true"})
        for text, size in zip(block.header, sizes, strict=True):
            p = _cell(tr, size, small, HEAD_FILL)
            add_runs(_Para(p), (Span(text, "bold"),), WHITE, 7.5)
    for values in block.rows:
        tr = SubElement(tbl, f"{W}tr")
        for spans, size in zip(values, sizes, strict=True):
            paragraph = _Para(_cell(tr, size, small))
            add_runs(paragraph, spans, anchors=writer.anchors)
            bidi(paragraph, "".join(s.text for s in spans))
    writer.new_paragraph("Brief Small")  # Word runs two tables together otherwise


class _Para:
    """What ``add_runs`` and ``bidi`` need of a paragraph: its w:p element."""

    def __init__(self, p: Any) -> None:
        self._p = p


def _cell(tr: Any, width: int, style: str, fill: str | None = None) -> Any:
    """A cell of ``width`` twips (shaded with ``fill``) holding one paragraph; the paragraph."""
    tc = SubElement(tr, f"{W}tc")
    props = SubElement(tc, f"{W}tcPr")
    SubElement(props, f"{W}tcW", {f"{W}w": str(width), f"{W}type": "dxa"})
    if fill is not None:
        SubElement(props, f"{W}shd", {f"{W}val": "clear", f"{W}color": "auto", f"{W}fill": fill})
    p = SubElement(tc, f"{W}p")
    SubElement(SubElement(p, f"{W}pPr"), f"{W}pStyle", {f"{W}val": style})
    return p


def add_contents(writer: Any, block: Contents) -> None:
    """The contents: a TOC field (Word fills in page numbers when it is updated) whose present
    entries are links to each section and claim, so they work before any update."""
    if not block.entries:
        return
    paragraphs = []
    for level, title, anchor in block.entries:
        paragraph = writer.new_paragraph(f"TOC {level}")
        paragraphs.append(paragraph)
        add_runs(paragraph, (Span(title, "", anchor),), anchors=writer.anchors)
    first, last = paragraphs[0]._p, paragraphs[-1]._p
    begin = [_char("begin"), _instr(' TOC \\o "1-2" \\h \\z \\u '), _char("separate")]
    ppr = first.find(qn("w:pPr"))
    at = list(first).index(ppr) + 1 if ppr is not None else 0
    for offset, element in enumerate(begin):
        run = OxmlElement("w:r")
        run.append(element)
        first.insert(at + offset, run)
    run = OxmlElement("w:r")
    run.append(_char("end"))
    last.append(run)


def _char(kind: str) -> Any:
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    return char


def _instr(code: str) -> Any:
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = code
    return instr
