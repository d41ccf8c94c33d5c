"""Hostile spreadsheets and CSV files are refused quickly, within memory, case unchanged."""

from __future__ import annotations

import io
import zipfile

from budget import PEAK_MB, SECONDS, assert_refused, capture_in_child
from sheet_samples import SHEET_HEAD, SHEET_TAIL, with_sheet_xml


def test_xlsx_zip_bomb_is_refused(write) -> None:
    """A workbook whose sheet says it unpacks to 3 GB is refused before unpacking."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * 1000)
        archive.filelist[0].file_size = 3 << 30
    assert_refused(capture_in_child(write("bomb.xlsx", out.getvalue())), r"unpacks to more than")


def test_xlsx_with_too_many_cells_is_refused(write) -> None:
    """A sheet of 1.1 million cells is refused at once, naming the cell limit."""
    row = b"".join(b'<c r="A%d"><v>1</v></c>' % n for n in range(1, 11))
    rows = b"".join(b'<row r="%d">' % n + row + b"</row>" for n in range(1, 110_001))
    path = write("huge.xlsx", with_sheet_xml(SHEET_HEAD + rows + SHEET_TAIL))
    assert_refused(capture_in_child(path), r"more than 1,000,000 cells")


def test_xlsx_cells_far_to_the_right_are_refused(write) -> None:
    """Rows each holding one cell in the last column (XFD) cannot make casefile walk
    millions of empty cells."""
    rows = b"".join(
        b'<row r="%d"><c r="XFD%d" t="inlineStr"><is><t>x</t></is></c></row>' % (n, n)
        for n in range(1, 5001)
    )
    path = write("wide.xlsx", with_sheet_xml(SHEET_HEAD + rows + SHEET_TAIL))
    assert_refused(capture_in_child(path), r"more than 5,000,000 places")


def test_xlsx_entity_expansion_is_refused(write) -> None:
    """Shared strings built on nested entities (billion laughs) are refused, not expanded."""
    entities = b'<!ENTITY a0 "laugh">' + b"".join(
        b'<!ENTITY a%d "%s">' % (n, b"&a%d;" % (n - 1) * 10) for n in range(1, 10)
    )
    shared = (
        b'<?xml version="1.0"?><!DOCTYPE sst [' + entities + b"]>"
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1">'
        b"<si><t>&a9;</t></si></sst>"
    )
    cells = b'<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
    path = write("laughs.xlsx", with_sheet_xml(SHEET_HEAD + cells + SHEET_TAIL, shared))
    assert_refused(capture_in_child(path), r"laughs\.xlsx is damaged")


def test_xlsx_deeply_nested_xml_is_read_within_budget(write) -> None:
    """A sheet of 200,000 nested unknown elements gives no cells, quickly: only the workbook's
    real sheet is taken."""
    deep = b"<x>" * 200_000 + b"</x>" * 200_000
    path = write("deep.xlsx", with_sheet_xml(SHEET_HEAD + deep + SHEET_TAIL))
    outcome = capture_in_child(path)
    assert outcome.message is None
    assert outcome.sources == 1  # 'Q1 sales'; the nested sheet has no cells
    assert outcome.seconds < SECONDS and outcome.peak_mb < PEAK_MB


def test_file_named_xlsx_that_is_not_a_workbook_is_refused(write) -> None:
    """A .xlsx that is no zip, and a zip without a workbook, are refused in the user's words."""
    assert_refused(capture_in_child(write("a.xlsx", b"not a zip at all")), r"not really an Excel")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "hi")
    assert_refused(capture_in_child(write("b.xlsx", out.getvalue())), r"b\.xlsx is damaged")


def test_csv_with_too_many_cells_is_refused(write) -> None:
    """A CSV of 1.2 million cells is refused, naming the limit."""
    path = write("big.csv", ("a,b,c,d,e,f\n" * 200_000).encode())
    assert_refused(capture_in_child(path), r"more than 1,000,000 cells")


def test_binary_named_csv_and_oversized_field_are_refused(write) -> None:
    """Binary data named .csv, and a CSV with one 1 MB field, are refused in words."""
    assert_refused(capture_in_child(write("x.csv", bytes(range(256)) * 50)), r"binary data")
    path = write("wide.csv", b'a,"' + b"x" * (1 << 20) + b'"\n')
    assert_refused(capture_in_child(path), r"wide\.csv is not a readable table")
