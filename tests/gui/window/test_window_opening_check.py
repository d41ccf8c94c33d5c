"""A reopened case is usable at once while its clean-close check runs in the background."""

from __future__ import annotations

import hashlib
import os
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from gui_helpers import close, make_window
from PySide6.QtCore import QTimer

from casefile.core.commands import Create, Edit
from casefile.core.model import Entity
from casefile.gui.window import backups, opening_check
from casefile.storage import create_case, trust
from casefile.storage.engine import sqlite3


def _bytes(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def closed_case(tmp_path: Path) -> Path:
    path = tmp_path / "harbour.casefile"
    with create_case(path, "Harbour") as case:
        for number in range(30):
            case.execute(Create(Entity(f"e{number}", f"Alpha Person {number}")))
    assert trust.unchanged_since_clean_close(path)
    return path


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """The digest comparison waits until the returned event is set (or it is cancelled)."""
    release = threading.Event()
    real = trust.PendingDigest.matches

    def slow(self: trust.PendingDigest, cancelled: Callable[[], bool] | None = None) -> bool:
        deadline = time.monotonic() + 10  # a test that never releases fails, not hangs
        while not release.wait(0.01) and time.monotonic() < deadline:
            if cancelled is not None and cancelled():
                raise trust.DigestCancelled
        return real(self, cancelled)

    monkeypatch.setattr(trust.PendingDigest, "matches", slow)
    return release


def _window(qtbot: Any, tmp_path: Path, checks: bool = True) -> tuple[Any, list[str]]:
    window = make_window(qtbot, tmp_path / ("deferred" if checks else "usual"))
    backups.install(window)
    if checks:
        opening_check.install(window)
    errors: list[str] = []
    window.show_error = errors.append
    return window, errors


def test_the_window_is_interactive_while_the_check_runs(
    qtbot: Any, tmp_path: Path, closed_case: Path, held: threading.Event
) -> None:
    """The case shows and the event loop turns while the digest is compared; search follows."""
    window, errors = _window(qtbot, tmp_path)
    before = _bytes(closed_case)
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(10)
    try:
        assert window.open_path(closed_case)
        assert window.case.check_pending
        window.show_part(1)
        qtbot.wait(200)
        assert window.register("entity").model.rowCount() == 30
        assert len(ticks) >= 5, "the event loop did not turn while the check ran"
        window.search_field.setText("alpha")
        window.search_panel.run()
        assert not window.search_panel.isVisible()  # the index waits for the check
        assert window.case.check_pending and _bytes(closed_case) == before
        held.set()
        qtbot.waitUntil(lambda: not window.case.check_pending, timeout=5000)
        qtbot.waitUntil(window.search_panel.isVisible, timeout=5000)
        assert window.search_panel.model.rowCount() > 0
        assert errors == []
    finally:
        timer.stop()
        held.set()
        close(window)


def test_a_change_made_during_the_check_waits_for_it_then_is_saved(
    qtbot: Any, tmp_path: Path, closed_case: Path, held: threading.Event
) -> None:
    """An edit made before the check has passed waits (nothing written meanwhile), then saves."""
    window, errors = _window(qtbot, tmp_path)
    before = _bytes(closed_case)
    at_release: list[str] = []

    def release() -> None:
        at_release.append(_bytes(closed_case))
        held.set()

    try:
        assert window.open_path(closed_case)
        QTimer.singleShot(300, release)
        change = window.push(Edit("entity", "e1", {"notes": "checked"}))
        assert change is not None
        assert at_release == [before], "the case was written before the check had passed"
        assert window.case.get("entity", "e1").notes == "checked"
        assert not window.case.check_pending
        assert errors == []
    finally:
        held.set()
        close(window)


def _flip_keeping_stat(path: Path, name: str, marker: bytes) -> None:
    """One byte of ``marker`` changed in the root page of table or index ``name``, size,
    times and inode kept."""
    conn = sqlite3.connect(path)
    size = int(conn.execute("PRAGMA page_size").fetchone()[0])
    sql = "SELECT rootpage FROM sqlite_master WHERE name = ?"
    root = int(conn.execute(sql, (name,)).fetchone()[0])
    conn.close()
    before = path.stat()
    with path.open("r+b") as handle:
        handle.seek((root - 1) * size)
        page = handle.read(size)
        handle.seek((root - 1) * size + page.index(marker) + len(marker) - 1)
        handle.write(b"9")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


@pytest.mark.parametrize(
    ("name", "marker"),
    [("entities", b"Alpha Person 17"), ("sqlite_autoindex_entities_1", b"e17")],
    ids=["a name changed", "an index damaged"],
)
def test_a_file_altered_after_its_clean_close_gets_the_same_handling_as_before(
    qtbot: Any, tmp_path: Path, closed_case: Path, name: str, marker: bytes
) -> None:
    """Altered behind casefile's back (times kept): caught, and the user gets what an opening
    that compared the digest first gives (the case with a rebuilt index, or a refusal)."""
    twin = tmp_path / "twin" / closed_case.name
    twin.parent.mkdir()
    shutil.copy2(closed_case, twin)
    trust.remember(twin)
    for path in (closed_case, twin):
        _flip_keeping_stat(path, name, marker)
        assert not trust.unchanged_since_clean_close(path)
    usual, usual_errors = _window(qtbot, tmp_path, checks=False)
    deferred, errors = _window(qtbot, tmp_path)
    try:
        usual_opened = usual.open_path(twin)
        assert deferred.open_path(closed_case)  # shows the case, then the check fails
        qtbot.waitUntil(lambda: deferred.opening_checks.op is None, timeout=5000)
        qtbot.wait(50)
        assert (deferred.case is not None) == usual_opened
        assert errors == usual_errors
        if usual_opened:
            assert not deferred.case.check_pending
            assert deferred.case.get("entity", "e17").name == "Alpha Person 19"
            assert usual.case.get("entity", "e17").name == "Alpha Person 19"
        else:
            assert "damaged" in errors[0]
    finally:
        close(usual)
        close(deferred)


def test_closing_the_case_during_the_check_leaves_it_vouched_for(
    qtbot: Any, tmp_path: Path, closed_case: Path, held: threading.Event
) -> None:
    """Closing before the check ends cancels it: the file is untouched and still vouched for."""
    window, errors = _window(qtbot, tmp_path)
    before = _bytes(closed_case)
    assert window.open_path(closed_case)
    qtbot.wait(50)
    window.close_case()
    assert window.case is None
    assert _bytes(closed_case) == before
    assert trust.unchanged_since_clean_close(closed_case)
    assert errors == []


def test_a_change_made_while_an_altered_file_is_checked_is_not_saved(
    qtbot: Any, tmp_path: Path, closed_case: Path, held: threading.Event
) -> None:
    """An edit waiting for the check of an altered file is dropped, the file not written."""
    _flip_keeping_stat(closed_case, "sqlite_autoindex_entities_1", b"e17")
    altered = _bytes(closed_case)
    window, errors = _window(qtbot, tmp_path)
    try:
        assert window.open_path(closed_case)
        QTimer.singleShot(300, held.set)
        assert window.push(Edit("entity", "e1", {"notes": "checked"})) is None
        qtbot.waitUntil(lambda: window.case is None, timeout=5000)  # refused the usual way
        assert _bytes(closed_case) == altered
        assert len(errors) == 1 and "damaged" in errors[0]
    finally:
        held.set()
        close(window)
