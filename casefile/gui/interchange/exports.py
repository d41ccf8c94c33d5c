"""File → Export for other tools: FollowTheMoney, CSV, Excel, GEXF and GraphML."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QMessageBox

from casefile.core.errors import CaseError
from casefile.gui.common import dialogs
from casefile.interchange.content import CaseRecords


@dataclass(frozen=True)
class Format:
    """One export: menu text, what the file dialog offers, suffix, and the writer."""

    key: str
    menu: str
    title: str
    filter: str
    suffix: str
    folder: bool = False


FORMATS = (
    Format("ftm", "Export &FollowTheMoney (Aleph)…", "Export FollowTheMoney entities",
           "FollowTheMoney JSON lines (*.ftm.json *.json)", ".ftm.json"),
    Format("csv", "Export tables as &CSV…", "Folder for the CSV files", "", "", folder=True),
    Format("xlsx", "Export tables as E&xcel…", "Export tables as Excel",
           "Excel workbook (*.xlsx)", ".xlsx"),
    Format("gexf", "Export graph as &GEXF (Gephi)…", "Export the graph as GEXF",
           "GEXF graph (*.gexf)", ".gexf"),
    Format("graphml", "Export graph as Graph&ML…", "Export the graph as GraphML",
           "GraphML graph (*.graphml)", ".graphml"),
)  # fmt: skip


def read_records(case: Any) -> CaseRecords:
    """Every record of the open case (run off the GUI thread; the case lock is held)."""
    with case.lock:
        return CaseRecords.read(case.info(), case.store)


def ask_path(window: Any, fmt: Format) -> Path | None:
    """Ask where to write; a folder for CSV, a file (suffix added if missing) otherwise."""
    stem = "".join(c if c.isalnum() or c in " -_" else "_" for c in window.case.name).strip()
    start = str(Path.home() / (stem or "case"))
    if fmt.folder:
        name = QFileDialog.getExistingDirectory(window, fmt.title, str(Path.home()))
        return Path(name) if name else None
    name, _ = QFileDialog.getSaveFileName(window, fmt.title, start + fmt.suffix, fmt.filter)
    if not name:
        return None
    path = Path(name)
    return path if path.name.endswith(fmt.suffix) or path.suffix else Path(name + fmt.suffix)


def export_to(window: Any, key: str, path: Path, bom: bool = True) -> str | None:
    """Write one export of the open case; return what was written (None on an error shown)."""
    case = window.case
    try:
        _check(case, key, path)
        return str(
            dialogs.run_with_progress(window, "Exporting…", lambda: _write(case, key, path, bom))
        )
    except (CaseError, OSError) as err:
        window.show_error(str(getattr(err, "strerror", None) or err))
        return None


def _check(case: Any, key: str, path: Path) -> None:
    from casefile.interchange import ftm
    from casefile.interchange.tables import FILE_NAMES
    from casefile.storage.outputs import check_output

    if key == "ftm":
        ftm.model()  # says how to install the extra when it is missing
    targets = [path / name for name in FILE_NAMES.values()] if key == "csv" else [path]
    for target in targets:
        check_output(target, case.path, what="the export")


def _write(case: Any, key: str, path: Path, bom: bool) -> str:
    from casefile.interchange import graphs, writers
    from casefile.interchange.tables import tables

    records = read_records(case)
    if key == "ftm":
        from casefile.interchange import ftm_export

        def original(sha256: str) -> bytes | None:
            with case.lock:
                found = case.store.original(sha256)
            return found.data if found is not None else None

        with writers.atomic(path, "w", encoding="utf-8", newline="\n") as handle:
            count = ftm_export.write_lines(records, handle, original)
        return f"{count} FollowTheMoney entities written to {path.name}."
    if key == "csv":
        written = writers.write_csv(path, tables(records), bom=bom)
        return f"{len(written)} CSV files written to {path}."
    if key == "xlsx":
        cut = writers.write_xlsx(path, tables(records), records.info.title)
        extra = f" {cut} long cells were cut to Excel's 32,767 characters." if cut else ""
        return f"{path.name} written.{extra}"
    write: Callable[..., Any] = graphs.write_gexf if key == "gexf" else graphs.write_graphml
    g = write(records, path)
    return f"{path.name} written: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges."


def export_action(window: Any, fmt: Format) -> Callable[[], None]:
    """The slot of one export menu item."""

    def run() -> None:
        if window.case is None:
            window.show_error("Open a case first.")
            return
        path = ask_path(window, fmt)
        if path is None:
            return
        bom = True
        if fmt.key == "csv":
            answer = QMessageBox.question(
                window, "CSV for Excel?",
                "Start each file with a byte order mark? Excel needs it to read accents and "
                "other scripts correctly; other programs do not mind it.",
            )  # fmt: skip
            bom = answer == QMessageBox.StandardButton.Yes
        done = export_to(window, fmt.key, path, bom)
        if done is not None:
            box = dialogs.message_box(window, "Export", done)
            box.setIcon(QMessageBox.Icon.Information)
            window.export_message = box
            box.open()

    return run
