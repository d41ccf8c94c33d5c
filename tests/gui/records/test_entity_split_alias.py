"""Split an alias into its own entity from the entity editor: button and menu, opened, undo."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from gui_helpers import close, make_window, settle
from PySide6.QtCore import Qt

from casefile.core.commands import Create, Edit
from casefile.core.model import Entity, Snippet


@pytest.fixture
def window(qtbot: Any, tmp_path: Path) -> Any:
    """The sample case open on the People register, Liao Chunsheng selected."""
    window = make_window(qtbot, tmp_path)
    assert window.open_sample()
    window.show_part(1)
    assert window.navigate_to("entity", "e-liao")
    yield window
    close(window)


def _alias_row(editor: Any, alias: str) -> int:
    texts = [editor.aliases.list.item(i).text() for i in range(editor.aliases.list.count())]
    return texts.index(alias)


def test_split_button_makes_a_new_entry_opens_it_and_undo_restores(window: Any, qtbot: Any) -> None:
    """Split out on a selected alias creates the entry, shows it, and Undo puts all back."""
    view = window.register("entity")
    editor = view.editor
    before = window.case.get("entity", "e-liao")
    count = window.case.count("entity")
    buttons = [b for b in editor.aliases.findChildren(type(editor.aliases.add_button))]
    split = next(b for b in buttons if b.text() == "Split out")
    editor.aliases.list.setCurrentRow(-1)
    assert not split.isEnabled()
    editor.aliases.list.setCurrentRow(_alias_row(editor, "廖春生"))
    assert split.isEnabled()
    qtbot.mouseClick(split, Qt.MouseButton.LeftButton)
    settle()
    assert window.case.count("entity") == count + 1
    assert window.case.get("entity", "e-liao").aliases == ("Chunsheng Liao",)
    new = view.current_id()
    assert new != "e-liao"
    assert (window.case.get("entity", new).name, window.case.get("entity", new).kind) == (
        "廖春生",
        before.kind,
    )
    assert editor.heading.text() == "廖春生"
    assert window.undo_action.text() == "&Undo Split alias into its own entry"
    window.undo_action.trigger()
    settle()
    assert window.case.get("entity", "e-liao") == before
    assert window.case.get("entity", new) is None
    assert window.case.count("entity") == count
    window.redo_action.trigger()
    assert window.case.get("entity", new).name == "廖春生"


def test_context_menu_action_splits_a_hostile_alias(window: Any, qtbot: Any) -> None:
    """The alias list's context menu offers the split; a markup-looking alias stays literal."""
    window.push(Edit("entity", "e-liao", {"aliases": ("<b>x</b>", "Chunsheng Liao")}))
    window.push(Create(Snippet("n-own", "Seen with <b>x</b>.", entities=("e-liao",))))
    editor = window.register("entity").editor
    assert editor.aliases.list.contextMenuPolicy() == Qt.ContextMenuPolicy.ActionsContextMenu
    (action,) = [a for a in editor.aliases.list.actions() if "Split" in a.text()]
    assert action.text() == "Split into its own entity"
    editor.aliases.list.setCurrentRow(_alias_row(editor, "<b>x</b>"))
    action.trigger()
    settle()
    new = window.register("entity").current_id()
    created = window.case.get("entity", new)
    assert isinstance(created, Entity) and created.name == "<b>x</b>"
    assert editor.heading.text() == "<b>x</b>"
    assert editor.heading.textFormat() == Qt.TextFormat.PlainText
    assert window.case.get("snippet", "n-own").entities == ("e-liao",)  # mentions stay
    window.undo_action.trigger()
    assert window.case.get("entity", "e-liao").aliases == ("<b>x</b>", "Chunsheng Liao")


def test_an_alias_still_being_typed_is_saved_first(window: Any, qtbot: Any) -> None:
    """A freshly typed alias is committed before it is split out (no 'not an alias' error)."""
    editor = window.register("entity").editor
    editor.aliases.add_button.click()
    item = editor.aliases.list.item(editor.aliases.list.count() - 1)
    item.setText("L. Chunsheng")
    editor.aliases.list.setCurrentItem(item)
    assert editor.split_alias("L. Chunsheng") is not None
    assert "L. Chunsheng" not in window.case.get("entity", "e-liao").aliases
