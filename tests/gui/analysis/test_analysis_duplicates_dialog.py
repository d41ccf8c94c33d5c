"""The duplicates dialog: groups with reasons, merge of several with undo, split, dismiss."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt

from casefile.core.commands import Create
from casefile.core.model import Entity, Snippet
from casefile.gui.analysis.duplicates import DuplicatesDialog
from casefile.gui.analysis.duplicates_groups import Group
from casefile.gui.analysis.duplicates_job import count_links, find
from casefile.gui.analysis.duplicates_model import DuplicatesModel
from casefile.gui.common.session import Session
from casefile.storage.case import memory_case
from casefile.storage.sample import fill_sample

HOSTILE = "<b>x</b>"


@pytest.fixture
def session(qtbot: Any) -> Iterator[Session]:
    """The sample case with three spellings of Liao Chunsheng and two more Petrovićs."""
    case = memory_case("Sample")
    fill_sample(case)
    for record in (
        Entity("e-liao2", "Chunsheng Liao"),
        Entity("e-liao3", "Liao Chun-sheng", aliases=("Mr Liao",)),
        Entity("e-anja", "A. Petrovic"),
        Entity("e-bold", HOSTILE, aliases=("Anja Petrovic",)),
        Snippet("n-x", "Liao Chun-sheng signed for Huaxin.", entities=("e-liao3",)),
    ):
        case.execute(Create(record))
    yield Session(case, show_error=pytest.fail)
    case.close()


def _dialog(session: Session, qtbot: Any, answer: bool = True) -> DuplicatesDialog:
    opened: list[tuple[str, str]] = []
    asked: list[str] = []

    def confirm(_title: str, text: str) -> bool:
        asked.append(text)
        return answer

    dialog = DuplicatesDialog(session, lambda k, i: opened.append((k, i)), confirm=confirm)
    dialog.opened, dialog.asked = opened, asked  # type: ignore[attr-defined]
    qtbot.addWidget(dialog)
    return dialog


def _group_with(dialog: DuplicatesDialog, ident: str) -> Group:
    return next(g for g in dialog.model.groups if ident in g.ids())


def _rows(model: DuplicatesModel, parent: QModelIndex) -> list[list[str]]:
    return [
        [model.index(r, c, parent).data() for c in range(model.columnCount())]
        for r in range(model.rowCount(parent))
    ]


def test_model_passes_the_model_tester(session: Session, qtmodeltester: Any) -> None:
    """The grouped suggestions model behaves as Qt views expect, also while it changes."""
    model = DuplicatesModel(count_links=lambda ids: count_links(session.case, ids))
    found = find(session.case)
    model.set_clusters(found.clusters, found.entities, found.links)
    qtmodeltester.check(model)
    session.changed.connect(model.apply_change)
    group = next(g for g in model.groups if "e-liao" in g.ids())
    model.set_survivor(group.member("e-liao2"))  # type: ignore[arg-type]
    session.push(Create(Entity("e-other", "Someone Else")))
    from casefile.core.merge import MergeEntities

    group.merged_into, group.merged_away = "e-liao", {"e-liao2", "e-liao3"}
    session.push(MergeEntities("e-liao", ["e-liao2", "e-liao3"]))
    qtmodeltester.check(model)
    session.stack.undo()
    qtmodeltester.check(model)
    model.dismiss(group)
    qtmodeltester.check(model)


def test_suggestions_are_grouped_with_each_pairs_reason(session: Session, qtbot: Any) -> None:
    """The three Liao spellings form one group; each member says why it matches, as plain text."""
    dialog = _dialog(session, qtbot)
    model = dialog.model
    liao = _group_with(dialog, "e-liao")
    assert sorted(liao.ids()) == ["e-liao", "e-liao2", "e-liao3"]
    members = _rows(model, model.index_of(liao))
    names = {row[0]: row for row in members}
    assert set(names) == {"Liao Chunsheng", "Chunsheng Liao", "Liao Chun-sheng"}
    kept = [row for row in members if row[1] == "keeps its name"]
    assert len(kept) == 1 and kept[0][0] == "Liao Chunsheng"  # it has the most links
    assert (
        "different order" in names["Chunsheng Liao"][2]
        or "same name" in (names["Chunsheng Liao"][2])
    )
    assert (
        "family name first" in names["Liao Chun-sheng"][2]
        or "split" in (names["Liao Chun-sheng"][2])
    )
    petrovic = _group_with(dialog, "e-anja")
    rows = _rows(model, model.index_of(petrovic))
    assert HOSTILE in [row[0] for row in rows]
    assert any("accents" in row[2] for row in rows)
    assert dialog.summary.text().startswith("2 groups of possible duplicates")
    assert dialog.summary.textFormat() == Qt.TextFormat.PlainText
    tip = model.index(0, 0, model.index_of(petrovic)).data(Qt.ItemDataRole.ToolTipRole)
    assert "<b>x" not in tip


def test_merge_three_then_undo_and_redo(session: Session, qtbot: Any) -> None:
    """Merge… asks with counts, keeps the chosen name, and Undo brings all three back."""
    dialog = _dialog(session, qtbot)
    case, model = session.case, dialog.model
    group = _group_with(dialog, "e-liao")
    dialog.tree.setCurrentIndex(model.index_of(group.member("e-liao")))  # type: ignore[arg-type]
    qtbot.mouseClick(dialog.keep_button, Qt.MouseButton.LeftButton)
    assert dialog.merge_button.isEnabled()
    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    (text,) = dialog.asked  # type: ignore[attr-defined]
    assert "Keep “Liao Chunsheng” and merge 2 entries" in text
    assert "Evidence mentions moved: 1" in text and "Relationships moved: 0" in text
    assert case.get("entity", "e-liao2") is None and case.get("entity", "e-liao3") is None
    aliases = case.get("entity", "e-liao").aliases
    assert {"Chunsheng Liao", "Liao Chun-sheng", "Mr Liao"} <= set(aliases)
    assert case.get("snippet", "n-x").entities == ("e-liao",)
    head = model.index_of(group)
    assert head.data() == "Merged into “Liao Chunsheng”"
    survivor = model.index(0, 0, head)
    assert model.rowCount(survivor) == len(aliases)
    assert dialog.tree.isExpanded(survivor)
    session.stack.undo()
    assert case.get("entity", "e-liao3").aliases == ("Mr Liao",)
    assert case.get("snippet", "n-x").entities == ("e-liao3",)
    assert sorted(group.ids()) == ["e-liao", "e-liao2", "e-liao3"]
    assert "Liao" in model.index_of(group).data() and not group.merged
    session.stack.redo()
    assert model.index_of(group).data() == "Merged into “Liao Chunsheng”"


def test_unticked_members_stay_and_cancel_changes_nothing(session: Session, qtbot: Any) -> None:
    """An unticked entry is left out of the merge; answering Cancel merges nothing."""
    dialog = _dialog(session, qtbot, answer=False)
    model, group = dialog.model, _group_with(dialog, "e-liao")
    member = group.member("e-liao3")
    assert member is not None
    model.setData(model.index_of(member), Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole)
    assert model.index_of(member, 1).data() == "left as it is"
    dialog.tree.setCurrentIndex(model.index_of(group))
    dialog.merge()
    assert session.case.get("entity", "e-liao2") is not None
    dialog.confirm = lambda _title, _text: True
    dialog.merge()
    assert session.case.get("entity", "e-liao2") is None
    assert session.case.get("entity", "e-liao3") is not None
    assert group.ids() == ["e-liao", "e-liao3"] and group.merged


def test_split_an_alias_out_after_a_merge_and_undo(session: Session, qtbot: Any) -> None:
    """After a merge, an alias row can be split back out; it joins the group; undo restores."""
    dialog = _dialog(session, qtbot)
    model, group = dialog.model, _group_with(dialog, "e-liao")
    dialog.tree.setCurrentIndex(model.index_of(group))
    dialog.merge()
    before = session.case.get("entity", "e-liao")
    survivor = model.index_of(group.member("e-liao"))  # type: ignore[arg-type]
    row = list(before.aliases).index("Mr Liao")
    dialog.tree.setCurrentIndex(model.index(row, 0, survivor))
    assert dialog.split_button.isEnabled()
    qtbot.mouseClick(dialog.split_button, Qt.MouseButton.LeftButton)
    current = dialog.current_member()
    assert current is not None and current.entity.name == "Mr Liao"
    assert model.index_of(current, 1).data() == "left as it is"
    assert "Mr Liao" not in session.case.get("entity", "e-liao").aliases
    new_id = current.entity.id
    session.stack.undo()
    assert session.case.get("entity", new_id) is None
    assert session.case.get("entity", "e-liao") == before
    assert model.rowCount(model.index_of(group.member("e-liao"))) == len(before.aliases)  # type: ignore[arg-type]


def test_not_duplicates_hides_the_group_until_the_case_closes(session: Session, qtbot: Any) -> None:
    """Not duplicates removes a group; Check again does not bring it back."""
    dialog = _dialog(session, qtbot)
    group = _group_with(dialog, "e-anja")
    dialog.tree.setCurrentIndex(dialog.model.index_of(group))
    qtbot.mouseClick(dialog.dismiss_button, Qt.MouseButton.LeftButton)
    assert not any("e-anja" in g.ids() for g in dialog.model.groups)
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    assert not any("e-anja" in g.ids() for g in dialog.model.groups)
    assert any("e-liao" in g.ids() for g in dialog.model.groups)
    fresh = _dialog(session, qtbot)
    assert any("e-anja" in g.ids() for g in fresh.model.groups)


def test_enter_on_a_member_opens_it(session: Session, qtbot: Any) -> None:
    """Enter on a member row opens that person; on a group row it folds the group."""
    dialog = _dialog(session, qtbot)
    model, group = dialog.model, _group_with(dialog, "e-anja")
    dialog.tree.setFocus()
    dialog.tree.setCurrentIndex(model.index(1, 0, model.index_of(group)))
    qtbot.keyClick(dialog.tree, Qt.Key.Key_Return)
    assert dialog.opened == [("entity", group.members[1].entity.id)]  # type: ignore[attr-defined]
    head = model.index_of(group)
    dialog.tree.setCurrentIndex(head)
    expanded = dialog.tree.isExpanded(head)
    qtbot.keyClick(dialog.tree, Qt.Key.Key_Return)
    assert dialog.tree.isExpanded(head) is not expanded


def test_large_cases_are_checked_in_the_background(session: Session, qtbot: Any) -> None:
    """With many entities the check runs in a worker; changes meanwhile are still followed."""
    DuplicatesDialog.BACKGROUND_FROM = 0
    try:
        dialog = _dialog(session, qtbot)
        assert dialog.busy() and dialog.progress.isVisible() is dialog.isVisible()
        session.push(Create(Entity("e-new", "Someone New")))
        from casefile.core.commands import DeleteRecords

        session.push(DeleteRecords("entity", ["e-liao3"]))
        qtbot.waitUntil(lambda: not dialog.busy(), timeout=5000)
    finally:
        DuplicatesDialog.BACKGROUND_FROM = 1000
    group = _group_with(dialog, "e-liao")
    assert "e-liao3" not in group.ids()
    assert dialog.summary.text().startswith("2 groups")


def test_a_large_merge_runs_with_progress_and_undoes(session: Session, qtbot: Any) -> None:
    """A merge that moves many records runs in the background helper; undo still works."""
    labels: list[str] = []
    real = session.push_long

    def push_long(command: Any, label: str) -> Any:
        labels.append(label)
        return real(command, label)

    session.push_long = push_long  # type: ignore[method-assign]
    run = lambda label, work: work()  # noqa: E731
    dialog = DuplicatesDialog(session, lambda k, i: None, confirm=lambda t, x: True, run=run)
    qtbot.addWidget(dialog)
    dialog.MOVES_IN_BACKGROUND = 0
    group = _group_with(dialog, "e-liao")
    dialog.tree.setCurrentIndex(dialog.model.index_of(group))
    assert dialog.merge() is not None
    qtbot.waitUntil(lambda: group.merged, timeout=2000)
    assert labels == ["Merging…"]
    session.stack.undo()
    assert session.case.get("entity", "e-liao2") is not None
    qtbot.waitUntil(lambda: not group.merged, timeout=2000)


def test_space_ticks_and_unticks_a_member(session: Session, qtbot: Any) -> None:
    """Space on a member row leaves it out of the merge and takes it back in."""
    dialog = _dialog(session, qtbot)
    model, group = dialog.model, _group_with(dialog, "e-liao")
    member = group.member("e-liao3")
    assert member is not None
    dialog.show()
    dialog.tree.setFocus()
    dialog.tree.setCurrentIndex(model.index_of(member))
    qtbot.keyClick(dialog.tree, Qt.Key.Key_Space)
    assert not member.included
    assert group.merge_plan() == ("e-liao", ["e-liao2"])
    qtbot.keyClick(dialog.tree, Qt.Key.Key_Space)
    assert member.included


def test_typing_a_name_goes_to_its_group(session: Session, qtbot: Any) -> None:
    """Typing part of a name (accents ignored) selects it; Enter goes on to the next match."""
    dialog = _dialog(session, qtbot)
    qtbot.keyClicks(dialog.finder, "petrovic")
    current = dialog.current_member()
    assert current is not None and current.group is _group_with(dialog, "e-anja")
    first = current
    qtbot.keyClick(dialog.finder, Qt.Key.Key_Return)
    assert dialog.current_group() is _group_with(dialog, "e-anja")  # the only group that matches
    dialog.finder.clear()
    qtbot.keyClicks(dialog.finder, "chun-sheng")
    assert dialog.current_member().entity.id == "e-liao3"  # type: ignore[union-attr]
    assert first.entity.id != "e-liao3"


def test_a_chain_of_likenesses_is_offered_but_not_ticked(qtbot: Any) -> None:
    """An entry alike only through another one is in the group but left out of the merge."""
    case = memory_case("Chain")
    for record in (
        Entity("a", "Anna Berg"),
        Entity("b", "Anna Berg", aliases=("Bo Lind",)),
        Entity("c", "Bo Lind"),
    ):
        case.execute(Create(record))
    session = Session(case, show_error=pytest.fail)
    dialog = _dialog(session, qtbot)
    (group,) = dialog.model.groups
    assert group.survivor == "a"
    assert [(m.entity.id, m.included) for m in group.members] == [
        ("a", True),
        ("b", True),
        ("c", False),
    ]
    assert dialog.model.index_of(group.member("c"), 1).data() == "left as it is"  # type: ignore[arg-type]
    dialog.close()
    case.close()
