"""File → Import FollowTheMoney: read the file, preview the counts, import as one step."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from casefile.core.errors import CaseError
from casefile.gui.common import dialogs

FILTER = "FollowTheMoney JSON lines (*.ftm.json *.json *.jsonl *.ijson);;All files (*)"


def read_plan(window: Any, path: Path) -> tuple[Any, str] | None:
    """Read an FtM file off the GUI thread; return the plan and its preview text."""
    from casefile.core.model import Entity
    from casefile.interchange.ftm_import import read_file
    from casefile.interchange.ftm_preview import preview

    case = window.case

    def work() -> tuple[Any, str]:
        def exists(ident: str) -> bool:
            return case.get("entity", ident) is not None

        plan = read_file(path, exists)
        with case.lock:
            existing = [e for e in case.store.all("entity") if isinstance(e, Entity)]
        return plan, preview(plan, existing)

    try:
        return dialogs.run_with_progress(window, f"Reading {path.name}…", work)
    except (CaseError, OSError) as err:
        window.show_error(str(getattr(err, "strerror", None) or err))
        return None


class ImportPreview(QDialog):
    """The counts of what an import adds, likely duplicates, and Import / Cancel."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import FollowTheMoney")
        layout = QVBoxLayout(self)
        intro = QLabel(
            "These people, organisations and relationships will be added (or updated where "
            "the ids are already in the case), in one step you can undo. Nothing is merged: "
            "likely duplicates appear under Analysis → Duplicates."
        )
        intro.setTextFormat(intro.textFormat().PlainText)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.details = QPlainTextEdit(text)
        self.details.setReadOnly(True)
        self.details.setAccessibleName("Import preview")
        layout.addWidget(self.details)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Import")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(640, 420)


def import_file(window: Any, path: Path, confirm: Any = None) -> Any:
    """Preview ``path`` and, when confirmed, import it as one undoable step."""
    from casefile.interchange.ftm_import import command

    found = read_plan(window, path)
    if found is None:
        return None
    plan, text = found
    dialog = ImportPreview(text, window)
    window.ftm_preview = dialog
    accepted = confirm(dialog) if confirm is not None else dialog.exec()
    if accepted != QDialog.DialogCode.Accepted and accepted is not True:
        return None
    return window.session.push_long(command(plan), "Importing…")


def import_action(window: Any) -> None:
    """The slot of File → Import FollowTheMoney…"""
    from casefile.interchange import ftm

    if window.case is None:
        window.show_error("Open a case first.")
        return
    try:
        ftm.model()
    except CaseError as err:
        window.show_error(str(err))
        return
    name, _ = QFileDialog.getOpenFileName(window, "Import FollowTheMoney", str(Path.home()), FILTER)
    if name:
        import_file(window, Path(name))
