"""Encrypted cases in the window: passphrase asked on opening, New case choice, Lock."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gui_helpers import close, make_window, settle
from PySide6.QtWidgets import QFileDialog, QLineEdit

from casefile.core import commands
from casefile.core.model import Entity
from casefile.gui.window import crypt
from casefile.storage import create_case, open_case

PASS = "harbour lights"


class Typist:
    """Answers passphrase dialogs from a list and remembers what it was shown."""

    def __init__(self, *answers: list[str] | None) -> None:
        self.answers = list(answers)
        self.shown: list[str] = []

    def __call__(self, parent: Any, title: str, text: str, labels: list[str]) -> list[str] | None:
        self.shown.append(text)
        return self.answers.pop(0)


def _window(qtbot: Any, tmp_path: Path, typist: Typist) -> Any:
    window = make_window(qtbot, tmp_path)
    crypt.install(window)
    window.ask_passphrase = typist
    return window


def _sealed(tmp_path: Path) -> Path:
    path = tmp_path / "sealed.casefile"
    with create_case(path, "Sealed inquiry", passphrase=PASS) as case:
        case.execute(commands.Create(Entity("e1", "Anja")))
    return path


def test_opening_an_encrypted_case_asks_for_its_passphrase_until_right(
    qtbot: Any, tmp_path: Path
) -> None:
    """A wrong passphrase is said so and asked again; the right one opens the case."""
    typist = Typist(["not it"], [PASS])
    window = _window(qtbot, tmp_path, typist)
    assert window.open_path(_sealed(tmp_path))
    assert window.case is not None and window.case.encrypted
    assert "is an encrypted case" in typist.shown[0]
    assert "passphrase is wrong" in typist.shown[1]
    settings = Path(window.settings.fileName()).read_text(encoding="utf-8")
    assert PASS not in settings and "not it" not in settings
    close(window)


def test_cancelling_the_passphrase_leaves_the_start_page(qtbot: Any, tmp_path: Path) -> None:
    """Cancel opens nothing and shows no error."""
    window = _window(qtbot, tmp_path, Typist(None))
    assert not window.open_path(_sealed(tmp_path))
    assert window.case is None and window.stack.currentWidget() is window.start_page


def test_new_case_can_be_encrypted(qtbot: Any, tmp_path: Path, monkeypatch: Any) -> None:
    """New case… with the encryption choice makes a case only the passphrase opens."""
    target = tmp_path / "Inquiry 9"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), ""))
    typist = Typist(["one", "two"], [PASS, PASS])
    window = _window(qtbot, tmp_path, typist)
    window.new_case_choice = lambda win, name: (True, crypt.new_passphrase(win, "New", name))
    window.start_page.new_button.click()
    assert window.case is not None and window.case.encrypted
    assert "differed" in typist.shown[1]
    close(window)
    assert not (tmp_path / "Inquiry 9.casefile").read_bytes().startswith(b"SQLite")
    with open_case(tmp_path / "Inquiry 9.casefile", passphrase=PASS) as case:
        assert case.name == "Inquiry 9"


def test_lock_closes_the_case_keeps_every_edit_and_asks_again(qtbot: Any, tmp_path: Path) -> None:
    """Lock case closes the case (and the key), then the passphrase opens it again."""
    typist = Typist([PASS], [PASS])
    window = _window(qtbot, tmp_path, typist)
    path = _sealed(tmp_path)
    assert window.open_path(path)
    window.push(commands.Create(Entity("e2", "Written just before locking")))
    opened = []
    window.case_opened.connect(opened.append)
    window.case_lock.lock()
    settle()
    assert "is locked" in typist.shown[-1]
    assert opened and window.case is opened[0]
    assert window.case.get("entity", "e2") is not None
    close(window)


def test_idle_lock_locks_an_encrypted_case_after_the_set_minutes(
    qtbot: Any, tmp_path: Path
) -> None:
    """With an idle lock set, the timer runs for an encrypted case and locking asks again."""
    typist = Typist([PASS], None)
    window = _window(qtbot, tmp_path, typist)
    window.settings.setValue(crypt.IDLE_SETTING, 5)
    assert window.open_path(_sealed(tmp_path))
    assert window.case_lock.timer.isActive()
    assert window.case_lock.timer.interval() == 5 * 60_000
    window.case_lock.timer.timeout.emit()  # the minutes have passed
    settle()
    assert window.case is None and "is locked" in typist.shown[-1]


def test_the_passphrase_dialog_never_shows_what_is_typed(qtbot: Any) -> None:
    """Every field of the passphrase dialog is a password field."""
    dialog = crypt.PassphraseDialog(None, "Encrypted case", "x <b>y</b>", ["A:", "B:"])
    qtbot.addWidget(dialog)
    assert [f.echoMode() for f in dialog.fields] == [QLineEdit.EchoMode.Password] * 2
    dialog.fields[0].setText(PASS)
    assert dialog.values()[0] == PASS


def test_the_brief_dialog_says_the_pdf_of_an_encrypted_case_is_plain(
    qtbot: Any, tmp_path: Path
) -> None:
    """Exporting a brief from an encrypted case says the PDF will not be encrypted."""
    from PySide6.QtCore import QSettings

    from casefile.gui.brief.dialog import BriefDialog

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    with open_case(_sealed(tmp_path), passphrase=PASS) as case:
        dialog = BriefDialog(case, settings, opener=lambda _p: None)
        qtbot.addWidget(dialog)
        assert "the PDF brief is not (nor a Word or Markdown one)" in dialog.plain_note.text()
        dialog.close()


def test_restoring_a_backup_of_an_encrypted_case_asks_for_its_passphrase(
    qtbot: Any, tmp_path: Path
) -> None:
    """File ▸ Restore from backup… on an encrypted case asks the passphrase, then restores."""
    from casefile.gui.window import backups as backup_hooks
    from casefile.storage import backups

    typist = Typist([PASS], ["wrong"], [PASS], [PASS])
    window = _window(qtbot, tmp_path, typist)
    backup_hooks.install(window)
    path = _sealed(tmp_path)
    assert window.open_path(path)
    backups.make_backup(window.case)
    window.push(commands.Create(Entity("later", "Added after the backup")))
    window.backups.choose = lambda parent, found: found[-1]
    window.backups.ask = lambda parent, title, text: True
    action = next(a for a in window.menus["file"].actions() if "Restore from" in a.text())
    action.trigger()
    settle()
    assert "passphrase is wrong" in typist.shown[2]
    assert window.case is not None and window.case.get("entity", "later") is None
    close(window)
