"""Remembering an encrypted case's passphrase in the system keyring, when the user asks.

The passphrase dialog for opening an encrypted case has a "Remember in the system keyring"
box, off by default; the passphrase is stored (storage.remembered, under the case's id so
renaming keeps it) only when the box is ticked and the passphrase opened the case. Without
the ``keyring`` package the box is disabled and a line says how to enable it. File ›
Forget remembered passphrase removes it again.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from casefile.gui.common import dialogs
from casefile.gui.common.text import plain_label
from casefile.storage import remembered

REMEMBER = "Remember in the system keyring"


class OpenPassphraseDialog(QDialog):
    """The passphrase of an encrypted case (never echoed) and whether to remember it."""

    def __init__(self, parent: QWidget | None, text: str) -> None:
        super().__init__(parent)
        self.setWindowTitle("Encrypted case")
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(text))
        form = QFormLayout()
        self.field = QLineEdit(self)
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow("Passphrase:", self.field)
        layout.addLayout(form)
        self.remember = QCheckBox(REMEMBER, self)
        self.remember.setChecked(False)
        self.remember.setEnabled(remembered.available())
        layout.addWidget(self.remember)
        self.how: QWidget | None = None
        if not remembered.available():
            self.how = plain_label(remembered.ENABLE_KEYRING)
            layout.addWidget(self.how)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


def ask_to_open_dialog(parent: QWidget, text: str) -> tuple[str, bool] | None:
    """Ask for the passphrase that opens a case: (passphrase, remember it?) or None."""
    dialog = OpenPassphraseDialog(parent, text)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.field.text(), dialog.remember.isEnabled() and dialog.remember.isChecked()
    finally:
        dialog.field.clear()
        dialog.deleteLater()


def keep(window: Any, path: Path, passphrase: str) -> None:
    """Store the passphrase that just opened ``path`` (the user ticked the box)."""
    problem = remembered.remember(path, passphrase)
    if problem is not None:
        window.show_error(problem)


def forget(window: Any) -> None:
    """File › Forget remembered passphrase, for the open case."""
    case = window.case
    if case is None or not case.encrypted:
        window.show_error("Only an encrypted case has a passphrase to forget; none is open.")
        return
    name = Path(case.path).name
    if remembered.forget(Path(case.path)):
        text = f"The passphrase of {name} was removed from the system keyring."
    else:
        text = f"No passphrase of {name} is remembered in the system keyring."
    dialogs.message_box(window, "Forget remembered passphrase", text).exec()


def install(window: Any) -> None:
    """The dialog hook and the File menu item."""
    window.ask_to_open = ask_to_open_dialog
    window.add_action("file", "&Forget remembered passphrase", lambda: forget(window))
