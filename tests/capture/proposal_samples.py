"""Files that describe themselves: a saved article, a PDF with document info, a DOCX."""

from __future__ import annotations

import io

ARTICLE_HTML = """<!doctype html><html><head>
<title>  Executives leave   China Harbour Group | Port Daily </title>
<meta property="og:title" content="Executives leave China Harbour Group">
<meta name="author" content="Li Wei">
<meta property="og:site_name" content="Port Daily">
<meta property="article:published_time" content="2025-04-17T08:30:00+08:00">
<link rel="canonical" href="https://portdaily.example/2025/04/exits">
</head><body><p>Three executives left the group this week.</p></body></html>"""


def make_pdf(title: str, author: str, created: str) -> bytes:
    """A one-page PDF with text, whose document information holds title, author and date."""
    from pypdf import PdfReader, PdfWriter
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, invariant=1)
    pdf.drawString(72, 720, "The annual report of the group.")
    pdf.showPage()
    pdf.save()
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(buffer.getvalue())))
    writer.add_metadata({"/Title": title, "/Author": author, "/CreationDate": created})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_docx(title: str, author: str) -> bytes:
    """A Word file whose core properties hold title, author and a creation date."""
    import datetime as dt

    import docx

    document = docx.Document()
    document.core_properties.title = title
    document.core_properties.author = author
    document.core_properties.created = dt.datetime(2024, 11, 3, 10, 0, 0)
    document.add_paragraph("Minutes of the board meeting.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
