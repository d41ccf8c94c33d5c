"""Drops on the window: text, HTML with its page, links, files, onto claims and people."""

from __future__ import annotations

from pathlib import Path

from capture_gui_helpers import capture_window_with_case, drop_on, mime_of, row_point
from gui_helpers import close
from PySide6.QtCore import Qt

from casefile.capture import SourceChoice


def test_html_with_url_dropped_on_window_makes_web_source_and_snippet(
    qtbot, tmp_path: Path
) -> None:
    """HTML dragged from a browser becomes a snippet in a web source for its page; one undo."""
    window, _controller = capture_window_with_case(qtbot, tmp_path)
    mime = mime_of({
        "text/html": b"<p>Held at <b>dawn</b> &amp; searched.</p><script>x()</script>",
        "text/x-moz-url-priv": "https://port.example/news".encode("utf-16-le"),
    })  # fmt: skip
    event = drop_on(window.centralWidget(), mime)
    assert event.isAccepted() and event.dropAction() == Qt.DropAction.CopyAction
    qtbot.waitUntil(lambda: window.case.count("snippet") == 1)
    source = next(iter(window.case.store.all("source")))
    snippet = next(iter(window.case.store.all("snippet")))
    assert (source.kind, source.url) == ("web", "https://port.example/news")
    assert snippet.text == "Held at dawn & searched." and snippet.source == source.id
    assert window.current_register().kind == "snippet"
    assert window.current_register().current_id() == snippet.id
    window.undo_action.trigger()
    assert window.case.count("snippet") == 0 and window.case.count("source") == 0
    close(window)


def test_plain_text_asks_for_source_then_adds_snippet(qtbot, tmp_path: Path) -> None:
    """Plain text without a page asks which source it is from; a new title creates one."""
    window, controller = capture_window_with_case(qtbot, tmp_path)
    asked: list[str] = []

    def choose(_parent, _case, dropped):
        asked.append(dropped.text)
        return SourceChoice(new_title="Phone call")

    controller.drops.choose_source = choose
    drop_on(window.centralWidget(), mime_of({"text/plain": b"Ship left at 06:10."}))
    qtbot.waitUntil(lambda: window.case.count("snippet") == 1)
    assert asked == ["Ship left at 06:10."]
    source = next(iter(window.case.store.all("source")))
    assert source.title == "Phone call"
    close(window)


def test_dismissing_the_source_question_adds_nothing(qtbot, tmp_path: Path) -> None:
    """Dismissing the source dialog leaves the case unchanged."""
    window, controller = capture_window_with_case(qtbot, tmp_path)
    controller.drops.choose_source = lambda *_a: None
    drop_on(window.centralWidget(), mime_of({"text/plain": b"Words."}))
    qtbot.wait(20)
    assert window.case.count("snippet") == 0 and window.session.stack.count() == 0
    close(window)


def test_links_dropped_become_web_sources(qtbot, tmp_path: Path) -> None:
    """Dragged links become web sources with their titles, without fetching anything."""
    window, _controller = capture_window_with_case(qtbot, tmp_path)
    mime = mime_of({
        "text/uri-list": b"https://a.example/1\r\nhttps://b.example/2\r\n",
        "text/x-moz-url": "https://a.example/1\nFirst story\nhttps://b.example/2\nSecond".encode(
            "utf-16-le"
        ),
    })  # fmt: skip
    drop_on(window.centralWidget(), mime)
    qtbot.waitUntil(lambda: window.case.count("source") == 2)
    titles = sorted(s.title for s in window.case.store.all("source"))
    assert titles == ["First story", "Second"]
    window.undo_action.trigger()
    assert window.case.count("source") == 0
    close(window)


def test_text_dropped_on_claim_row_links_with_chosen_stance(qtbot, tmp_path: Path) -> None:
    """Text dropped on a claim row becomes a snippet linked with the stance picked; one undo."""
    window, controller = capture_window_with_case(qtbot, tmp_path)
    window.show_part(4)
    view = window.register("claim")
    asked: list[object] = []
    controller.drops.choose_stance = lambda _w, point: asked.append(point) or "refutes"
    mime = mime_of({"text/plain": b"Released on Monday.", "text/uri-list": b"https://p.example/"})
    drop_on(view.table.viewport(), mime, row_point(view, "claim-1"))
    qtbot.waitUntil(lambda: window.case.count("snippet") == 1)
    claim = window.case.get("claim", "claim-1")
    snippet = next(iter(window.case.store.all("snippet")))
    assert [(e.snippet, e.stance) for e in claim.evidence] == [(snippet.id, "refutes")]
    assert len(asked) == 1
    assert window.session.stack.count() == 1
    window.undo_action.trigger()
    assert window.case.get("claim", "claim-1").evidence == ()
    assert window.case.count("snippet") == 0 and window.case.count("source") == 0
    close(window)


def test_dismissed_stance_menu_adds_nothing(qtbot, tmp_path: Path) -> None:
    """Dismissing the stance menu leaves the case unchanged."""
    window, controller = capture_window_with_case(qtbot, tmp_path)
    window.show_part(4)
    view = window.register("claim")
    controller.drops.choose_stance = lambda _w, _p: None
    mime = mime_of({"text/plain": b"Words.", "text/uri-list": b"https://p.example/"})
    drop_on(view.table.viewport(), mime, row_point(view, "claim-1"))
    qtbot.wait(20)
    assert window.case.count("snippet") == 0
    close(window)


def test_text_dropped_on_person_mentions_them(qtbot, tmp_path: Path) -> None:
    """Text dropped on a person's row becomes a snippet mentioning that person."""
    window, _controller = capture_window_with_case(qtbot, tmp_path)
    window.show_part(1)
    view = window.register("entity")
    mime = mime_of({"text/plain": b"Ana signed.", "text/uri-list": b"https://p.example/"})
    drop_on(view.table.viewport(), mime, row_point(view, "person-1"))
    qtbot.waitUntil(lambda: window.case.count("snippet") == 1)
    snippet = next(iter(window.case.store.all("snippet")))
    assert snippet.entities == ("person-1",)
    close(window)


def test_drag_over_claim_row_highlights_it(qtbot, tmp_path: Path) -> None:
    """Dragging over a claim row highlights that row and offers a copy."""
    from capture_gui_helpers import drag_over

    window, controller = capture_window_with_case(qtbot, tmp_path)
    window.show_part(4)
    view = window.register("claim")
    point = row_point(view, "claim-1")
    move = drag_over(view.table.viewport(), mime_of({"text/plain": b"x"}), point)
    assert move.isAccepted() and move.dropAction() == Qt.DropAction.CopyAction
    area = controller.drops.highlighted
    assert area is not None and area.contains(point)
    close(window)


def test_empty_drop_is_refused_with_a_message(qtbot, tmp_path: Path, monkeypatch) -> None:
    """A drop that carries only blank text shows a 'nothing to add' message."""
    window, _controller = capture_window_with_case(qtbot, tmp_path)
    shown: list[str] = []
    monkeypatch.setattr(window, "show_error", shown.append)
    drop_on(window.centralWidget(), mime_of({"text/plain": b"   "}))
    qtbot.waitUntil(lambda: bool(shown))
    assert "Nothing to add" in shown[0]
    close(window)


def test_text_dropped_on_claim_editor_links_to_that_claim(qtbot, tmp_path: Path) -> None:
    """Text dropped on the open claim's editor is linked to that claim with the chosen stance."""
    window, controller = capture_window_with_case(qtbot, tmp_path)
    window.show_part(4)
    view = window.register("claim")
    assert view.select("claim-1")
    controller.drops.choose_stance = lambda _w, _p: "supports"
    mime = mime_of({"text/plain": b"Seen in port.", "text/uri-list": b"https://q.example/"})
    heading = view.editor.heading
    drop_on(heading, mime, heading.rect().center())
    qtbot.waitUntil(lambda: bool(window.case.get("claim", "claim-1").evidence))
    assert window.case.get("claim", "claim-1").evidence[0].stance == "supports"
    close(window)
