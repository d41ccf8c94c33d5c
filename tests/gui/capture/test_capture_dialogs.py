"""The small questions a drop asks: where words come from, quick to answer or dismiss."""

from __future__ import annotations

from pathlib import Path

from capture_gui_helpers import capture_window_with_case
from gui_helpers import close
from PySide6.QtCore import Qt

from casefile.capture import SourceChoice
from casefile.core.commands import Create
from casefile.core.model import Source
from casefile.gui.capture.dialogs import SourcePicker, recent_sources


def test_source_picker_new_title_or_existing(qtbot, tmp_path: Path) -> None:
    """Typing a title means a new source; choosing from the list means an existing one."""
    window, _controller = capture_window_with_case(qtbot, tmp_path)
    window.push(Create(Source("s-old", "Old notes")))
    window.push(Create(Source("s-new", "<b>Call</b> log")))
    sources = recent_sources(window.case)
    assert sources == [("s-new", "<b>Call</b> log"), ("s-old", "Old notes")]
    dialog = SourcePicker(window, sources, "The ship left.")
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.title, "Interview")
    assert dialog.choice() == SourceChoice(new_title="Interview")
    dialog.sources.setCurrentIndex(1)
    dialog.existing_button.setChecked(True)
    assert dialog.choice() == SourceChoice(existing="s-old")
    assert dialog.sources.itemText(0) == "<b>Call</b> log"
    close(window)


def test_source_picker_escape_dismisses(qtbot, tmp_path: Path) -> None:
    """Escape closes the question without choosing."""
    window, _controller = capture_window_with_case(qtbot, tmp_path)
    dialog = SourcePicker(window, [], "Words")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.result() == 0 and not dialog.existing_button.isEnabled()
    close(window)
