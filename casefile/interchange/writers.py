"""Writing the register tables as CSV files (optionally with a BOM for Excel) or one XLSX."""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from casefile.core import dates
from casefile.core.errors import CaseError
from casefile.interchange.tables import FILE_NAMES, Table

EXCEL_CELL_LIMIT = 32_767
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """Text without the control characters XML 1.0 cannot hold (XLSX, GEXF, GraphML)."""
    return _NOT_XML.sub("", text)


class ExportError(CaseError):
    """An export that could not be written; nothing half-written is left behind."""


@contextmanager
def atomic(out: Path, mode: str = "w", **kwargs: Any) -> Iterator[IO[Any]]:
    """Write ``out`` through a ``.part`` file that replaces it only when complete."""
    tmp = out.with_name(out.name + ".part")
    try:
        with tmp.open(mode, **kwargs) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def atomic_path(out: Path, write: Callable[[Path], None]) -> None:
    """Let ``write`` fill a ``.part`` path (libraries that want a file name), then replace."""
    tmp = out.with_name(out.name + ".part")
    try:
        write(tmp)
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def csv_text(value: Any) -> str:
    """A cell as CSV text: empty for nothing, numbers and dates as written in the case."""
    return "" if value is None else str(value)


def write_csv(folder: Path, tables: list[Table], bom: bool = False) -> list[Path]:
    """One UTF-8 CSV per register in ``folder`` (created if missing); a BOM helps Excel."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for table in tables:
        out = folder / FILE_NAMES[table.name]
        encoding = "utf-8-sig" if bom else "utf-8"
        with atomic(out, "w", encoding=encoding, newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow([col.header for col in table.columns])
            for row in table.rows:
                writer.writerow([csv_text(value) for value in row])
        written.append(out)
    return written


def xlsx_value(value: Any, kind: str) -> Any:
    """A typed cell value: whole dates as dates, UTC times as date-times, counts as numbers."""
    if value is None:
        return None
    # Excel has date-times only: a whole date is midnight shown as a date; partial dates
    # (2025, 2025-04) stay text, as a typed cell would claim a day.
    if kind == "date" and len(value) == 10:
        return dt.datetime.combine(dt.date.fromisoformat(value), dt.time())
    if kind == "timestamp":
        stamp = dates.normalise_timestamp(value) or value
        return dt.datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ")
    return value


def write_xlsx(out: Path, tables: list[Table], title: str) -> int:
    """One sheet per register; return how many cells Excel's 32,767-character limit cut."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook(write_only=False)
    book.remove(book.active)
    book.properties.title = title
    cut = 0
    for table in tables:
        sheet = book.create_sheet(table.name[:31])
        sheet.append([col.header for col in table.columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for row_number, row in enumerate(table.rows, start=2):
            for col_number, (col, raw) in enumerate(zip(table.columns, row, strict=True), 1):
                value = xlsx_value(raw, col.type)
                if value is None:
                    continue
                cell = sheet.cell(row=row_number, column=col_number)
                if isinstance(value, str):
                    value = xml_safe(value)
                    if len(value) > EXCEL_CELL_LIMIT:
                        value, cut = value[: EXCEL_CELL_LIMIT - 1] + "…", cut + 1
                    cell.value = value
                    cell.data_type = "s"  # never a formula, whatever the text starts with
                else:
                    cell.value = value
                    if col.type == "timestamp":
                        cell.number_format = "yyyy-mm-dd hh:mm:ss"
                    elif col.type == "date":
                        cell.number_format = "yyyy-mm-dd"
    atomic_path(out, book.save)
    return cut
