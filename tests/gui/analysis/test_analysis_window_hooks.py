"""The analysis views inside the main window: pages, Tools menu items, undo through the window."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from gui_helpers import close, make_window, settle
from PySide6.QtCore import Qt

from casefile.gui.analysis.gaps import GapsPanel
from casefile.gui.analysis.hooks import GAPS, MATRIX, install
from casefile.gui.analysis.matrix import MatrixPanel
from casefile.gui.analysis.matrix_model import FIXED


@pytest.fixture
def window(qtbot: Any, tmp_path: Path) -> Any:
    """A main window with the analysis hooks installed and the sample case open."""
    window = make_window(qtbot, tmp_path)
    install(window)
    assert window.open_sample()
    yield window
    close(window)


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_matrix_page_edits_undo_through_the_window(window: Any) -> None:
    """The matrix opens from the Tools menu; a key press edits and Edit ▸ Undo reverts it."""
    panel = window.analysis.show_page(MATRIX)
    assert isinstance(panel, MatrixPanel)
    assert window.workspace.pages.currentWidget() is window.analysis.pages[MATRIX]
    panel.choose_claims(["c-funding"])
    model = panel.model
    index = model.index(model.rows.index("n-n18"), FIXED)
    panel.table.setCurrentIndex(index)
    panel.set_stance(index, "supports")
    assert window.case.get("claim", "c-funding").evidence[1].stance == "supports"
    window.undo_action.trigger()
    assert window.case.get("claim", "c-funding").evidence[1].stance == "refutes"
    assert model.index(model.rows.index("n-n18"), FIXED).data() == "Refutes"


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_gaps_page_opens_items_in_their_register(window: Any, qtbot: Any, tmp_path: Path) -> None:
    """A row of the gap checks opens its claim in the Claims register."""
    panel = window.analysis.show_page(GAPS)
    assert isinstance(panel, GapsPanel)
    panel.checks.setCurrentIndex(panel.checks.findData("claim-single-source"))
    panel.open_row(panel.model.index(0, 1))
    settle()
    kind, ids = window.selected()
    assert kind == "claim" and ids == [panel.model.index(0, 1).data(Qt.ItemDataRole.UserRole + 1)]
    window.analysis.show_page(GAPS)
    window.resize(1280, 720)
    settle()
    target = Path("/tmp/casefile-shots")
    target.mkdir(exist_ok=True)
    assert window.grab().save(str(target / "window-gaps.png"))
    window.analysis.show_page(MATRIX)
    settle()
    assert window.grab().save(str(target / "window-matrix.png"))


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_split_alias_of_the_selected_entity_and_undo(window: Any) -> None:
    """Split alias turns the chosen alias of the selected person into a new entry; undo reverts."""
    assert window.navigate_to("entity", "e-liao")
    window.analysis.split_alias(choose=lambda entity: "廖春生")
    assert window.case.get("entity", "e-liao").aliases == ("Chunsheng Liao",)
    assert window.case.count("entity") == 10
    window.undo_action.trigger()
    assert window.case.get("entity", "e-liao").aliases == ("廖春生", "Chunsheng Liao")
    assert window.case.count("entity") == 9


@pytest.mark.qt_log_ignore("propagateSizeHints", r"support raise\(\)")
def test_duplicates_dialog_opens_from_tools(window: Any, qtbot: Any) -> None:
    """Tools ▸ Possible duplicates opens the dialog on the open case."""
    dialog = window.analysis.show_duplicates()
    assert dialog.model.rowCount() == 0
    assert "among 9 people" in dialog.summary.text()
    assert window.analysis.show_duplicates() is dialog
    dialog.close()
    qtbot.waitUntil(lambda: window.analysis.duplicates is None, timeout=2000)


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_merge_selected_entities_from_the_register_and_undo(window: Any) -> None:
    """Tools ▸ Merge selected merges the register's selection into the chosen entry; undo reverts."""
    from PySide6.QtCore import QItemSelectionModel

    from casefile.core.commands import Create
    from casefile.core.model import Entity

    window.push(Create(Entity("e-liao2", "Chunsheng Liao", aliases=("Mr Liao",))))
    assert window.navigate_to("entity", "e-liao")
    view = window.register("entity")
    model = view.table.model()
    rows = [
        r
        for r in range(model.rowCount())
        if model.index(r, 0).data(Qt.ItemDataRole.UserRole) == "e-liao2"
    ]
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    view.table.selectionModel().select(model.index(rows[0], 0), flags)
    assert set(window.selected()[1]) == {"e-liao", "e-liao2"}
    offered: list[list[str]] = []
    window.analysis.merge_selected(choose=lambda es: offered.append([e.id for e in es]) or "e-liao")
    assert window.case.get("entity", "e-liao2") is None
    assert "Mr Liao" in window.case.get("entity", "e-liao").aliases
    window.undo_action.trigger()
    assert window.case.get("entity", "e-liao2").aliases == ("Mr Liao",)
    assert window.case.get("entity", "e-liao").aliases == ("廖春生", "Chunsheng Liao")
