"""The application entry: --demo, CASE, layout persistence, no reportlab at startup."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from gui_helpers import activate, close, make_window, settle

from casefile import app
from casefile.core.commands import PutRecords
from casefile.core.model import Snippet
from casefile.gui.records import register_view
from casefile.storage import create_case


def test_demo_opens_sample_copy_in_data_dir(qtbot) -> None:
    """`casefile --demo` shows the sample case, copied into the user's data folder."""
    window = app.open_window(None, demo=True)
    qtbot.addWidget(window)
    assert window.case.path == app.sample_path()
    assert str(app.sample_path()).startswith(str(Path.home()))
    assert window.windowTitle() == f"{window.case.name} — casefile"
    close(window)


def test_case_argument_opens_it(qtbot, tmp_path: Path) -> None:
    """`casefile CASE` opens that case; `casefile` alone shows the start page."""
    path = tmp_path / "Harbour.casefile"
    create_case(path, "Harbour inquiry").close()
    window = app.open_window(str(path), demo=False)
    qtbot.addWidget(window)
    assert window.windowTitle() == "Harbour inquiry — casefile"
    close(window)
    empty = app.open_window(None, demo=False)
    qtbot.addWidget(empty)
    assert empty.stack.currentWidget() is empty.start_page


def test_layout_persists_between_sessions(qtbot, tmp_path: Path) -> None:
    """Splitter sizes and column widths come back the next time the case is opened."""
    window = make_window(qtbot, tmp_path)
    assert window.open_sample()
    window.show_part(1)
    view = window.register("entity")
    view.table.horizontalHeader().resizeSection(1, 171)
    window.close_case()
    window.close()
    again = make_window(qtbot, tmp_path)
    assert again.open_sample()
    again.show_part(1)
    assert again.register("entity").table.horizontalHeader().sectionSize(1) == 171
    close(again)


def test_bulk_delete_shows_progress_and_undoes(qtbot, tmp_path: Path, monkeypatch) -> None:
    """Deleting many rows runs with a progress dialog and is one undo step."""
    window = make_window(qtbot, tmp_path)
    assert window.open_sample()
    rows = [Snippet(f"bulk{i:04d}", f"bulk quote {i}") for i in range(600)]
    window.push(PutRecords("Add bulk", rows))
    window.show_part(3)
    view = window.register("snippet")
    view.filter.setText("bulk quote")
    view.apply_filter()
    view.table.selectAll()
    assert len(view.selected_ids()) == 600
    monkeypatch.setattr(register_view, "confirm_delete", lambda *_a: True)
    labels: list[str] = []
    real = window.session.push_long
    monkeypatch.setattr(
        window.session,
        "push_long",
        lambda command, label: labels.append(label) or real(command, label),
    )
    view.delete_button.click()
    settle()
    assert labels == ["Deleting 600 snippets…"]
    assert window.case.get("snippet", "bulk0001") is None
    window.undo_action.trigger()  # 600 records: the undo runs in a worker
    qtbot.waitUntil(lambda: not window.session.busy)
    assert window.case.get("snippet", "bulk0001") is not None
    close(window)


def test_window_start_does_not_import_reportlab(tmp_path: Path) -> None:
    """Opening the window and a case does not load reportlab (only a brief does)."""
    code = (
        "import os, sys; os.environ['QT_QPA_PLATFORM']='offscreen'\n"
        "from casefile import app\n"
        "q = app.make_application(['t']); w = app.make_window(); w.show()\n"
        "assert w.open_sample(); q.processEvents(); w.close_case()\n"
        "print('reportlab' in sys.modules)\n"
    )
    env = {
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "d"),
        "XDG_CONFIG_HOME": str(tmp_path / "c"),
        "PATH": "/usr/bin:/bin",
        "QT_QPA_PLATFORM": "offscreen",
    }
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert out.stdout.strip().splitlines()[-1] == "False"


def test_keyboard_shortcuts_drive_the_window(qtbot, tmp_path: Path) -> None:
    """Ctrl+2 opens a register, Ctrl+Shift+N adds, Ctrl+Z undoes, Ctrl+1 returns to Overview."""
    from PySide6.QtCore import Qt

    window = make_window(qtbot, tmp_path)
    assert window.open_sample()
    ctrl = Qt.KeyboardModifier.ControlModifier
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_2, ctrl)
    view = window.current_register()
    assert view is not None and view.kind == "entity"
    before = window.case.count("entity")
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_N, ctrl | Qt.KeyboardModifier.ShiftModifier)
    assert window.case.count("entity") == before + 1
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Z, ctrl)
    assert window.case.count("entity") == before
    qtbot.keyClick(view.table, Qt.Key.Key_1, ctrl)
    assert window.workspace.pages.currentWidget() is window.workspace.overview
    close(window)
