"""Quick add from the keyboard: "Name; alias; alias" becomes a person with aliases."""

from __future__ import annotations

from pathlib import Path

import pytest
from gui_helpers import close, make_window
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from casefile.core.errors import ValidationError
from casefile.core.quick import name_and_aliases
from casefile.gui.records import quick_add
from casefile.storage import create_case


def test_one_line_gives_name_and_aliases() -> None:
    """Semicolons separate the aliases; blanks, repeats and the name itself are dropped."""
    assert name_and_aliases(" Zhang  Wei ; 张伟;; Chang Wei; 张伟; Zhang Wei") == (
        "Zhang Wei", ("张伟", "Chang Wei"))  # fmt: skip
    with pytest.raises(ValidationError):
        name_and_aliases(" ; alias")


def test_quick_add_person_with_aliases_from_the_keyboard(qtbot, tmp_path: Path) -> None:
    """Typing the line, Tab to the kind, 'o' and Enter adds an organisation in one step."""
    window = make_window(qtbot, tmp_path)
    quick_add.install(window)
    window.install_case(create_case(tmp_path / "q.casefile", "Quick"))

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or dialog.focusWidget() is None:
            QTimer.singleShot(20, answer)
            return
        line = dialog.focusWidget()
        qtbot.keyClicks(line, "China Harbour Group; ")
        line.insert("中国港湾集团")  # what an input method commits (QTest types Latin only)
        qtbot.keyClicks(line, "; CHG")
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
        qtbot.keyClicks(dialog.focusWidget(), "o")
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)

    QTimer.singleShot(20, answer)
    ident = quick_add.quick_add_entity(window)
    entity = window.case.get("entity", ident)
    assert (entity.name, entity.kind, entity.aliases) == (
        "China Harbour Group", "organisation", ("中国港湾集团", "CHG"))  # fmt: skip
    assert window.session.stack.count() == 1
    close(window)


def test_quick_relationship_finds_names_by_any_words(qtbot) -> None:
    """From and To are found by words of a name or an alias; unknown words are refused."""
    names = [("p1", "Zhang Wei (Chang Wei)"), ("o1", "China Harbour Group (CHG)")]
    dialog = quick_add.QuickRelationship(None, names)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.source, "chang wei")
    qtbot.keyClicks(dialog.type, "chairman of")
    qtbot.keyClicks(dialog.target, "CHG")
    relationship = dialog.relationship()
    assert (relationship.source, relationship.type, relationship.target) == (
        "p1", "chairman of", "o1")  # fmt: skip
    assert dialog.found.text() == "Zhang Wei (Chang Wei) → chairman of → China Harbour Group (CHG)"
    dialog.target.setEditText("Nobody")
    with pytest.raises(ValidationError):
        dialog.relationship()


def test_quick_relationship_reads_the_people_off_the_windows_thread(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl+Shift+R reads every name in the background (a large case held the window), and
    the dialog still finds each person by name or alias."""
    import threading

    from casefile.core.commands import PutRecords
    from casefile.core.model import Entity

    window = make_window(qtbot, tmp_path)
    quick_add.install(window)
    window.install_case(create_case(tmp_path / "r.casefile", "Relate"))
    window.case.execute(PutRecords("people", [
        Entity("p1", "Zhang Wei", aliases=("Chang Wei",)),
        Entity("o1", "China Harbour Group", kind="organisation", aliases=("CHG",)),
    ]))  # fmt: skip
    threads: list[bool] = []
    names = quick_add.entity_names

    def spy(case):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread() is threading.main_thread())
        return names(case)

    monkeypatch.setattr(quick_add, "entity_names", spy)

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, quick_add.QuickRelationship) or dialog.focusWidget() is None:
            QTimer.singleShot(20, answer)
            return
        qtbot.keyClicks(dialog.source, "chang wei")
        qtbot.keyClicks(dialog.type, "chairman of")
        qtbot.keyClicks(dialog.target, "CHG")
        qtbot.keyClick(dialog.target, Qt.Key.Key_Return)

    QTimer.singleShot(20, answer)
    ident = quick_add.quick_add_relationship(window)
    relationship = window.case.get("relationship", ident)
    assert (relationship.source, relationship.target) == ("p1", "o1")
    assert threads == [False]
    close(window)
