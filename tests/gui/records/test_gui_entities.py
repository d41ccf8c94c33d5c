"""People & organisations: create, edit, aliases, relationships, delete, undo and redo."""

from __future__ import annotations

from pathlib import Path

from gui_helpers import activate, close, make_window, settle
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QDialog

from casefile.core.model import Entity
from casefile.gui.common.dialogs import PickerDialog
from casefile.gui.records import register_view
from casefile.gui.records.relationship_dialog import RelationshipDialog


def _entities(qtbot, tmp_path: Path):
    window = make_window(qtbot, tmp_path)
    assert window.open_sample()
    window.show_part(1)
    return window, window.register("entity")


def test_create_rename_undo_redo_through_widgets(qtbot, tmp_path: Path) -> None:
    """New person, typed name becomes one undo step named in the Edit menu; undo/redo work."""
    window, view = _entities(qtbot, tmp_path)
    before = view.model.rowCount()
    qtbot.mouseClick(view.new_button, Qt.MouseButton.LeftButton)
    assert view.model.rowCount() == before + 1
    ident = view.current_id()
    name = view.editor.fields["name"].widget
    name.selectAll()
    qtbot.keyClicks(name, "Vera Lindqvist")
    qtbot.keyClick(name, Qt.Key.Key_Return)
    assert window.case.get("entity", ident).name == "Vera Lindqvist"
    assert window.undo_action.text() == "&Undo Change name"
    row = view.model.row_of(ident)
    assert view.model.index(row, 0).data() == "Vera Lindqvist"
    window.undo_action.trigger()
    assert window.case.get("entity", ident).name == "New person or organisation"
    window.undo_action.trigger()
    assert window.case.get("entity", ident) is None
    assert view.model.rowCount() == before
    window.redo_action.trigger()
    window.redo_action.trigger()
    assert window.case.get("entity", ident).name == "Vera Lindqvist"
    assert view.model.row_of(ident) >= 0
    close(window)


def test_typing_pauses_coalesce_into_one_step(qtbot, tmp_path: Path) -> None:
    """Typing with pauses in one field is still one undo step until the field is left."""
    window, view = _entities(qtbot, tmp_path)
    view.select(view.model.id_at(0))
    ident = view.current_id()
    original = window.case.get("entity", ident).description
    field = view.editor.fields["description"]
    field.widget.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(field.widget, " First")
    field.flush(False)
    qtbot.keyClicks(field.widget, " second")
    field.flush(True)
    assert window.case.get("entity", ident).description.endswith(" First second")
    window.undo_action.trigger()
    assert window.case.get("entity", ident).description == original
    close(window)


def test_aliases_kind_and_tags(qtbot, tmp_path: Path) -> None:
    """Aliases are a list (any script), kind from a list, tags comma separated."""
    window, view = _entities(qtbot, tmp_path)
    ident = view.create_record()
    aliases = view.editor.aliases
    aliases.add_button.click()
    item = aliases.list.item(aliases.list.count() - 1)
    item.setText("Лиао, Ч.")
    assert window.case.get("entity", ident).aliases == ("Лиао, Ч.",)
    combo = view.editor.fields["kind"].widget
    combo.setCurrentIndex(combo.findData("organisation"))
    combo.activated.emit(combo.currentIndex())
    assert window.case.get("entity", ident).kind == "organisation"
    tags = view.editor.fields["tags"].widget
    qtbot.keyClicks(tags, "ships, ships, port")
    qtbot.keyClick(tags, Qt.Key.Key_Return)
    assert window.case.get("entity", ident).tags == ("ships", "port")
    aliases.list.setCurrentRow(0)
    aliases.remove_button.click()
    assert window.case.get("entity", ident).aliases == ()
    close(window)


def test_relationship_add_edit_remove_and_navigate(qtbot, tmp_path: Path, monkeypatch) -> None:
    """Relationships are added with partial dates, edited, removed; the other end opens."""
    window, view = _entities(qtbot, tmp_path)
    ident = view.create_record()
    other = view.model.id_at(0)

    def fill(dialog: RelationshipDialog) -> int:
        dialog.other.setCurrentIndex(dialog.other.findData(other))
        dialog.type.setText("director of")
        qtbot.keyClicks(dialog.start, "2019-0x3")  # the x is refused as you type
        dialog.end.setText("2021")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(RelationshipDialog, "exec", fill)
    view.editor.add_rel.click()
    tree = view.editor.relationships
    assert tree.topLevelItemCount() == 1
    rel = window.case.get("relationship", tree.topLevelItem(0).data(0, Qt.ItemDataRole.UserRole))
    assert (rel.source, rel.target, rel.start, rel.end) == (ident, other, "2019-03", "2021")
    tree.setCurrentItem(tree.topLevelItem(0))
    snippet = window.case.store.ids("snippet")[0]

    def pick(dialog) -> int:
        dialog.filter.setText(window.case.get("snippet", snippet).text[:15])
        dialog.list.item(0).setSelected(True)
        return QDialog.DialogCode.Accepted

    def edit(dialog: RelationshipDialog) -> int:
        dialog.type.setText("owner of")
        dialog.pick_evidence()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(PickerDialog, "exec", pick)
    monkeypatch.setattr(RelationshipDialog, "exec", edit)
    view.editor.edit_rel.click()
    changed = window.case.get("relationship", rel.id)
    assert (changed.type, changed.evidence) == ("owner of", (snippet,))
    tree.itemActivated.emit(tree.topLevelItem(0), 0)
    assert view.current_id() == other
    view.select(ident)
    tree.setCurrentItem(tree.topLevelItem(0))
    view.editor.remove_rel.click()
    assert window.case.get("relationship", rel.id) is None
    window.undo_action.trigger()
    assert window.case.get("relationship", rel.id).type == "owner of"
    close(window)


def test_delete_referenced_entity_asks_with_impact(qtbot, tmp_path: Path, monkeypatch) -> None:
    """Deleting a referenced person says what is affected, asks, and can be undone."""
    window, view = _entities(qtbot, tmp_path)
    ident = next(
        i
        for i in window.case.store.ids("entity")
        if window.case.get("entity", i).name == "Anja Petrović"
    )
    view.select(ident)
    asked: list[dict] = []
    monkeypatch.setattr(
        register_view, "confirm_delete", lambda _p, _n, impact: asked.append(impact) or False
    )
    activate(qtbot, window)
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    assert asked and asked[0].get("snippet", 0) > 0
    assert window.case.get("entity", ident) is not None
    monkeypatch.setattr(register_view, "confirm_delete", lambda *_a: True)
    view.delete_button.click()
    assert window.case.get("entity", ident) is None
    assert view.model.row_of(ident) == -1
    window.undo_action.trigger()
    assert isinstance(window.case.get("entity", ident), Entity)
    assert view.model.row_of(ident) >= 0
    close(window)


def test_mentions_and_claims_links_navigate(qtbot, tmp_path: Path) -> None:
    """An entity lists the snippets that mention it; activating one opens it in Evidence."""
    window, view = _entities(qtbot, tmp_path)
    ident = next(
        i
        for i in window.case.store.ids("entity")
        if window.case.get("entity", i).name == "Anja Petrović"
    )
    view.select(ident)
    mentions = view.editor.mentions
    assert mentions.count() > 0
    mentions.itemActivated.emit(mentions.item(0))
    settle()
    evidence = window.current_register()
    assert evidence.kind == "snippet"
    assert ident in window.case.get("snippet", evidence.current_id()).entities
    close(window)


def test_clearing_a_required_name_is_refused_without_nagging(
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    """Erasing a name while retyping saves nothing; leaving it empty explains and restores it."""
    window, view = _entities(qtbot, tmp_path)
    view.select(view.model.id_at(0))
    ident = view.current_id()
    original = window.case.get("entity", ident).name
    shown: list[str] = []
    monkeypatch.setattr(window.session, "_show_error", shown.append)
    field = view.editor.fields["name"]
    field.widget.clear()
    field.flush(False)
    assert shown == [] and window.case.get("entity", ident).name == original
    field.flush(True)
    assert shown == ["The name cannot be empty."]
    assert field.widget.text() == original
    close(window)


def test_relationship_other_party_found_by_typing(qtbot, tmp_path: Path, monkeypatch) -> None:
    """Typing part of the other party's name finds it; an unknown name is refused in words."""
    window, view = _entities(qtbot, tmp_path)
    view.select(view.model.id_at(0))

    def fill(dialog: RelationshipDialog) -> int:
        dialog.other.setEditText("Nobody of that name")
        dialog.type.setText("knows")
        dialog._accept()
        assert "Choose the other" in dialog.error.text()
        dialog.other.setEditText("Sofia Marchetti")
        dialog._accept()
        return dialog.result()

    monkeypatch.setattr(RelationshipDialog, "exec", fill)
    view.editor.add_rel.click()
    rels = [window.case.get("relationship", i) for i in window.case.store.ids("relationship")]
    added = [r for r in rels if r.type == "knows"]
    assert len(added) == 1
    assert window.case.get("entity", added[0].target).name == "Sofia Marchetti"
    close(window)
