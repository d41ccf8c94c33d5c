"""Ctrl+V with a claim or person selected offers to link the new snippet; the page stays."""

from __future__ import annotations

from pathlib import Path

from capture_gui_helpers import capture_window_with_case
from gui_helpers import close, settle
from PySide6.QtGui import QGuiApplication

from casefile.capture import SourceChoice
from casefile.gui.capture.paste import NO_LINK, link_choices


def _paste(window, words: str) -> None:  # type: ignore[no-untyped-def]
    QGuiApplication.clipboard().setText(words)
    window.capture.paste()
    settle()


def test_paste_with_claim_selected_links_it_and_stays(qtbot, tmp_path: Path) -> None:
    """The pasted words become a snippet weighed for the selected claim, in one undo step."""
    window, controller = capture_window_with_case(qtbot, tmp_path)
    controller.drops.choose_source = lambda *_a: SourceChoice(new_title="Call")
    asked: list[object] = []
    controller.paster.choose_link = lambda _w, _p, record, last: asked.append(record) or "refutes"
    window.show_part(4)
    claims = window.register("claim")
    claims.select("claim-1")
    _paste(window, "The MV Aurora sailed on.")
    assert [r.id for r in asked] == ["claim-1"]
    (snippet,) = window.case.store.all("snippet")
    assert [(e.snippet, e.stance) for e in window.case.get("claim", "claim-1").evidence] == [
        (snippet.id, "refutes")
    ]
    assert window.current_register() is claims
    assert "Ctrl+J shows it" in window.statusBar().currentMessage()
    assert window.session.stack.count() == 1
    window.undo_action.trigger()
    assert window.case.count("snippet") == 0
    controller.paster.show_last()
    close(window)


def test_paste_with_person_selected_mentions_them(qtbot, tmp_path: Path) -> None:
    """With a person selected, Enter on the offer makes the snippet mention them."""
    window, controller = capture_window_with_case(qtbot, tmp_path)
    controller.drops.choose_source = lambda *_a: SourceChoice(new_title="Call")
    controller.paster.choose_link = lambda _w, _p, record, _last: "mention"
    window.show_part(1)
    people = window.register("entity")
    people.select("person-1")
    _paste(window, "Ana Díaz was on board.")
    (snippet,) = window.case.store.all("snippet")
    assert snippet.entities == ("person-1",)
    assert window.current_register() is people
    controller.paster.show_last()
    assert window.current_register().kind == "snippet"
    close(window)


def test_link_offer_defaults_to_linking(qtbot, tmp_path: Path) -> None:
    """The offer highlights the last stance (or a mention): Enter links; it can also not link."""
    window, _controller = capture_window_with_case(qtbot, tmp_path)
    menu = link_choices(window, window.case.get("claim", "claim-1"), "context")
    assert menu.activeAction().data() == "context"
    assert NO_LINK in [a.data() for a in menu.actions()]
    menu.deleteLater()
    menu = link_choices(window, window.case.get("entity", "person-1"), None)
    assert menu.activeAction().data() == "mention"
    menu.deleteLater()
    close(window)
