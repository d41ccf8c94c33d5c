"""Exports, FtM import, screening, "Where else?" and the case library in the window."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from gui_helpers import close, make_window, settle
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from casefile.core.commands import PutRecords
from casefile.core.model import Entity
from casefile.gui.interchange import hooks
from casefile.gui.interchange.exports import FORMATS, export_to
from casefile.gui.interchange.import_dialog import import_file
from casefile.gui.interchange.library_dialog import library_action
from casefile.gui.interchange.screening_dialog import start_screening
from casefile.storage import create_case
from casefile.storage.library import Library


@pytest.fixture
def window(qtbot: Any, tmp_path: Path) -> Any:
    """A main window with the interchange menus, the sample case open."""
    window = make_window(qtbot, tmp_path)
    hooks.install(window)
    assert window.open_sample()
    errors: list[str] = []
    window.show_error = errors.append
    window.errors = errors
    yield window
    close(window)


def menu_action(window: Any, menu: str, text: str) -> Any:
    return next(a for a in window.menus[menu].actions() if a.text() == text)


def test_export_menu_writes_ftm_and_excel(window: Any, tmp_path: Path, monkeypatch: Any) -> None:
    """File ▸ Export FollowTheMoney and Excel write files that their readers open."""
    out = tmp_path / "case.ftm.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    menu_action(window, "export", FORMATS[0].menu).trigger()
    lines = out.read_text(encoding="utf-8").splitlines()
    assert {json.loads(line)["schema"] for line in lines} >= {"Person", "Company", "Note"}
    assert "entities written" in window.export_message.text()
    window.export_message.close()
    xlsx = tmp_path / "case"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(xlsx), ""))
    menu_action(window, "export", FORMATS[2].menu).trigger()
    book = openpyxl.load_workbook(tmp_path / "case.xlsx")
    assert book.sheetnames[0] == "people and organisations"
    window.export_message.close()
    assert window.errors == []


def test_csv_export_asks_about_the_bom(window: Any, tmp_path: Path, monkeypatch: Any) -> None:
    """The CSV export asks whether Excel's byte order mark is wanted and honours the answer."""
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    menu_action(window, "export", FORMATS[1].menu).trigger()
    assert not (tmp_path / "entities.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    window.export_message.close()


def test_export_onto_the_case_is_refused(window: Any) -> None:
    """An export aimed at the open case file is refused in words; the case is untouched."""
    path = Path(window.case.path)
    before = path.read_bytes()
    assert export_to(window, "gexf", path) is None
    assert len(window.errors) == 1 and "is the case file itself" in window.errors[0]
    assert path.read_bytes() == before


def test_missing_library_says_how_to_enable_it(window: Any, monkeypatch: Any) -> None:
    """Without the ftm extra, export and import say which pip command adds it."""
    monkeypatch.setitem(sys.modules, "followthemoney", None)
    menu_action(window, "import", "&Import FollowTheMoney…").trigger()
    assert export_to(window, "ftm", Path("/tmp/never.ftm.json")) is None
    assert len(window.errors) == 2
    assert all("pip install 'casefile[ftm]'" in e for e in window.errors)


def test_import_previews_then_imports_one_undoable_step(window: Any, tmp_path: Path) -> None:
    """The preview counts what comes; Import adds it as one step that Undo removes."""
    listing = tmp_path / "list.ftm.json"
    rows = [
        {"id": "NK-1", "schema": "Person", "properties": {"name": ["Sofia Marchetti"],
                                                            "birthDate": ["1971"]}},
        {"id": "NK-2", "schema": "Company", "properties": {"name": ["Brightwater Ltd"]}},
        {"id": "o1", "schema": "Ownership", "properties": {"owner": ["NK-1"], "asset": ["NK-2"]}},
    ]  # fmt: skip
    listing.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    seen: list[str] = []

    def confirm(dialog: QDialog) -> bool:
        seen.append(dialog.details.toPlainText())
        return True

    before = window.case.count("entity")
    change = import_file(window, listing, confirm)
    assert change is not None and window.errors == []
    assert "1 people, 1 organisations, 1 relationships" in seen[0]
    assert "likely duplicates of people or organisations already in the case: 1" in seen[0]
    assert window.case.count("entity") == before + 2
    assert "Birth date: 1971" in window.case.get("entity", "NK-1").notes
    window.undo_action.trigger()
    assert window.case.count("entity") == before and window.case.get("entity", "NK-1") is None


def test_screening_review_accepts_and_rejects(
    window: Any, tmp_path: Path, qtbot: Any, qtmodeltester: Any
) -> None:
    """Candidates are listed; Accept stores a source and snippet (undoable), Reject only marks."""
    listing = tmp_path / "sanctions.ftm.json"
    rows = [
        {"id": "S1", "schema": "Person", "properties": {"name": ["MARCHETTI, Sofia"]}},
        {"id": "S2", "schema": "Person", "properties": {"name": ["Sofia Marchetti"]}},
        {"id": "S3", "schema": "Person", "properties": {"name": ["Unrelated Person"]}},
    ]  # fmt: skip
    listing.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    window.screening_dialog = None
    job = start_screening(window, listing)
    qtbot.waitUntil(lambda: not job.running, timeout=20000)
    dialog = window.screening_dialog
    assert dialog is not None
    qtmodeltester.check(dialog.tree.model())
    assert dialog.tree.topLevelItemCount() == 2
    sources = window.case.count("source")
    dialog.accept_current()
    assert window.case.count("source") == sources + 1
    assert dialog.tree.topLevelItem(0).text(5) == "accepted"
    dialog.reject_current()
    assert dialog.tree.topLevelItem(1).text(5) == "rejected"
    assert window.case.count("source") == sources + 1
    window.undo_action.trigger()
    assert window.case.count("source") == sources
    dialog.close()


def test_where_else_finds_and_opens_the_other_case(window: Any, tmp_path: Path) -> None:
    """'Where else?' lists the person in another library case; activating it opens that case."""
    folder = tmp_path / "library"
    folder.mkdir()
    with create_case(folder / "older.casefile", "Older case") as other:
        other.execute(PutRecords("Add", [Entity("x9", "MARCHETTI Sofia", "person")]))
    (folder / "damaged.casefile").write_bytes(b"junk")
    with Library() as library:
        library.add_folders([folder])
    assert window.navigate_to("entity", "e-marchetti")
    editor = window.register("entity").editor
    editor.where_else.search()
    tree = editor.where_else.hits
    assert tree.topLevelItemCount() == 1 and tree.topLevelItem(0).text(0) == "Older case"
    assert "Could not read: damaged.casefile" in editor.where_else.status.text()
    editor.where_else.open_hit(tree.topLevelItem(0))
    settle()
    assert Path(window.case.path).name == "older.casefile"
    assert window.register("entity").selected_ids() == ["x9"]


def test_library_dialog_lists_unreadable_cases_and_searches(window: Any, tmp_path: Path) -> None:
    """Adding a folder lists each case, the unreadable one with its reason; search finds names."""
    folder = tmp_path / "lib"
    folder.mkdir()
    with create_case(folder / "a.casefile", "Alpha") as other:
        other.execute(PutRecords("Add", [Entity("p", "Li Wei", "person", ("李伟",))]))
    (folder / "b.casefile").write_bytes(b"not a case")
    dialog = library_action(window)
    dialog.add_folder(folder)
    statuses = [
        dialog.cases.topLevelItem(i).text(1) for i in range(dialog.cases.topLevelItemCount())
    ]
    assert statuses[0] == "indexed" and statuses[1].startswith("unreadable: ")
    dialog.query.setText("wei li")
    dialog.search()
    assert dialog.hits.topLevelItem(0).text(1) == "Li Wei"
    dialog.close()


def test_screening_can_be_cancelled(window: Any, tmp_path: Path, qtbot: Any) -> None:
    """Cancel during screening stops the work, opens no review and changes nothing."""
    listing = tmp_path / "big.ftm.json"
    row = {"id": "x", "schema": "Person", "properties": {"name": ["Some Body"]}}
    listing.write_text((json.dumps(row) + "\n") * 120_000, encoding="utf-8")
    window.screening_dialog = None
    count = window.case.count("source")
    job = start_screening(window, listing)
    job.cancel()
    qtbot.waitUntil(lambda: not job.running, timeout=30000)
    assert job.outcome is not None and job.outcome.cancelled
    assert window.screening_dialog is None
    assert window.case.count("source") == count and window.errors == []


def test_screening_a_broken_list_says_why(window: Any, tmp_path: Path, qtbot: Any) -> None:
    """A damaged list ends in one message naming the line; no review opens."""
    listing = tmp_path / "bad.ftm.json"
    listing.write_text("{broken\n", encoding="utf-8")
    window.screening_dialog = None
    job = start_screening(window, listing)
    qtbot.waitUntil(lambda: not job.running, timeout=20000)
    assert window.screening_dialog is None
    assert len(window.errors) == 1 and "bad.ftm.json, line 1" in window.errors[0]
