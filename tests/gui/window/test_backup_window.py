"""Backups in the window: automatic backups, File ▸ Restore from backup…, recovery offers."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from gui_helpers import close, make_window, settle

from casefile.core.commands import Create
from casefile.core.model import Entity, Original, Source
from casefile.gui.window.backups import install
from casefile.storage import backups, create_case
from casefile.storage.engine import sqlite3


@pytest.fixture
def window(qtbot: Any, tmp_path: Path) -> Any:
    window = make_window(qtbot, tmp_path)
    install(window)
    yield window
    close(window)


@pytest.fixture
def case_file(tmp_path: Path) -> Path:
    path = tmp_path / "work.casefile"
    with create_case(path, "Work") as case:
        case.execute(Create(Entity("e1", "First person")))
    return path


class Clock:
    now = 0.0

    def __call__(self) -> float:
        return self.now


def test_changed_work_is_backed_up_on_a_timer_and_on_close(
    window: Any, case_file: Path, qtbot: Any
) -> None:
    """Editing for 30 minutes writes a backup; closing the case writes the last one."""
    assert window.open_path(case_file)
    scheduler = window.backups.scheduler
    clock = Clock()
    scheduler.clock = clock
    scheduler.last_backup_at = 0.0
    window.case.execute(Create(Entity("e2", "Second person")))
    clock.now = backups.INTERVAL_SECONDS + 1
    window.backups.tick()
    qtbot.waitUntil(lambda: window.backups.op is None, timeout=5000)  # made in the background
    assert len(backups.list_backups(case_file)) == 1
    assert "backed up" in window.statusBar().currentMessage()
    window.case.execute(Create(Entity("e3", "Third person")))
    window.close_case()
    window.closings.finish()  # the backup on closing is made in the background
    found = backups.list_backups(case_file)
    assert len(found) == 2
    conn = backups.connection.connect(found[0].path, read_only=True)
    try:
        assert conn.execute("SELECT count(*) FROM entities").fetchone()[0] == 3
    finally:
        conn.close()
    assert window.backups.scheduler is None


def test_restore_from_backup_menu_puts_an_older_state_back(window: Any, case_file: Path) -> None:
    """File ▸ Restore from backup… replaces the open case with the chosen backup."""
    assert window.open_path(case_file)
    backups.make_backup(window.case)
    window.case.execute(Create(Entity("later", "Added after the backup")))
    asked: list[str] = []
    window.backups.choose = lambda parent, found: found[-1]
    window.backups.ask = lambda parent, title, text: asked.append(text) or True
    action = next(a for a in window.menus["file"].actions() if "Restore from" in a.text())
    action.trigger()
    settle()
    assert asked and "nothing is lost" in asked[0]
    assert window.case is not None and window.case.get("entity", "later") is None
    assert window.case.get("entity", "e1") is not None


def test_damaged_case_offers_the_newest_good_backup(
    window: Any, case_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A case that fails its integrity check on opening is restored from its newest good backup."""
    assert window.open_path(case_file)
    backups.make_backup(window.case)
    window.close_case()
    data = bytearray(case_file.read_bytes())
    data[4096 * 2 : 4096 * 4] = bytes(4096 * 2)
    case_file.write_bytes(bytes(data))
    errors: list[str] = []
    monkeypatch.setattr(window, "show_error", errors.append)
    offers: list[str] = []
    window.backups.ask = lambda parent, title, text: offers.append(text) or True
    assert window.open_path(case_file) is False
    assert errors and "damaged" in errors[0]
    assert offers and "newest backup" in offers[0]
    assert window.case is not None and window.case.get("entity", "e1") is not None
    kept = [p.name for p in backups.folder_for(case_file).iterdir() if ".old" in p.name]
    assert kept, "the damaged file is kept"


def test_no_offer_when_the_case_is_only_open_elsewhere(
    window: Any, case_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A case open in another window is not 'damaged': no restore is offered."""
    from casefile.storage import open_case

    with open_case(case_file) as other:
        backups.make_backup(other)
        monkeypatch.setattr(window, "show_error", lambda message: None)
        offers: list[str] = []
        window.backups.ask = lambda parent, title, text: offers.append(text) or True
        assert window.open_path(case_file) is False
    assert offers == []


def test_altered_originals_are_flagged_on_opening(
    window: Any, tmp_path: Path, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Evidence bytes changed after capture are named, per source, when the case opens."""
    data = b"original evidence"
    sha = hashlib.sha256(data).hexdigest()
    path = tmp_path / "evidence.casefile"
    with create_case(path, "Evidence") as case:
        source = Source("s1", "<b>Memo</b>", "file", sha256=sha, size=len(data))
        case.execute(Create(source, [Original(sha, "text/plain", data)]))
    conn = sqlite3.connect(path)
    conn.execute("UPDATE originals SET data = ?", (b"forged evidence!!",))
    conn.commit()
    conn.close()
    errors: list[str] = []
    monkeypatch.setattr(window, "show_error", errors.append)
    assert window.open_path(path)
    qtbot.waitUntil(lambda: bool(errors), timeout=3000)
    assert "<b>Memo</b>" in errors[0] and "altered" in errors[0]
