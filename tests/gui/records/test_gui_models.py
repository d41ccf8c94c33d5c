"""Every item model passes Qt's model tester; register models stay lazy and precise."""

from __future__ import annotations

from pathlib import Path

import pytest
from gui_helpers import close, make_window
from PySide6.QtCore import Qt

from casefile.core.commands import Create, DeleteRecords, Edit, PutRecords
from casefile.core.model import Snippet, Source
from casefile.core.searchtext import Fragment
from casefile.gui.records.table_model import PAGE, RegisterModel
from casefile.gui.window.search import HTML_ROLE, HitsModel
from casefile.storage import queries
from casefile.storage.search import Hit


@pytest.mark.parametrize("kind", ["entity", "source", "snippet", "claim"])
def test_register_models_pass_modeltester(qtbot, qtmodeltester, tmp_path: Path, kind: str) -> None:
    """Each register model is a well-behaved Qt model, also after sort, filter and changes."""
    window = make_window(qtbot, tmp_path)
    assert window.open_sample()
    model = RegisterModel(window.session, kind)
    qtmodeltester.check(model, force_py=True)
    model.sort(0, Qt.SortOrder.DescendingOrder)
    model.set_filter("a")
    model.set_filter("")
    ident = model.id_at(0)
    window.push(DeleteRecords(kind, [ident]))
    window.undo_action.trigger()
    model.sort(-1)
    assert model.row_of(ident) >= 0
    close(window)


def test_hits_model_passes_modeltester_and_escapes(qtmodeltester) -> None:
    """The search hits model is well behaved; its HTML escapes user text, bolds the match."""
    model = HitsModel()
    fragment = Fragment("<img src=x> met Anja", ((16, 20),))
    model.set_hits([Hit("entity", "e1", "<b>x</b>", fragment, 1.0)])
    qtmodeltester.check(model, force_py=True)
    html = model.data(model.index(0, 0), HTML_ROLE)
    assert "&lt;img src=x&gt; met <b>Anja</b>" in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html


def _bulk_case(window, snippets: int) -> None:
    source = Source("src-bulk", "Bulk source", reliability="C")
    rows = [
        Snippet(f"s{i:06d}", f"quote number {i}", source="src-bulk", credibility=3)
        for i in range(snippets)
    ]
    window.push(PutRecords("Add bulk", [source]))
    window.push(PutRecords("Add bulk snippets", rows))


def test_large_register_loads_only_visible_pages(qtbot, tmp_path: Path) -> None:
    """Scrolling to the end of a long Evidence table fetches only the pages shown."""
    window = make_window(qtbot, tmp_path)
    assert window.open_sample()
    _bulk_case(window, 5000)
    window.show_part(3)
    view = window.register("snippet")
    model = view.model
    assert model.rowCount() > 5000
    view.table.scrollToBottom()
    qtbot.wait(10)
    assert model.index(model.rowCount() - 1, 0).data() == "quote number 4999"
    assert model.cached_rows() <= 4 * PAGE
    close(window)


def test_one_edit_repaints_only_its_row(qtbot, tmp_path: Path) -> None:
    """Changing one field emits dataChanged for that row alone, not a reset."""
    window = make_window(qtbot, tmp_path)
    assert window.open_sample()
    model = RegisterModel(window.session, "entity")
    ident = model.id_at(2)
    seen: list[tuple[int, int]] = []
    resets: list[int] = []
    model.dataChanged.connect(lambda a, b: seen.append((a.row(), b.row())))
    model.modelReset.connect(lambda: resets.append(1))
    window.push(Edit("entity", ident, {"description": "changed"}))
    assert seen == [(2, 2)] and not resets
    assert model.index(2, 3).data() == "changed"
    close(window)


def test_created_row_inserted_in_sorted_place(qtbot, tmp_path: Path) -> None:
    """A created record is inserted where the SQL order puts it, without a reset."""
    window = make_window(qtbot, tmp_path)
    assert window.open_sample()
    model = RegisterModel(window.session, "source")
    model.sort(0, Qt.SortOrder.AscendingOrder)
    assert model.index(0, 0).data()  # shown once, as a view would
    inserted: list[int] = []
    model.rowsInserted.connect(lambda _p, first, _last: inserted.append(first))
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))
    window.push(Create(Source("new-src", "AAAA first by title")))
    assert inserted == [0] and not resets
    assert model.index(0, 0).data() == "AAAA first by title"
    assert model.rowCount(model.index(0, 0)) == 0
    close(window)


@pytest.mark.parametrize(
    ("column", "descending"), [(None, False), (1, False), (6, True), (0, True)]
)
def test_pages_read_backwards_match_forwards(qtbot, tmp_path: Path, column, descending) -> None:
    """A page near the end (read backwards for speed) holds exactly the rows in display order."""
    window = make_window(qtbot, tmp_path)
    assert window.open_sample()
    window.push(
        PutRecords("Add", [Source(f"x{i}", f"T{i % 3}", size=i % 2 or None) for i in range(40)])
    )
    conn = window.case.conn
    total = queries.count(conn, "source")
    forward = queries.page(conn, "source", 0, total, column, descending)
    for offset in (0, 17, total - 10, total - 3):
        page = queries.page(conn, "source", offset, 10, column, descending, total=total)
        assert page == forward[offset : offset + 10]
    for ident, _values in forward[::7]:
        assert forward[queries.position(conn, "source", ident, column, descending)][0] == ident
    close(window)


def test_paged_model_passes_modeltester(qtbot, qtmodeltester, tmp_path: Path, monkeypatch) -> None:
    """A large (paged) register is a well-behaved model through sort, filter, edits and deletes."""
    from casefile.gui.records import table_model

    monkeypatch.setattr(table_model, "FULL_LIMIT", 5)
    monkeypatch.setattr(table_model, "PAGE", 4)
    window = make_window(qtbot, tmp_path)
    assert window.open_sample()
    model = RegisterModel(window.session, "snippet")
    assert model.rowCount() > 5
    qtmodeltester.check(model, force_py=True)
    last = model.id_at(model.rowCount() - 1)
    assert model.row_of(last) == model.rowCount() - 1
    window.push(Edit("snippet", last, {"notes": "seen"}))
    model.sort(2, Qt.SortOrder.DescendingOrder)
    assert model.id_at(model.row_of(last)) == last
    window.push(Edit("snippet", last, {"date": "1999"}))
    window.push(DeleteRecords("snippet", [last]))
    window.undo_action.trigger()
    model.set_filter("Kestrel")
    assert 0 < model.rowCount() < 20
    assert model.cached_rows() <= model.rowCount()
    close(window)


def test_renaming_in_sorted_register_keeps_selection(qtbot, tmp_path: Path) -> None:
    """Typing a name that moves the row in a sorted table keeps it selected in the editor."""
    window = make_window(qtbot, tmp_path)
    assert window.open_sample()
    window.show_part(1)
    view = window.register("entity")
    view.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    ident = view.model.id_at(0)
    view.select(ident)
    name = view.editor.fields["name"]
    name.widget.setText("Zzz last by name")
    name.flush(False)
    assert view.model.row_of(ident) == view.model.rowCount() - 1
    assert view.current_id() == ident and view.selected_ids() == [ident]
    assert view.editor.ident == ident
    close(window)
