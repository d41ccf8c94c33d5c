"""Filter combos hold their choices in one list model: long lists fill at once."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox

from casefile.gui.common.choices import ChoiceModel, set_choices
from casefile.gui.common.fields import refill_choices


def test_a_refilled_filter_keeps_the_choice_still_offered(qtbot: Any, qtmodeltester: Any) -> None:
    """A filter refilled with 40,000 names shows them all, keeps the person chosen and
    answers with that person's id; a choice no longer offered falls back to "Anyone"."""
    combo = QComboBox()
    qtbot.addWidget(combo)
    people = [(f"p{i}", f"Person {i}") for i in range(40_000)]
    refill_choices(combo, "Anyone", people)
    assert isinstance(combo.model(), ChoiceModel)
    qtmodeltester.check(combo.model())
    assert combo.count() == 40_001 and combo.currentText() == "Anyone"
    assert combo.currentData() is None
    combo.setCurrentIndex(combo.findData("p123"))
    refill_choices(combo, "Anyone", people[100:])
    assert (combo.currentText(), combo.currentData()) == ("Person 123", "p123")
    refill_choices(combo, "Anyone", people[200:])
    assert (combo.currentText(), combo.currentData()) == ("Anyone", None)


def test_an_editable_name_box_shows_the_chosen_text(qtbot: Any) -> None:
    """Choosing a row of an editable box puts its text in the box (what quick add reads)."""
    combo = QComboBox()
    combo.setEditable(True)
    qtbot.addWidget(combo)
    set_choices(combo, [("p1", "Zhang Wei (Chang Wei)"), ("o1", "China Harbour Group (CHG)")])
    combo.setCurrentIndex(1)
    assert combo.currentText() == "China Harbour Group (CHG)"
    assert combo.itemData(0) == "p1"
