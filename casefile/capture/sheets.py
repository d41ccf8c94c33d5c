"""Spreadsheets (.xlsx with openpyxl) and CSV/TSV files as text that keeps cell addresses.

Each filled cell is one line, ``Sheet1!B12<TAB>value`` (``B12<TAB>value`` in a CSV), with a
blank line between rows; a line break inside a cell continues on a line that starts with a
tab. So every quote can say which cells it comes from (``locations.cell_label``). Each sheet
of a workbook is its own source; the workbook file is the original of all of them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from typing import Any

from casefile.capture.formats import FileText
from casefile.capture.limits import CaptureError
from casefile.capture.parts import Part, TextBudget, open_zip
from casefile.capture.textdecode import decode_text

MAX_CELLS = 1_000_000  # filled cells read from one file
MAX_SLOTS = 5_000_000  # cells walked, empty ones included (a cell far right pads its row)
MAX_SHARED_STRINGS = 2_000_000
_CELL_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s/>]")
_SHARED_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?si[\s/>]")
_PLAIN_SHEET_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*")
_DELIMITERS = ",;\t|"


def xlsx_file(data: bytes, name: str) -> FileText:
    """An Excel workbook: one part per sheet that has filled cells."""
    archive = open_zip(data, name, "an Excel workbook")
    _count_before_reading(archive, name)
    workbook = _load(data, name)
    budget = TextBudget(name)
    counter = _Counter(name)
    parts: list[Part] = []
    try:
        for sheet in workbook.worksheets:
            sheet.reset_dimensions()  # the stated size is the file's claim: read the cells
            prefix = sheet_prefix(str(sheet.title))
            text = _text(_rows(sheet), prefix, counter)
            if not text:
                continue
            budget.take(text)
            title = f"{name} — {sheet.title}"
            parts.append(Part(str(sheet.title), FileText(text, title=title)))
    except CaptureError:
        raise
    except Exception as err:  # a damaged sheet raises XML or value errors while read
        raise CaptureError(f"{name} is damaged: a sheet cannot be read ({_short(err)}).") from None
    finally:
        workbook.close()
    if not parts:
        return FileText(None, note="The workbook has no filled cells: it is stored without text.")
    return FileText(None, parts=tuple(parts))


def _count_before_reading(archive: zipfile.ZipFile, name: str) -> None:
    """Count cells and shared strings in the raw XML (fast) so a huge file is refused at once."""
    cells = shared = 0
    for entry in archive.infolist():
        lowered = entry.filename.lower()
        if lowered.startswith("xl/worksheets/") and lowered.endswith(".xml"):
            cells += _count(archive, entry, _CELL_TAG)
        elif lowered.endswith("sharedstrings.xml"):
            shared += _count(archive, entry, _SHARED_TAG)
        if cells > MAX_CELLS:
            raise CaptureError(_too_many_cells(name))
        if shared > MAX_SHARED_STRINGS:
            raise CaptureError(f"{name} holds more than {MAX_SHARED_STRINGS:,} distinct texts.")


def _count(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, tag: re.Pattern[bytes]) -> int:
    count = 0
    tail = b""
    try:
        with archive.open(entry) as stream:
            while chunk := stream.read(4 * 1024 * 1024):
                block = tail + chunk
                count += len(tag.findall(block, 0, len(block) - 16)) if len(block) > 16 else 0
                tail = block[-16:] if len(block) > 16 else block
        return count + len(tag.findall(tail))
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise CaptureError(f"{archive.filename or 'The workbook'} is damaged.") from None


def _too_many_cells(name: str) -> str:
    return (
        f"{name} holds more than {MAX_CELLS:,} cells; casefile reads spreadsheets of up to "
        f"{MAX_CELLS:,} cells. Save the sheets you need as a smaller file and add that."
    )


def _load(data: bytes, name: str) -> Any:
    import openpyxl

    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises many kinds of error on a damaged file
        raise CaptureError(
            f"{name} is damaged or not really an Excel workbook ({_short(err)})."
        ) from None


def _rows(sheet: Any) -> Iterator[tuple[int, Iterable[Any]]]:
    return enumerate(sheet.iter_rows(values_only=True), start=1)


class _Counter:
    """Cells read and walked in one file, refused past the limits."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.cells = 0
        self.slots = 0

    def walk(self, count: int) -> None:
        self.slots += count
        if self.slots > MAX_SLOTS:
            raise CaptureError(
                f"{self.name} spreads its cells over more than {MAX_SLOTS:,} places "
                "(a cell far to the right or below?); it was not added."
            )

    def fill(self) -> None:
        self.cells += 1
        if self.cells > MAX_CELLS:
            raise CaptureError(_too_many_cells(self.name))


def _text(rows: Iterable[tuple[int, Iterable[Any]]], prefix: str, counter: _Counter) -> str:
    blocks: list[str] = []
    for number, values in rows:
        values = list(values)
        counter.walk(len(values))
        lines = []
        for column, value in enumerate(values, start=1):
            shown = cell_text(value)
            if shown is None:
                continue
            counter.fill()
            lines.append(f"{prefix}{column_letters(column)}{number}\t{shown}")
        if lines:
            blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def cell_text(value: object) -> str | None:
    """A cell's value as shown in the text (None for an empty cell)."""
    if value is None:
        return None
    if isinstance(value, bool):
        shown = "TRUE" if value else "FALSE"
    elif isinstance(value, float):
        shown = str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    elif isinstance(value, dt.datetime):
        shown = value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    elif isinstance(value, dt.date | dt.time):
        shown = value.isoformat()
    else:
        shown = str(value)
    shown = shown.replace("\r\n", "\n").replace("\r", "\n")
    if not shown.strip():
        return None
    return shown.replace("\n", "\n\t")


def column_letters(column: int) -> str:
    """1 → A, 28 → AB, 16384 → XFD."""
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def sheet_prefix(title: str) -> str:
    """``Sheet1!`` or, for a name with spaces or signs, ``'Q1 sales'!`` (as Excel writes it)."""
    title = " ".join(title.split())
    if _PLAIN_SHEET_NAME.fullmatch(title):
        return f"{title}!"
    return "'" + title.replace("'", "''") + "'!"


def csv_file(data: bytes, name: str) -> FileText:
    """A CSV or TSV file in any common encoding: its cells with their addresses."""
    decoded = decode_text(data)
    if decoded is None:
        raise CaptureError(f"{name} is named as a table but holds binary data, not text.")
    text = decoded[0]
    delimiter = "\t" if name.lower().endswith((".tsv", ".tab")) else _delimiter(text)
    counter = _Counter(name)
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        table = _text(enumerate(rows, start=1), "", counter)
    except csv.Error as err:
        raise CaptureError(f"{name} is not a readable table ({_short(err)}).") from None
    if not table:
        return FileText(None, note="The table has no filled cells: it is stored without text.")
    return FileText(table)


def _delimiter(text: str) -> str:
    sample = text[:16384]
    if "\n" in sample:
        sample = sample[: sample.rindex("\n")]
    try:
        return csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        return ","


def _short(err: Exception) -> str:
    text = " ".join(str(err).split()) or type(err).__name__
    return text if len(text) <= 120 else text[:119] + "…"


__all__ = ["cell_text", "column_letters", "csv_file", "sheet_prefix", "xlsx_file"]
