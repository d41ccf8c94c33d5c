"""File → Export brief…: options, background export with Cancel, preview, history, opening."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt

from casefile.core.commands import PutRecords
from casefile.core.model import Claim, EvidenceLink, Snippet, Source
from casefile.gui.brief.dialog import BriefDialog
from casefile.storage import create_case, open_case
from casefile.storage.sample import write_sample


@pytest.fixture
def sample_file(tmp_path: Path) -> Path:
    path = tmp_path / "sample.casefile"
    write_sample(path)
    return path


def make_dialog(qtbot: Any, case: Any, tmp_path: Path, opened: list[Path]) -> BriefDialog:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    dialog = BriefDialog(case, settings, opener=opened.append)
    qtbot.addWidget(dialog)
    dialog.path.setText(str(tmp_path / "out.pdf"))
    return dialog


def test_export_writes_previews_records_and_opens(
    qtbot: Any, tmp_path: Path, sample_file: Path
) -> None:
    """Export writes the PDF in the background, shows its pages, logs its hash and opens it."""
    opened: list[Path] = []
    with open_case(sample_file) as case:
        dialog = make_dialog(qtbot, case, tmp_path, opened)
        dialog.author.setText("A. Analyst")
        dialog.open_after.setChecked(True)
        dialog.export()
        assert not dialog.export_button.isEnabled()
        qtbot.waitUntil(lambda: dialog.result is not None, timeout=30_000)
        assert dialog.pdf.pageCount() == dialog.result.pages > 5
        assert opened == [tmp_path / "out.pdf"]
        entry = case.history(limit=1)[0]
        assert json.loads(entry.after)["sha256"] == dialog.result.sha256
        assert dialog.export_button.isEnabled() and dialog.open_button.isEnabled()
        dialog.reject()


def test_a_long_brief_previews_its_first_page_and_says_so(
    qtbot: Any, tmp_path: Path, sample_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A brief longer than the preview's limit is previewed a page at a time (laying out
    every page stalled the window), and the dialog says how to read it all."""
    from PySide6.QtPdfWidgets import QPdfView

    from casefile.gui.brief import dialog as dialog_module

    with open_case(sample_file) as case:
        dialog = make_dialog(qtbot, case, tmp_path, [])
        dialog.export()
        qtbot.waitUntil(lambda: dialog.result is not None, timeout=30_000)
        assert dialog.preview.pageMode() == QPdfView.PageMode.MultiPage
        assert "first page" not in dialog.status.text()
        monkeypatch.setattr(dialog_module, "PREVIEW_ALL_PAGES", dialog.result.pages - 1)
        dialog.result = None
        dialog.path.setText(str(tmp_path / "again.pdf"))
        dialog.export()
        qtbot.waitUntil(lambda: dialog.result is not None, timeout=30_000)
        assert dialog.preview.pageMode() == QPdfView.PageMode.SinglePage
        assert dialog.pdf.pageCount() == dialog.result.pages
        assert "The preview shows its first page" in dialog.status.text()
        dialog.reject()


def test_cancel_stops_the_export_and_leaves_no_file(qtbot: Any, tmp_path: Path) -> None:
    """Cancel during a long export ends it, says so, and writes nothing."""
    path = tmp_path / "big.casefile"
    with create_case(path, "Big") as case:
        sources = [Source(f"s{i}", f"Source {i}") for i in range(20)]
        snippets = [Snippet(f"n{i}", "word " * 60, f"s{i % 20}", date="2024") for i in range(600)]
        claims = [Claim(f"c{i}", f"Claim {i}", evidence=tuple(EvidenceLink(f"n{(i * 6 + k) % 600}")
                  for k in range(6))) for i in range(100)]  # fmt: skip
        case.execute(PutRecords("big", [*sources, *snippets, *claims]))
        dialog = make_dialog(qtbot, case, tmp_path, [])
        dialog.export()
        dialog._cancel_or_close()
        assert dialog.status.text() == "Cancelling…"
        qtbot.waitUntil(lambda: dialog.job is None, timeout=30_000)
        assert "cancelled" in dialog.status.text()
        assert not (tmp_path / "out.pdf").exists()
        assert not list(tmp_path.glob(".brief-*"))
        assert dialog.cancel_button.text() == "Close"
        dialog.reject()


def test_bad_options_are_explained_and_nothing_starts(
    qtbot: Any, tmp_path: Path, sample_file: Path
) -> None:
    """With no section chosen the dialog says so in plain words and starts no export."""
    with open_case(sample_file) as case:
        dialog = make_dialog(qtbot, case, tmp_path, [])
        for i in range(dialog.sections.count()):
            dialog.sections.item(i).setCheckState(Qt.CheckState.Unchecked)
        dialog.export()
        assert dialog.job is None
        assert "at least one section" in dialog.status.text()
        assert dialog.status.textFormat() == Qt.TextFormat.PlainText
        dialog.reject()


def test_options_follow_the_form(qtbot: Any, tmp_path: Path, sample_file: Path) -> None:
    """Marking, author, tags, notes and page size in the form become the brief's options."""
    with open_case(sample_file) as case:
        dialog = make_dialog(qtbot, case, tmp_path, [])
        assert dialog.marking.text() == "OFFICIAL-SENSITIVE"
        dialog.marking.setText("TLP:AMBER <b>x</b>")
        dialog.tags.setText("funding, charter ,")
        dialog.notes.setChecked(True)
        dialog.page_size.setCurrentIndex(1)
        options = dialog.options()
        assert options.marking == "TLP:AMBER <b>x</b>"
        assert options.tags == frozenset({"funding", "charter"})
        assert options.include_notes and options.page_size == "letter"
        dialog.reject()


def test_the_window_module_does_not_load_reportlab() -> None:
    """Installing the menu item (and opening the dialog module) does not import reportlab."""
    code = (
        "import sys\nimport casefile.gui.brief.hooks, casefile.gui.brief.dialog\n"
        "print(sorted(m for m in sys.modules if m.startswith('reportlab')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_file_menu_has_export_brief(qtbot: Any, tmp_path: Path) -> None:
    """The main window gets File → Export brief…, enabled only with a case open."""
    from gui_helpers import make_window

    from casefile.gui.brief import hooks as brief_window

    window = make_window(qtbot, tmp_path)
    brief_window.install(window)
    actions = [a for a in window.menus["export"].actions() if a.text() == "Export &brief…"]
    assert len(actions) == 1
    assert not actions[0].isEnabled()


def test_menu_item_opens_the_dialog_for_the_open_case(
    qtbot: Any, tmp_path: Path, sample_file: Path
) -> None:
    """With a case open, File → Export brief… shows the dialog filled from that case."""
    from gui_helpers import close, make_window

    from casefile.gui.brief import hooks as brief_window

    window = make_window(qtbot, tmp_path)
    brief_window.install(window)
    assert window.open_path(sample_file)
    action = next(a for a in window.menus["export"].actions() if a.text() == "Export &brief…")
    assert action.isEnabled()
    action.trigger()
    dialog = window.brief_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=2000)
    assert dialog.marking.text() == "OFFICIAL-SENSITIVE"
    assert dialog.path.text().endswith("HL-2024-017 brief.pdf")
    dialog.reject()
    close(window)
