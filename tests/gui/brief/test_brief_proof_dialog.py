"""The brief dialog's proof options and File → Verify a brief…, through the one brief service."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, QSettings, Qt
from PySide6.QtWidgets import QInputDialog, QWidget

from casefile.brief.verify import verify
from casefile.cli import main
from casefile.gui.brief.dialog import BriefDialog
from casefile.gui.brief.verify_dialog import VerifyDialog, verify_brief
from casefile.storage import open_case
from casefile.storage.sample import write_sample

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "brief"))
DATE = "2026-11-25"


@pytest.fixture
def sample_file(tmp_path: Path) -> Path:
    path = tmp_path / "sample.casefile"
    write_sample(path)
    return path


def _dialog(qtbot: Any, case: Any, tmp_path: Path, name: str = "gui.pdf") -> BriefDialog:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    dialog = BriefDialog(case, settings, opener=lambda p: None)
    qtbot.addWidget(dialog)
    dialog.path.setText(str(tmp_path / name))
    dialog.date.setDate(QDate.fromString(DATE, "yyyy-MM-dd"))
    dialog.open_after.setChecked(False)
    return dialog


def _tick(qtbot: Any, dialog: BriefDialog, name: str) -> None:
    """Find a person by typing in the filter, as a user would, and tick them."""
    model = dialog.proof.people_model
    qtbot.waitUntil(lambda: model.rowCount() > 0, timeout=30_000)
    dialog.proof.people_filter.setText(name.split()[0])
    shown = dialog.proof.people.model()
    row = next(r for r in range(shown.rowCount()) if shown.index(r, 0).data() == name)
    shown.setData(shown.index(row, 0), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)


def _export(qtbot: Any, dialog: BriefDialog) -> Any:
    dialog.export()
    qtbot.waitUntil(lambda: dialog.job is None, timeout=60_000)
    assert dialog.result is not None, dialog.status.text()
    return dialog.result


def test_the_dialog_and_the_command_line_write_the_same_pdf(
    qtbot: Any, tmp_path: Path, sample_file: Path
) -> None:
    """One brief service: the same case, options and date give byte-identical PDFs."""
    with open_case(sample_file) as case:
        result = _export(qtbot, _dialog(qtbot, case, tmp_path))
    assert main(["brief", str(sample_file), "-o", str(tmp_path / "cli.pdf"), "--date", DATE]) == 0
    assert (tmp_path / "cli.pdf").read_bytes() == result.path.read_bytes()
    assert verify(result.path).ok


def test_the_redaction_preview_names_each_mark_and_the_brief_leaves_the_name_out(
    qtbot: Any, tmp_path: Path, sample_file: Path
) -> None:
    """Ticking a person and typing a term previews the marks; the PDF holds neither."""
    from brief_helpers import pypdf_pages

    with open_case(sample_file) as case:
        dialog = _dialog(qtbot, case, tmp_path)
        _tick(qtbot, dialog, "Anja Petrović")
        dialog.proof.terms.setPlainText("Dovecote")
        preview = dialog.proof.preview.text()
        assert "[redacted: person 1] for “Anja Petrović”" in preview
        assert "[redacted: term 1] for “Dovecote”" in preview
        result = _export(qtbot, dialog)
    text = " ".join(" ".join(pypdf_pages(result.path.read_bytes())).split()).casefold()
    assert "petrović" not in text.replace("[redacted: person 1]", "")
    assert "dovecote" not in text and "[redacted: person 1]" in text


def test_a_bad_redaction_is_explained_in_the_preview(
    qtbot: Any, tmp_path: Path, sample_file: Path
) -> None:
    """A one-letter term is refused in words before any export."""
    with open_case(sample_file) as case:
        dialog = _dialog(qtbot, case, tmp_path)
        dialog.proof.terms.setPlainText("x")
        assert "too short to redact" in dialog.proof.preview.text()


def test_the_dialog_signs_with_a_passphrase_it_asks_for(
    qtbot: Any, tmp_path: Path, sample_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Choosing a key signs the brief; the passphrase is asked for, and verify shows the signer."""
    pytest.importorskip("pyhanko.sign")
    from test_brief_signing import PASSPHRASE, make_p12

    asked: list[str] = []

    def ask(*args: Any, **kwargs: Any) -> tuple[str, bool]:
        asked.append(str(args[2]))
        return PASSPHRASE, True

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(ask))
    with open_case(sample_file) as case:
        dialog = _dialog(qtbot, case, tmp_path)
        dialog.proof.key.setText(str(make_p12(tmp_path / "me.p12")))
        result = _export(qtbot, dialog)
    assert asked == ["Passphrase for me.p12:"]
    report = verify(result.path)
    assert report.ok and any("Test Investigator" in line[0] for line in report.lines)


def test_verify_a_brief_shows_the_verdict(qtbot: Any, tmp_path: Path, sample_file: Path) -> None:
    """File → Verify a brief… shows 'Verified' for a fresh brief and FAILED for an edited one."""
    from proof_helpers import change_attachment

    out = tmp_path / "b.pdf"
    assert main(["brief", str(sample_file), "-o", str(out), "--date", DATE]) == 0

    class Window(QWidget):
        def __init__(self) -> None:
            super().__init__()
            self.errors: list[str] = []

        def show_error(self, message: str) -> None:
            self.errors.append(message)

    window = Window()
    qtbot.addWidget(window)
    dialog = verify_brief(window, out)
    assert isinstance(dialog, VerifyDialog)
    qtbot.addWidget(dialog)
    assert dialog.verdict.text() == "Verified: every check passed."
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(change_attachment(out.read_bytes(), "case-package.json", lambda b: b + b" "))
    dialog = verify_brief(window, bad)
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert dialog.verdict.text().startswith("NOT verified")
    assert "FAILED embedded case package" in dialog.text.toPlainText()
    dialog = verify_brief(window, tmp_path / "missing.pdf")
    assert dialog is None and "missing.pdf" in window.errors[-1]


def test_the_redaction_preview_counts_every_place_in_the_background(
    qtbot: Any, tmp_path: Path, sample_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The preview names the marks at once and then the places each replaces in the whole
    case, counted off the window's thread, for the terms as last typed."""
    import threading

    from casefile.brief import redact
    from casefile.brief.model import CaseContent

    on_window_thread: list[bool] = []
    places = redact.Redactor.places

    def spy(self: Any, records: Any) -> Any:
        on_window_thread.append(threading.current_thread() is threading.main_thread())
        return places(self, records)

    monkeypatch.setattr(redact.Redactor, "places", spy)
    with open_case(sample_file) as case:
        dialog = _dialog(qtbot, case, tmp_path)
        for typed in ("Do", "Dove", "Dovecote\nPetrović"):  # key presses faster than a count
            dialog.proof.terms.setPlainText(typed)
        assert "counting…" in dialog.proof.preview.text()
        qtbot.waitUntil(lambda: "counting" not in dialog.proof.preview.text(), timeout=30_000)
        content = CaseContent.read(case.info(), case.store)
        redactor = redact.plan(content, ("Dovecote", "Petrović"))
        assert redactor is not None
        whole = redact.apply(redactor, content)
        expected = dict(redactor.count([whole.info, *whole.entities, *whole.relationships,
                                        *whole.sources, *whole.snippets, *whole.claims,
                                        *whole.sections]))  # fmt: skip
        assert expected["term 2"] > 1
        preview = dialog.proof.preview.text()
        assert f"[redacted: term 1] for “Dovecote” — {expected['term 1']:,} place(s)" in preview
        assert f"[redacted: term 2] for “Petrović” — {expected['term 2']:,} place(s)" in preview
        assert "“Dove”" not in preview
        assert on_window_thread and not any(on_window_thread)
        dialog.reject()


def test_closing_the_dialog_while_counting_leaves_nothing_running(
    qtbot: Any, tmp_path: Path, sample_file: Path
) -> None:
    """Closing the brief dialog in the middle of a redaction count ends it quietly."""
    from casefile.gui.common import background

    with open_case(sample_file) as case:
        dialog = _dialog(qtbot, case, tmp_path)
        dialog.proof.terms.setPlainText("Dovecote")
        dialog.proof._count()  # the count starts now instead of after the pause
        dialog.reject()
        qtbot.waitUntil(lambda: not background._RUNNING, timeout=30_000)
        assert "counting…" in dialog.proof.preview.text()


def test_people_to_redact_are_listed_found_and_ticked(
    qtbot: Any, qtmodeltester: Any, tmp_path: Path, sample_file: Path
) -> None:
    """Every person and organisation is listed by name (read in the background), typing
    narrows the list, and a ticked one stays ticked when the filter changes."""
    with open_case(sample_file) as case:
        dialog = _dialog(qtbot, case, tmp_path)
        model = dialog.proof.people_model
        qtbot.waitUntil(lambda: model.rowCount() > 0, timeout=30_000)
        qtmodeltester.check(model)
        names = [model.index(r, 0).data() for r in range(model.rowCount())]
        assert names == sorted(names, key=str.casefold) and "Anja Petrović" in names
        assert len(names) == case.count("entity")
        _tick(qtbot, dialog, "Anja Petrović")
        shown = dialog.proof.people.model()
        assert shown.rowCount() < len(names)
        dialog.proof.people_filter.clear()
        assert shown.rowCount() == len(names)
        ticked = [shown.index(r, 0).data() for r in range(shown.rowCount())
                  if shown.index(r, 0).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked]  # fmt: skip
        assert ticked == ["Anja Petrović"]
        assert dialog.proof.redactions()[0].startswith("entity:")
        dialog.reject()
