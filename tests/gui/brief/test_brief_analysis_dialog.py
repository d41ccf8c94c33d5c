"""The export dialog's analysis options: matrix claims, the timeline drawing, the matrix's brief."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt

from casefile.gui.brief.dialog import BriefDialog
from casefile.storage import open_case
from casefile.storage.sample import write_sample


@pytest.fixture
def sample_file(tmp_path: Path) -> Path:
    path = tmp_path / "sample.casefile"
    write_sample(path)
    return path


def make_dialog(qtbot: Any, case: Any, tmp_path: Path, **kw: Any) -> BriefDialog:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    dialog = BriefDialog(case, settings, opener=lambda _p: None, **kw)
    qtbot.addWidget(dialog)
    dialog.path.setText(str(tmp_path / "out.pdf"))
    return dialog


def section_item(dialog: BriefDialog, key: str) -> Any:
    items = [dialog.sections.item(i) for i in range(dialog.sections.count())]
    return next(i for i in items if i.data(Qt.ItemDataRole.UserRole) == key)


def test_matrix_and_chart_are_offered_but_off(
    qtbot: Any, tmp_path: Path, sample_file: Path
) -> None:
    """The new sections are listed unticked; the claim list waits until the matrix is ticked."""
    with open_case(sample_file) as case:
        dialog = make_dialog(qtbot, case, tmp_path)
        for key in ("matrix", "chart"):
            assert section_item(dialog, key).checkState() == Qt.CheckState.Unchecked
        assert not dialog.matrix_claims.isEnabled()
        options = dialog.options()
        assert "matrix" not in options.sections and not options.chronology_drawing
        section_item(dialog, "matrix").setCheckState(Qt.CheckState.Checked)
        assert dialog.matrix_claims.isEnabled()
        assert dialog.options().matrix_claims == ()  # none ticked: every claim
        dialog.reject()


def test_ticked_claims_and_timeline_become_options(
    qtbot: Any, tmp_path: Path, sample_file: Path
) -> None:
    """Claims ticked in the list and the timeline box reach the brief's options."""
    with open_case(sample_file) as case:
        dialog = make_dialog(qtbot, case, tmp_path)
        section_item(dialog, "matrix").setCheckState(Qt.CheckState.Checked)
        chooser = dialog.claim_chooser
        items = [chooser.list.item(row) for row in (2, 0)]
        ids = [item.data(Qt.ItemDataRole.UserRole) for item in items]
        for item in items:
            item.setCheckState(Qt.CheckState.Checked)
        dialog.timeline.setChecked(True)
        options = dialog.options()
        assert options.matrix_claims == tuple(ids)
        assert options.chronology_drawing
        section_item(dialog, "chronology").setCheckState(Qt.CheckState.Unchecked)
        assert not dialog.timeline.isEnabled()
        assert not dialog.options().chronology_drawing
        dialog.reject()


def test_export_with_matrix_chart_and_timeline(
    qtbot: Any, tmp_path: Path, sample_file: Path
) -> None:
    """Exporting with the new parts writes them into the PDF the dialog previews."""
    from pypdf import PdfReader

    with open_case(sample_file) as case:
        dialog = make_dialog(qtbot, case, tmp_path, matrix_claims=["c-funding", "c-cargo"])
        section_item(dialog, "chart").setCheckState(Qt.CheckState.Checked)
        dialog.timeline.setChecked(True)
        dialog.export()
        qtbot.waitUntil(lambda: dialog.result is not None, timeout=30_000)
        text = "".join(p.extract_text() for p in PdfReader(dialog.result.path).pages)
        dialog.reject()
    assert "Evidence matrix" in text and "Link chart" in text and "Timeline of event dates" in text
    assert "Claims compared: C2, C3 (as chosen)." in text


def test_matrix_view_claims_open_in_the_dialog(
    qtbot: Any, tmp_path: Path, sample_file: Path
) -> None:
    """Tools → Evidence matrix in a brief… ticks the matrix and the claims the view compares."""
    from gui_helpers import close, make_window

    from casefile.gui.analysis.hooks import MATRIX, AnalysisHooks
    from casefile.gui.brief import hooks as brief_window

    window = make_window(qtbot, tmp_path)
    hooks = AnalysisHooks(window)
    brief_window.install(window)
    assert window.open_path(sample_file)
    panel = hooks.show_page(MATRIX)
    assert panel is not None
    panel.choose_claims(["c-knew", "c-visit"])
    action = next(a for a in window.menus["tools"].actions()
                  if a.text() == "Evidence matrix in a &brief…")  # fmt: skip
    action.trigger()
    dialog = window.brief_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=2000)
    assert section_item(dialog, "matrix").checkState() == Qt.CheckState.Checked
    assert dialog.options().matrix_claims == ("c-knew", "c-visit")
    dialog.reject()
    close(window)
