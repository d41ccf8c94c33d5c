"""The brief's drawings (the link chart, the timeline) as PNG pictures for the DOCX and Markdown
twins: the very drawings the PDF prints, rendered to a one-page PDF and rasterised by PDFium."""

from __future__ import annotations

import io

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm

from casefile.brief.analysis_story import frame_size
from casefile.brief.model import BriefModel
from casefile.brief.twin_blocks import Picture

DPI = 200
NAMES = {"chart": "Link chart", "timeline": "Timeline of event dates"}


def draw(model: BriefModel, name: str) -> tuple[Picture, int] | None:
    """The picture ``name`` ("chart" or "timeline") of this brief and how much it left off
    (edge labels of the chart, items of the timeline); None when there is nothing to draw."""
    width, height = frame_size(model)
    if name == "chart":
        from casefile.brief.chart_drawing import chart_drawing

        if model.chart is None or not model.chart.nodes:
            return None
        drawing, left_off = chart_drawing(model.chart, width, height - 42 * mm)
    elif name == "timeline":
        from casefile.brief.timeline_drawing import timeline_drawing

        if model.timeline is None or not model.timeline.items:
            return None
        drawing, left_off = timeline_drawing(model.timeline, width)
    else:
        raise ValueError(f"no picture called {name!r}")
    png = to_png(drawing)
    return Picture(f"{name}.png", png, float(drawing.width), float(drawing.height),
                   NAMES[name]), left_off  # fmt: skip


def to_png(drawing: Drawing, dpi: int = DPI) -> bytes:
    """The drawing as a PNG on white, ``dpi`` dots per inch (the drawing's size in points)."""
    import pypdfium2

    data = renderPDF.drawToString(drawing)
    document = pypdfium2.PdfDocument(data)
    try:
        image = document[0].render(scale=dpi / 72, fill_color=(255, 255, 255, 255)).to_pil()
    finally:
        document.close()
    out = io.BytesIO()
    image.convert("RGB").save(out, format="PNG", optimize=True, dpi=(dpi, dpi))
    return out.getvalue()
