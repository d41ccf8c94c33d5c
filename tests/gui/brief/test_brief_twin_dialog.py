"""The brief dialog's format choice: Word and Markdown twins written, recorded and opened."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from PySide6.QtCore import QSettings, Qt

from casefile.gui.brief.dialog import BriefDialog
from casefile.storage import open_case
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


def test_word_format_writes_records_and_opens_a_docx(
    qtbot: Any, tmp_path: Path, sample_file: Path
) -> None:
    """Choosing Word renames the file .docx, greys out embedding and signing, and Export
    writes the Word brief (headings, marking), records it and opens it."""
    opened: list[Path] = []
    with open_case(sample_file) as case:
        dialog = make_dialog(qtbot, case, tmp_path, opened)
        dialog.format.setCurrentIndex(dialog.format.findData("docx"))
        assert dialog.path.text() == str(tmp_path / "out.docx")
        assert not dialog.proof.embed.isEnabled() and not dialog.proof.key.isEnabled()
        assert dialog.preview.isHidden()
        dialog.open_after.setChecked(True)
        dialog.export()
        qtbot.waitUntil(lambda: dialog.result is not None, timeout=60_000)
        assert opened == [tmp_path / "out.docx"]
        assert "Word document" in dialog.status.text()
        doc = Document(str(tmp_path / "out.docx"))
        assert "Key judgements" in [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
        assert doc.sections[0].header.paragraphs[0].text == "OFFICIAL-SENSITIVE"
        entry = case.history(limit=1)[0]
        assert json.loads(entry.after)["format"] == "docx"
        dialog.reject()


def test_typing_a_markdown_name_chooses_markdown(
    qtbot: Any, tmp_path: Path, sample_file: Path
) -> None:
    """A file name typed with .md picks Markdown; Export writes it and its pictures folder;
    the format is remembered for the next brief."""
    with open_case(sample_file) as case:
        dialog = make_dialog(qtbot, case, tmp_path, [])
        dialog.path.clear()
        qtbot.keyClicks(dialog.path, str(tmp_path / "notes.md"))
        assert dialog.format.currentData() == "md"
        for i in range(dialog.sections.count()):
            item = dialog.sections.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == "chart":
                item.setCheckState(Qt.CheckState.Checked)
        dialog.export()
        qtbot.waitUntil(lambda: dialog.result is not None, timeout=60_000)
        text = (tmp_path / "notes.md").read_text("utf-8")
        assert "# <a id=" in text and "](notes_files/chart.png)" in text
        assert (tmp_path / "notes_files" / "chart.png").exists()
        dialog.reject()
        again = make_dialog(qtbot, case, tmp_path, [])
        assert again.format.currentData() == "md"
        again.reject()
