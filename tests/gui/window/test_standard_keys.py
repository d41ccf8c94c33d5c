"""Keys as a user presses them: every binding of a standard key, Ctrl+Z after Enter in a field."""

from __future__ import annotations

from pathlib import Path

from gui_helpers import activate, close, make_window, settle
from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from casefile.gui.capture import hooks as capture_hooks
from casefile.storage import create_case

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def _focused(window):
    """The widget that has the keyboard focus (where a real key press goes)."""
    widget = QApplication.focusWidget()
    assert widget is not None and widget.window() is window
    return widget


def test_ctrl_w_closes_the_case(qtbot, tmp_path: Path) -> None:
    """Ctrl+W closes the open case and shows the start page (Qt lists Ctrl+F4 first)."""
    window = make_window(qtbot, tmp_path)
    assert window.open_sample()
    window.show_part(1)
    activate(qtbot, window)
    window.register("entity").table.setFocus()
    qtbot.keyClick(_focused(window), Qt.Key.Key_W, CTRL)
    settle()
    assert window.session is None
    assert window.stack.currentWidget() is window.start_page


def test_shift_insert_pastes_as_evidence(qtbot, tmp_path: Path) -> None:
    """Shift+Ins in a register adds the clipboard to the case, exactly like Ctrl+V."""
    window = make_window(qtbot, tmp_path)
    capture_hooks.install(window)
    window.install_case(create_case(tmp_path / "keys.casefile", "Keys"))
    window.show_part(2)
    activate(qtbot, window)
    window.register("source").table.setFocus()
    mime = QMimeData()
    mime.setData("text/uri-list", b"https://insert.example/\r\n")
    QGuiApplication.clipboard().setMimeData(mime)
    qtbot.keyClick(_focused(window), Qt.Key.Key_Insert, SHIFT)
    settle()
    # The clipboard owns the data now; empty it before Qt tears the application down.
    QGuiApplication.clipboard().clear()
    assert [s.url for s in window.case.store.all("source")] == ["https://insert.example/"]
    close(window)


def test_ctrl_z_after_enter_undoes_the_last_case_step(qtbot, tmp_path: Path) -> None:
    """Enter commits a name; Ctrl+Z in that field puts the old name back as an undo, no new
    change; Ctrl+Shift+Z redoes it."""
    window = make_window(qtbot, tmp_path)
    assert window.open_sample()
    window.show_part(1)
    view = window.register("entity")
    ident = view.model.id_at(0)
    view.select(ident)
    original = window.case.get("entity", ident).name
    activate(qtbot, window)
    name = view.editor.fields["name"].widget
    name.setFocus()
    name.selectAll()
    qtbot.keyClicks(name, "Vera Lindqvist")
    qtbot.keyClick(name, Qt.Key.Key_Return)
    assert window.case.get("entity", ident).name == "Vera Lindqvist"
    stack = window.session.stack
    steps = stack.count()
    assert stack.index() == steps
    assert _focused(window) is name
    qtbot.keyClick(name, Qt.Key.Key_Z, CTRL)
    settle()
    assert window.case.get("entity", ident).name == original
    assert name.text() == original
    assert (stack.count(), stack.index()) == (steps, steps - 1)
    qtbot.keyClick(name, Qt.Key.Key_Z, CTRL | SHIFT)
    settle()
    assert window.case.get("entity", ident).name == "Vera Lindqvist"
    assert (stack.count(), stack.index()) == (steps, steps)
    close(window)


def test_ctrl_z_while_typing_undoes_the_typing_first(qtbot, tmp_path: Path) -> None:
    """Ctrl+Z while a field holds uncommitted typing takes that typing back, not a case step."""
    window = make_window(qtbot, tmp_path)
    assert window.open_sample()
    window.show_part(1)
    view = window.register("entity")
    ident = view.model.id_at(0)
    view.select(ident)
    original = window.case.get("entity", ident).name
    activate(qtbot, window)
    name = view.editor.fields["name"].widget
    name.setFocus()
    name.end(False)
    steps = window.session.stack.index()
    qtbot.keyClicks(name, " Jr")
    qtbot.keyClick(name, Qt.Key.Key_Z, CTRL)
    assert name.text() == original
    view.editor.flush()
    assert window.case.get("entity", ident).name == original
    assert window.session.stack.index() == steps
    close(window)
