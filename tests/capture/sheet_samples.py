"""Spreadsheets made in the test: a real workbook with openpyxl, or one with raw sheet XML."""

from __future__ import annotations

import datetime as dt
import io
import zipfile


def make_xlsx() -> bytes:
    """A register of companies on 'Sheet1', a second sheet 'Q1 sales', and an empty sheet."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    sheet.append(["Company", "Director", "Capital", "Registered"])
    sheet.append(["Harbour Holdings Ltd", "Jana Kovářová", 3000.0, dt.date(2019, 3, 1)])
    sheet["B12"] = "Transfer to 中国稀土集团\nvia Limassol"
    sales = book.create_sheet("Q1 sales")
    sales["C3"] = 42.5
    book.create_sheet("Empty")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def with_sheet_xml(sheet_xml: bytes, shared_xml: bytes | None = None) -> bytes:
    """A valid workbook whose first sheet (and shared strings) are replaced by raw XML."""
    source = zipfile.ZipFile(io.BytesIO(make_xlsx()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename == "xl/worksheets/sheet1.xml":
                data = sheet_xml
            elif entry.filename == "xl/sharedStrings.xml" and shared_xml is not None:
                data = shared_xml
            target.writestr(entry.filename, data)
    return out.getvalue()


SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b"<sheetData>"
)
SHEET_TAIL = b"</sheetData></worksheet>"
