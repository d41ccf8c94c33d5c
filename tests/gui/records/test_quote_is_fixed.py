"""A quote taken from a source cannot be edited in place; deleting a source says its quotes go."""

from __future__ import annotations

from casefile.gui.common.dialogs import impact_text


def test_deleting_a_source_says_its_quotes_are_deleted_with_it() -> None:
    """The confirmation names the quotes deleted and the claims they leave."""
    text = impact_text("source", {"snippet": 14, "claim": 2})
    assert "The 14 snippets quoted from it are deleted with it" in text
    assert "evidence of 2 claims" in text
    assert "The snippet quoted from them is deleted with them" in impact_text(
        "3 sources", {"snippet": 1}
    )
    assert "The references are removed" in impact_text("person or organisation", {"snippet": 1})


def test_a_quote_and_its_page_are_read_only_while_a_typed_note_stays_editable(
    qtbot,  # type: ignore[no-untyped-def]
    tmp_path,
) -> None:
    """The snippet editor offers no way to rewrite a quote; a hand-typed note can be edited."""
    from gui_helpers import close, make_window

    from casefile.core.commands import Create
    from casefile.core.model import Snippet, Source

    window = make_window(qtbot, tmp_path)
    assert window.open_sample()
    window.push(Create(Source("src-q", "Log", text="Ship left at dawn.", pages=(0,))))
    window.push(Create(Snippet("q1", "Ship left", "src-q", location="p. 1", offset=(0, 9))))
    window.push(Create(Snippet("note1", "Typed by hand")))
    window.show_part(3)
    view = window.register("snippet")
    view.select("q1")
    editor = view.editor
    assert editor.quote_edit.isReadOnly() and editor.location_edit.isReadOnly()
    assert "quote the source again" in editor.quote_edit.toolTip()
    view.select("note1")
    assert not editor.quote_edit.isReadOnly() and not editor.location_edit.isReadOnly()
    close(window)
