"""Spreadsheets and CSV files: each sheet a source whose text keeps cell addresses."""

from __future__ import annotations

import hashlib

from sheet_samples import make_xlsx

from casefile.capture import capture_files, read_file, snippet_from_selection
from casefile.capture.locations import cell_label
from casefile.core.model import Source


def _sheets(case) -> dict[str, Source]:
    return {s.title: s for s in case.store.all("source")}


def test_each_sheet_is_a_source_with_cell_addresses(write, case) -> None:
    """Every filled sheet becomes a source whose lines carry their cell address; empty
    sheets are left out; the workbook is the original of every sheet."""
    data = make_xlsx()
    case.execute(capture_files([write("register.xlsx", data)], case).command)
    sheets = _sheets(case)
    assert set(sheets) == {"register.xlsx — Sheet1", "register.xlsx — Q1 sales"}
    first = sheets["register.xlsx — Sheet1"]
    assert first.text == (
        "Sheet1!A1\tCompany\nSheet1!B1\tDirector\nSheet1!C1\tCapital\nSheet1!D1\tRegistered\n\n"
        "Sheet1!A2\tHarbour Holdings Ltd\nSheet1!B2\tJana Kovářová\nSheet1!C2\t3000\n"
        "Sheet1!D2\t2019-03-01\n\nSheet1!B12\tTransfer to 中国稀土集团\n\tvia Limassol"
    )
    assert sheets["register.xlsx — Q1 sales"].text == "'Q1 sales'!C3\t42.5"
    for source in sheets.values():
        assert source.sha256 == hashlib.sha256(data).hexdigest()
        assert source.file_name == "register.xlsx"
    assert case.store.original(first.sha256).data == data


def test_quote_from_a_sheet_cites_its_cell(write, case) -> None:
    """A quote of a cell's words is located as Sheet1!B12; across cells as a range."""
    case.execute(capture_files([write("register.xlsx", make_xlsx())], case).command)
    source = _sheets(case)["register.xlsx — Sheet1"]
    text = source.text or ""
    start = text.index("中国稀土集团")
    capture = snippet_from_selection(source, start, text.index("Limassol") + 8)
    case.execute(capture.command)
    snippet = case.get("snippet", capture.snippets[0])
    assert snippet.location == "Sheet1!B12"
    assert snippet.text == "中国稀土集团\n\tvia Limassol"
    wide = snippet_from_selection(source, text.index("Harbour"), text.index("3000") + 4)
    assert case.get("snippet", case.execute(wide.command) and wide.snippets[0]).location == (
        "Sheet1!A2:C2"
    )
    assert {h.kind for h in case.search("稀土")} == {"source", "snippet"}
    assert case.search("Kovářová")


def test_csv_in_windows_encoding_keeps_cells(write, case) -> None:
    """A semicolon CSV saved in Windows-1252 reads as cells with addresses; quotes cite them."""
    data = "name;city\nJosé;Málaga café\n\n;Köln\n".encode("cp1252")
    item = read_file(write("people.csv", data))
    assert item.content.text == "A1\tname\nB1\tcity\n\nA2\tJosé\nB2\tMálaga café\n\nB4\tKöln"
    case.execute(capture_files([write("people.csv", data)], case).command)
    (source,) = case.store.all("source")
    text = source.text or ""
    capture = snippet_from_selection(source, text.index("Málaga"), text.index("Málaga") + 6)
    case.execute(capture.command)
    assert case.get("snippet", capture.snippets[0]).location == "B2"


def test_tsv_and_quoted_csv_fields(write) -> None:
    """Tab-separated files and quoted fields with commas and line breaks keep each cell whole."""
    tsv = read_file(write("t.tsv", "a\tb, c\n1\t2\n"))
    assert tsv.content.text == "A1\ta\nB1\tb, c\n\nA2\t1\nB2\t2"
    quoted = read_file(write("q.csv", 'id,note\n7,"said ""no"", then\nleft"\n'))
    assert quoted.content.text == 'A1\tid\nB1\tnote\n\nA2\t7\nB2\tsaid "no", then\n\tleft'


def test_cell_label_needs_cell_lines() -> None:
    """Text without cell addresses gives no cell location."""
    assert cell_label("plain words\nmore", 0, 5) is None
    assert cell_label("'It''s'!C3\tx", 11, 12) == "'It''s'!C3"
