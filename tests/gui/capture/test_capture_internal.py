"""Internal drags: snippets onto claims and people, people onto claims, source selections."""

from __future__ import annotations

import json
from pathlib import Path

from capture_gui_helpers import capture_window_with_case, drag_over, drop_on, mime_of, row_point
from gui_helpers import close
from PySide6.QtCore import QMimeData
from PySide6.QtGui import QGuiApplication, QTextCursor

from casefile.core.commands import Create
from casefile.core.model import Snippet, Source
from casefile.gui.capture.mime import IDS_TYPE, ids_mime, selection_mime


def _with_snippet(window) -> None:
    window.push(Create(Source("src-1", "Harbour log", url="https://log.example/",
                              text="Entry: the ship left at dawn.", pages=(0,))))  # fmt: skip
    window.push(Create(Snippet("snip-1", "the ship left", source="src-1", offset=(7, 20),
                               location="p. 1")))  # fmt: skip
    window.session.stack.clear()


def test_snippet_dragged_onto_claim_links_with_stance(qtbot, tmp_path: Path) -> None:
    """A snippet dragged onto a claim row is linked with the chosen stance; undo unlinks."""
    window, controller = capture_window_with_case(qtbot, tmp_path)
    _with_snippet(window)
    controller.drops.choose_stance = lambda _w, _p: "context"
    window.show_part(4)
    view = window.register("claim")
    drop_on(view.table.viewport(), ids_mime(window.case, "snippet", ["snip-1"]),
            row_point(view, "claim-1"))  # fmt: skip
    qtbot.waitUntil(lambda: bool(window.case.get("claim", "claim-1").evidence))
    links = window.case.get("claim", "claim-1").evidence
    assert [(e.snippet, e.stance) for e in links] == [("snip-1", "context")]
    window.undo_action.trigger()
    assert window.case.get("claim", "claim-1").evidence == ()
    assert window.case.count("snippet") == 1
    close(window)


def test_entity_dragged_onto_claim_becomes_subject(qtbot, tmp_path: Path) -> None:
    """A person dragged onto a claim row becomes a subject of the claim."""
    window, _controller = capture_window_with_case(qtbot, tmp_path)
    window.show_part(4)
    view = window.register("claim")
    drop_on(view.table.viewport(), ids_mime(window.case, "entity", ["person-1"]),
            row_point(view, "claim-1"))  # fmt: skip
    qtbot.waitUntil(lambda: bool(window.case.get("claim", "claim-1").subjects))
    assert window.case.get("claim", "claim-1").subjects == ("person-1",)
    window.undo_action.trigger()
    assert window.case.get("claim", "claim-1").subjects == ()
    close(window)


def test_snippet_dragged_onto_person_adds_mention(qtbot, tmp_path: Path) -> None:
    """A snippet dragged onto a person's row makes it mention them."""
    window, _controller = capture_window_with_case(qtbot, tmp_path)
    _with_snippet(window)
    window.show_part(1)
    view = window.register("entity")
    drop_on(view.table.viewport(), ids_mime(window.case, "snippet", ["snip-1"]),
            row_point(view, "person-1"))  # fmt: skip
    qtbot.waitUntil(lambda: bool(window.case.get("snippet", "snip-1").entities))
    assert window.case.get("snippet", "snip-1").entities == ("person-1",)
    close(window)


def test_internal_drag_onto_empty_space_is_refused(qtbot, tmp_path: Path) -> None:
    """A snippet dragged over the window background cannot be dropped there."""
    window, _controller = capture_window_with_case(qtbot, tmp_path)
    _with_snippet(window)
    move = drag_over(window.centralWidget(), ids_mime(window.case, "snippet", ["snip-1"]),
                     window.centralWidget().rect().center())  # fmt: skip
    assert not move.isAccepted()
    close(window)


def test_drag_from_another_case_is_treated_as_text(qtbot, tmp_path: Path) -> None:
    """Ids from another case are not trusted: the drop is its readable text instead."""
    window, controller = capture_window_with_case(qtbot, tmp_path)
    mime = QMimeData()
    token = {"case": "/elsewhere.casefile", "kind": "snippet", "ids": ["x"]}
    mime.setData(IDS_TYPE, json.dumps(token).encode())
    mime.setText("“Quoted”\n— Other case")
    asked: list[str] = []
    controller.drops.choose_source = lambda _p, _c, dropped: asked.append(dropped.text)
    drop_on(window.centralWidget(), mime)
    qtbot.waitUntil(lambda: bool(asked))
    assert asked == ["“Quoted”\n— Other case"]
    close(window)


def test_snippet_dragged_out_gives_quote_and_citation(qtbot, tmp_path: Path) -> None:
    """Dragging a snippet to another application gives its quote and a short citation."""
    window, _controller = capture_window_with_case(qtbot, tmp_path)
    _with_snippet(window)
    mime = ids_mime(window.case, "snippet", ["snip-1"])
    assert mime.text() == "“the ship left”\n— Harbour log, p. 1, https://log.example/"
    close(window)


def test_snippet_table_drag_carries_selected_rows(qtbot, tmp_path: Path) -> None:
    """A drag started on a snippet row carries that snippet (copy only, model untouched)."""
    window, _controller = capture_window_with_case(qtbot, tmp_path)
    _with_snippet(window)
    window.show_part(3)
    view = window.register("snippet")
    dragger = next(c for c in view.table.children() if type(c).__name__ == "RowDragger")
    mime = dragger.mime_at(row_point(view, "snip-1"))
    assert json.loads(bytes(mime.data(IDS_TYPE).data()))["ids"] == ["snip-1"]
    assert view.model.rowCount() == 1
    close(window)


def test_source_selection_dropped_on_claim_keeps_exact_offsets(qtbot, tmp_path: Path) -> None:
    """Text selected in a source's viewer and dropped on a claim: exact offsets, page, link."""
    window, _controller = capture_window_with_case(qtbot, tmp_path)
    _with_snippet(window)
    window.show_part(2)
    sources = window.register("source")
    sources.select("src-1")
    viewer = sources.editor.viewer
    cursor = viewer.textCursor()
    cursor.setPosition(21)
    cursor.setPosition(28, QTextCursor.MoveMode.KeepAnchor)
    viewer.setTextCursor(cursor)
    dragger = next(c for c in sources.editor.children() if type(c).__name__ == "SelectionDragger")
    mime = dragger.mime()
    assert mime.text() == "at dawn"
    window.show_part(4)
    claims = window.register("claim")
    drop_on(claims.table.viewport(), mime, row_point(claims, "claim-1"))
    qtbot.waitUntil(lambda: window.case.count("snippet") == 2)
    link = window.case.get("claim", "claim-1").evidence[0]
    snippet = window.case.get("snippet", link.snippet)
    assert (snippet.text, snippet.offset, snippet.location) == ("at dawn", (21, 28), "p. 1")
    assert link.stance == "refutes"
    close(window)


def test_paste_goes_through_the_drop_path(qtbot, tmp_path: Path) -> None:
    """Ctrl+V with a link on the clipboard adds a web source, like a drop."""
    window, controller = capture_window_with_case(qtbot, tmp_path)
    mime = mime_of({"text/uri-list": b"https://paste.example/\r\n"})
    QGuiApplication.clipboard().setMimeData(mime)
    controller.paste()
    # The clipboard owns the data now; empty it before Qt tears the application down, or
    # the offscreen clipboard frees it after Python's wrapper is gone (a crash at exit).
    QGuiApplication.clipboard().clear()
    assert [s.url for s in window.case.store.all("source")] == ["https://paste.example/"]
    close(window)


def test_selection_mime_from_another_case_is_ignored(qtbot, tmp_path: Path) -> None:
    """A selection from another case's viewer is taken as plain words, not offsets."""
    window, controller = capture_window_with_case(qtbot, tmp_path)
    mime = selection_mime(object(), "src-1", 0, 5, "Entry")
    asked: list[str] = []
    controller.drops.choose_source = lambda _p, _c, dropped: asked.append(dropped.text)
    drop_on(window.centralWidget(), mime)
    qtbot.waitUntil(lambda: bool(asked))
    assert asked == ["Entry"]
    close(window)
