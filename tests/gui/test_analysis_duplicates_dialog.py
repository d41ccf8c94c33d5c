"""The duplicates dialog: suggestions with reasons, merge of the selected rows, undo."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt

from casefile.core.commands import Create
from casefile.core.model import Entity, Snippet
from casefile.gui.analysis_duplicates import DuplicatesDialog, DuplicatesModel, find_duplicates
from casefile.gui.session import Session
from casefile.storage.case import memory_case
from casefile.storage.sample import fill_sample


@pytest.fixture
def session(qtbot: Any) -> Iterator[Session]:
    """The sample case with three spellings of Liao Chunsheng and a second Petrović."""
    case = memory_case("Sample")
    fill_sample(case)
    for record in (
        Entity("e-liao2", "Chunsheng Liao"),
        Entity("e-liao3", "Liao Chun-sheng", aliases=("Mr Liao",)),
        Entity("e-anja", "A. Petrovic"),
        Snippet("n-x", "Liao Chun-sheng signed for Huaxin.", entities=("e-liao3",)),
    ):
        case.execute(Create(record))
    yield Session(case, show_error=pytest.fail)
    case.close()


def _dialog(session: Session, qtbot: Any) -> DuplicatesDialog:
    opened: list[tuple[str, str]] = []
    dialog = DuplicatesDialog(session, lambda kind, ident: opened.append((kind, ident)))
    dialog.opened = opened  # type: ignore[attr-defined]
    qtbot.addWidget(dialog)
    return dialog


def _select(dialog: DuplicatesDialog, rows: list[int]) -> None:
    selection = dialog.table.selectionModel()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in rows:
        selection.select(dialog.model.index(row, 0), flags)


def test_model_passes_the_model_tester(session: Session, qtmodeltester: Any) -> None:
    """The suggestions model behaves as Qt views expect."""
    model = DuplicatesModel()
    found, names, _seconds = find_duplicates(session.case)
    model.set_suggestions(found, names)
    qtmodeltester.check(model)
    model.drop_entities({"e-liao2"})
    qtmodeltester.check(model)


def test_dialog_lists_pairs_with_reasons(session: Session, qtbot: Any) -> None:
    """Each spelling of a name is paired with the reason it looks like the same person."""
    dialog = _dialog(session, qtbot)
    rows = {
        frozenset(
            (dialog.model.index(r, 0).data(), dialog.model.index(r, 1).data())
        ): dialog.model.index(r, 2).data()
        for r in range(dialog.model.rowCount())
    }
    assert "accents" in rows[frozenset(("Anja Petrović", "A. Petrovic"))]
    assert "(alias)" in rows[frozenset(("Liao Chunsheng", "Chunsheng Liao"))]
    assert len(rows) == 4
    assert dialog.summary.text().startswith("4 possible duplicate pairs among 12 people")


def test_merge_selected_rows_then_undo(session: Session, qtbot: Any) -> None:
    """Merging the Liao rows keeps one entry; undo brings all three back with their links."""
    dialog = _dialog(session, qtbot)
    liao_rows = [
        r
        for r in range(dialog.model.rowCount())
        if "Liao" in dialog.model.index(r, 0).data() + dialog.model.index(r, 1).data()
    ]
    _select(dialog, liao_rows)
    assert set(dialog.selected_ids()) == {"e-liao", "e-liao2", "e-liao3"}
    dialog.keep.setCurrentIndex(dialog.keep.findData("e-liao"))
    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    case = session.case
    assert case.get("entity", "e-liao2") is None and case.get("entity", "e-liao3") is None
    assert {"Chunsheng Liao", "Liao Chun-sheng", "Mr Liao"} <= set(
        case.get("entity", "e-liao").aliases
    )
    assert case.get("snippet", "n-x").entities == ("e-liao",)
    assert all(
        "Liao" not in dialog.model.index(r, 0).data() for r in range(dialog.model.rowCount())
    )
    session.stack.undo()
    assert case.get("entity", "e-liao3").aliases == ("Mr Liao",)
    assert case.get("snippet", "n-x").entities == ("e-liao3",)
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    assert any("Liao" in dialog.model.index(r, 0).data() for r in range(dialog.model.rowCount()))


def test_enter_on_a_row_opens_the_entity(session: Session, qtbot: Any) -> None:
    """Enter on a suggestion opens that person in the register."""
    dialog = _dialog(session, qtbot)
    dialog.table.setFocus()
    dialog.table.setCurrentIndex(dialog.model.index(0, 1))
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    assert dialog.opened == [("entity", dialog.model.index(0, 0).data(Qt.ItemDataRole.UserRole)[1])]  # type: ignore[attr-defined]


def test_screenshot(session: Session, qtbot: Any) -> None:
    """The dialog renders the sample case's duplicates (screenshot kept for review)."""
    dialog = _dialog(session, qtbot)
    _select(dialog, [0, 1])
    target = Path("/tmp/casefile-shots")
    target.mkdir(exist_ok=True)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
    dialog.show()
    assert dialog.grab().save(str(target / "duplicates.png"))
