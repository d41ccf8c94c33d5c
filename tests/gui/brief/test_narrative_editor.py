"""The Assessment dock: citations dragged in from a register, completion, gaps, case undo."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "capture"))

import pytest
from capture_gui_helpers import drop_on, row_point
from gui_helpers import close, make_window, settle
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from casefile.brief.build import build
from casefile.brief.model import NARRATIVE_GAPS, BriefOptions, CaseContent
from casefile.core.commands import Create, DeleteRecords, Edit
from casefile.core.model import Claim, EvidenceLink, Section, Snippet, Source
from casefile.gui.brief import hooks as brief_hooks
from casefile.gui.capture import hooks as capture_hooks
from casefile.gui.capture.mime import RowDragger
from casefile.storage import create_case

TEXT = "Entry: the ship left at dawn. 货船凌晨离港。 غادرت السفينة فجرا."


def _window(qtbot: Any, tmp_path: Path) -> Any:
    window = make_window(qtbot, tmp_path)
    capture_hooks.install(window)
    brief_hooks.install(window)
    window.install_case(create_case(tmp_path / "narrative.casefile", "Narrative test"))
    window.push(Create(Source("src-1", "Harbour log", text=TEXT, pages=(0,))))
    window.push(Create(Snippet("snip-1", "the ship left", source="src-1", offset=(7, 20))))
    window.push(Create(Claim("claim-1", "The ship left.", "supported",
                             evidence=(EvidenceLink("snip-1"),))))  # fmt: skip
    window.session.stack.clear()
    return window


def _panel(window: Any) -> Any:
    panel = window.narrative.toggle()
    settle()
    assert panel is not None and panel.editor.isVisible()
    return panel


def _stored(window: Any) -> list[Section]:
    return [r for r in window.case.store.all("section") if isinstance(r, Section)]


def _brief_gaps(window: Any) -> list[str]:
    model = build(CaseContent.read(window.case.info(), window.case.store), BriefOptions())
    return [g.line for g in model.gaps[NARRATIVE_GAPS]]


def test_a_snippet_dragged_from_the_register_is_cited_and_its_deletion_is_a_gap(
    qtbot: Any, tmp_path: Path
) -> None:
    """Drag a snippet row into the editor: [E1]; delete the snippet: a gap in the editor and
    the brief; undo: both gaps go, the citation stands."""
    window = _window(qtbot, tmp_path)
    window.show_part(3)  # the Evidence register, beside the dock
    view = window.register("snippet")
    panel = _panel(window)
    assert view.table.isVisible() and panel.editor.isVisible()  # both ends on screen
    QTest.keyClicks(panel.editor, "The ship sailed ")
    start = row_point(view, "snip-1")
    dragger = view.table.findChild(RowDragger)
    mime = dragger.mime_at(start)
    end = panel.editor.cursorRect().center()
    drop = drop_on(panel.editor.viewport(), mime, end)
    assert drop.isAccepted() and drop.dropAction() == Qt.DropAction.CopyAction
    assert panel.editor.toPlainText() == "The ship sailed [E1]"
    view.table.setFocus()  # leaving the editor commits the burst
    qtbot.waitUntil(lambda: bool(_stored(window)) and "[E1]" in panel.section().body)
    section = next(s for s in _stored(window) if "[E1]" in s.body)
    assert section.title == "Bottom line" and section.citations[0].target == "snip-1"
    assert panel.gap_lines() == [] and _brief_gaps(window) == []
    window.push(DeleteRecords("snippet", ["snip-1"]))
    settle()
    panel.flush()  # marking the token red is not typing: no step of its own
    assert window.session.stack.count() == 2
    assert panel.gap_lines() == ["Bottom line: [E1] cites evidence that has been deleted."]
    assert _brief_gaps(window) == ["Bottom line: [deleted evidence] (written [E1] in the case)."]
    window.undo_action.trigger()
    settle()
    assert window.case.get("snippet", "snip-1") is not None
    assert panel.gap_lines() == [] and _brief_gaps(window) == []
    assert panel.editor.toPlainText() == "The ship sailed [E1]"
    close(window)


@pytest.mark.qt_log_ignore("does not support grabbing the keyboard", "does not support raise")
def test_typing_a_bracket_and_letter_offers_records_to_cite(
    qtbot: Any, qtmodeltester: Any, tmp_path: Path
) -> None:
    """Typing [E lists the evidence; choosing one inserts its token."""
    window = _window(qtbot, tmp_path)
    panel = _panel(window)
    panel.editor.setFocus()
    QTest.keyClicks(panel.editor, "Left at dawn [E")
    popup = panel.editor.completer.popup()
    qtbot.waitUntil(popup.isVisible)
    qtmodeltester.check(panel.editor.completions)
    model = panel.editor.completer.completionModel()
    assert model.rowCount() == 1 and "the ship left" in model.index(0, 0).data()
    QTest.keyClick(popup, Qt.Key.Key_Down)
    QTest.keyClick(popup, Qt.Key.Key_Return)
    assert panel.editor.toPlainText() == "Left at dawn [E1]"
    close(window)


def test_ctrl_z_after_a_burst_is_committed_undoes_the_case_step(qtbot: Any, tmp_path: Path) -> None:
    """After the text is committed, Ctrl+Z in the editor undoes the step in the case."""
    window = _window(qtbot, tmp_path)
    panel = _panel(window)
    panel.editor.setFocus()
    qtbot.waitUntil(panel.editor.hasFocus)
    QTest.keyClicks(panel.editor, "Likely.")
    panel.flush()
    assert panel.section().body == "Likely."
    assert window.session.stack.count() == 1
    QTest.keyClick(panel.editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle()
    assert all(s.body == "" for s in _stored(window)) or not _stored(window)
    assert panel.editor.toPlainText() == ""
    close(window)


def test_a_claim_regraded_since_it_was_cited_is_a_gap_until_reviewed(
    qtbot: Any, tmp_path: Path
) -> None:
    """Citing a supported claim, then refuting it, lists the citation; reviewing clears it."""
    window = _window(qtbot, tmp_path)
    panel = _panel(window)
    panel.editor.insert_citations(panel.editor.textCursor(), "claim", ["claim-1"])
    panel.flush()
    window.push(Edit("claim", "claim-1", {"status": "refuted"}))
    settle()
    assert panel.gap_lines() == [
        "Bottom line: [C1] cites claim 'The ship left.': was supported when cited, is refuted now."
    ]
    panel.gaps.setCurrentRow(0)
    assert panel.review.isEnabled()
    panel.review.click()
    settle()
    assert panel.gap_lines() == []
    window.undo_action.trigger()
    settle()
    assert len(panel.gap_lines()) == 1
    close(window)


def test_the_preview_escapes_what_the_analyst_typed(qtbot: Any, tmp_path: Path) -> None:
    """Markup-looking text stays text in the preview; our emphasis and citations are added."""
    window = _window(qtbot, tmp_path)
    panel = _panel(window)
    panel.editor.setPlainText('**Strong** <img src="x.png"> <b>not bold</b> [E7]')
    qtbot.waitUntil(lambda: "[E7: unknown]" in panel.preview.toPlainText())
    html = panel.preview.toHtml()
    assert "&lt;img" in html and "&lt;b&gt;not bold" in html
    assert "<img" not in html
    assert panel.preview.toPlainText().startswith("Strong <img")
    assert "[E7: unknown]" in panel.preview.toPlainText()
    close(window)


def test_sections_are_added_renamed_moved_and_deleted_as_undoable_steps(
    qtbot: Any, tmp_path: Path
) -> None:
    """The analyst's own sections: each change is one undo step, in the order shown."""
    window = _window(qtbot, tmp_path)
    panel = _panel(window)
    titles = iter(["Outlook", "Bottom line up front"])
    panel.ask_title = lambda _caption, _current: next(titles)

    def shown() -> list[str]:
        return [panel.chooser.itemText(i) for i in range(panel.chooser.count())]

    panel.add_section()
    assert shown() == ["Bottom line", "Assessment", "Outlook"]
    assert panel.chooser.currentText() == "Outlook"
    panel.move_section(-1)
    assert shown() == ["Bottom line", "Outlook", "Assessment"]
    panel.show_section(next(s.id for s in _stored(window) if s.title == "Bottom line"))
    panel.rename_section()
    assert shown() == ["Bottom line up front", "Outlook", "Assessment"]
    panel.delete_section()
    assert shown() == ["Outlook", "Assessment"]
    assert window.session.stack.count() == 4
    window.undo_action.trigger()
    window.undo_action.trigger()
    settle()
    assert shown() == ["Bottom line", "Outlook", "Assessment"]
    close(window)


@pytest.mark.qt_log_ignore("does not support grabbing the keyboard", "does not support raise")
def test_citations_stay_readable_on_a_dark_palette(qtbot: Any, tmp_path: Path) -> None:
    """On a dark palette the citations and gaps in the editor and preview turn light (the
    deep blue and red made for a white page would vanish on a dark one)."""
    from PySide6.QtGui import QColor, QPalette

    from casefile.gui.brief.narrative_preview import Mark, to_html
    from casefile.gui.common.palette import Theme

    window = _window(qtbot, tmp_path)
    panel = _panel(window)
    QTest.keyClicks(panel.editor, "Seen [E9]")  # cites nothing: a gap
    panel.flush()
    panel.refresh()

    def lightness(html: str) -> int:
        return QColor(html.split("[E9")[0].rsplit("color:", 1)[1][:7]).lightness()

    assert lightness(panel.preview.toHtml()) < 128
    dark = QPalette()
    for role in (QPalette.ColorRole.Base, QPalette.ColorRole.Window):
        dark.setColor(role, QColor("#1e1e1e"))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText):
        dark.setColor(role, QColor("#e6e6e6"))
    panel.setPalette(dark)
    settle()
    assert lightness(panel.preview.toHtml()) > 128
    assert panel.editor.marks.good.foreground().color().lightness() > 128
    assert panel.editor.marks.bad.foreground().color().lightness() > 128
    cited = to_html("Seen [E1]", {"E1": Mark("[E1]")}, Theme.of(dark))
    assert QColor(cited.split("color:")[1][:7]).lightness() > 128
    close(window)
