"""Encrypted cases in the window: passphrase dialogs, opening, Lock, idle lock, new passphrase.

A passphrase is typed into a password field, handed to storage and kept only by the open
connection; it is never put in QSettings, the recent-cases list, the history or a message.
Locking closes the case (everything typed is committed first, so no edit is lost), drops
the key with the connection, removes copies of originals handed to other programs, and
asks for the passphrase again.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QInputDialog,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from casefile.core.errors import CaseError
from casefile.gui.common import dialogs
from casefile.gui.common.fonts import warm_up_fonts
from casefile.gui.common.text import plain_label
from casefile.gui.records import source_original
from casefile.gui.window import remember

IDLE_SETTING = "security/idle_lock_minutes"
Ask = Callable[[QWidget, str, str, list[str]], list[str] | None]


class PassphraseDialog(QDialog):
    """A message and one or more password fields (never echoed)."""

    def __init__(self, parent: QWidget | None, title: str, text: str, labels: list[str]) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(text))
        form = QFormLayout()
        self.fields: list[QLineEdit] = []
        for label in labels:
            field = QLineEdit(self)
            field.setEchoMode(QLineEdit.EchoMode.Password)
            form.addRow(label, field)
            self.fields.append(field)
        layout.addLayout(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def values(self) -> list[str]:
        return [field.text() for field in self.fields]


def ask_dialog(parent: QWidget, title: str, text: str, labels: list[str]) -> list[str] | None:
    dialog = PassphraseDialog(parent, title, text, labels)
    try:
        return dialog.values() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        for field in dialog.fields:
            field.clear()
        dialog.deleteLater()


def _asker(window: Any) -> Ask:
    """The window's way of asking (tests hand in their own), by default the dialog."""
    asker: Ask = getattr(window, "ask_passphrase", ask_dialog)
    return asker


def new_passphrase(window: Any, title: str, text: str) -> str | None:
    """A new passphrase typed twice the same (asked again until it is, or cancelled)."""
    while True:
        answer = _asker(window)(window, title, text, ["Passphrase:", "Again:"])
        if answer is None:
            return None
        if answer[0] and answer[0] == answer[1]:
            return str(answer[0])
        text = "The two passphrases were empty or differed. " + text


def open_asking(window: Any, path: Path, key: str | None = None) -> Any:
    """Open ``path``, asking for the passphrase of an encrypted case; None when it failed
    (the error was shown) or the user cancelled. With no key given, a passphrase the user
    had remembered in the system keyring is tried first."""
    from casefile.storage import open_case, remembered
    from casefile.storage.cipher import PassphraseNeeded, WrongPassphrase

    closings = getattr(window, "closings", None)
    if closings is not None:
        closings.finish(path)  # a case closed a moment ago: its digest first (or Cancel)
    prompt = ""
    keep = False
    recalled = remembered.recall(path) if key is None else None
    key = recalled if recalled is not None else key
    while True:

        def opening(key: str | None = key) -> Any:  # a window checking cases as they open
            defer = getattr(window, "opening_checks", None) is not None  # defers the digest
            return open_case(path, passphrase=key, defer_check=defer)

        try:
            case = dialogs.run_with_progress(
                window, f"Opening {path.name}…", opening, warm_up_fonts
            )
        except (PassphraseNeeded, WrongPassphrase) as err:
            prompt = str(err) if isinstance(err, WrongPassphrase) else ""
            if recalled is not None and key == recalled:
                prompt = "The passphrase remembered in the system keyring no longer opens it."
        except CaseError as err:
            window.show_error(str(err))
            return None
        else:
            if keep and key is not None:
                remember.keep(window, path, key)
            return case
        text = (prompt + "\n\n" if prompt else "") + f"{path.name} is an encrypted case. "
        text += "Enter its passphrase to open it."
        answer = _ask_to_open(window, text)
        if answer is None:
            return None
        key, keep = answer


def _ask_to_open(window: Any, text: str) -> tuple[str, bool] | None:
    """(passphrase, remember it?) from the window's open dialog; a window whose passphrase
    asker was replaced (tests, scripts) is asked through that, never remembering."""
    opener = getattr(window, "ask_to_open", None)
    asker = _asker(window)
    if opener is None or (asker is not ask_dialog and opener is remember.ask_to_open_dialog):
        answer = asker(window, "Encrypted case", text, ["Passphrase:"])
        return None if answer is None else (answer[0], False)
    result: tuple[str, bool] | None = opener(window, text)
    return result


def with_passphrase(window: Any, name: str, action: Callable[[str | None], Any]) -> bool:
    """Run ``action`` (restore a backup…) asking for a passphrase when the file is
    encrypted; False when it failed (the error was shown) or the user cancelled."""
    from casefile.storage.cipher import PassphraseNeeded, WrongPassphrase

    key: str | None = None
    while True:
        try:
            action(key)
            return True
        except (PassphraseNeeded, WrongPassphrase) as err:
            prompt = str(err) if isinstance(err, WrongPassphrase) else ""
        except CaseError as err:
            window.show_error(str(err))
            return False
        text = (prompt + "\n\n" if prompt else "") + f"{name} is encrypted. Enter its passphrase."
        answer = _asker(window)(window, "Encrypted case", text, ["Passphrase:"])
        if answer is None:
            return False
        key = answer[0]


def choose_new_case_key(window: Any, name: str) -> tuple[bool, str | None]:
    """The New case choice: (go on?, passphrase or None for a plain case)."""
    from casefile.storage.engine import ENCRYPTION, MISSING_MESSAGE

    dialog = QDialog(window)
    dialog.setWindowTitle("New case")
    layout = QVBoxLayout(dialog)
    box = QCheckBox("Encrypt this case with a passphrase", dialog)
    layout.addWidget(box)
    note = (
        "Without the passphrase nobody can read an encrypted case — not even you: there is "
        "no way to recover a forgotten passphrase."
        if ENCRYPTION
        else f"Encryption is not available: {MISSING_MESSAGE}."
    )
    layout.addWidget(plain_label(note))
    box.setEnabled(ENCRYPTION)
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    chosen = dialog.exec() == QDialog.DialogCode.Accepted
    encrypt = box.isChecked()
    dialog.deleteLater()
    if not chosen:
        return False, None
    if not encrypt:
        return True, None
    key = new_passphrase(window, "New encrypted case", f"Choose a passphrase for {name}.")
    return key is not None, key


class CaseLock(QObject):
    """Lock now (File menu) and after the idle minutes set in the settings (0 = off)."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._idle)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        window.case_opened.connect(lambda _case: self.restart())
        self.restart()

    def minutes(self) -> int:
        try:
            return max(0, int(self.window.settings.value(IDLE_SETTING, 0)))
        except (TypeError, ValueError):
            return 0

    def restart(self) -> None:
        minutes = self.minutes()
        case = self.window.case
        if minutes and case is not None and case.encrypted:
            self.timer.start(minutes * 60_000)
        else:
            self.timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.timer.isActive() and event.type() in _ACTIVITY:
            self.timer.start()  # same interval, counted again from now
        return False

    def _idle(self) -> None:
        if QApplication.activeModalWidget() is not None:
            self.timer.start(30_000)  # a dialog is open: try again a little later
            return
        self.lock()

    def lock(self) -> None:
        case = self.window.case
        if case is None:
            return
        if not case.encrypted:
            self.window.show_error(
                "Only an encrypted case can be locked; this case is not encrypted. "
                "Use File › Encrypt a copy… to make an encrypted copy of it."
            )
            return
        path = Path(case.path)
        self.timer.stop()
        self.window.close_case()  # commits what is being typed first: no edit is lost
        text = f"{path.name} is locked. Enter its passphrase to open it again."
        answer = self.window.ask_passphrase(self.window, "Case locked", text, ["Passphrase:"])
        if answer is not None:
            reopened = open_asking(self.window, path, answer[0])
            if reopened is not None:
                self.window.install_case(reopened)

    def set_idle_minutes(self) -> None:
        minutes, ok = QInputDialog.getInt(
            self.window,
            "Idle lock",
            "Lock an encrypted case after this many minutes without use (0 = never):",
            self.minutes(),
            0,
            24 * 60,
        )
        if ok:
            self.window.settings.setValue(IDLE_SETTING, minutes)
            self.restart()


_ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
}


def change_passphrase(window: Any) -> None:
    """Ask for the current passphrase and a new one (twice); re-key the case and backups."""
    from casefile.storage import remembered
    from casefile.storage.connection import passphrase_of
    from casefile.storage.encryption import change_passphrase as rekey

    case = window.case
    if case is None or not case.encrypted:
        window.show_error("This case is not encrypted; use File › Encrypt a copy… first.")
        return
    answer = window.ask_passphrase(
        window,
        "Change passphrase",
        f"Enter the current passphrase of {Path(case.path).name}, then the new one twice.",
        ["Current passphrase:", "New passphrase:", "Again:"],
    )
    if answer is None:
        return
    if answer[0] != passphrase_of(case.conn):
        window.show_error("The current passphrase is wrong; nothing was changed.")
        return
    if not answer[1] or answer[1] != answer[2]:
        window.show_error("The new passphrases were empty or differed; nothing was changed.")
        return
    try:
        count = rekey(case, answer[1])
    except CaseError as err:
        window.show_error(str(err))
        return
    remembered.replace(Path(case.path), answer[1])  # only if it was remembered before
    dialogs.message_box(
        window, "Change passphrase", f"The passphrase was changed (and of {count} backup(s))."
    ).exec()


def encrypt_copy(window: Any) -> None:
    """Write an encrypted copy of the open plain case to a new file and offer to open it."""
    from casefile.storage.encryption import write_copy

    case = window.case
    if case is None or case.encrypted:
        window.show_error("This case is already encrypted.")
        return
    here = Path(case.path)
    suggested = here.with_name(f"{here.stem} (encrypted).casefile")
    name, _ = QFileDialog.getSaveFileName(
        window, "Encrypt a copy", str(suggested), "Case files (*.casefile)"
    )
    if not name:
        return
    target = Path(name if name.endswith(".casefile") else name + ".casefile")
    key = new_passphrase(window, "Encrypt a copy", f"Choose a passphrase for {target.name}.")
    if key is None:
        return
    try:
        write_copy(case, target, key)
    except CaseError as err:
        window.show_error(str(err))
        return
    dialogs.message_box(
        window,
        "Encrypt a copy",
        f"The encrypted copy {target.name} was written and checked. {Path(case.path).name} "
        "is unchanged and still readable by anyone: delete it when you no longer need it.",
    ).exec()


def install(window: Any) -> None:
    """Add the passphrase hooks and the File menu items for encrypted cases."""
    window.ask_passphrase = ask_dialog
    window.new_case_choice = choose_new_case_key
    window.case_lock = CaseLock(window)
    window.case_closed.connect(source_original.remove_open_copies)
    window.add_action("file", "&Lock case", window.case_lock.lock, "Ctrl+L")
    window.add_action("file", "Change &passphrase…", lambda: change_passphrase(window))
    window.add_action("file", "&Encrypt a copy…", lambda: encrypt_copy(window))
    window.add_action("file", "&Idle lock…", window.case_lock.set_idle_minutes, needs_case=False)
    remember.install(window)
