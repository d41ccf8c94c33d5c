"""The brief's direct drawing (subset encoding, Grid tables) matches what reportlab would do."""

from __future__ import annotations

import io
import random

import pypdf
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

from casefile.brief import fonts, pdftext
from casefile.brief.flowables import Plain, para
from casefile.brief.grid import Grid
from casefile.brief.styles import RULE, make_styles
from casefile.brief.tables import PADDING


def test_encoder_gives_reportlabs_subset_codes() -> None:
    """Text drawn directly uses exactly the glyph codes reportlab would, even past 256 glyphs."""
    name = fonts.face("regular").chain[3]
    assert name == "DroidSansFallbackFull"  # the CJK fallback: many subsets
    font = getFont(name)
    ours, theirs = Canvas(io.BytesIO()), Canvas(io.BytesIO())
    enc = pdftext.encoder(ours, name)
    rng = random.Random(3)
    pool = [chr(c) for c in range(0x4E00, 0x4E00 + 600)] + list("abc xyz()\\")
    for _ in range(300):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 12)))
        assert enc.encode(text) == font.splitString(text, theirs._doc)


def test_fill_op_only_for_plain_rgb() -> None:
    """Colours the direct path cannot write (CMYK) are left to reportlab."""
    from reportlab.lib.colors import CMYKColor, HexColor

    assert pdftext.fill_op(HexColor("#102030")) == ".062745 .12549 .188235 rg"
    assert pdftext.fill_op(CMYKColor(0, 0, 0, 1)) is None


def _rows(styles: object, n: int) -> list[list[object]]:
    s = make_styles()
    return [
        [Plain(f"row {i}", s.cell_bold), para(f"Quote {i} " + "word " * (i * 7), s.cell)]
        for i in range(n)
    ]


def test_grid_rows_are_as_tall_as_reportlab_table_rows() -> None:
    """A Grid lays rows out at the heights reportlab's Table gives the same cells."""
    rows = _rows(None, 12)
    table = Table(rows, colWidths=[30 * mm, None])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               *(( k, (0, 0), (-1, -1), 4) for k in
                                 ("TOPPADDING", "BOTTOMPADDING", "LEFTPADDING", "RIGHTPADDING"))]))  # fmt: skip
    grid = Grid(rows, [30 * mm, None], PADDING, (0.4, RULE))
    assert grid.wrap(400, 700) == table.wrap(400, 700)
    assert grid.heights == table._rowHeights


def test_grid_splits_between_rows_and_repeats_its_header() -> None:
    """A long table continues on the next page under its header; no row is lost or cut."""
    s = make_styles()
    header = [Plain("Head A", s.cell_head), Plain("Head B", s.cell_head)]
    rows = [header, *_rows(None, 30)]
    grid = Grid(rows, [30 * mm, None], PADDING, (0.4, RULE), header=1)
    grid.wrap(400, 300)
    first, rest = grid.split(400, 300)
    assert first.rows[0] == header and rest.rows[0] == header
    assert len(first.rows) + len(rest.rows) == len(rows) + 1
    assert first.wrap(400, 300)[1] <= 300
    assert Grid(rows[:2], [30 * mm, None], PADDING, header=1).split(400, 5) == []


def test_grid_text_reaches_the_pdf() -> None:
    """Everything a Grid holds is printed and extractable, page after page."""
    out = io.BytesIO()
    rows = [[Plain(f"label {i}", make_styles().cell)] * 2 for i in range(120)]
    SimpleDocTemplate(out).build([Grid(rows, [40 * mm, None], PADDING, (0.4, RULE))])
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(out.getvalue())).pages)
    assert all(f"label {i}" in text for i in range(120))


def test_quick_links_are_the_bytes_of_reportlabs_links() -> None:
    """Citations and contents lines link exactly as reportlab's own link annotations do."""
    from casefile.brief.links import link

    files = []
    for quick in (False, True):
        out = io.BytesIO()
        canvas = Canvas(out, invariant=1)
        canvas.bookmarkHorizontal("target", 10, 700)
        canvas.translate(20, 30)
        if quick:
            link(canvas, "target", (1.5, 2.25, 100, 12))
        else:
            canvas.linkRect("", "target", (1.5, 2.25, 100, 12), relative=1)
        canvas.save()
        files.append(out.getvalue())
    assert files[0] == files[1]
    assert b"/Subtype /Link" in files[1]
