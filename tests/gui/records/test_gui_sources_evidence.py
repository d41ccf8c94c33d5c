"""Sources and Evidence: metadata edits, snippets from selected text with exact offsets."""

from __future__ import annotations

from pathlib import Path

from gui_helpers import activate, close, make_window
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QDialog

from casefile.core.commands import Create
from casefile.core.model import Source, new_id
from casefile.gui.common.dialogs import PickerDialog
from casefile.gui.records import register_view


def _open(qtbot, tmp_path: Path, part: int, kind: str):
    window = make_window(qtbot, tmp_path)
    assert window.open_sample()
    window.show_part(part)
    return window, window.register(kind)


def _select_text(viewer, start: int, end: int) -> None:
    cursor = viewer.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    viewer.setTextCursor(cursor)


def test_source_create_edit_reliability_and_dates(qtbot, tmp_path: Path) -> None:
    """A new source gets a title, a reliability from the A–F list and a partial date."""
    window, view = _open(qtbot, tmp_path, 2, "source")
    ident = view.create_record()
    editor = view.editor
    title = editor.fields["title"].widget
    title.selectAll()
    qtbot.keyClicks(title, "Harbour log <2024>")
    qtbot.keyClick(title, Qt.Key.Key_Return)
    combo = editor.fields["reliability"].widget
    assert "Usually reliable" in combo.itemText(combo.findData("B"))
    combo.setCurrentIndex(combo.findData("B"))
    combo.activated.emit(combo.currentIndex())
    published = editor.fields["published"].widget
    qtbot.keyClicks(published, "2024-1x3")
    assert published.text() == "2024-13"
    assert not published.hasAcceptableInput()
    published.setText("2024-11")
    editor.fields["published"].flush(True)
    source = window.case.get("source", ident)
    assert (source.title, source.reliability, source.published) == (
        "Harbour log <2024>",
        "B",
        "2024-11",
    )
    row = view.model.row_of(ident)
    assert view.model.index(row, 5).data() == "B"
    window.undo_action.trigger()
    assert window.case.get("source", ident).published is None
    close(window)


def test_selected_text_becomes_snippet_with_exact_offsets(qtbot, tmp_path: Path) -> None:
    """Selecting text (even after an emoji) and pressing the button keeps exact offsets."""
    window, view = _open(qtbot, tmp_path, 2, "source")
    text = "Ledger 🚢 entry: the MV Keldby Star left port on 4 May.\nSecond line."
    source = Source(new_id(), "Ledger", text=text)
    window.push(Create(source))
    view.select(source.id)
    viewer = view.editor.viewer
    start = text.index("the MV")
    end = text.index(" on 4 May")
    qt_start = start + 1  # the emoji is two UTF-16 units in Qt
    _select_text(viewer, qt_start, qt_start + (end - start))
    assert view.editor.make_snippet.isEnabled()
    view.editor.make_snippet.click()
    ids = window.case.store.ids("snippet")
    snippet = window.case.get("snippet", ids[-1])
    assert snippet.offset == (start, end)
    assert snippet.text == text[start:end] == "the MV Keldby Star left port"
    assert view.editor.snippets.count() == 1
    window.undo_action.trigger()
    assert window.case.get("snippet", snippet.id) is None
    close(window)


def test_snippet_shortcut_in_viewer(qtbot, tmp_path: Path) -> None:
    """Ctrl+E in the text viewer makes a snippet of the selection."""
    window, view = _open(qtbot, tmp_path, 2, "source")
    view.select(
        next(i for i in window.case.store.ids("source") if window.case.get("source", i).text)
    )
    viewer = view.editor.viewer
    before = window.case.count("snippet")
    _select_text(viewer, 0, 12)
    activate(qtbot, window)
    viewer.setFocus()
    qtbot.keyClick(viewer, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert window.case.count("snippet") == before + 1
    close(window)


def test_evidence_edit_credibility_date_mentions_and_context(
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    """A snippet's credibility, date and mentions are edited; its quote shows in context."""
    window, view = _open(qtbot, tmp_path, 3, "snippet")
    ident = next(
        i for i in window.case.store.ids("snippet") if window.case.get("snippet", i).offset
    )
    view.select(ident)
    editor = view.editor
    snippet = window.case.get("snippet", ident)
    assert snippet.text in editor.context.toPlainText()
    assert editor.context.extraSelections()[0].cursor.selectedText() == snippet.text.replace(
        "\n", "\u2029"
    )
    combo = editor.fields["credibility"].widget
    combo.setCurrentIndex(combo.findData(2))
    combo.activated.emit(combo.currentIndex())
    date = editor.fields["date"].widget
    date.setFocus()
    date.selectAll()
    qtbot.keyClicks(date, "2023-02-28")
    qtbot.keyClick(date, Qt.Key.Key_Tab)
    changed = window.case.get("snippet", ident)
    assert (changed.credibility, changed.date) == (2, "2023-02-28")
    grade = view.model.index(view.model.row_of(ident), 2).data()
    assert grade.endswith("2")
    entity = window.case.store.ids("entity")[-1]

    def choose(dialog: PickerDialog) -> int:
        dialog.filter.setText(window.case.get("entity", entity).name)
        dialog.list.item(0).setSelected(True)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(PickerDialog, "exec", choose)
    editor.add_mention.click()
    assert entity in window.case.get("snippet", ident).entities
    editor.mentions.setCurrentRow(editor.mentions.count() - 1)
    editor.remove_mention.click()
    assert entity not in window.case.get("snippet", ident).entities
    editor.source_link.click()
    assert window.current_register().kind == "source"
    close(window)


def test_delete_snippets_multi_select_and_undo(qtbot, tmp_path: Path, monkeypatch) -> None:
    """Several selected snippets are deleted as one step after confirming; undo restores them."""
    window, view = _open(qtbot, tmp_path, 3, "snippet")
    total = view.model.rowCount()
    view.table.selectRow(0)
    view.table.selectionModel().select(
        view.model.index(1, 0),
        view.table.selectionModel().SelectionFlag.Select
        | view.table.selectionModel().SelectionFlag.Rows,
    )
    doomed = view.selected_ids()
    assert len(doomed) == 2
    monkeypatch.setattr(register_view, "confirm_delete", lambda *_a: True)
    window.delete_action.trigger()
    assert view.model.rowCount() == total - 2
    assert window.undo_action.text() == "&Undo Delete 2 snippets"
    window.undo_action.trigger()
    assert view.model.rowCount() == total
    assert all(window.case.get("snippet", i) for i in doomed)
    close(window)


def test_filter_box_narrows_and_sort_orders(qtbot, tmp_path: Path) -> None:
    """The filter box keeps matching rows only; clicking a header sorts in SQL."""
    window, view = _open(qtbot, tmp_path, 2, "source")
    total = view.model.rowCount()
    title = window.case.get("source", view.model.id_at(0)).title
    view.filter.setText(title.split()[0])
    view.apply_filter()
    assert 0 < view.model.rowCount() <= total
    view.filter.clear()
    view.apply_filter()
    assert view.model.rowCount() == total
    view.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    titles = [view.model.index(r, 0).data() for r in range(total)]
    assert titles == sorted(titles, key=str.casefold, reverse=True)
    close(window)


def test_unfinished_date_left_behind_is_reset_with_a_message(
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    """Leaving a date field with '2024-1' explains the format and restores the saved date."""
    window, view = _open(qtbot, tmp_path, 3, "snippet")
    view.select(view.model.id_at(0))
    ident = view.current_id()
    saved = window.case.get("snippet", ident).date
    shown: list[str] = []
    monkeypatch.setattr(window.session, "_show_error", shown.append)
    date = view.editor.fields["date"].widget
    date.setFocus()
    date.selectAll()
    qtbot.keyClicks(date, "2024-1")
    view.table.setFocus()
    assert shown and "is not a" in shown[0] and "put back" in shown[0]
    assert date.text() == (saved or "")
    assert window.case.get("snippet", ident).date == saved
    close(window)
