"""Global search: Ctrl+K focuses it, hits appear as you type, Enter or click opens the hit."""

from __future__ import annotations

from pathlib import Path

from gui_helpers import activate, close, make_window
from PySide6.QtCore import Qt

from casefile.gui.window.search import HTML_ROLE


def test_typing_shows_ranked_hits_and_enter_opens(qtbot, tmp_path: Path) -> None:
    """Ctrl+K, type part of a name: hits of every kind show; Enter opens the first one."""
    window = make_window(qtbot, tmp_path)
    assert window.open_sample()
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert window.search_field.hasFocus()
    qtbot.keyClicks(window.search_field, "Petrovi")
    panel = window.search_panel
    qtbot.waitUntil(panel.isVisible, timeout=2000)
    model = panel.model
    assert model.rowCount() > 1
    kinds = {hit.kind for hit in model.hits}
    assert "entity" in kinds and len(kinds) > 1
    assert "<b>" in model.data(model.index(0, 0), HTML_ROLE)
    first = model.hits[0]
    qtbot.keyClick(window.search_field, Qt.Key.Key_Return)
    assert not panel.isVisible()
    view = window.current_register()
    assert view.kind == first.kind and view.current_id() == first.id
    close(window)


def test_arrow_keys_choose_and_click_opens(qtbot, tmp_path: Path) -> None:
    """Down moves through the hits without leaving the field; a click opens a hit."""
    window = make_window(qtbot, tmp_path)
    assert window.open_sample()
    window.focus_search()
    qtbot.keyClicks(window.search_field, "Keldby")
    panel = window.search_panel
    qtbot.waitUntil(panel.isVisible, timeout=2000)
    qtbot.keyClick(window.search_field, Qt.Key.Key_Down)
    assert panel.list.currentIndex().row() == 1
    assert window.search_field.hasFocus()
    target = panel.model.hits[1]
    rect = panel.list.visualRect(panel.list.currentIndex())
    qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    view = window.current_register()
    assert (view.kind, view.current_id()) == (
        target.kind,
        target.id,
    ) or target.kind == "relationship"
    qtbot.keyClicks(window.search_field, "x")
    qtbot.keyClick(window.search_field, Qt.Key.Key_Escape)
    assert not panel.isVisible()
    close(window)


def test_hostile_query_text_is_safe(qtbot, tmp_path: Path) -> None:
    """Quotes, operators and markup in the query give hits or nothing, never an error."""
    window = make_window(qtbot, tmp_path)
    assert window.open_sample()
    shown: list[str] = []
    window.session._show_error = shown.append
    for text in ['"unbalanced', "AND OR NOT", "<b>x</b>", "稀土", "*", "-"]:
        window.search_field.setText(text)
        window.search_panel.run()
    assert shown == []
    close(window)
