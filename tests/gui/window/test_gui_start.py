"""The start page: recent cases, missing ones, the sample case and opening errors."""

from __future__ import annotations

from pathlib import Path

from gui_helpers import close, make_window, settle

from casefile.storage import create_case


def test_start_page_shown_without_a_case(qtbot, tmp_path: Path) -> None:
    """With no case open the window shows the start page and case actions are disabled."""
    window = make_window(qtbot, tmp_path)
    assert window.stack.currentWidget() is window.start_page
    assert window.windowTitle() == "casefile"
    assert not window.undo_action.isEnabled()
    assert not window.search_field.isEnabled()


def test_open_sample_case_from_start_page(qtbot, tmp_path: Path) -> None:
    """The sample button opens an editable copy of the sample case in the data folder."""
    window = make_window(qtbot, tmp_path)
    window.start_page.sample_button.click()
    settle()
    assert window.case is not None
    assert window.case.path == tmp_path / "data" / "Sample case.casefile"
    assert window.case.count("entity") > 0
    assert window.windowTitle().endswith("— casefile")
    assert window.case.name in window.windowTitle()
    close(window)


def test_open_sample_again_gives_a_fresh_copy(qtbot, tmp_path: Path) -> None:
    """Opening the sample twice starts from the pristine sample, not yesterday's edits."""
    window = make_window(qtbot, tmp_path)
    assert window.open_sample()
    view = window.register("entity")
    count = view.model.rowCount()
    view.create_record()
    assert window.case.count("entity") == count + 1
    assert window.open_sample()
    assert window.case.count("entity") == count
    close(window)


def test_recent_cases_listed_opened_and_missing_removable(qtbot, tmp_path: Path) -> None:
    """Opened cases appear in the recent list; a missing one is marked and can be removed."""
    kept, gone = tmp_path / "kept.casefile", tmp_path / "gone.casefile"
    for path in (gone, kept):
        create_case(path, path.stem).close()
    window = make_window(qtbot, tmp_path)
    assert window.open_path(gone)
    assert window.open_path(kept)
    window.close_case()
    gone.unlink()
    window.start_page.refresh()
    items = [window.start_page.list.item(i).text() for i in range(window.start_page.list.count())]
    assert items[0].startswith("kept")
    assert items[1].startswith("gone") and items[1].endswith("(missing)")
    window.start_page.list.setCurrentRow(1)
    window.start_page.remove_button.click()
    assert window.start_page.list.count() == 1
    window.start_page.list.itemActivated.emit(window.start_page.list.item(0))
    settle()
    assert window.case is not None and window.case.path == kept
    close(window)


def test_bad_file_shows_plain_error_and_app_stays_usable(
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    """A file that is not a case gives a dialog in plain words; the start page remains."""
    bad = tmp_path / "notes.casefile"
    bad.write_bytes(b"this is not a database at all" * 100)
    window = make_window(qtbot, tmp_path)
    shown: list[str] = []
    monkeypatch.setattr(window, "show_error", shown.append)
    assert not window.open_path(bad)
    assert shown and "notes.casefile" in shown[0] and "Traceback" not in shown[0]
    assert window.stack.currentWidget() is window.start_page
    assert window.open_sample()
    close(window)


def test_case_open_elsewhere_is_explained(qtbot, tmp_path: Path, monkeypatch) -> None:
    """A case already open in another window is refused with a plain message; later it opens."""
    from casefile.storage import open_case

    path = tmp_path / "busy.casefile"
    create_case(path, "Busy").close()
    holder = open_case(path)
    window = make_window(qtbot, tmp_path)
    shown: list[str] = []
    monkeypatch.setattr(window, "show_error", shown.append)
    assert not window.open_path(path)
    assert shown and "already open" in shown[0]
    holder.close()
    assert window.open_path(path)
    assert window.windowTitle() == "Busy — casefile"
    close(window)


def test_new_and_open_case_through_file_dialogs(qtbot, tmp_path: Path, monkeypatch) -> None:
    """New case… creates the file (adding .casefile) and Open case… opens a chosen file."""
    from PySide6.QtWidgets import QFileDialog

    target = tmp_path / "Inquiry 7"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), ""))
    window = make_window(qtbot, tmp_path)
    window.start_page.new_button.click()
    assert window.case is not None and window.case.path == tmp_path / "Inquiry 7.casefile"
    assert window.windowTitle() == "Inquiry 7 — casefile"
    window.close_case()
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(tmp_path / "Inquiry 7.casefile"), "")
    )
    window.start_page.open_button.click()
    assert window.case is not None and window.case.name == "Inquiry 7"
    close(window)
