"""Quotes dragged by hand from the Evidence side panel onto claims, people, relationships and
matrix cells: mouse press on the panel's row, moves, release on the target on screen beside it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from capture_gui_helpers import capture_window_with_case, row_point
from drag_helpers import answer_popup, mouse_drag, play_drags
from gui_helpers import close, settle
from PySide6.QtCore import QItemSelectionModel, QPoint, Qt
from PySide6.QtWidgets import QScrollArea

from casefile.core.commands import Create, LinkEvidence
from casefile.core.model import Entity, Relationship, Snippet, Source
from casefile.gui.analysis import hooks as analysis_hooks
from casefile.gui.analysis.hooks import MATRIX
from casefile.gui.common.lazy_page import show_lazy_page
from casefile.gui.window.navigator import SPRING_MS

# The offscreen platform says it cannot raise or grab for the real stance menu (a popup).
POPUP_NOISE = pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing)")
TEXT = "Entry: the ship left at dawn. The harbour master signed the lease."


@pytest.fixture
def window(qtbot: Any, tmp_path: Path, monkeypatch: Any) -> Any:
    window, _controller = capture_window_with_case(qtbot, tmp_path)
    window.errors = []
    window.show_error = window.errors.append
    window.push(Create(Source("src-1", "Harbour log", text=TEXT, pages=(0,))))
    for ident, words in (("snip-1", "the ship left"), ("snip-2", "signed the lease")):
        start = TEXT.index(words)
        offset = (start, start + len(words))
        window.push(Create(Snippet(ident, words, source="src-1", offset=offset)))
    window.push(Create(Entity("org-1", "Port authority", kind="organisation")))
    window.push(Create(Relationship("rel-1", "person-1", "org-1", "harbour master of")))
    window.session.stack.clear()
    next(a for a in window.menus["view"].actions() if a.text() == "Reset &layout").trigger()
    settle()  # the side panels shown (they start hidden)
    window.drags = play_drags(monkeypatch)
    yield window
    close(window)


def _evidence_panel(window: Any, *ids: str) -> Any:
    """The Evidence side panel with ``ids`` selected (Ctrl+click, as a user does)."""
    panel = next(p for p in window.record_lists() if p.kind == "snippet")
    assert panel.isVisible()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    panel.table.clearSelection()
    for ident in ids:
        index = panel.model.index(panel.model.row_of(ident), 0)
        panel.table.selectionModel().select(index, flags)
    return panel


def _panel_row(panel: Any, ident: str) -> QPoint:
    return panel.table.visualRect(panel.model.index(panel.model.row_of(ident), 0)).center()


def _stance_menu(window: Any) -> None:
    """Use the real stance menu at the drop point (not a stand-in)."""
    from casefile.gui.capture import dialogs

    window.capture.drops.choose_stance = dialogs.stance_menu


@POPUP_NOISE
def test_two_quotes_dragged_onto_a_claim_row_link_with_the_chosen_stance(
    qtbot: Any, window: Any
) -> None:
    """Two quotes dragged from the Evidence panel onto a claim row are linked with the
    stance picked in the menu; one Undo removes both links."""
    window.show_part(4)
    claims = window.register("claim")
    panel = _evidence_panel(window, "snip-1", "snip-2")
    _stance_menu(window)
    answer_popup(Qt.Key.Key_S)  # "&Supports the claim"
    target = (claims.table.viewport(), row_point(claims, "claim-1"), 0)
    mouse_drag(panel.table.viewport(), _panel_row(panel, "snip-1"), [target])
    qtbot.waitUntil(lambda: bool(window.case.get("claim", "claim-1").evidence))
    links = window.case.get("claim", "claim-1").evidence
    assert len(window.drags) == 1
    assert sorted((e.snippet, e.stance) for e in links) == [
        ("snip-1", "supports"),
        ("snip-2", "supports"),
    ]
    assert window.session.stack.count() == 1
    window.undo_action.trigger()
    assert window.case.get("claim", "claim-1").evidence == ()


def test_a_quote_dragged_onto_a_person_row_mentions_them(qtbot: Any, window: Any) -> None:
    """A quote dragged from the Evidence panel onto a person's row mentions that person;
    Undo takes the mention back."""
    window.show_part(1)
    people = window.register("entity")
    panel = _evidence_panel(window, "snip-2")
    target = (people.table.viewport(), row_point(people, "person-1"), 0)
    mouse_drag(panel.table.viewport(), _panel_row(panel, "snip-2"), [target])
    qtbot.waitUntil(lambda: bool(window.case.get("snippet", "snip-2").entities))
    assert window.case.get("snippet", "snip-2").entities == ("person-1",)
    window.undo_action.trigger()
    assert window.case.get("snippet", "snip-2").entities == ()


def test_a_quote_dragged_onto_a_relationship_becomes_its_evidence(qtbot: Any, window: Any) -> None:
    """A quote dropped on a relationship in a person's editor is added to its evidence."""
    window.show_part(1)
    people = window.register("entity")
    people.select("person-1")
    tree = people.editor.relationships
    scroller = tree.parentWidget()
    while not isinstance(scroller, QScrollArea):
        scroller = scroller.parentWidget()
    scroller.ensureWidgetVisible(tree)  # scrolled down to, as a user would
    settle()
    item = tree.topLevelItem(0)
    assert item is not None
    panel = _evidence_panel(window, "snip-2")
    target = (tree.viewport(), QPoint(20, tree.visualItemRect(item).center().y()), 0)
    mouse_drag(panel.table.viewport(), _panel_row(panel, "snip-2"), [target])
    qtbot.waitUntil(lambda: bool(window.case.get("relationship", "rel-1").evidence))
    assert window.case.get("relationship", "rel-1").evidence == ("snip-2",)
    assert tree.topLevelItem(0).text(3) == "1"  # the editor shows the new evidence count
    window.undo_action.trigger()
    assert window.case.get("relationship", "rel-1").evidence == ()


@POPUP_NOISE
def test_a_quote_dragged_onto_a_matrix_cell_links_it_to_that_claim(
    qtbot: Any, window: Any, tmp_path: Path
) -> None:
    """A quote dropped on a claim's cell of the evidence matrix is linked to that claim."""
    window.push(LinkEvidence("claim-1", "snip-1", "context"))
    hooks = analysis_hooks.install(window)
    window.close_case()  # the analysis pages come with the next case opened
    window.open_path(tmp_path / "drop.casefile")
    matrix = show_lazy_page(window, hooks.pages[MATRIX])
    settle()
    table = matrix.table
    index = table.model().index(0, 2)
    assert index.isValid()
    _stance_menu(window)
    answer_popup(Qt.Key.Key_R)  # "&Refutes the claim"
    panel = _evidence_panel(window, "snip-2")
    mouse_drag(panel.table.viewport(), _panel_row(panel, "snip-2"),
               [(table.viewport(), table.visualRect(index).center(), 0)])  # fmt: skip
    qtbot.waitUntil(lambda: len(window.case.get("claim", "claim-1").evidence) == 2)
    stances = {e.snippet: e.stance for e in window.case.get("claim", "claim-1").evidence}
    assert stances == {"snip-1": "context", "snip-2": "refutes"}


def test_a_drag_resting_on_a_navigator_entry_opens_that_page(qtbot: Any, window: Any) -> None:
    """A drag held over "Claims" in the navigator opens the Claims page mid-drag, and the
    quote can then be dropped on a claim row there."""
    window.show_part(2)  # Sources: the source's text on the page
    window.register("claim")  # built, so its row can be aimed at once it shows
    navigator = window.workspace.navigator
    entry = navigator.visualItemRect(navigator.item(4)).center()
    claims = window.register("claim")
    panel = _evidence_panel(window, "snip-1")
    window.capture.drops.choose_stance = lambda _w, _p: "context"
    path = [
        (navigator.viewport(), entry, SPRING_MS + 300),
        (claims.table.viewport(), row_point(claims, "claim-1"), 0),
    ]
    mouse_drag(panel.table.viewport(), _panel_row(panel, "snip-1"), path)
    qtbot.waitUntil(lambda: bool(window.case.get("claim", "claim-1").evidence))
    assert navigator.currentRow() == 4
    assert [(e.snippet, e.stance) for e in window.case.get("claim", "claim-1").evidence] == [
        ("snip-1", "context")
    ]


def test_a_short_pass_over_the_navigator_does_not_switch_pages(qtbot: Any, window: Any) -> None:
    """A drag that only crosses a navigator entry leaves the page as it was."""
    window.show_part(2)
    navigator = window.workspace.navigator
    entry = navigator.visualItemRect(navigator.item(4)).center()
    panel = _evidence_panel(window, "snip-1")
    sources = window.register("source")
    path = [(navigator.viewport(), entry, 100), (sources.table.viewport(), QPoint(5, 5), 0)]
    mouse_drag(panel.table.viewport(), _panel_row(panel, "snip-1"), path)
    qtbot.wait(SPRING_MS + 200)
    assert navigator.currentRow() == 2
    assert window.case.get("claim", "claim-1").evidence == ()
