"""The 30-minute backup is made in the background: the window reads and edits the case meanwhile."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from gui_helpers import close, make_window
from PySide6.QtCore import QTimer

from casefile.core.commands import Create, Edit
from casefile.core.model import Entity
from casefile.gui.window.backups import install
from casefile.storage import backup_schedule, backups, create_case, migrating
from casefile.storage.engine import sqlite3


@pytest.fixture
def case_file(tmp_path: Path) -> Path:
    path = tmp_path / "harbour.casefile"
    with create_case(path, "Harbour") as case:
        for number in range(150):
            notes = f"Notes on person {number}. " * 120  # a few pages each
            case.execute(Create(Entity(f"e{number}", f"Person {number}", notes=notes)))
    return path


@pytest.fixture(autouse=True)
def slow_copy(monkeypatch: pytest.MonkeyPatch) -> None:
    """The copy takes a few seconds: two pages a step, 10 ms between the steps."""
    monkeypatch.setattr(migrating, "STEP_PAGES", 2, raising=False)
    monkeypatch.setattr(migrating, "PAUSE_S", 0.01, raising=False)


@pytest.fixture
def window(qtbot: Any, tmp_path: Path) -> Any:
    window = make_window(qtbot, tmp_path / "w")
    install(window)
    window.errors = []
    window.show_error = window.errors.append
    yield window
    if window.isVisible():
        close(window)


class Ticks:
    """A 10 ms timer counting its ticks: the event loop turning."""

    def __init__(self) -> None:
        self.count = 0
        self.timer = QTimer()
        self.timer.timeout.connect(self._tick)
        self.timer.start(10)

    def _tick(self) -> None:
        self.count += 1


def _start_backup(window: Any, case_file: Path, qtbot: Any) -> Any:
    """Open the case, edit it, let 30 minutes pass and let the timer start the backup; wait
    until the copy is under way (the event loop turning meanwhile)."""
    assert window.open_path(case_file)
    assert window.push(Edit("entity", "e1", {"notes": "edited before the backup"}))
    scheduler = window.backups.scheduler
    scheduler.last_backup_at = scheduler.clock() - backups.INTERVAL_SECONDS - 1
    ticks = Ticks()
    try:
        window.backups.tick()
        op = window.backups.op
        assert op is not None and op.worker.is_alive(), "the backup runs in the background"
        qtbot.waitUntil(lambda: ticks.count >= 10, timeout=5000)
        assert op.worker.is_alive(), "the copy is slow enough to work during it"
    finally:
        ticks.timer.stop()
    return op


def _notes(path: Path, ident: str) -> str:
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return str(conn.execute("SELECT notes FROM entities WHERE id = ?", (ident,)).fetchone()[0])
    finally:
        conn.close()


def test_the_case_can_be_read_and_edited_while_the_automatic_backup_runs(
    window: Any, case_file: Path, qtbot: Any
) -> None:
    """While the 30-minute backup is made, the window reads and edits the case at once."""
    op = _start_backup(window, case_file, qtbot)
    began = time.monotonic()
    assert window.case.get("entity", "e3") is not None
    assert window.case.search("Person")  # reads of the case take its lock, as the copy does
    assert window.push(Edit("entity", "e3", {"notes": "edited during the backup"}))
    assert time.monotonic() - began < 1.0
    assert op.worker.is_alive(), "the read and the edit did not wait for the whole copy"
    qtbot.waitUntil(lambda: window.backups.op is None, timeout=30_000)
    (made,) = backups.list_backups(case_file)
    backups.verify_backup(made.path)
    assert _notes(made.path, "e1") == "edited before the backup"
    assert window.errors == []


def test_an_edit_during_the_automatic_backup_is_backed_up_on_closing(
    window: Any, case_file: Path, qtbot: Any
) -> None:
    """An edit made while the backup is copied leaves the case to back up again on closing."""
    _start_backup(window, case_file, qtbot)
    assert window.push(Edit("entity", "e5", {"notes": "edited during the backup"}))
    qtbot.waitUntil(lambda: window.backups.op is None, timeout=30_000)
    assert len(backups.list_backups(case_file)) == 1
    assert window.backups.scheduler.dirty, "the edit may have come after the copy's last step"
    window.close_case()
    window.closings.finish()
    newest = backups.list_backups(case_file)[0]
    assert len(backups.list_backups(case_file)) == 2
    assert _notes(newest.path, "e5") == "edited during the backup"


@pytest.mark.parametrize("how", ["close the case", "quit"])
def test_closing_during_the_automatic_backup_keeps_no_part_of_it(
    window: Any, case_file: Path, qtbot: Any, how: str
) -> None:
    """Closing the case or quitting while the backup is made cancels it (no partial file
    left) and the backup on closing holds every edit."""
    op = _start_backup(window, case_file, qtbot)
    if how == "quit":
        window.close()
    else:
        window.close_case()
        assert window.backups.op is None
        window.closings.finish()
    assert not op.worker.is_alive() and op.outcome is not None and op.outcome.cancelled
    (made,) = backups.list_backups(case_file)  # the backup on closing, not the cancelled one
    assert _notes(made.path, "e1") == "edited before the backup"
    assert [p.name for p in backups.folder_for(case_file).glob("*.part")] == []
    assert window.errors == []


def test_a_failed_automatic_backup_is_reported_and_tried_again(
    window: Any, case_file: Path, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A backup that cannot be written says so in the status bar; the work stays to back up."""

    def full(*args: Any, **kwargs: Any) -> backups.Backup:
        raise backups.BackupError("The backup could not be written: the disk is full.")

    monkeypatch.setattr(backup_schedule, "make_backup", full, raising=False)
    assert window.open_path(case_file)
    assert window.push(Edit("entity", "e1", {"notes": "edited"}))
    scheduler = window.backups.scheduler
    scheduler.last_backup_at = scheduler.clock() - backups.INTERVAL_SECONDS - 1
    window.backups.tick()
    qtbot.waitUntil(lambda: getattr(window.backups, "op", None) is None, timeout=5000)
    assert "disk is full" in window.statusBar().currentMessage()
    assert scheduler.dirty and scheduler.due(), "the next tick tries again"
    assert backups.list_backups(case_file) == []
    assert window.errors == []
