"""Remember in the system keyring: off by default, only when ticked, found again after a
rename, forgotten from the File menu; disabled (saying how to enable it) without keyring."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gui_helpers import close, make_window
from PySide6.QtGui import QAction

from casefile.core import commands
from casefile.core.model import Entity
from casefile.gui.window import crypt, remember
from casefile.storage import create_case, remembered

PASS = "harbour keyring"


def _never(*_args: Any) -> None:
    raise AssertionError("the passphrase was asked although it is remembered")


def _window(qtbot: Any, tmp_path: Path, answer: tuple[str, bool] | None) -> Any:
    window = make_window(qtbot, tmp_path)
    crypt.install(window)
    asked: list[str] = []

    def ask_to_open(parent: Any, text: str) -> tuple[str, bool] | None:
        asked.append(text)
        return answer

    window.ask_to_open = ask_to_open
    window.asked = asked
    return window


def _sealed(tmp_path: Path) -> Path:
    path = tmp_path / "sealed.casefile"
    with create_case(path, "Sealed inquiry", passphrase=PASS) as case:
        case.execute(commands.Create(Entity("e1", "Anja")))
    return path


def test_the_box_is_off_by_default_and_disabled_without_keyring(
    qtbot: Any, monkeypatch: Any
) -> None:
    """The open dialog's box starts unticked; without the keyring package it is disabled
    and a line says how to enable it."""
    dialog = remember.OpenPassphraseDialog(None, "sealed.casefile is an encrypted case.")
    qtbot.addWidget(dialog)
    assert dialog.remember.text() == "Remember in the system keyring"
    assert not dialog.remember.isChecked() and dialog.remember.isEnabled()
    assert dialog.how is None
    monkeypatch.setattr(remembered, "available", lambda: False)
    without = remember.OpenPassphraseDialog(None, "sealed.casefile is an encrypted case.")
    qtbot.addWidget(without)
    assert not without.remember.isEnabled() and not without.remember.isChecked()
    assert without.how is not None and "pip install 'casefile[keyring]'" in without.how.text()


def test_ticked_it_is_remembered_and_opens_the_renamed_case_without_asking(
    qtbot: Any, tmp_path: Path, memory_keyring: dict
) -> None:
    """Ticked: stored once the passphrase opened the case; the case renamed opens next
    time with no question; the settings file never holds it."""
    path = _sealed(tmp_path)
    window = _window(qtbot, tmp_path, (PASS, True))
    assert window.open_path(path) and window.case.encrypted
    assert list(memory_keyring.values()) == [PASS]
    close(window)
    renamed = path.rename(tmp_path / "renamed.casefile")
    window.ask_to_open = _never
    assert window.open_path(renamed) and window.case.encrypted
    assert PASS not in Path(window.settings.fileName()).read_text(encoding="utf-8")
    close(window)


def test_unticked_nothing_is_stored(qtbot: Any, tmp_path: Path, memory_keyring: dict) -> None:
    """Not ticked (the default): the keyring stays empty, and a wrong passphrase is never
    stored even when ticked."""
    path = _sealed(tmp_path)
    window = _window(qtbot, tmp_path, (PASS, False))
    assert window.open_path(path)
    close(window)
    assert memory_keyring == {}
    answers = iter([("wrong one", True), None])
    window.ask_to_open = lambda _parent, _text: next(answers)
    assert not window.open_path(path)
    assert memory_keyring == {}


def test_forget_in_the_file_menu_removes_it(
    qtbot: Any, tmp_path: Path, memory_keyring: dict, monkeypatch: Any
) -> None:
    """File › Forget remembered passphrase takes it out of the keyring; the next opening
    asks again."""
    path = _sealed(tmp_path)
    window = _window(qtbot, tmp_path, (PASS, True))
    assert window.open_path(path)
    shown: list[str] = []

    class Box:
        def __init__(self, _parent: Any, _title: str, text: str) -> None:
            shown.append(text)

        def exec(self) -> int:
            return 0

    monkeypatch.setattr(remember.dialogs, "message_box", Box)
    (action,) = [a for a in window.findChildren(QAction) if "Forget remembered" in a.text()]
    action.trigger()
    assert memory_keyring == {} and "was removed" in shown[0]
    close(window)
    window.asked.clear()
    assert window.open_path(path)
    assert len(window.asked) == 1
    close(window)
