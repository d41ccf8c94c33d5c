"""Sample files made by the tests: PDF with reportlab, .eml with email, .docx with python-docx."""

from __future__ import annotations

import io
from email.message import EmailMessage

PAGES = ["First page says hello.", "Second page: the ship sailed.", "Third page ends it."]


def make_pdf(pages: list[str], *, encrypt: str | None = None, title: str | None = None) -> bytes:
    """A PDF with one line of text per page (an empty string draws only a rectangle)."""
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    encryption = pdfencrypt.StandardEncryption(encrypt, canPrint=1) if encrypt else None
    pdf = canvas.Canvas(buffer, encrypt=encryption, invariant=1)
    if title:
        pdf.setTitle(title)
    for text in pages:
        if text:
            pdf.drawString(72, 720, text)
        else:
            pdf.rect(72, 600, 200, 100, fill=1)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def make_eml(*, attachment: bool = True) -> bytes:
    """An e-mail with headers, a text body and (optionally) a PDF attachment."""
    msg = EmailMessage()
    msg["From"] = "Ana Díaz <ana@example.org>"
    msg["To"] = "desk@example.org"
    msg["Date"] = "Thu, 17 Apr 2025 09:30:00 +0200"
    msg["Subject"] = "Shipment from Rotterdam"
    msg.set_content("The shipment left Rotterdam on 14 April.\nRegards, Ana\n")
    if attachment:
        msg.add_attachment(b"%PDF-1.4 fake", maintype="application", subtype="pdf",
                           filename="manifest.pdf")  # fmt: skip
    return msg.as_bytes()


def make_docx(*, title: str = "Board minutes") -> bytes:
    """A Word document with two paragraphs and a small table."""
    import docx

    document = docx.Document()
    document.core_properties.title = title
    document.add_paragraph("Minutes of the board meeting.")
    document.add_paragraph("Mr Smith resigned as director.")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Name"
    table.rows[0].cells[1].text = "Role"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99"
    b"=\x1d\x00\x00\x00\x00IEND\xaeB`\x82"
)
