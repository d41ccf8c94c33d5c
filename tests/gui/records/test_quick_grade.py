"""Ctrl+E makes a snippet, says so, and grades, tags and links it in place on the source."""

from __future__ import annotations

from pathlib import Path

from gui_helpers import activate, close, make_window
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication

from casefile.core.commands import Create
from casefile.core.model import Claim, Source, new_id

TEXT = "BEIJING — Zhang Wei resigned as chairman of China Harbour Group on Monday.\nMore text."


def _window(qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    from casefile.storage import create_case

    window = make_window(qtbot, tmp_path)
    window.install_case(create_case(tmp_path / "grade.casefile", "Grade"))
    source = Source(new_id(), "Article", text=TEXT)
    window.push(Create(source))
    window.push(Create(Claim("c1", "Zhang Wei left China Harbour Group.")))
    window.push(Create(Claim("c2", "The group's port was sold.")))
    window.session.stack.clear()
    window.show_part(2)
    view = window.register("source")
    view.select(source.id)
    return window, view


def _ctrl_e(qtbot, window, view, words: str):  # type: ignore[no-untyped-def]
    viewer = view.editor.viewer
    start = TEXT.index(words)
    cursor = viewer.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(start + len(words), QTextCursor.MoveMode.KeepAnchor)
    viewer.setTextCursor(cursor)
    activate(qtbot, window)
    viewer.setFocus()
    qtbot.keyClick(viewer, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    panel = view.editor.grading
    assert panel is not None
    qtbot.waitUntil(lambda: QApplication.focusWidget() is panel.credibility)
    return panel


def _type(qtbot, keys: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(QApplication.focusWidget(), keys)


def _key(qtbot, key) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(QApplication.focusWidget(), key)


def test_ctrl_e_grades_tags_and_links_in_place_as_one_step(qtbot, tmp_path: Path) -> None:
    """Ctrl+E shows the snippet; 2, tags and a claim typed in the panel; Enter keeps; one Undo."""
    window, view = _window(qtbot, tmp_path)
    panel = _ctrl_e(qtbot, window, view, "Zhang Wei resigned as chairman")
    assert "Zhang Wei resigned as chairman" in panel.quote.text()
    assert "Snippet made" in window.statusBar().currentMessage()
    _type(qtbot, "2")
    _key(qtbot, Qt.Key.Key_Tab)
    _type(qtbot, "resignation, chairman")
    _key(qtbot, Qt.Key.Key_Tab)
    _type(qtbot, "Zhang Wei left")
    _key(qtbot, Qt.Key.Key_Tab)
    _type(qtbot, "r")  # refutes
    _key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not panel.isVisible())
    (ident,) = window.case.store.ids("snippet")
    snippet = window.case.get("snippet", ident)
    assert (snippet.credibility, snippet.tags) == (2, ("resignation", "chairman"))
    links = window.case.get("claim", "c1").evidence
    assert [(link.snippet, link.stance) for link in links] == [(ident, "refutes")]
    assert window.current_register() is view  # still on the source
    assert window.session.stack.count() == 1
    window.undo_action.trigger()
    assert window.case.count("snippet") == 0 and window.case.get("claim", "c1").evidence == ()
    window.redo_action.trigger()
    assert window.case.get("snippet", ident).credibility == 2
    assert len(window.case.get("claim", "c1").evidence) == 1
    close(window)


def test_escape_leaves_the_snippet_ungraded(qtbot, tmp_path: Path) -> None:
    """Esc in the panel keeps the snippet as made: no grade, no tags, no link."""
    window, view = _window(qtbot, tmp_path)
    panel = _ctrl_e(qtbot, window, view, "China Harbour Group")
    _type(qtbot, "2")
    _key(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not panel.isVisible())
    (ident,) = window.case.store.ids("snippet")
    snippet = window.case.get("snippet", ident)
    assert (snippet.text, snippet.credibility, snippet.tags) == ("China Harbour Group", None, ())
    assert window.session.stack.count() == 1
    close(window)


def test_last_claim_and_stance_are_offered_again(qtbot, tmp_path: Path) -> None:
    """The next Ctrl+E offers the last grade, claim and stance: one Enter repeats them."""
    window, view = _window(qtbot, tmp_path)
    panel = _ctrl_e(qtbot, window, view, "Zhang Wei")
    _type(qtbot, "3")
    _key(qtbot, Qt.Key.Key_Tab)
    _key(qtbot, Qt.Key.Key_Tab)
    _type(qtbot, "port was sold")
    _key(qtbot, Qt.Key.Key_Tab)
    _type(qtbot, "c")  # context
    _key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not panel.isVisible())
    panel = _ctrl_e(qtbot, window, view, "on Monday")
    _key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not panel.isVisible())
    links = window.case.get("claim", "c2").evidence
    assert [link.stance for link in links] == ["context", "context"]
    assert {window.case.get("snippet", link.snippet).credibility for link in links} == {3}
    assert window.session.stack.count() == 2
    close(window)
