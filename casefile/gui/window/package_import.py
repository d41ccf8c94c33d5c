"""File → Import case package: read it, preview what changes, then import as one step.

The preview is the same as ``casefile import --dry-run``: what would be added, updated
(field by field) and unchanged, and what conflicts with evidence already in the case. A
package with conflicts cannot be imported as it is; "Import as new" brings the conflicting
records in under new ids (references inside the package follow) and keeps both versions.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from casefile.core.errors import CaseError
from casefile.core.merge_report import preview_lines
from casefile.gui.common import dialogs
from casefile.gui.common.text import plain_label

FILTER = "Case packages (*.json);;All files (*)"
AS_NEW = 2  # the dialog's result for "Import as new"


class PackagePreview(QDialog):
    """What an import would change, with Import, Import as new (on conflicts) and Cancel."""

    def __init__(self, name: str, plan: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Import {name}")
        layout = QVBoxLayout(self)
        if plan.conflicts:
            intro = (
                f"{len(plan.conflicts)} record(s) of this package use the id of evidence "
                "already in the case but differ from it. Captured evidence is never "
                "rewritten, so the package cannot be imported as it is. Import as new brings "
                "those records in under new ids and keeps both versions."
            )
        else:
            intro = "Importing makes these changes in one step you can undo."
        layout.addWidget(plain_label(intro))
        self.details = QPlainTextEdit("\n".join(preview_lines(plan)))
        self.details.setReadOnly(True)
        self.details.setAccessibleName("Import preview")
        layout.addWidget(self.details)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton(
            "&Import", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setEnabled(not plan.conflicts and not plan.problems and not plan.empty)
        self.as_new_button: QPushButton | None = None
        if plan.conflicts:
            self.as_new_button = self.buttons.addButton(
                "Import as &new", QDialogButtonBox.ButtonRole.ActionRole
            )
            self.as_new_button.clicked.connect(lambda: self.done(AS_NEW))
        self.import_button.clicked.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(680, 440)


def read_package_plan(window: Any, path: Path) -> tuple[Any, Any] | None:
    """Read and plan a package off the GUI thread; (package, plan), or None after a message."""
    from casefile.storage.package import plan_import, read_package

    case = window.case

    def work() -> tuple[Any, Any]:
        package = read_package(path)
        return package, plan_import(case, package)

    try:
        return dialogs.run_with_progress(window, f"Reading {path.name}…", work)
    except CaseError as err:
        window.show_error(str(err))
        return None


def import_package_file(window: Any, path: Path, confirm: Any = None) -> Any:
    """Preview ``path``; when the user agrees, import it as one undoable step."""
    from casefile.storage.package import import_command

    found = read_package_plan(window, path)
    if found is None:
        return None
    package, plan = found
    dialog = PackagePreview(path.name, plan, window)
    window.package_preview = dialog
    answer = confirm(dialog) if confirm is not None else dialog.exec()
    if answer not in (QDialog.DialogCode.Accepted, AS_NEW):
        return None
    try:
        command, _plan = import_command(window.case, package, answer == AS_NEW, path.name)
    except CaseError as err:
        window.show_error(str(err))
        return None
    if command is None:
        return None
    return window.session.push_long(command, "Importing…")


def import_action(window: Any) -> None:
    """The slot of File → Import case package…"""
    if window.case is None:
        window.show_error("Open a case first.")
        return
    name, _ = QFileDialog.getOpenFileName(window, "Import case package", str(Path.home()), FILTER)
    if name:
        import_package_file(window, Path(name))


def install(window: Any) -> None:
    """Add File → Import ▸ Import case package… and Export ▸ Export case package (JSON)…"""
    from casefile.gui.window import package_export

    window.add_action("import", "Import case &package…", lambda: import_action(window))
    window.add_action(
        "export", "Export case &package (JSON)…", lambda: package_export.export_action(window)
    )
