"""Tables and the contents of the Word twin: header rows repeated on each page and shaded,
column widths as the PDF's, the contents as a TOC field whose entries already link."""

from __future__ import annotations

from typing import Any

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, RGBColor

from casefile.brief.twin_blocks import Contents, Span, Table

HEAD_FILL = "1F2A44"
WHITE = RGBColor(0xFF, 0xFF, 0xFF)


def widths(table: Table, total: int) -> list[int]:
    """Column widths in EMU: the relative widths, a 0 sharing what the others leave."""
    cols = len(table.header) if table.header is not None else len(table.rows[0])
    given = list(table.widths) + [0.0] * (cols - len(table.widths))
    fixed = sum(given)
    free = sum(1 for w in given if not w)
    unit = total / (fixed + 3.0 * free) if fixed + free else 0
    return [int(unit * (w or 3.0)) for w in given]


def add_table(writer: Any, block: Table) -> None:
    """The table with a shaded header row that repeats on every page it runs over."""
    from casefile.brief.twin_docx import _bidi, _spans

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
            _spans(paragraph, (Span(text, "bold"),), WHITE, 8.5)
    for values in block.rows:
        row = table.add_row()
        for cell, spans, size in zip(row.cells, values, sizes, strict=True):
            cell.width = Emu(size)
            paragraph = cell.paragraphs[0]
            paragraph.style = writer.doc.styles["Brief Small"]
            _spans(paragraph, spans, anchors=writer.anchors)
            _bidi(paragraph, "".join(s.text for s in spans))
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
    from casefile.brief.twin_docx import _spans

    doc = writer.doc
    if not block.entries:
        return
    paragraphs = []
    for level, title, anchor in block.entries:
        paragraph = doc.add_paragraph(style=f"TOC {level}")
        paragraphs.append(paragraph)
        _spans(paragraph, (Span(title, "", anchor),), anchors=writer.anchors)
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
