"""Tables and the contents of the Word twin: header rows repeated on each page and shaded,
column widths as the PDF's, the contents as a TOC field whose entries already link."""

from __future__ import annotations

from typing import Any

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, RGBColor

from casefile.brief.twin_blocks import Contents, Span, Table
from casefile.brief.twin_docx_runs import add_runs, bidi

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
    """The table with a shaded header row that repeats on every page it runs over."""
    if not block.rows and block.header is None:
        return
    sizes = widths(block, int(writer.width))
    table = writer.doc.add_table(rows=0, cols=len(sizes))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    for column, size in zip(table.columns, sizes, strict=True):
        column.width = Emu(size)
    if block.header is not None:
        row = table.add_row()
        _repeat(row)
        for cell, text, size in zip(row.cells, block.header, sizes, strict=True):
            cell.width = Emu(size)
            _shade(cell, HEAD_FILL)
            paragraph = cell.paragraphs[0]
            add_runs(paragraph, (Span(text, "bold"),), WHITE, 8.5)
    for values in block.rows:
        row = table.add_row()
        for cell, spans, size in zip(row.cells, values, sizes, strict=True):
            cell.width = Emu(size)
            paragraph = cell.paragraphs[0]
            paragraph.style = writer.doc.styles["Brief Small"]
            add_runs(paragraph, spans, anchors=writer.anchors)
            bidi(paragraph, "".join(s.text for s in spans))
    writer.doc.add_paragraph(style="Brief Small")  # Word runs two tables together otherwise


def _repeat(row: Any) -> None:
    trpr = row._tr.get_or_add_trPr()
    head = OxmlElement("w:tblHeader")
    head.set(qn("w:val"), "true")
    trpr.append(head)


def _shade(cell: Any, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shade = OxmlElement("w:shd")
    shade.set(qn("w:val"), "clear")
    shade.set(qn("w:color"), "auto")
    shade.set(qn("w:fill"), fill)
    tcpr.append(shade)


def add_contents(writer: Any, block: Contents) -> None:
    """The contents: a TOC field (Word fills in page numbers when it is updated) whose present
    entries are links to each section and claim, so they work before any update."""
    doc = writer.doc
    if not block.entries:
        return
    paragraphs = []
    for level, title, anchor in block.entries:
        paragraph = doc.add_paragraph(style=f"TOC {level}")
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
