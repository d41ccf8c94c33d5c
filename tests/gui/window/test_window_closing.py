"""Closing a case leaves the window live while the digest that vouches for the file is taken."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from gui_helpers import close, make_window
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QPushButton

from casefile.core.commands import Create, Edit
from casefile.core.model import Entity
from casefile.gui.window import backups, opening_check
from casefile.storage import backups as stored_backups
from casefile.storage import create_case, trust
from casefile.storage.engine import sqlite3


@pytest.fixture
def case_file(tmp_path: Path) -> Path:
    path = tmp_path / "harbour.casefile"
    with create_case(path, "Harbour") as case:
        for number in range(30):
            case.execute(Create(Entity(f"e{number}", f"Alpha Person {number}")))
    return path


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """A clean close's digest waits until the returned event is set (or it is cancelled)."""
    release = threading.Event()
    real = trust.CleanClose.vouch

    def slow(
        self: trust.CleanClose,
        cancelled: Callable[[], bool] | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> bool:
        deadline = time.monotonic() + 10  # a test that never releases fails, not hangs
        while not release.wait(0.01) and time.monotonic() < deadline:
            if cancelled is not None and cancelled():
                raise trust.DigestCancelled
        return real(self, cancelled, progress)

    monkeypatch.setattr(trust.CleanClose, "vouch", slow)
    return release


def _window(qtbot: Any, tmp_path: Path, name: str = "w") -> tuple[Any, list[str]]:
    window = make_window(qtbot, tmp_path / name)
    opening_check.install(window)  # a vouched-for case opens before its digest is compared
    backups.install(window)  # changed work is backed up on closing
    errors: list[str] = []
    window.show_error = errors.append
    return window, errors


def _notes(path: Path, ident: str) -> str | None:
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT notes FROM entities WHERE id = ?", (ident,)).fetchone()[0]
    finally:
        conn.close()


def _open_and_edit(window: Any, path: Path, qtbot: Any) -> None:
    assert window.open_path(path)
    qtbot.waitUntil(lambda: not window.case.check_pending, timeout=5000)
    assert window.push(Edit("entity", "e1", {"notes": "the last edit"})) is not None


def _opens_again_vouched_for(qtbot: Any, tmp_path: Path, path: Path) -> bool:
    """Open the case in a new window (the last edit there, no error shown); True when it
    opened vouched for, without the full check."""
    again, errors = _window(qtbot, tmp_path, "again")
    try:
        assert again.open_path(path)
        assert again.case.get("entity", "e1").notes == "the last edit"
        assert errors == []
        return again.case.opening is not None
    finally:
        close(again)


class Ticks:
    """A 10 ms timer counting its ticks: the event loop turning."""

    def __init__(self) -> None:
        self.count = 0
        self.timer = QTimer()
        self.timer.timeout.connect(self._tick)
        self.timer.start(10)

    def _tick(self) -> None:
        self.count += 1


def test_the_window_keeps_turning_while_a_closed_case_is_digested(
    qtbot: Any, tmp_path: Path, case_file: Path, held: threading.Event
) -> None:
    """Close returns at once, the edit already in the file; the digest then vouches for it."""
    window, errors = _window(qtbot, tmp_path)
    _open_and_edit(window, case_file, qtbot)
    ticks = Ticks()
    try:
        window.close_case()
        assert window.case is None and window.closings.running
        assert "Closing harbour.casefile" in window.statusBar().currentMessage()
        assert _notes(case_file, "e1") == "the last edit"  # committed before any digest
        qtbot.wait(200)
        assert ticks.count >= 5, "the event loop did not turn while the digest was taken"
        assert window.closings.running and not trust.unchanged_since_clean_close(case_file)
        assert stored_backups.list_backups(case_file) == []  # made after the digest
        held.set()
        qtbot.waitUntil(lambda: not window.closings.running, timeout=5000)
        assert trust.unchanged_since_clean_close(case_file)
        (backup,) = stored_backups.list_backups(case_file)
        assert _notes(backup.path, "e1") == "the last edit"
        assert window.open_path(case_file)
        assert window.case.opening is not None, "a vouched-for case opens without the full check"
        assert errors == []
    finally:
        ticks.timer.stop()
        held.set()
        close(window)


def test_quitting_waits_for_the_digest_and_the_case_opens_vouched_for(
    qtbot: Any, tmp_path: Path, case_file: Path, held: threading.Event
) -> None:
    """Closing the window finishes the digest (the window live): the next open is quick."""
    window, errors = _window(qtbot, tmp_path)
    _open_and_edit(window, case_file, qtbot)
    ticks = Ticks()
    QTimer.singleShot(300, held.set)
    try:
        window.close()
        assert ticks.count >= 5, "the event loop did not turn while quitting waited"
        assert not window.isVisible() and not window.closings.running
    finally:
        ticks.timer.stop()
        held.set()
    assert trust.unchanged_since_clean_close(case_file)
    assert _opens_again_vouched_for(qtbot, tmp_path, case_file), (
        "a vouched-for case opens without the full check"
    )
    assert errors == []


def test_cancelling_the_close_leaves_the_case_for_the_full_check(
    qtbot: Any, tmp_path: Path, case_file: Path, held: threading.Event
) -> None:
    """Quitting cut short with Cancel: the window closes, the edit is kept, the next open
    checks every page."""
    window, _errors = _window(qtbot, tmp_path)
    _open_and_edit(window, case_file, qtbot)
    seen: list[str] = []

    def cancel() -> None:
        waiter = window.closings.waiter
        if waiter is None or waiter.dialog is None:
            QTimer.singleShot(50, cancel)
            return
        seen.append(waiter.dialog.labelText())
        waiter.dialog.findChild(QPushButton).click()

    QTimer.singleShot(50, cancel)
    try:
        window.close()
        assert not window.isVisible() and not window.closings.running
    finally:
        held.set()
    assert seen == ["Closing the case…"]
    assert not trust.unchanged_since_clean_close(case_file)
    assert stored_backups.list_backups(case_file) == []  # not made; the case holds the edit
    assert not _opens_again_vouched_for(qtbot, tmp_path, case_file), (
        "the full check ran before the window showed it"
    )


def test_reopening_the_case_waits_for_its_digest(
    qtbot: Any, tmp_path: Path, case_file: Path, held: threading.Event
) -> None:
    """Opened again while its digest runs: the open waits for it and is then the quick one."""
    window, errors = _window(qtbot, tmp_path)
    _open_and_edit(window, case_file, qtbot)
    try:
        window.close_case()
        QTimer.singleShot(300, held.set)
        assert window.open_path(case_file)
        assert held.is_set()
        assert window.case.opening is not None, "a vouched-for case opens without the full check"
        assert errors == []
    finally:
        held.set()
        close(window)


def test_another_case_opens_and_closes_while_the_first_is_digested(
    qtbot: Any, tmp_path: Path, case_file: Path, held: threading.Event
) -> None:
    """The next case does not wait for the last one's digest, nor does closing it stop it."""
    other = tmp_path / "other.casefile"
    held.set()  # made and closed here, vouched for at once
    create_case(other, "Other").close()
    held.clear()
    window, errors = _window(qtbot, tmp_path)
    _open_and_edit(window, case_file, qtbot)
    try:
        window.close_case()
        assert window.open_path(other)
        assert window.case.path == other and window.closings.running
        window.close_case()
        assert len(window.closings.running) == 2
        held.set()
        qtbot.waitUntil(lambda: not window.closings.running, timeout=5000)
        assert trust.unchanged_since_clean_close(case_file)
        assert trust.unchanged_since_clean_close(other)
        assert errors == []
    finally:
        held.set()
        close(window)
