"""Claims: create, status and likelihood with meanings, evidence by stance, link and unlink."""

from __future__ import annotations

from pathlib import Path

from gui_helpers import close, make_window
from PySide6.QtWidgets import QDialog, QPushButton

from casefile.core.model import EvidenceLink
from casefile.gui.common.dialogs import PickerDialog
from casefile.gui.records import claim_editor


def _button(editor, text: str) -> QPushButton:
    return next(b for b in editor.findChildren(QPushButton) if b.text() == text)


def _claims(qtbot, tmp_path: Path):
    window = make_window(qtbot, tmp_path)
    assert window.open_sample()
    window.show_part(4)
    return window, window.register("claim")


def test_claim_create_status_likelihood_undo(qtbot, tmp_path: Path) -> None:
    """A new claim gets a status and an ICD 203 likelihood from lists that show meanings."""
    window, view = _claims(qtbot, tmp_path)
    ident = view.create_record()
    editor = view.editor
    likelihood = editor.fields["likelihood"].widget
    assert likelihood.itemText(likelihood.findData("likely")) == "likely (55–80%)"
    likelihood.setCurrentIndex(likelihood.findData("likely"))
    likelihood.activated.emit(likelihood.currentIndex())
    status = editor.fields["status"].widget
    status.setCurrentIndex(status.findData("disputed"))
    status.activated.emit(status.currentIndex())
    claim = window.case.get("claim", ident)
    assert (claim.likelihood, claim.status) == ("likely", "disputed")
    row = view.model.row_of(ident)
    assert view.model.index(row, 1).data() == "disputed"
    window.undo_action.trigger()
    assert window.case.get("claim", ident).status == "unverified"
    window.redo_action.trigger()
    assert window.case.get("claim", ident).status == "disputed"
    close(window)


def test_link_restance_and_remove_evidence(qtbot, tmp_path: Path, monkeypatch) -> None:
    """Evidence is linked with a stance and note, grouped by stance, changed and removed."""
    window, view = _claims(qtbot, tmp_path)
    ident = view.create_record()
    snippet = window.case.store.ids("snippet")[0]
    quote = window.case.get("snippet", snippet).text

    def choose(dialog: PickerDialog) -> int:
        dialog.filter.setText(quote[:20])
        dialog.list.item(0).setSelected(True)
        extra = dialog.findChild(claim_editor.LinkOptions)
        extra.stance.setCurrentIndex(extra.stance.findData("refutes"))
        extra.note.setText("contradicts the manifest")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(PickerDialog, "exec", choose)
    _button(view.editor, "Lin&k evidence…").click()
    claim = window.case.get("claim", ident)
    assert claim.evidence == (EvidenceLink(snippet, "refutes", "contradicts the manifest"),)
    tree = view.editor.evidence
    groups = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]
    assert groups == ["Supporting (0)", "Refuting (1)", "Context (0)"]
    assert view.model.index(view.model.row_of(ident), 4).data() == "1"
    tree.setCurrentItem(tree.topLevelItem(1).child(0))

    def restance(dialog: QDialog) -> int:
        options = dialog.findChild(claim_editor.LinkOptions)
        options.stance.setCurrentIndex(options.stance.findData("supports"))
        options.note.setText("")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QDialog, "exec", restance)
    _button(view.editor, "Stance and note…").click()
    assert window.case.get("claim", ident).evidence == (EvidenceLink(snippet, "supports", None),)
    assert view.model.index(view.model.row_of(ident), 3).data() == "1"
    tree.setCurrentItem(tree.topLevelItem(0).child(0))
    _button(view.editor, "Remove link").click()
    assert window.case.get("claim", ident).evidence == ()
    window.undo_action.trigger()
    assert len(window.case.get("claim", ident).evidence) == 1
    tree.itemActivated.emit(tree.topLevelItem(0).child(0), 0)
    assert window.current_register().kind == "snippet"
    assert window.current_register().current_id() == snippet
    close(window)


def test_subjects_added_and_removed(qtbot, tmp_path: Path, monkeypatch) -> None:
    """Subjects are chosen from the people and organisations and can be removed."""
    window, view = _claims(qtbot, tmp_path)
    ident = view.create_record()
    entity = window.case.store.ids("entity")[0]

    def choose(dialog: PickerDialog) -> int:
        dialog.filter.setText(window.case.get("entity", entity).name)
        dialog.list.item(0).setSelected(True)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(PickerDialog, "exec", choose)
    _button(view.editor, "Add su&bject…").click()
    assert window.case.get("claim", ident).subjects == (entity,)
    view.editor.subjects.setCurrentRow(0)
    view.editor._remove_subjects()
    assert window.case.get("claim", ident).subjects == ()
    close(window)
